//! Checks before sending: after the confirmation the console reads each selected instance
//! again by id, and sends nothing while one has become busy, is gone or (recursive) has other
//! associated resources, or while it cannot read them; it names them with the reason and can
//! send the rest in one request.

use fantoccini::Locator;
use serde_json::{json, Value};

use super::seeded_console;
use crate::support::axe::assert_accessible;
use crate::support::console::delete_check::{CONTINUE, CONTINUE_CONFIRM};
use crate::support::console::seed::{id, name, plain_active_targets};
use crate::support::console::{with_console, Console, DIALOG_DELETE, UI_TIMEOUT};
use crate::support::page::js;
use crate::support::server::sim::{
    change_instance, last_seq, patches, remove_instance, set_faults, since, wait_for_requests,
};
use crate::support::server::TestServer;

/// `n` plain ACTIVE instances of the seed, and the console's server.
async fn console_with_targets(n: usize) -> (TestServer, usize, Vec<Value>) {
    let (server, instances) = seeded_console(&["--job-duration-ms", "1500"]).await;
    let targets = plain_active_targets(&instances, n);
    (server, instances.len(), targets)
}

/// Every target was read again by its exact id after `seq`.
async fn assert_read_again(server: &TestServer, seq: u64, targets: &[Value]) {
    let reads = since(server, seq, "list").await;
    for target in targets {
        let by_id = format!("server_id={}", id(target));
        assert!(
            reads
                .iter()
                .any(|r| r["query"].as_str().unwrap_or_default().contains(&by_id)),
            "{} read again by id: {reads:?}",
            id(target)
        );
    }
}

#[tokio::test]
async fn an_instance_now_building_blocks_the_delete_and_the_rest_go_in_one_request() {
    let (server, total, targets) = console_with_targets(3).await;
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        for target in &targets {
            console.select(&name(target)).await;
        }
        console.open_delete_dialog().await;
        let building = &targets[1];
        change_instance(&server, &id(building), &json!({"status": "BUILDING"})).await;
        let seq = last_seq(&server).await;
        console.confirm_delete().await;

        let notice = console.wait_blocked().await;
        assert!(notice.contains("Nothing was sent"), "{notice}");
        let line = console.stale_line(&id(building)).await;
        assert!(line.contains(&name(building)), "{line}");
        assert!(line.contains("BUILDING"), "the reason: {line}");
        assert_eq!(notice.matches("BUILDING").count(), 1, "only it: {notice}");
        assert_read_again(&server, seq, &targets).await;
        assert!(patches(&server).await.is_empty(), "nothing sent");
        let focus_kept = js(
            &console,
            "return !!document.activeElement.closest('dialog[open]');",
            vec![],
        )
        .await;
        assert_eq!(focus_kept, json!(true), "focus stays in the dialog");
        assert_accessible(&console, "a delete blocked by a stale instance").await;

        console.press_button(Locator::Css(CONTINUE)).await;
        let question = console
            .element(Locator::Css("dialog[open] .continue-question"))
            .await;
        assert!(question.text().await.unwrap().contains("other 2"));
        assert!(
            patches(&server).await.is_empty(),
            "continuing needs one more confirmation"
        );
        console.press_button(Locator::Css(CONTINUE_CONFIRM)).await;
        console.wait_job_card(UI_TIMEOUT).await;
        let sent = wait_for_requests(&server, seq, "delete", 1, |_| true).await;
        let rest: Vec<String> = [&targets[0], &targets[2]].map(id).to_vec();
        assert_eq!(sent[0]["body"], json!({"items": rest, "recursive": false}));
        console.wait_no_dialog().await;
        assert_eq!(patches(&server).await.len(), 1, "one request");
    })
    .await;
}

#[tokio::test]
async fn a_recursive_delete_of_an_instance_whose_resources_changed_is_blocked() {
    let (server, total, targets) = console_with_targets(1).await;
    let target = targets[0].clone();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        console.select(&name(&target)).await;
        console.tick_recursive().await;
        console.open_delete_dialog().await;
        console.type_confirmation().await;
        change_instance(
            &server,
            &id(&target),
            &json!({"server_group_id": "sg-moved"}),
        )
        .await;
        console.press_button(Locator::XPath(DIALOG_DELETE)).await;

        let notice = console.wait_blocked().await;
        let line = console.stale_line(&id(&target)).await;
        assert!(line.contains(&name(&target)), "{line}");
        assert!(
            line.contains("associated server group changed"),
            "the reason: {line}"
        );
        assert!(
            notice.contains("None of the selected instances can be deleted now"),
            "{notice}"
        );
        let offers = console
            .find_all(Locator::Css(CONTINUE))
            .await
            .expect("find_all works");
        assert!(offers.is_empty(), "nothing left to continue with");
        assert!(patches(&server).await.is_empty(), "nothing sent");
    })
    .await;
}

#[tokio::test]
async fn an_instance_gone_since_selection_is_named_as_gone_and_nothing_is_sent() {
    let (server, total, targets) = console_with_targets(2).await;
    let url = server.url.clone();
    with_console(&url, Some(total), move |console: Console| async move {
        for target in &targets {
            console.select(&name(target)).await;
        }
        let gone = &targets[0];
        remove_instance(&server, &id(gone)).await;
        console.delete_selection().await;

        console.wait_blocked().await;
        let line = console.stale_line(&id(gone)).await;
        assert!(line.contains(&name(gone)), "{line}");
        assert!(line.contains("no longer exists"), "the reason: {line}");
        console.escape().await;
        console.wait_no_dialog().await;
        assert!(patches(&server).await.is_empty(), "nothing sent");
    })
    .await;
}

#[tokio::test]
async fn when_the_instances_cannot_be_read_again_nothing_is_sent_until_a_check_succeeds() {
    let (server, total, targets) = console_with_targets(1).await;
    let target = targets[0].clone();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        console.select(&name(&target)).await;
        console.open_delete_dialog().await;
        set_faults(&server, &["list:400"]).await;
        console.confirm_delete().await;
        let error = console
            .element(Locator::Css("dialog[open] .api-error[role=alert]"))
            .await
            .text()
            .await
            .unwrap();
        assert!(error.contains("nothing was sent"), "{error}");
        assert!(error.contains("HTTP 400"), "the error as it is: {error}");
        assert!(patches(&server).await.is_empty(), "never sent unchecked");

        set_faults(&server, &[]).await;
        let seq = last_seq(&server).await;
        console
            .press_button(Locator::Css("dialog[open] button.check-again"))
            .await;
        console.wait_job_card(UI_TIMEOUT).await;
        assert_read_again(&server, seq, &targets).await;
        let sent = patches(&server).await;
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0]["body"]["items"], json!([id(&target)]));
    })
    .await;
}
