//! Start-up: config.json, whoami.json and the first list page are requested while the wasm
//! downloads and compiles (`src/browser/page.js`). The console takes those answers instead of
//! asking again, follows settings saved in the browser, and nothing is sent to another origin.

use serde_json::{json, Value};

use super::console_server;
use crate::support::browser::dist_dir;
use crate::support::console::{with_console, Console, PAGE_TIMEOUT, UI_TIMEOUT};
use crate::support::files::dist_with_config;
use crate::support::page::{js, wait_contains, wait_js, wait_until};
use crate::support::server::sim::{last_seq, request_log, since};
use crate::support::server::{all_instances, serve, TestServer, PROJECT};

const SETTINGS: &str = "image-console.settings";
const FIRST_PAGE: &str = "image-servers?offset=0&";

/// When the page started each request whose URL contains `part` (ms from navigation), and
/// when the wasm had read its configuration (the console's `config` mark).
async fn starts_and_config_read(console: &Console, part: &str) -> (Vec<f64>, f64) {
    let found = js(
        console,
        "return [performance.getEntriesByType('resource')\
             .filter(e => e.name.includes(arguments[0])).map(e => e.startTime),\
             performance.getEntriesByName('config', 'mark')[0].startTime];",
        vec![json!(part)],
    )
    .await;
    serde_json::from_value(found).expect("request starts and the config mark")
}

/// Saves `settings` in the browser as the Settings form would, then reloads the page.
async fn reload_with_settings(console: &Console, settings: Value) {
    js(
        console,
        "localStorage.setItem(arguments[0], arguments[1]);",
        vec![json!(SETTINGS), json!(settings.to_string())],
    )
    .await;
    console.refresh().await.expect("reloads");
}

/// `scheme://host:port` of `url`.
fn origin_of(url: &str) -> String {
    let after_scheme = url.find("://").expect("an absolute URL") + 3;
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |slash| after_scheme + slash);
    url[..end].to_owned()
}

/// The simulator's first-page requests after `seq`.
async fn first_pages(server: &TestServer, seq: u64) -> Vec<Value> {
    let mut lists = since(server, seq, "list").await;
    lists.retain(|entry| {
        entry["query"]
            .as_str()
            .is_some_and(|query| query.starts_with("offset=0&"))
    });
    lists
}

/// The first page is on its way before the wasm has even read config.json, and each
/// start-up file and the first page are requested once: the console took page.js's answers.
#[tokio::test]
async fn first_requests_leave_before_the_wasm_runs_and_are_sent_once() {
    let server = console_server(&[]);
    let total = all_instances(&server).await.len();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        let (first_page, config_read) = starts_and_config_read(&console, FIRST_PAGE).await;
        assert_eq!(first_page.len(), 1, "one first-page request in the page");
        assert!(
            first_page[0] < config_read,
            "the first page left at {} ms, before the wasm read its configuration at {config_read} ms",
            first_page[0]
        );
        assert_eq!(first_pages(&server, 0).await.len(), 1, "the API saw it once");
        for file in ["config.json", "whoami.json"] {
            let (starts, _) = starts_and_config_read(&console, file).await;
            assert_eq!(starts.len(), 1, "{file} requested once: {starts:?}");
        }
        console.assert_clean_console().await;
    })
    .await;
}

/// Settings saved in this browser win over config.json already for the first request: the
/// project in config.json is never asked for.
#[tokio::test]
async fn saved_settings_steer_the_first_request() {
    let file_project = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let config = json!({"api_base": "/api", "project_id": file_project}).to_string();
    let dist = dist_with_config("console-dist", Some(&config));
    let server = TestServer::start(&["--dist", dist.arg(), "--config-from-dist"]);
    let total = all_instances(&server).await.len();
    let url = server.url.clone();
    with_console(&url, None, move |console| async move {
        // The page's own first load (config.json's project) reaches the API before the
        // settings are saved: only what comes after the reload counts.
        wait_until("the first load's first page", UI_TIMEOUT, || async {
            !first_pages(&server, 0).await.is_empty()
        })
        .await;
        let seq = last_seq(&server).await;
        reload_with_settings(&console, json!({ "project_id": PROJECT })).await;
        console.wait_rows(total, PAGE_TIMEOUT).await;

        let (first_page, config_read) = starts_and_config_read(&console, FIRST_PAGE).await;
        assert_eq!(first_page.len(), 1, "one first-page request in the page");
        assert!(first_page[0] < config_read, "sent before the wasm ran");
        let sent = first_pages(&server, seq).await;
        assert_eq!(sent.len(), 1, "the API saw one first page: {sent:?}");
        let path = sent[0]["path"].as_str().expect("a path");
        assert!(path.contains(PROJECT), "the saved project: {path}");
        let mut after_reload = request_log(&server).await;
        after_reload.retain(|entry| entry["seq"].as_u64() > Some(seq));
        assert!(
            after_reload
                .iter()
                .all(|entry| !entry.to_string().contains(file_project)),
            "config.json's project was not asked for after the reload: {after_reload:?}"
        );
    })
    .await;
}

/// Settings in this browser naming another origin (written there by anything but the
/// console's form, which refuses them): the console refuses them, and the other origin never
/// sees a request, not even at start-up.
#[tokio::test]
async fn saved_settings_naming_another_origin_send_nothing_there() {
    let server = console_server(&[]);
    let elsewhere = console_server(&[]);
    let url = server.url.clone();
    let origin = origin_of(&elsewhere.url);
    let other_api = format!("{origin}/api");
    with_console(&url, None, move |console| async move {
        reload_with_settings(&console, json!({ "api_base": other_api })).await;
        console
            .assert_config_problem(&[&origin, "another origin"])
            .await;
        let log = request_log(&elsewhere).await;
        assert!(log.is_empty(), "the other origin saw: {log:?}");
        let (to_elsewhere, _) = starts_and_config_read(&console, &origin).await;
        assert!(to_elsewhere.is_empty(), "the page sent nothing there");
    })
    .await;
}

/// The console's files from a server whose config.json never answers.
async fn site_with_hanging_config() -> String {
    let app = axum::Router::new()
        .route(
            "/config.json",
            axum::routing::get(std::future::pending::<&'static str>),
        )
        .fallback_service(tower_http::services::ServeDir::new(dist_dir()));
    format!("http://{}/", serve(app).await)
}

/// The real dist behind a test site whose API never answers the list: config.json points the
/// console at it.
async fn site_with_hanging_list() -> String {
    let config = json!({ "api_base": "/api", "project_id": PROJECT }).to_string();
    let app = axum::Router::new()
        .route(
            "/config.json",
            axum::routing::get(move || async move { config }),
        )
        .route(
            &format!("/api/v1/{PROJECT}/image-servers"),
            axum::routing::get(std::future::pending::<&'static str>),
        )
        .fallback_service(tower_http::services::ServeDir::new(dist_dir()));
    format!("http://{}/", serve(app).await)
}

/// The page is not painted until the console has the first list page's answer, so that rows
/// about to arrive are painted with it, but only briefly: a list that never answers still
/// shows the console, loading the instances.
#[tokio::test]
async fn a_hanging_first_page_still_shows_the_console_loading_the_list() {
    shows_loading(&site_with_hanging_list().await, "Loading image instances").await;
}

/// Opens the console at `url` and waits until its loading state says `words` and is
/// rendered (not only in the page: the page's hold on its first paint must end).
async fn shows_loading(url: &str, words: &'static str) {
    with_console(url, None, move |console| async move {
        wait_contains(&console, "main .loading", words, UI_TIMEOUT).await;
        wait_js(
            &console,
            "the loading state rendered",
            "return document.querySelector('main .loading')?.checkVisibility() === true;",
            vec![],
            UI_TIMEOUT,
        )
        .await;
    })
    .await;
}

/// A config.json that never answers holds up page.js's start-up requests forever: the console
/// mounts anyway (it waits for them only briefly) and says it is loading its configuration,
/// rather than leaving the page blank.
#[tokio::test]
async fn a_hanging_config_json_still_shows_the_console_loading() {
    shows_loading(&site_with_hanging_config().await, "Loading configuration").await;
}
