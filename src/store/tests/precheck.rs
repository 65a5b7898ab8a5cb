//! The check before sending, on the fakes: what is read again, and what is (not) sent.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::*;
use crate::rules::precheck::{Associated, StaleReason};
use crate::store::DeleteCheck;

const LIST: &str = r#"{"count": 3, "items": [
    {"id": "1", "name": "n1", "status": "ACTIVE", "server_group_id": "sg-1", "server_id": "s-1", "app_group_id": "ag-1"},
    {"id": "2", "name": "n2", "status": "ACTIVE", "server_group_id": "sg-2", "server_id": "s-2", "app_group_id": "ag-2"},
    {"id": "3", "name": "n3", "status": "ERROR", "server_group_id": "sg-3", "server_id": "s-3", "app_group_id": "ag-3"}]}"#;

/// The instance `id` as listed, with `status` and server group `group` instead.
fn read_back(id: &str, status: &str, group: &str) -> String {
    format!(
        r#"{{"count": 1, "items": [{{"id": "{id}", "name": "n{id}", "status": "{status}",
            "server_group_id": "{group}", "server_id": "s-{id}", "app_group_id": "ag-{id}"}}]}}"#
    )
}

/// A console listing [`LIST`] whose reads by id answer `by_id(id)` and whose PATCH is
/// accepted; the store with 1, 2 and 3 selected, and the log.
fn selected_three(by_id: impl Fn(&str) -> Answer + Send + Sync + 'static) -> (Store, Log, Owner) {
    let (store, log, owner) = started_store(move |line| {
        if line == "GET config.json" {
            ok(CONFIG)
        } else if line.contains("/image-servers?offset=") {
            ok(LIST)
        } else if let Some(rest) = line.split("/image-servers?server_id=").nth(1) {
            by_id(rest.split('&').next().unwrap_or_default())
        } else if line.starts_with("PATCH") {
            ok(r#"{"job_id": "job-1"}"#)
        } else {
            not_found()
        }
    });
    for (id, status) in [
        ("1", ServerStatus::Active),
        ("2", ServerStatus::Active),
        ("3", ServerStatus::Error),
    ] {
        store.toggle(id, &status).unwrap();
    }
    (store, log, owner)
}

fn ids() -> Vec<String> {
    ["1", "2", "3"].map(String::from).to_vec()
}

fn patch_lines(log: &Log) -> Vec<String> {
    log.lock()
        .unwrap()
        .iter()
        .filter(|line| line.starts_with("PATCH"))
        .cloned()
        .collect()
}

#[test]
fn every_instance_is_read_again_by_id_and_unchanged_ones_are_sent_once() {
    let (store, log, _owner) =
        selected_three(|id| ok(&read_back(id, "ACTIVE", &format!("sg-{id}"))));
    assert!(store.check_then_submit(ids(), true));
    assert!(
        !store.check_then_submit(ids(), true),
        "a second check while one runs"
    );
    run();
    for id in ["1", "2", "3"] {
        assert_eq!(
            count(
                &log,
                &format!(
                    "GET http://127.0.0.1:8080/api/v1/{PROJECT}/image-servers?server_id={id}&"
                )
            ),
            1
        );
    }
    let patches = patch_lines(&log);
    assert_eq!(patches.len(), 1);
    assert!(
        patches[0].ends_with(r#"{"items":["1","2","3"],"recursive":true}"#),
        "{}",
        patches[0]
    );
    assert_eq!(store.delete_check().get_untracked(), DeleteCheck::Sent);
    assert_eq!(store.shown_jobs().get_untracked(), ["job-1"]);
}

#[test]
fn a_stale_instance_blocks_the_send_and_continuing_sends_the_rest_once() {
    let (store, log, _owner) = selected_three(|id| match id {
        "1" => ok(&read_back("1", "BUILDING", "sg-1")),
        "2" => ok(r#"{"count": 0, "items": []}"#),
        _ => ok(&read_back(id, "ERROR", "sg-3")),
    });
    assert!(store.check_then_submit(ids(), false));
    run();
    assert!(
        patch_lines(&log).is_empty(),
        "nothing is sent while one is stale"
    );
    let DeleteCheck::Blocked {
        stale,
        remaining,
        recursive,
    } = store.delete_check().get_untracked()
    else {
        panic!("blocked: {:?}", store.delete_check().get_untracked());
    };
    let reasons: Vec<(&str, &str, &StaleReason)> = stale
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_str(), &s.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            ("1", "n1", &StaleReason::Busy(ServerStatus::Building)),
            ("2", "n2", &StaleReason::Gone)
        ]
    );
    assert_eq!((remaining, recursive), (vec!["3".to_owned()], false));

    assert!(store.continue_without_stale());
    assert!(!store.continue_without_stale(), "sent once");
    run();
    let patches = patch_lines(&log);
    assert_eq!(patches.len(), 1);
    assert!(
        patches[0].ends_with(r#"{"items":["3"],"recursive":false}"#),
        "{}",
        patches[0]
    );
}

#[test]
fn changed_associated_resources_block_only_a_recursive_delete() {
    // Instance 2's server group changed after it was selected.
    let by_id = |id: &str| {
        let group = match id {
            "2" => "sg-new".to_owned(),
            _ => format!("sg-{id}"),
        };
        ok(&read_back(id, "ACTIVE", &group))
    };
    let (store, log, _owner) = selected_three(by_id);
    store.check_then_submit(ids(), true);
    run();
    assert!(patch_lines(&log).is_empty());
    assert!(matches!(
        store.delete_check().get_untracked(),
        DeleteCheck::Blocked { stale, .. }
            if stale.len() == 1 && stale[0].reason == StaleReason::AssociatedChanged(vec![Associated::ServerGroup])
    ));
    store.cancel_delete_check();
    assert_eq!(store.delete_check().get_untracked(), DeleteCheck::Idle);

    let (store, log, _owner) = selected_three(by_id);
    store.check_then_submit(ids(), false);
    run();
    assert_eq!(
        patch_lines(&log).len(),
        1,
        "a plain delete keeps the resources"
    );
}

#[test]
fn when_nothing_would_remain_nothing_is_offered_or_sent() {
    let (store, log, _owner) = selected_three(|_| ok(r#"{"count": 0, "items": []}"#));
    store.check_then_submit(ids(), false);
    run();
    assert!(matches!(
        store.delete_check().get_untracked(),
        DeleteCheck::Blocked { remaining, .. } if remaining.is_empty()
    ));
    assert!(!store.continue_without_stale());
    run();
    assert!(patch_lines(&log).is_empty());
}

#[test]
fn a_failed_read_sends_nothing_and_checking_again_can_send() {
    let healthy = Arc::new(AtomicBool::new(false));
    let network = healthy.clone();
    let (store, log, _owner) = selected_three(move |id| {
        if network.load(Ordering::SeqCst) {
            ok(&read_back(id, "ACTIVE", &format!("sg-{id}")))
        } else {
            Err(ApiError::network("connection reset".into()))
        }
    });
    store.check_then_submit(ids(), false);
    run();
    assert!(patch_lines(&log).is_empty(), "never sent unchecked");
    assert!(
        matches!(store.delete_check().get_untracked(), DeleteCheck::Failed { error, .. } if error.message.as_deref() == Some("connection reset"))
    );

    healthy.store(true, Ordering::SeqCst);
    assert!(store.retry_delete_check());
    run();
    assert_eq!(patch_lines(&log).len(), 1);
    assert_eq!(store.delete_check().get_untracked(), DeleteCheck::Sent);
}

#[test]
fn the_selection_keeps_each_instance_as_it_was_when_selected_across_refreshes() {
    let lists = AtomicUsize::new(0);
    let (store, log, _owner) = started_store(move |line| {
        if line == "GET config.json" {
            ok(CONFIG)
        } else if line.contains("/image-servers?offset=") {
            // From the second list on, instance 2 belongs to another server group.
            match lists.fetch_add(1, Ordering::SeqCst) {
                0 => ok(LIST),
                _ => ok(&LIST.replace("sg-2", "sg-moved")),
            }
        } else if line.contains("/image-servers?server_id=2&") {
            ok(&read_back("2", "ACTIVE", "sg-moved"))
        } else {
            not_found()
        }
    });
    store.toggle("2", &ServerStatus::Active).unwrap();
    store.refresh();
    run();
    assert_eq!(
        store.selected_ids(),
        ["2"],
        "still selectable, still selected"
    );
    store.check_then_submit(vec!["2".into()], true);
    run();
    assert!(patch_lines(&log).is_empty());
    assert!(matches!(
        store.delete_check().get_untracked(),
        DeleteCheck::Blocked { stale, .. } if stale[0].reason == StaleReason::AssociatedChanged(vec![Associated::ServerGroup])
    ));
}
