//! Faults on batch-delete: the error with what the server said, exactly one PATCH per
//! confirmation (never retried, whatever is clicked or pressed), and a reload while the
//! PATCH is in flight is reported, not forgotten or repeated.

use serde_json::{json, Value};

use super::{deletable, good_config, start, TIMEOUT_MS};
use crate::support::console::{with_console, Console, PAGE_TIMEOUT};
use crate::support::files::dist_with_config;
use crate::support::page::{click, js, local_storage, text, wait_js};
use crate::support::server::sim::{attempts, last_seq, set_faults, since, wait_for_requests};
use crate::support::server::{batch_delete, Api, TestServer};

const JOBS: &str = "image-console.jobs";
const PENDING: &str = "image-console.pending";
const SELECTION_BAR: &str = "section.selection-bar";

/// Every delete scenario in one session, each on a fresh instance.
#[tokio::test]
async fn delete_faults_are_shown_and_never_repeated() {
    let dist = dist_with_config("fm-delete", Some(&good_config()));
    let server = start(&dist);
    let url = server.url.clone();
    let mut candidates = deletable(&server).await.into_iter();
    with_console(&url, None, move |console| async move {
        let mut next = move || candidates.next().expect("enough deletable instances");
        console.wait_list_ready().await;
        failures_are_shown_once(&console, &server, &mut next).await;
        let recovered = lost_answers_are_found_among_the_jobs(&console, &server, &next()).await;
        reloads_in_flight_are_reported(&console, &server, &next()).await;
        reloads_after_the_service_acted_find_the_job(&console, &server, &next()).await;
        slow_answers_give_one_job(&console, &server, &next(), &recovered).await;
        console.assert_no_panic().await;
        console.assert_clean_console().await;
    })
    .await;
}

/// Each failing answer: its error, one PATCH, then either the selection kept (refused) or
/// the list read again (outcome unknown).
async fn failures_are_shown_once(
    console: &Console,
    server: &TestServer,
    next: &mut impl FnMut() -> String,
) {
    let timed_out = format!("no answer within {} s", TIMEOUT_MS / 1000);
    for (fault, expected, refused) in [
        ("delete:500", &["HTTP 500", "WKS.00211401"][..], true),
        ("delete:503", &["HTTP 503", "WKS.00050902"][..], true),
        (
            "delete:429=1",
            &["HTTP 429", "APIGW.0308", "throttling"][..],
            true,
        ),
        (
            "delete:html502",
            &[
                "HTTP 502",
                "not an API error",
                "<html> <head><title>502 Bad Gateway",
            ][..],
            false,
        ),
        ("delete:drop", &["Network error"][..], false),
        ("delete:hang", &["Timed out", timed_out.as_str()][..], false),
    ] {
        let id = next();
        set_faults(server, &[fault]).await;
        let seq = last_seq(server).await;
        console.confirm_delete_impatiently(&id).await;
        let title = if refused {
            "The delete request failed; nothing was deleted"
        } else {
            "The delete request got no usable answer: it may or may not have been carried out"
        };
        let shown = console.wait_for_error(SELECTION_BAR, title).await;
        for words in expected {
            assert!(shown.contains(words), "{fault}: {words:?} not in {shown:?}");
        }
        assert_sent_once(server, seq, &id, fault).await;
        set_faults(server, &[]).await;
        if refused {
            // Nothing happened: the selection is kept for the person to decide.
            assert_eq!(
                js(
                    console,
                    "return document.querySelector(arguments[0]).checked",
                    vec![json!(format!("tr[data-id='{id}'] td.select input"))],
                )
                .await,
                json!(true),
                "{fault}: selection lost"
            );
        } else {
            // The outcome is unknown: the list is read again.
            wait_for_requests(server, seq, "list", 1, |e| e["status"] == 200).await;
            console.wait_list_ready().await;
        }
        let clear = "section.selection-bar button.secondary";
        let can_clear = js(
            console,
            "return !document.querySelector(arguments[0]).disabled",
            vec![json!(clear)],
        )
        .await;
        if can_clear == json!(true) {
            click(console, clear, PAGE_TIMEOUT).await;
        }
        // Still one, after everything settled.
        assert_sent_once(server, seq, &id, fault).await;
    }
}

/// One PATCH for `id` after `seq`. For a dropped connection, Chromium may have resent it
/// itself at once on other connections (see `attempts`): all of those copies are one burst,
/// and none reached the service.
async fn assert_sent_once(server: &TestServer, seq: u64, id: &str, fault: &str) {
    if fault != "delete:drop" {
        exactly_one_patch(server, seq, id).await;
        return;
    }
    let patches = since(server, seq, "delete").await;
    assert_eq!(
        attempts(&patches),
        1,
        "the app sent the PATCH again: {patches:?}"
    );
    for patch in &patches {
        assert_eq!(patch["body"]["items"], json!([id]));
        assert_eq!(
            patch["fault"], "drop",
            "a copy reached the service: {patch}"
        );
    }
}

/// The PATCHes logged after `seq`; asserts there is exactly one, for exactly `id`.
pub(crate) async fn exactly_one_patch(server: &TestServer, seq: u64, id: &str) -> Value {
    let patches = wait_for_requests(server, seq, "delete", 1, |_| true).await;
    assert_eq!(patches.len(), 1, "more than one PATCH: {patches:?}");
    assert_eq!(patches[0]["method"], "PATCH");
    assert_eq!(patches[0]["body"]["items"], json!([id]));
    patches[0].clone()
}

/// Waits for the page to show a job card for `job_id`.
async fn wait_card(console: &Console, what: &str, job_id: &str) {
    wait_js(
        console,
        what,
        "return !!document.querySelector(`article.job-card[data-job-id='${arguments[0]}']`)",
        vec![json!(job_id)],
        PAGE_TIMEOUT,
    )
    .await;
}

/// A truncated answer: the PATCH reached the service, but its job ID was lost on the way.
/// Nothing is sent again; the console finds the job among the delete jobs. Returns its ID.
async fn lost_answers_are_found_among_the_jobs(
    console: &Console,
    server: &TestServer,
    id: &str,
) -> String {
    set_faults(server, &["delete:truncate"]).await;
    let seq = last_seq(server).await;
    console.confirm_delete_impatiently(id).await;
    exactly_one_patch(server, seq, id).await;
    set_faults(server, &[]).await;
    let (_, jobs) = server
        .get_api("/image-server-jobs?job_type=DELETE_SERVER")
        .answer()
        .await;
    let recovered = jobs["items"][0]["id"].as_str().expect("a job").to_owned();
    wait_card(console, "the recovered job's card", &recovered).await;
    assert!(local_storage(console, JOBS).await.contains(&recovered));
    wait_js(
        console,
        "the instance to show as deleting",
        "const r = document.querySelector(arguments[0]); \
         return r && r.querySelector('td.status').textContent.includes('Deleting');",
        vec![json!(format!("tr[data-id='{id}']"))],
        PAGE_TIMEOUT,
    )
    .await;
    assert!(!console.error_shown(SELECTION_BAR).await);
    assert_eq!(since(server, seq, "delete").await.len(), 1);
    recovered
}

/// A reload while the PATCH is in flight: not sent again, and the person is told.
async fn reloads_in_flight_are_reported(console: &Console, server: &TestServer, id: &str) {
    set_faults(server, &["delete:hang"]).await;
    let seq = last_seq(server).await;
    console.confirm_delete_impatiently(id).await;
    exactly_one_patch(server, seq, id).await;
    assert!(local_storage(console, PENDING).await.contains(id));
    console.refresh().await.expect("reload");
    let warning = wait_js(
        console,
        "the interrupted-request warning",
        "const e = document.querySelector('.interrupted-submissions'); \
         return e ? e.textContent : '';",
        vec![],
        PAGE_TIMEOUT,
    )
    .await;
    assert!(warning.as_str().unwrap().contains(id), "{warning}");
    console.wait_list_ready().await;
    set_faults(server, &[]).await;
    assert_eq!(
        since(server, seq, "delete").await.len(),
        1,
        "re-sent after reload"
    );
    click(console, ".interrupted-submissions button", PAGE_TIMEOUT).await;
    assert_eq!(local_storage(console, PENDING).await, "");
}

/// A reload after the service did carry out the PATCH but before its answer arrived: the
/// console finds the job (reads only) and follows it, instead of a warning.
async fn reloads_after_the_service_acted_find_the_job(
    console: &Console,
    server: &TestServer,
    id: &str,
) {
    set_faults(server, &["delete:hang"]).await;
    let seq = last_seq(server).await;
    console.confirm_delete_impatiently(id).await;
    exactly_one_patch(server, seq, id).await;
    set_faults(server, &[]).await;
    // The stand-in for the service having processed it: the same batch-delete, sent by the
    // test.
    let (_, accepted) = batch_delete(server, &json!({"items": [id], "recursive": false})).await;
    let found = accepted["job_id"].as_str().expect("job_id").to_owned();
    console.refresh().await.expect("reload");
    wait_js(
        console,
        "the found job's card, and no warning",
        "return !!document.querySelector(`article.job-card[data-job-id='${arguments[0]}']`) \
           && !document.querySelector('.interrupted-submissions');",
        vec![json!(found)],
        PAGE_TIMEOUT,
    )
    .await;
    assert!(local_storage(console, JOBS).await.contains(&found));
    assert_eq!(local_storage(console, PENDING).await, "");
    console.wait_list_ready().await;
    assert_eq!(
        since(server, seq, "delete").await.len(),
        2,
        "the console's one PATCH and the test's stand-in"
    );
}

/// Latency: a slow but good answer gives one job, shown and stored at once; Enter on
/// whatever has focus afterwards sends nothing more.
async fn slow_answers_give_one_job(
    console: &Console,
    server: &TestServer,
    id: &str,
    recovered: &str,
) {
    let known = js(
        console,
        "return [...document.querySelectorAll('article.job-card')] \
           .map(c => c.getAttribute('data-job-id'))",
        vec![],
    )
    .await;
    set_faults(server, &["delete:latency=1500"]).await;
    let seq = last_seq(server).await;
    console.confirm_delete_impatiently(id).await;
    let card = wait_js(
        console,
        "the new job card",
        "const c = [...document.querySelectorAll('article.job-card')] \
           .map(c => c.getAttribute('data-job-id')).filter(id => !arguments[0].includes(id)); \
         return c.length ? c[0] : '';",
        vec![known],
        PAGE_TIMEOUT,
    )
    .await;
    let job_id = card.as_str().unwrap().to_owned();
    assert_ne!(job_id, recovered);
    assert!(local_storage(console, JOBS).await.contains(&job_id));
    assert_eq!(
        text(
            console,
            &format!("article[data-job-id='{job_id}'] .job-id code")
        )
        .await,
        job_id
    );
    set_faults(server, &[]).await;
    exactly_one_patch(server, seq, id).await;
    console.press_enter_if_focused().await;
    wait_for_requests(server, seq, "job", 1, |e| e["status"] == 200).await;
    assert_eq!(since(server, seq, "delete").await.len(), 1);
    assert_eq!(local_storage(console, PENDING).await, "");
}
