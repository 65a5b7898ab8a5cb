//! The harness itself, and the first thing the console does: list every instance as text.

use fantoccini::Locator;
use serde_json::Value;

use super::seeded_console;
use crate::support::browser::{wait_for, wait_for_count, with_browser};
use crate::support::console::{MARKUP_NAME, PAGE_TIMEOUT, ROWS};
use crate::support::server::{TempDir, TestServer};

/// Chromium loads a page from the server under its CSP and reads JSON.
#[tokio::test]
async fn harness_drives_chromium_against_the_server() {
    let dist = TempDir::new("harness-dist");
    dist.write(
        "index.html",
        "<!doctype html><title>harness</title><p id=ok>served</p>",
    );
    let server = TestServer::start(&["--dist", dist.arg(), "--base-path", "/ic/"]);
    let url = server.url.clone();
    with_browser(|browser| async move {
        browser.goto(&url).await.expect("page loads");
        assert_eq!(
            wait_for(&browser, "p#ok", PAGE_TIMEOUT)
                .await
                .text()
                .await
                .unwrap(),
            "served"
        );
        assert_eq!(browser.title().await.unwrap(), "harness");
        browser
            .goto(&format!("{url}config.json"))
            .await
            .expect("config loads");
        let text = wait_for(&browser, "body", PAGE_TIMEOUT)
            .await
            .text()
            .await
            .unwrap();
        let config: Value = serde_json::from_str(&text).expect("config.json is JSON");
        assert_eq!(config["api_base"], "/api");
    })
    .await;
}

/// The console lists every instance, and a markup name is shown as text, not rendered.
#[tokio::test]
async fn console_lists_every_instance_as_text() {
    let (server, instances) = seeded_console(&[]).await;
    let expected = instances.len();
    let url = server.url.clone();
    with_browser(move |browser| async move {
        browser.goto(&url).await.expect("console loads");
        wait_for(&browser, ROWS, PAGE_TIMEOUT).await;
        wait_for_count(&browser, ROWS, expected, PAGE_TIMEOUT).await;
        let table = browser
            .find(Locator::Css("table#instance-table"))
            .await
            .unwrap();
        assert!(
            table.text().await.unwrap().contains(MARKUP_NAME),
            "the markup name is shown literally"
        );
        let injected = browser
            .find_all(Locator::Css("table#instance-table img[src='x']"))
            .await
            .unwrap();
        assert!(injected.is_empty(), "the markup name was rendered as HTML");
    })
    .await;
}
