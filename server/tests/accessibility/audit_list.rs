//! The list's states, audited: loading, the list, no match, a list error, an empty project,
//! and a console whose configuration is wrong (its Settings form).

use fantoccini::Locator;
use serde_json::json;

use crate::support::axe::assert_accessible;
use crate::support::browser::find;
use crate::support::console::{
    console_server, seeded_console, with_console, PAGE_TIMEOUT, REFRESH,
};
use crate::support::files::dist_with_config;
use crate::support::page::wait_text;
use crate::support::server::sim::set_faults;
use crate::support::server::TestServer;

/// Loading (under a slow list), the loaded list, a search that matches nothing and a list
/// that failed to load.
#[tokio::test]
async fn list_states_have_no_violations() {
    let (server, instances) = seeded_console(&[]).await;
    set_faults(&server, &["list:latency=6000"]).await;
    let total = instances.len();
    let url = server.url.clone();
    with_console(&url, None, move |console| async move {
        find(
            &console,
            Locator::Css("div.loading[role=status]"),
            PAGE_TIMEOUT,
        )
        .await;
        assert_accessible(&console, "the list while loading").await;
        set_faults(&server, &[]).await;
        console.wait_rows(total, PAGE_TIMEOUT).await;
        console.wait_list_ready().await;
        assert_accessible(&console, "the loaded list").await;

        console.search("no-instance-is-called-this").await;
        console.wait_rows(0, PAGE_TIMEOUT).await;
        wait_text(
            &console,
            "p.empty",
            "the no-match message",
            PAGE_TIMEOUT,
            |t| !t.is_empty(),
        )
        .await;
        assert_accessible(&console, "a search with no match").await;
        console.search("").await;

        set_faults(&server, &["list:400"]).await;
        console.press_button(Locator::XPath(REFRESH)).await;
        console.wait_for_error("main", "Could not load").await;
        assert_accessible(&console, "a list that failed to load").await;
        set_faults(&server, &[]).await;
    })
    .await;
}

/// A project without instances.
#[tokio::test]
async fn empty_list_has_no_violations() {
    let server = console_server(&["--instances", "0"]);
    let url = server.url.clone();
    with_console(&url, None, move |console| async move {
        wait_text(&console, "p.empty", "the empty state", PAGE_TIMEOUT, |t| {
            !t.is_empty()
        })
        .await;
        assert_accessible(&console, "an empty project").await;
    })
    .await;
}

/// A bad configuration: the named problem and its Settings form, then the Settings dialog.
#[tokio::test]
async fn bad_config_and_settings_have_no_violations() {
    let config = json!({"api_base": "/api", "project_id": "not-a-project"}).to_string();
    let dist = dist_with_config("a11y-dist", Some(&config));
    let server = TestServer::start(&["--dist", dist.arg(), "--config-from-dist"]);
    let url = server.url.clone();
    with_console(&url, None, move |console| async move {
        console.assert_config_problem(&["Project ID"]).await;
        console.element(Locator::Css("main form.settings")).await;
        assert_accessible(&console, "a bad configuration with its Settings form").await;
        console
            .press_button(Locator::XPath(
                "//header//button[normalize-space(.)='Settings']",
            ))
            .await;
        console.element(Locator::Css("dialog[open]")).await;
        assert_accessible(&console, "the Settings dialog").await;
    })
    .await;
}
