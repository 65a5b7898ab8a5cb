//! Loading the list: every page of a long one with progress, Refresh, and an empty project.

use fantoccini::Locator;
use serde_json::Value;

use super::console_server;
use crate::support::console::{with_console, PAGE_TIMEOUT, REFRESH, UI_TIMEOUT};
use crate::support::page::{wait_contains, wait_text};
use crate::support::server::sim::{logged_ms, since};

/// A list of several pages loads every page (limit 100, the first alone, then at most four
/// at a time) and shows its progress while loading.
#[tokio::test]
async fn long_lists_load_every_page_with_progress() {
    let server = console_server(&["--instances", "650", "--fault", "list:latency=400"]);
    let url = server.url.clone();
    with_console(&url, None, move |console| async move {
        let progress =
            wait_contains(&console, ".loading[role=status]", " of 650", PAGE_TIMEOUT).await;
        assert!(progress.contains("Loading image instances: "), "{progress}");
        console.wait_rows(650, PAGE_TIMEOUT).await;

        let lists = since(&server, 0, "list").await;
        let mut offsets: Vec<u64> = lists.iter().map(checked_offset).collect();
        offsets.sort_unstable();
        assert_eq!(offsets, [0, 100, 200, 300, 400, 500, 600], "each page once");
        // Arrival times, with 400 ms per answer: the first page alone, then a wave of four;
        // the last two wait for a free slot.
        let times: Vec<i64> = lists.iter().map(logged_ms).collect();
        assert!(
            times[1] - times[0] >= 350,
            "the first page comes alone: {times:?}"
        );
        assert!(times[4] - times[1] < 350, "four pages at once: {times:?}");
        assert!(
            times[5] - times[1] >= 350,
            "never more than four at once: {times:?}"
        );

        // Refresh waits for the load, then updates "updated at".
        let updated = wait_text(&console, ".updated-at", "updated at", UI_TIMEOUT, |t| {
            t.starts_with("Updated ")
        })
        .await;
        let refresh = console.element(Locator::XPath(REFRESH)).await;
        refresh.click().await.unwrap();
        wait_contains(
            &console,
            ".loading[role=status]",
            "Loading image instances",
            UI_TIMEOUT,
        )
        .await;
        assert!(
            !refresh.is_enabled().await.unwrap(),
            "Refresh waits for the load"
        );
        wait_text(
            &console,
            ".updated-at",
            "a newer updated at",
            PAGE_TIMEOUT,
            |t| t.starts_with("Updated ") && t != updated,
        )
        .await;
        console.wait_rows(650, UI_TIMEOUT).await;
    })
    .await;
}

/// The `offset` of a logged list request, checking its `limit` is within 1..=100.
fn checked_offset(request: &Value) -> u64 {
    let query = request["query"].as_str().expect("a query");
    let param = |name: &str| -> u64 {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
            .map_or(0, |value| value.parse().expect("a number"))
    };
    assert!(
        (1..=100).contains(&param("limit")),
        "limit in 1..=100: {query}"
    );
    param("offset")
}

/// A project without instances says so.
#[tokio::test]
async fn empty_lists_say_so() {
    let empty = console_server(&["--instances", "0"]);
    let url = empty.url.clone();
    with_console(&url, None, move |console| async move {
        let message = wait_text(&console, "p.empty", "the empty state", PAGE_TIMEOUT, |t| {
            !t.is_empty()
        })
        .await;
        assert!(message.contains("no image instances"), "{message}");
        assert!(console.has_no_rows().await);
    })
    .await;
}
