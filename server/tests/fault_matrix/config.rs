//! Broken config.json files: a message naming the problem, the settings form, and not one
//! API request; then the form fixes it.

use std::path::Path;
use std::time::Duration;

use fantoccini::Locator;
use serde_json::{json, Value};

use super::start;
use crate::support::browser::with_browser;
use crate::support::console::{Console, PAGE_TIMEOUT};
use crate::support::files::{dist_with_config, replace_file};
use crate::support::page::{js, wait_js};
use crate::support::server::sim::{last_seq, since};
use crate::support::server::PROJECT;

/// A valid config.json with `extra` fields replacing or adding to it.
fn valid(extra: Value) -> String {
    let mut config = json!({"api_base": "/api", "project_id": PROJECT});
    config
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    config.to_string()
}

/// Each broken file, what the message must say about it (`None`: no file at all).
fn broken_configs() -> Vec<(&'static str, Option<String>, Vec<&'static str>)> {
    vec![
        (
            "missing",
            None,
            vec!["config.json could not be loaded", "HTTP 404"],
        ),
        (
            "empty",
            Some(String::new()),
            vec!["not a JSON object", "empty"],
        ),
        (
            "HTML",
            Some("<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>".into()),
            vec!["not a JSON object", "looks like HTML"],
        ),
        (
            "an array",
            Some("[1, 2]".into()),
            vec!["not a JSON object", "an array"],
        ),
        (
            "wrong type",
            Some(valid(json!({"api_base": 8080}))),
            vec!["\"api_base\" must be a string, found a number"],
        ),
        (
            "malformed api_base",
            Some(valid(json!({"api_base": "/api?x=<b>1</b>"}))),
            vec!["API base URL", "without ?"],
        ),
        (
            "cross-origin api_base",
            Some(valid(json!({
                "api_base": "https://workspace.ap-southeast-1.myhuaweicloud.com"
            }))),
            vec!["API base URL", "another origin", "same-origin proxy"],
        ),
        (
            "short project id",
            Some(valid(json!({"project_id": "0f1e2d3c"}))),
            vec!["Project ID", "not 32 hexadecimal characters"],
        ),
        (
            "non-hex project id",
            Some(valid(
                json!({"project_id": "zz1e2d3c4b5a69788796a5b4c3d2e1f0"}),
            )),
            vec!["Project ID", "not 32 hexadecimal characters"],
        ),
        (
            "bad request_timeout_ms",
            Some(valid(json!({"request_timeout_ms": "soon"}))),
            vec!["request_timeout_ms"],
        ),
    ]
}

#[tokio::test]
async fn bad_configurations_are_named_with_the_settings_form() {
    let dist = dist_with_config("fm-config", None);
    let server = start(&dist);
    let url = server.url.clone();
    let config_path = dist.path().join("config.json");
    with_browser(move |browser| async move {
        let console = Console::new(&browser);
        for (case, (name, contents, expected)) in broken_configs().into_iter().enumerate() {
            install(&config_path, contents.as_deref(), case);
            let seq = last_seq(&server).await;
            console.goto(&url).await.expect("console loads");
            js(
                &console,
                "localStorage.clear(); sessionStorage.clear();",
                vec![],
            )
            .await;
            console.refresh().await.expect("reload");
            let shown = wait_js(
                &console,
                &format!("the configuration problem for {name}"),
                "const e = document.querySelector(\"section.notice.error[role='alert']\"); \
                 return e ? e.textContent : '';",
                vec![],
                PAGE_TIMEOUT,
            )
            .await;
            let shown = shown.as_str().unwrap();
            assert!(
                shown.contains("not configured correctly"),
                "{name}: {shown}"
            );
            for words in expected {
                assert!(shown.contains(words), "{name}: {words:?} not in {shown:?}");
            }
            assert_eq!(
                js(
                    &console,
                    "return document.querySelectorAll('main b').length",
                    vec![]
                )
                .await,
                json!(0),
                "{name}: markup from config.json was rendered"
            );
            settings_form_is_at_hand(&console, name).await;
            assert!(
                since(&server, seq, "list").await.is_empty(),
                "{name}: the API was called with a bad configuration"
            );
            console.assert_no_panic().await;
        }
        the_form_fixes_it(&console).await;
    })
    .await;
}

/// Writes case `case`'s config.json (or removes it), with a distinct Last-Modified so the
/// browser's revalidation sees the change.
fn install(config_path: &Path, contents: Option<&str>, case: usize) {
    match contents {
        Some(text) => replace_file(
            config_path,
            text,
            Duration::from_secs(10 * (case as u64 + 1)),
        ),
        None => {
            let _ = std::fs::remove_file(config_path);
        }
    }
}

/// The settings form: inline, or one click away.
async fn settings_form_is_at_hand(console: &Console, name: &str) {
    js(
        console,
        "for (const b of document.querySelectorAll('main button')) \
           if (b.textContent.includes('Open settings')) b.click();",
        vec![],
    )
    .await;
    wait_js(
        console,
        &format!("a visible settings form for {name}"),
        "return [...document.querySelectorAll('form.settings')] \
           .some(f => f.offsetParent !== null && f.querySelector(\"input[name='api_base']\"));",
        vec![],
        PAGE_TIMEOUT,
    )
    .await;
}

/// The form fixes a bad file for this browser.
async fn the_form_fixes_it(console: &Console) {
    js(
        console,
        "const f = [...document.querySelectorAll('form.settings')] \
           .find(f => f.offsetParent !== null); \
         const set = (name, value) => { const i = f.querySelector(`input[name='${name}']`); \
           i.value = value; i.dispatchEvent(new Event('input', {bubbles: true})); }; \
         set('api_base', '/api'); set('project_id', arguments[0]); \
         f.querySelector(\"button[type='submit']\").click();",
        vec![json!(PROJECT)],
    )
    .await;
    console.wait_list_ready().await;
    assert!(console
        .find_all(Locator::Css("section.notice.error[role='alert']"))
        .await
        .unwrap()
        .is_empty());
    console.assert_no_panic().await;
    console.assert_clean_console().await;
}
