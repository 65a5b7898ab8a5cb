//! Deleting: the whole flow, a failing recursive job, a refused request.

use std::collections::BTreeSet;

use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::Value;

use super::{seeded_console, JOB_TIMEOUT};
use crate::support::console::seed::{
    eligible, id, name, pick, plain_active, plain_active_targets, plain_name, status_of,
};
use crate::support::console::{
    with_console, Console, BAR_DELETE, DIALOG_CONFIRM, DIALOG_DELETE, RECURSIVE_BOX, UI_TIMEOUT,
    WARNING_DIALOG,
};
use crate::support::page::{
    accessible_name, css_string, is_checked, wait_contains, wait_js, wait_until,
};
use crate::support::server::sim::{last_seq, logged_ms, patches, request_log, set_faults};
use crate::support::server::{poll_job, TestServer, PROJECT};

/// Select two ACTIVE instances, confirm: the dialog lists them, the request is in flight, the
/// job ID shows at once with a way to copy it.
#[tokio::test]
async fn whole_flow_deletes_two_instances_and_follows_the_job() {
    let (server, instances) = seeded_console(&["--job-duration-ms", "1500"]).await;
    let targets = plain_active_targets(&instances, 2);
    let total = instances.len();
    let url = server.url.clone();
    let before_console = last_seq(&server).await;
    with_console(&url, Some(total), move |console| async move {
        let delete_button = console.element(Locator::XPath(BAR_DELETE)).await;
        assert!(accessible_name(&console, &delete_button)
            .await
            .starts_with("Delete"));
        assert!(
            !delete_button.is_enabled().await.unwrap(),
            "Delete is disabled while nothing is selected"
        );
        for target in &targets {
            console.select(&name(target)).await;
        }
        console.wait_counter(2).await;
        assert!(delete_button.is_enabled().await.unwrap());

        assert_confirmation_lists(&console, &targets).await;
        assert!(
            patches(&server).await.is_empty(),
            "nothing sent before Delete"
        );

        // Slow the PATCH down so its in-flight state can be seen.
        set_faults(&server, &["delete:latency=1500"]).await;
        console.confirm_delete().await;
        wait_contains(
            &console,
            ".selection-bar .submitting",
            "Sending",
            UI_TIMEOUT,
        )
        .await;
        assert!(
            !delete_button.is_enabled().await.unwrap(),
            "Delete cannot be used again while the request is in flight"
        );

        let job_id = console.wait_job_card(UI_TIMEOUT).await;
        let card = console
            .element(Locator::Css(&Console::job_card(&job_id)))
            .await;
        assert!(
            card.text().await.unwrap().contains(&job_id),
            "job ID as text"
        );
        let copy = card
            .find(Locator::XPath(
                ".//button[normalize-space(.)='Copy job ID']",
            ))
            .await
            .expect("a Copy job ID button");
        assert!(copy.is_displayed().await.unwrap());
        let job = poll_job(&server, &job_id, UI_TIMEOUT, |_| true).await;
        assert_eq!(job["id"], job_id.as_str());
        follow_the_job_to_success(&console, &server, &job_id, &targets, total).await;
        // The console's list reads too (page.js's first page, the refresh after the delete),
        // as the SDK sends every call; this test reads jobs itself, without one.
        let log = request_log(&server).await;
        let reads: Vec<&Value> = log
            .iter()
            .filter(|e| e["endpoint"] == "list" && e["seq"].as_u64() > Some(before_console))
            .collect();
        assert!(reads.len() >= 2, "{reads:?}");
        for read in reads {
            assert_eq!(read["content_type"], "application/json", "{read}");
        }
    })
    .await;
}

/// Opens the confirmation: it is labelled, lists each target's name and ID, says associated
/// resources are kept, and has a labelled Delete.
async fn assert_confirmation_lists(console: &Console, targets: &[Value]) {
    let dialog = console.open_delete_dialog().await;
    let text = dialog.text().await.unwrap();
    for target in targets {
        assert!(
            text.contains(&name(target)),
            "dialog lists the name: {text}"
        );
        assert!(text.contains(&id(target)), "dialog lists the id: {text}");
    }
    assert!(
        text.contains("Associated resources are kept"),
        "dialog says associated resources are kept: {text}"
    );
    let dialog_name = accessible_name(console, &dialog).await;
    assert!(
        dialog_name.contains(&format!("Delete {}", targets.len())),
        "the dialog is labelled: {dialog_name:?}"
    );
    let confirm = console.element(Locator::XPath(DIALOG_DELETE)).await;
    assert!(accessible_name(console, &confirm)
        .await
        .starts_with("Delete"));
}

/// The rest of the whole flow: SUCCESS in words and raw, one line per instance, the list
/// refreshed without them, and exactly one well-formed PATCH.
async fn follow_the_job_to_success(
    console: &Console,
    server: &TestServer,
    job_id: &str,
    targets: &[Value],
    total: usize,
) {
    let card_text = console
        .wait_job_status(job_id, "SUCCESS", JOB_TIMEOUT)
        .await;
    assert!(
        card_text.contains("Succeeded"),
        "status in words: {card_text}"
    );
    assert!(
        card_text.contains("2 of 2"),
        "sub-job progress: {card_text}"
    );
    let card = console
        .element(Locator::Css(&Console::job_card(job_id)))
        .await;
    let lines = card.find_all(Locator::Css("ul.outcomes li")).await.unwrap();
    assert_eq!(lines.len(), 2, "one line per instance");
    for target in targets {
        let line = card
            .find(Locator::Css(&format!(
                "ul.outcomes li[data-resource-id={}]",
                css_string(&id(target))
            )))
            .await
            .expect("a line for the instance");
        let line = line.text().await.unwrap();
        assert!(
            line.contains("SUCCESS") && line.contains(&name(target)),
            "{line}"
        );
    }

    // The list refreshes and the deleted rows are gone.
    console.wait_rows(total - 2, JOB_TIMEOUT).await;
    let ids = console.row_ids().await;
    for target in targets {
        assert!(!ids.contains(&id(target)), "{} still listed", id(target));
    }
    console.wait_counter(0).await;

    let sent = patches(server).await;
    assert_eq!(sent.len(), 1, "exactly one PATCH: {sent:?}");
    let body = &sent[0]["body"];
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["items", "recursive"]
    );
    assert_eq!(body["recursive"], false);
    assert_eq!(sent[0]["content_type"], "application/json");
    let items: BTreeSet<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().expect("ids are strings"))
        .collect();
    let expected: Vec<String> = targets.iter().map(id).collect();
    let expected: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    assert_eq!(items, expected);
    assert_eq!(body["items"].as_array().unwrap().len(), 2);
    assert!(sent[0]["path"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/v1/{PROJECT}/image-servers/actions/batch-delete")));
}

/// Recursive delete of an instance whose associated resources changed: the warning, the
/// typed confirmation, a FAILED job and the sub-job's error code and message verbatim.
#[tokio::test]
async fn failed_recursive_job_shows_the_sub_job_error_verbatim() {
    let (server, instances) = seeded_console(&["--job-duration-ms", "1500"]).await;
    let changed = pick(
        &instances,
        "a seed instance whose name contains \"changed\"",
        |i| eligible(i) && plain_name(i) && name(i).contains("changed"),
    );
    let plain = pick(&instances, "a plain ACTIVE instance", plain_active);
    let total = instances.len();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        let flag = tick_recursive_through_the_warning(&console).await;
        console.select(&name(&changed)).await;
        console.select(&name(&plain)).await;
        confirm_by_typing(&console).await;

        let job_id = console.wait_job_card(UI_TIMEOUT).await;
        let card_text = console
            .wait_job_status(&job_id, "FAILED", JOB_TIMEOUT)
            .await;
        assert!(card_text.contains("Failed"), "status in words: {card_text}");
        assert_sub_job_error_shown(&console, &server, &job_id, &changed, &plain).await;
        let sent = patches(&server).await;
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert_eq!(sent[0]["body"]["recursive"], true);
        // The first check comes within 1 s of the answer (the simulator answers at once).
        let log = request_log(&server).await;
        let first_poll = log
            .iter()
            .find(|r| r["endpoint"] == "job")
            .expect("the job was polled");
        let delay = logged_ms(first_poll) - logged_ms(&sent[0]);
        assert!(
            (0..=1_000).contains(&delay),
            "first poll {delay} ms after the PATCH"
        );
        assert!(!is_checked(&flag).await, "the flag resets after a submit");
    })
    .await;
}

/// Ticks "delete associated resources": its warning is a labelled modal alert naming what
/// goes, and only Confirm ticks the box. Returns the box.
async fn tick_recursive_through_the_warning(console: &Console) -> Element {
    let flag = console.element(Locator::XPath(RECURSIVE_BOX)).await;
    let flag_name = accessible_name(console, &flag).await;
    assert!(flag_name.contains("associated resources"), "{flag_name:?}");
    flag.click().await.unwrap();
    let warning = console.element(Locator::Css(WARNING_DIALOG)).await;
    assert_eq!(
        warning.attr("aria-modal").await.unwrap().as_deref(),
        Some("true")
    );
    let title = accessible_name(console, &warning).await;
    assert!(
        title.contains("associated resources"),
        "the warning is labelled: {title:?}"
    );
    let text = warning.text().await.unwrap();
    for needle in [
        "server groups",
        "servers",
        "application groups",
        "unavailable",
    ] {
        assert!(text.contains(needle), "warning mentions {needle}: {text}");
    }
    assert!(!is_checked(&flag).await, "not ticked before confirming");
    console.press_button(Locator::XPath(DIALOG_CONFIRM)).await;
    console.wait_no_dialog().await;
    assert!(is_checked(&flag).await, "ticked after Confirm");
    flag
}

/// Opens the confirmation of a recursive delete, which says what WILL be deleted and enables
/// Delete only once `confirm` is typed in full, and presses Delete.
async fn confirm_by_typing(console: &Console) {
    let dialog = console.open_delete_dialog().await;
    let text = dialog.text().await.unwrap();
    assert!(text.contains("WILL be deleted"), "{text}");
    let delete = console.element(Locator::XPath(DIALOG_DELETE)).await;
    assert!(
        !delete.is_enabled().await.unwrap(),
        "disabled until `confirm` is typed"
    );
    let word = dialog
        .find(Locator::Css("input[type=text]"))
        .await
        .expect("the confirmation field");
    word.send_keys("confir").await.unwrap();
    assert!(
        !delete.is_enabled().await.unwrap(),
        "a prefix is not enough"
    );
    word.send_keys("m").await.unwrap();
    wait_until(
        "Delete to enable after typing confirm",
        UI_TIMEOUT,
        || async { delete.is_enabled().await.unwrap() },
    )
    .await;
    delete.click().await.unwrap();
}

/// The FAILED job's failed sub-job shows the API's error code and message verbatim; the other
/// instance's line says SUCCESS.
async fn assert_sub_job_error_shown(
    console: &Console,
    server: &TestServer,
    job_id: &str,
    changed: &Value,
    plain: &Value,
) {
    let job = poll_job(server, job_id, UI_TIMEOUT, |_| true).await;
    assert_eq!(job["status"], "FAILED");
    let failed_sub = job["sub_jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|sub| sub["job_resource_info"]["resource_id"] == id(changed).as_str())
        .expect("a sub-job for the changed instance")
        .clone();
    let code = failed_sub["job_execute_info"]["error_code"]
        .as_str()
        .unwrap();
    let message = failed_sub["job_execute_info"]["error_message"]
        .as_str()
        .unwrap();
    assert!(!code.is_empty() && !message.is_empty(), "{failed_sub}");
    let outcome = |instance: &Value| {
        format!(
            "{} ul.outcomes li[data-resource-id={}]",
            Console::job_card(job_id),
            css_string(&id(instance))
        )
    };
    let line = console.element(Locator::Css(&outcome(changed))).await;
    assert_eq!(line.attr("class").await.unwrap().as_deref(), Some("failed"));
    let shown_code = line.find(Locator::Css(".error-code")).await.unwrap();
    assert_eq!(shown_code.text().await.unwrap(), code);
    let shown_message = line.find(Locator::Css(".error-message")).await.unwrap();
    assert_eq!(shown_message.text().await.unwrap(), message);
    let other = console.element(Locator::Css(&outcome(plain))).await;
    let other = other.text().await.unwrap();
    assert!(other.contains("SUCCESS"), "{other}");
}

/// A refused batch-delete shows status, code, message and request ID together, keeps the
/// selection, and a retry after the fault clears goes through.
#[tokio::test]
async fn refused_delete_shows_the_whole_error_and_keeps_the_selection() {
    let (server, instances) = seeded_console(&["--job-duration-ms", "1500"]).await;
    let targets: Vec<Value> = instances
        .iter()
        .filter(|i| status_of(i) == "ACTIVE" && plain_name(i))
        .take(2)
        .cloned()
        .collect();
    let total = instances.len();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        for target in &targets {
            console.select(&name(target)).await;
        }
        set_faults(&server, &["delete:400"]).await;
        console.delete_selection().await;
        let notice = console
            .element(Locator::Css(".selection-bar .api-error[role=alert]"))
            .await;
        let sent = patches(&server).await;
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0]["status"], 400);
        let request_id = sent[0]["request_id"].as_str().expect("logged request id");
        assert_eq!(request_id.len(), 32);
        let text = notice.text().await.unwrap();
        for expected in [
            "HTTP 400",
            "WKS.00211102",
            "The parameter is invalid.",
            request_id,
        ] {
            assert!(
                text.contains(expected),
                "the error shows {expected:?}: {text}"
            );
        }
        let shown_id = notice.find(Locator::Css(".request-id")).await.unwrap();
        assert_eq!(shown_id.text().await.unwrap(), request_id);
        assert!(
            console
                .find_all(Locator::Css("article[data-job-id]"))
                .await
                .unwrap()
                .is_empty(),
            "no job after a refused request"
        );
        console.wait_counter(2).await;
        for target in &targets {
            assert!(is_checked(&console.row_checkbox(&name(target)).await).await);
        }

        set_faults(&server, &[]).await;
        console.delete_selection().await;
        let job_id = console.wait_job_card(UI_TIMEOUT).await;
        wait_js(
            &console,
            "the error notice gone after the retry",
            "return document.querySelectorAll('.selection-bar .api-error').length === 0;",
            vec![],
            UI_TIMEOUT,
        )
        .await;
        let sent = patches(&server).await;
        assert_eq!(sent.len(), 2, "one failed, one retried: {sent:?}");
        assert_eq!(sent[1]["status"], 200);
        assert_eq!(
            sent[0]["body"], sent[1]["body"],
            "the retry sends the same request"
        );
        console
            .wait_job_status(&job_id, "SUCCESS", JOB_TIMEOUT)
            .await;
    })
    .await;
}
