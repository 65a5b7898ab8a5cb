//! A console that is not configured correctly names the problem and offers its Settings form.

use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::json;

use super::console_server;
use crate::support::console::{with_console, PAGE_TIMEOUT};
use crate::support::files::dist_with_config;
use crate::support::page::{local_storage, wait_text};
use crate::support::server::sim::request_log;
use crate::support::server::{all_instances, TestServer, PROJECT};

const SAVE: &str = ".//button[normalize-space(.)='Save settings']";
const SETTINGS: &str = "image-console.settings";

/// Presses the form's Save settings.
async fn save(form: &Element) {
    let button = form
        .find(Locator::XPath(SAVE))
        .await
        .expect("a Save button");
    button.click().await.expect("Save clicks");
}

/// A bad project id in config.json: the problem is named with a Settings form; saving valid
/// settings loads the list (and survives a reload).
#[tokio::test]
async fn bad_config_then_settings_fix_it() {
    let config = json!({"api_base": "/api", "project_id": "not-a-project"}).to_string();
    let dist = dist_with_config("console-dist", Some(&config));
    let server = TestServer::start(&["--dist", dist.arg(), "--config-from-dist"]);
    let total = all_instances(&server).await.len();
    let url = server.url.clone();
    with_console(&url, None, move |console| async move {
        console.assert_config_problem(&["Project ID", "32"]).await;
        let form = console.element(Locator::Css("main form.settings")).await;
        assert!(
            form.is_displayed().await.unwrap(),
            "the Settings form is shown"
        );
        assert!(console.has_no_rows().await);

        let project = form
            .find(Locator::Css("input[name=project_id]"))
            .await
            .unwrap();
        project.clear().await.unwrap();
        project.send_keys(PROJECT).await.unwrap();
        save(&form).await;
        console.wait_rows(total, PAGE_TIMEOUT).await;
        let saved = local_storage(&console, SETTINGS).await;
        assert!(saved.contains(PROJECT), "{saved}");
        console.refresh().await.unwrap();
        console.wait_rows(total, PAGE_TIMEOUT).await;
    })
    .await;
}

/// A cross-origin API base typed into Settings is refused in the form, with the reason, and
/// not saved.
#[tokio::test]
async fn settings_refuse_a_cross_origin_api_base() {
    let server = console_server(&[]);
    let total = all_instances(&server).await.len();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        console
            .press_button(Locator::XPath(
                "//header//button[normalize-space(.)='Settings']",
            ))
            .await;
        let form = console
            .element(Locator::Css("dialog[open] form.settings"))
            .await;
        let api_base = form
            .find(Locator::Css("input[name=api_base]"))
            .await
            .unwrap();
        api_base.clear().await.unwrap();
        api_base
            .send_keys("https://api.example.com/api")
            .await
            .unwrap();
        save(&form).await;
        let refusal = wait_text(
            &console,
            "dialog[open] .form-problems",
            "the refusal",
            crate::support::console::UI_TIMEOUT,
            |t| !t.is_empty(),
        )
        .await;
        assert!(
            refusal.contains("another origin") && refusal.contains("proxy"),
            "{refusal}"
        );
        let saved = local_storage(&console, SETTINGS).await;
        assert!(
            !saved.contains("example.com"),
            "the refused value was saved: {saved}"
        );
    })
    .await;
}

/// config.json naming another origin: the page explains why it is refused, and calls nothing.
#[tokio::test]
async fn cross_origin_config_is_refused_with_an_explanation() {
    let server = console_server(&["--api-base", "https://workspace.example.com/api"]);
    let url = server.url.clone();
    with_console(&url, None, move |console| async move {
        console
            .assert_config_problem(&["https://workspace.example.com", "another origin"])
            .await;
        assert!(console.has_no_rows().await);
        let log = request_log(&server).await;
        assert!(log.is_empty(), "no API request was made: {log:?}");
    })
    .await;
}
