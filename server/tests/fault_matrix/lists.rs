//! Faults on listing: what the person sees, how often the list was asked for, and recovery.

use serde_json::json;

use super::{good_config, start, TIMEOUT_MS};
use crate::support::console::{with_console, Console, PAGE_TIMEOUT, ROWS};
use crate::support::files::dist_with_config;
use crate::support::page::{click, js, text, wait_js};
use crate::support::server::sim::{
    attempts, last_seq, logged_ms, set_faults, since, wait_for_requests,
};
use crate::support::server::TestServer;

/// Tries of a read before its error is shown (the app's `READ_ATTEMPTS`).
const READ_ATTEMPTS: usize = 4;
const REFRESH: &str = "section.toolbar > button";
const LIST_ERROR: &str = "Could not load the instances";

/// Each fault on the list, one after another in one session, each followed by recovery.
#[tokio::test]
async fn list_faults_show_the_error_and_recover() {
    let dist = dist_with_config("fm-list", Some(&good_config()));
    let server = start(&dist);
    let url = server.url.clone();
    with_console(&url, None, move |console| async move {
        console.wait_list_ready().await;
        odd_names_are_text(&console).await;
        latency_shows_progress(&console, &server).await;
        errors_are_retried_then_shown(&console, &server).await;
        truncated_answers_are_not_retried(&console, &server).await;
        throttling_waits_as_asked(&console, &server).await;
        hanging_requests_time_out_and_retry(&console, &server).await;
        console.assert_no_panic().await;
        console.assert_clean_console().await;
    })
    .await;
}

/// Clicks Refresh and waits for the list to be back, without an error.
async fn refresh_and_recover(console: &Console, server: &TestServer) {
    set_faults(server, &[]).await;
    click(console, REFRESH, PAGE_TIMEOUT).await;
    console.wait_list_ready().await;
}

/// Odd data is shown as text: markup, unicode, a huge name, absent and "null" statuses.
async fn odd_names_are_text(console: &Console) {
    let table = text(console, "table#instance-table").await;
    for name in [
        "<img src=x onerror=alert(1)>",
        "财务部办公应用镜像-测试环境",
        "🚀 launch-pad image 🎨✨",
        "صورة التطبيقات المالية",
        "rebuilt-weekly-from-the-golden-image",
    ] {
        assert!(table.contains(name), "{name} is shown");
    }
    assert_eq!(
        js(
            console,
            "return document.querySelectorAll('table img').length",
            vec![]
        )
        .await,
        json!(0),
        "a name was rendered as HTML"
    );
    for name in ["status-field-absent", "status-is-the-string-null"] {
        let status = js(
            console,
            "for (const r of document.querySelectorAll(arguments[0])) \
               if (r.querySelector('td.name').textContent === arguments[1]) \
                 return r.querySelector('td.status').textContent; return '';",
            vec![json!(ROWS), json!(name)],
        )
        .await;
        assert!(
            status.as_str().unwrap().contains("Not set"),
            "{name}: {status}"
        );
    }
}

/// Latency: a progress indicator, then the list, one request, no error.
async fn latency_shows_progress(console: &Console, server: &TestServer) {
    set_faults(server, &["list:latency=1500"]).await;
    let seq = last_seq(server).await;
    click(console, REFRESH, PAGE_TIMEOUT).await;
    wait_js(
        console,
        "the loading indicator",
        "const e = document.querySelector('div.loading'); return e ? e.textContent : ''",
        vec![],
        PAGE_TIMEOUT,
    )
    .await;
    console.wait_list_ready().await;
    assert_eq!(since(server, seq, "list").await.len(), 1);
}

/// Errors that are retried, then shown with what the server said; the list comes back.
async fn errors_are_retried_then_shown(console: &Console, server: &TestServer) {
    for (fault, expected) in [
        (
            "list:500",
            &["HTTP 500", "WKS.00211401", "The requested operation failed"][..],
        ),
        (
            "list:503",
            &["HTTP 503", "WKS.00050902", "The service is now unavailable"][..],
        ),
        (
            "list:html502",
            &[
                "HTTP 502",
                "not an API error",
                "<html> <head><title>502 Bad Gateway",
            ][..],
        ),
        ("list:drop", &["Network error"][..]),
    ] {
        set_faults(server, &[fault]).await;
        let seq = last_seq(server).await;
        click(console, REFRESH, PAGE_TIMEOUT).await;
        let shown = console.wait_for_error("main", LIST_ERROR).await;
        for words in expected {
            assert!(shown.contains(words), "{fault}: {words:?} not in {shown:?}");
        }
        let tries = since(server, seq, "list").await;
        assert_eq!(attempts(&tries), READ_ATTEMPTS, "{fault}: {tries:?}");
        if fault != "list:drop" {
            assert_eq!(tries.len(), READ_ATTEMPTS, "{fault}: {tries:?}");
        }
        if fault == "list:html502" {
            let injected = js(
                console,
                "return document.querySelectorAll('.api-error center, .api-error h1').length",
                vec![],
            )
            .await;
            assert_eq!(injected, json!(0), "the HTML body was rendered");
        }
        // The fault clears; the person refreshes; the list is back.
        refresh_and_recover(console, server).await;
        assert!(!console.error_shown("main").await, "{fault}: error left");
    }
}

/// A truncated success body is not retried: the request did reach the service.
async fn truncated_answers_are_not_retried(console: &Console, server: &TestServer) {
    set_faults(server, &["list:truncate"]).await;
    let seq = last_seq(server).await;
    click(console, REFRESH, PAGE_TIMEOUT).await;
    let shown = console.wait_for_error("main", LIST_ERROR).await;
    assert!(
        shown.contains("HTTP 200: the response could not be read"),
        "{shown}"
    );
    assert_eq!(since(server, seq, "list").await.len(), 1);
    refresh_and_recover(console, server).await;
}

/// 429 with Retry-After: the retry waits as asked, and succeeds once the fault clears, with
/// no error shown. A server asking to wait longer than a read may: its error at once, not a
/// list that seems stuck, and the person can refresh later.
async fn throttling_waits_as_asked(console: &Console, server: &TestServer) {
    set_faults(server, &["list:429=2"]).await;
    let seq = last_seq(server).await;
    click(console, REFRESH, PAGE_TIMEOUT).await;
    let throttled = wait_for_requests(server, seq, "list", 2, |e| e["fault"] == "429").await;
    let gap = logged_ms(&throttled[1]) - logged_ms(&throttled[0]);
    assert!(gap >= 1_950, "retried {gap} ms after a Retry-After of 2 s");
    set_faults(server, &[]).await;
    wait_for_requests(server, seq, "list", 1, |e| e["status"] == 200).await;
    console.wait_list_ready().await;
    assert!(!console.error_shown("main").await);

    set_faults(server, &["list:429=120"]).await;
    let seq = last_seq(server).await;
    click(console, REFRESH, PAGE_TIMEOUT).await;
    let shown = console.wait_for_error("main", LIST_ERROR).await;
    for words in ["HTTP 429", "APIGW.0308", "Server asks to retry after120 s"] {
        assert!(shown.contains(words), "{words:?} not in {shown:?}");
    }
    assert_eq!(since(server, seq, "list").await.len(), 1);
    refresh_and_recover(console, server).await;
}

/// A hanging upstream: the request is abandoned after the time limit and retried; the retry
/// succeeds once the upstream answers again.
async fn hanging_requests_time_out_and_retry(console: &Console, server: &TestServer) {
    set_faults(server, &["list:hang"]).await;
    let seq = last_seq(server).await;
    click(console, REFRESH, PAGE_TIMEOUT).await;
    let hung = wait_for_requests(server, seq, "list", 1, |e| e["fault"] == "hang").await;
    set_faults(server, &[]).await;
    let answered = wait_for_requests(server, seq, "list", 1, |e| e["status"] == 200).await;
    let waited = logged_ms(&answered[0]) - logged_ms(&hung[0]);
    assert!(
        waited >= TIMEOUT_MS as i64,
        "retried {waited} ms after a hang, before the time limit"
    );
    console.wait_list_ready().await;
    assert!(!console.error_shown("main").await);
    assert_eq!(since(server, seq, "list").await.len(), 2);
}
