//! The fault matrix (issue 6): the built app in headless Chromium against the simulator, with
//! each simulator fault turned on for listing, batch-delete and job polling, plus bad
//! configurations. Each test asserts what the person sees and, from `/__sim/requests`, that
//! nothing was sent twice or lost.
//!
//! Several scenarios share one browser session to keep the run short. The app under test
//! reads `request_timeout_ms` from its config.json (2 s here) so that a hanging upstream is
//! noticed quickly. Nothing waits by sleeping: every wait is for a DOM condition or a log
//! entry, with a deadline.

mod support {
    pub mod browser;
    pub mod server;
}

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client as Browser, Locator};
use serde_json::{json, Value};
use support::browser::{browser_log, dist_dir, with_browser};
use support::server::{client, TempDir, TestServer, PROJECT};

/// The client time limit the app is configured with in these tests.
const TIMEOUT_MS: u64 = 2_000;
/// Tries of a read before its error is shown (the app's `READ_ATTEMPTS`).
const READ_ATTEMPTS: usize = 4;
/// Bound on any one wait: a few retries with backoff on a busy machine.
const WAIT: Duration = Duration::from_secs(30);
const ROWS: &str = "table#instance-table tbody tr[data-id]";

// ---- setup ------------------------------------------------------------------------------

/// Copies the built app into a temp dir with this config.json (`None`: no config.json).
fn dist_with_config(label: &str, config: Option<&str>) -> TempDir {
    let dir = TempDir::new(label);
    copy_dir(&dist_dir(), dir.path());
    // Precompressed siblings would be served instead of the file written here.
    for sibling in ["config.json.br", "config.json.gz"] {
        let _ = std::fs::remove_file(dir.path().join(sibling));
    }
    if let Some(config) = config {
        dir.write("config.json", config);
    } else {
        let _ = std::fs::remove_file(dir.path().join("config.json"));
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dist") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

fn good_config() -> String {
    json!({"api_base": "/api", "project_id": PROJECT, "request_timeout_ms": TIMEOUT_MS}).to_string()
}

/// A server on the app copy with a short request timeout and long-running jobs.
fn start(dist: &TempDir) -> TestServer {
    TestServer::start(&[
        "--dist",
        dist.arg(),
        "--config-from-dist",
        "--job-duration-ms",
        "600000",
    ])
}

// ---- the simulator's control API --------------------------------------------------------

async fn set_faults(origin: &str, specs: &[&str]) {
    let response = client()
        .put(format!("{origin}/__sim/faults"))
        .json(&specs)
        .send()
        .await
        .expect("PUT /__sim/faults");
    assert!(response.status().is_success(), "faults {specs:?} refused");
}

async fn log(origin: &str) -> Vec<Value> {
    client()
        .get(format!("{origin}/__sim/requests"))
        .send()
        .await
        .expect("GET /__sim/requests")
        .json()
        .await
        .expect("the log is JSON")
}

/// The `seq` of the newest logged request (0 when none).
async fn last_seq(origin: &str) -> u64 {
    log(origin)
        .await
        .last()
        .and_then(|entry| entry["seq"].as_u64())
        .unwrap_or(0)
}

/// Requests logged after `seq` for `endpoint` (`list`, `delete`, `job`).
async fn since(origin: &str, seq: u64, endpoint: &str) -> Vec<Value> {
    log(origin)
        .await
        .into_iter()
        .filter(|entry| entry["seq"].as_u64() > Some(seq) && entry["endpoint"] == endpoint)
        .collect()
}

/// Waits until at least `count` `endpoint` requests after `seq` satisfy `matches`.
async fn wait_for_requests(
    origin: &str,
    seq: u64,
    endpoint: &str,
    count: usize,
    matches: impl Fn(&Value) -> bool,
) -> Vec<Value> {
    let deadline = Instant::now() + WAIT;
    loop {
        let found: Vec<Value> = since(origin, seq, endpoint)
            .await
            .into_iter()
            .filter(&matches)
            .collect();
        if found.len() >= count {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "{count} matching {endpoint} requests expected after #{seq}, found {}: {:?}",
            found.len(),
            since(origin, seq, endpoint).await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// App-level attempts among logged requests. When a connection closes with no answer,
/// Chromium itself resends the request at once on another connection if the first one was a
/// reused keep-alive connection (it cannot tell this from an idle connection the server
/// closed). Such resends arrive within milliseconds; the app's own retries come at least
/// 100 ms apart (the backoff floor). So requests less than 50 ms after the previous one are
/// the same attempt.
fn attempts(entries: &[Value]) -> usize {
    let times: Vec<u64> = entries.iter().map(time_of_day_ms).collect();
    match times.first() {
        None => 0,
        Some(_) => {
            1 + times
                .windows(2)
                .filter(|pair| pair[1] - pair[0] >= 50)
                .count()
        }
    }
}

/// Milliseconds since midnight UTC of a logged `time` (`…THH:MM:SS.mmmZ`).
fn time_of_day_ms(entry: &Value) -> u64 {
    let time = entry["time"].as_str().expect("time is a string");
    let clock = &time[time.find('T').expect("ISO time") + 1..time.len() - 1];
    let mut parts = clock.split(':');
    let hours: u64 = parts.next().unwrap().parse().unwrap();
    let minutes: u64 = parts.next().unwrap().parse().unwrap();
    let seconds: f64 = parts.next().unwrap().parse().unwrap();
    (hours * 3_600 + minutes * 60) * 1_000 + (seconds * 1_000.0).round() as u64
}

// ---- the page ---------------------------------------------------------------------------

async fn js(browser: &Browser, script: &str, args: Vec<Value>) -> Value {
    browser
        .execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Runs `script` until it returns something truthy (not null/false/""/0), and returns it.
async fn wait_js(browser: &Browser, what: &str, script: &str, args: Vec<Value>) -> Value {
    let deadline = Instant::now() + WAIT;
    loop {
        let value = js(browser, script, args.clone()).await;
        let truthy = match &value {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::String(s) => !s.is_empty(),
            Value::Number(n) => n.as_f64() != Some(0.0),
            _ => true,
        };
        if truthy {
            return value;
        }
        let page = js(browser, "return document.body.innerText", vec![]).await;
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; the page says:\n{}",
            page.as_str().unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Text of the first element matching `css`, or "".
async fn text(browser: &Browser, css: &str) -> String {
    js(
        browser,
        "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';",
        vec![json!(css)],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

async fn click(browser: &Browser, css: &str) {
    wait_js(
        browser,
        &format!("an enabled {css}"),
        "const e = document.querySelector(arguments[0]); \
         if (!e || e.disabled) return false; e.click(); return true;",
        vec![json!(css)],
    )
    .await;
}

/// The error notice under a title starting with `title`, as text, once shown.
async fn wait_for_error(browser: &Browser, scope: &str, title: &str) -> String {
    wait_js(
        browser,
        &format!("an error notice titled {title:?} in {scope}"),
        "for (const e of document.querySelectorAll(arguments[0] + ' .api-error')) { \
           const t = e.querySelector('.api-error-title'); \
           if (t && t.textContent.startsWith(arguments[1])) return e.textContent; } \
         return '';",
        vec![json!(scope), json!(title)],
    )
    .await
    .as_str()
    .unwrap()
    .to_owned()
}

async fn error_shown(browser: &Browser, scope: &str) -> bool {
    js(
        browser,
        "return document.querySelectorAll(arguments[0] + ' .api-error').length > 0",
        vec![json!(scope)],
    )
    .await
        == json!(true)
}

/// Waits until the list is loaded: rows shown, no progress, no list error.
async fn wait_list_ready(browser: &Browser) {
    wait_js(
        browser,
        "the list to be loaded without an error",
        "return document.querySelectorAll(arguments[0]).length > 0 \
           && !document.querySelector('div.loading') \
           && !document.querySelector('section.toolbar ~ .api-error');",
        vec![json!(ROWS)],
    )
    .await;
}

/// No panic banner: the panic hook never fired.
async fn assert_no_panic(browser: &Browser) {
    assert_eq!(
        text(browser, ".panic").await,
        "",
        "the app panicked (its hook showed a banner)"
    );
}

/// The browser console since the last look: failed requests are expected under faults, but
/// no script error, panic, reactive-graph warning (e.g. a write to a disposed signal) or CSP
/// violation.
async fn assert_clean_console(browser: &Browser) {
    let bad: Vec<String> = browser_log(browser)
        .await
        .into_iter()
        .filter(|line| {
            // Chromium's own warnings (source "other", e.g. about preload integrity) are
            // not the app's; the app's console.warn/error are "console-api".
            !line.contains(" network: ")
                && (line.starts_with("SEVERE")
                    || line.starts_with("WARNING console-api")
                    || line.contains("panicked")
                    || line.contains("disposed")
                    || line.contains("Content Security Policy"))
        })
        .collect();
    assert!(bad.is_empty(), "the browser console has: {bad:#?}");
}

async fn local_storage(browser: &Browser, key: &str) -> String {
    js(
        browser,
        "return localStorage.getItem(arguments[0]) || ''",
        vec![json!(key)],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

// ---- listing ----------------------------------------------------------------------------

/// Each fault on the list: what the person sees, how often it was asked, and recovery.
#[tokio::test]
async fn list_faults_show_the_error_and_recover() {
    let dist = dist_with_config("fm-list", Some(&good_config()));
    let server = start(&dist);
    let (origin, url) = (server.origin.clone(), server.url.clone());
    with_browser(move |browser| async move {
        browser.goto(&url).await.expect("console loads");
        wait_list_ready(&browser).await;

        // Odd data is shown as text: markup, unicode, a huge name, absent and "null" statuses.
        let table = text(&browser, "table#instance-table").await;
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
                &browser,
                "return document.querySelectorAll('table img').length",
                vec![]
            )
            .await,
            json!(0),
            "a name was rendered as HTML"
        );
        for name in ["status-field-absent", "status-is-the-string-null"] {
            let status = js(
                &browser,
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

        let refresh = "section.toolbar > button";
        let list_error = "Could not load the instances";

        // Latency: a progress indicator, then the list, one request, no error.
        set_faults(&origin, &["list:latency=1500"]).await;
        let seq = last_seq(&origin).await;
        click(&browser, refresh).await;
        wait_js(
            &browser,
            "the loading indicator",
            "const e = document.querySelector('div.loading'); return e ? e.textContent : ''",
            vec![],
        )
        .await;
        wait_list_ready(&browser).await;
        assert_eq!(since(&origin, seq, "list").await.len(), 1);

        // Errors that are retried, then shown with what the server said.
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
            set_faults(&origin, &[fault]).await;
            let seq = last_seq(&origin).await;
            click(&browser, refresh).await;
            let shown = wait_for_error(&browser, "main", list_error).await;
            for words in expected {
                assert!(shown.contains(words), "{fault}: {words:?} not in {shown:?}");
            }
            let tries = since(&origin, seq, "list").await;
            assert_eq!(attempts(&tries), READ_ATTEMPTS, "{fault}: {tries:?}");
            if fault != "list:drop" {
                assert_eq!(tries.len(), READ_ATTEMPTS, "{fault}: {tries:?}");
            }
            if fault == "list:html502" {
                let injected = js(
                    &browser,
                    "return document.querySelectorAll('.api-error center, .api-error h1').length",
                    vec![],
                )
                .await;
                assert_eq!(injected, json!(0), "the HTML body was rendered");
            }
            // The fault clears; the person refreshes; the list is back.
            set_faults(&origin, &[]).await;
            click(&browser, refresh).await;
            wait_list_ready(&browser).await;
            assert!(!error_shown(&browser, "main").await, "{fault}: error left");
        }

        // A truncated success body is not retried: the request did reach the service.
        set_faults(&origin, &["list:truncate"]).await;
        let seq = last_seq(&origin).await;
        click(&browser, refresh).await;
        let shown = wait_for_error(&browser, "main", list_error).await;
        assert!(
            shown.contains("HTTP 200: the response could not be read"),
            "{shown}"
        );
        assert_eq!(since(&origin, seq, "list").await.len(), 1);
        set_faults(&origin, &[]).await;
        click(&browser, refresh).await;
        wait_list_ready(&browser).await;

        // 429 with Retry-After: the retry waits as asked, and succeeds once the fault clears,
        // with no error shown and nothing for the person to do.
        set_faults(&origin, &["list:429=2"]).await;
        let seq = last_seq(&origin).await;
        click(&browser, refresh).await;
        let throttled = wait_for_requests(&origin, seq, "list", 2, |e| e["fault"] == "429").await;
        let gap = time_of_day_ms(&throttled[1]) - time_of_day_ms(&throttled[0]);
        assert!(gap >= 1_950, "retried {gap} ms after a Retry-After of 2 s");
        set_faults(&origin, &[]).await;
        wait_for_requests(&origin, seq, "list", 1, |e| e["status"] == 200).await;
        wait_list_ready(&browser).await;
        assert!(!error_shown(&browser, "main").await);

        // A server asking to wait longer than a read may: its error at once, not a list that
        // seems stuck, and the person can refresh later.
        set_faults(&origin, &["list:429=120"]).await;
        let seq = last_seq(&origin).await;
        click(&browser, refresh).await;
        let shown = wait_for_error(&browser, "main", list_error).await;
        for words in ["HTTP 429", "APIGW.0308", "Server asks to retry after120 s"] {
            assert!(shown.contains(words), "{words:?} not in {shown:?}");
        }
        assert_eq!(since(&origin, seq, "list").await.len(), 1);
        set_faults(&origin, &[]).await;
        click(&browser, refresh).await;
        wait_list_ready(&browser).await;

        // A hanging upstream: the request is abandoned after the time limit and retried; the
        // retry succeeds once the upstream answers again.
        set_faults(&origin, &["list:hang"]).await;
        let seq = last_seq(&origin).await;
        click(&browser, refresh).await;
        let hung = wait_for_requests(&origin, seq, "list", 1, |e| e["fault"] == "hang").await;
        set_faults(&origin, &[]).await;
        let answered = wait_for_requests(&origin, seq, "list", 1, |e| e["status"] == 200).await;
        let waited = time_of_day_ms(&answered[0]) - time_of_day_ms(&hung[0]);
        assert!(
            waited >= TIMEOUT_MS,
            "retried {waited} ms after a hang, before the time limit"
        );
        wait_list_ready(&browser).await;
        assert!(!error_shown(&browser, "main").await);
        assert_eq!(since(&origin, seq, "list").await.len(), 2);

        assert_no_panic(&browser).await;
        assert_clean_console(&browser).await;
    })
    .await;
}

// ---- batch-delete -----------------------------------------------------------------------

/// Deletable instances (ACTIVE, no changed associated resources), newest first.
async fn deletable(origin: &str) -> Vec<String> {
    let page: Value = client()
        .get(format!("{origin}/api/v1/{PROJECT}/image-servers?limit=100"))
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("JSON list");
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|item| {
            item["status"] == "ACTIVE"
                && !item["name"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("changed")
        })
        .map(|item| item["id"].as_str().expect("id").to_owned())
        .collect()
}

/// Selects `id`, opens the confirmation and presses its Delete button twice at once, then
/// Enter twice on whatever has focus: all of it is one confirmation.
async fn confirm_delete_impatiently(browser: &Browser, id: &str) {
    let checkbox = format!("tr[data-id='{id}'] td.select input[type=checkbox]");
    click(browser, &checkbox).await;
    wait_js(
        browser,
        "the row to be selected",
        "return document.querySelector(arguments[0]).checked",
        vec![json!(checkbox)],
    )
    .await;
    click(browser, "section.selection-bar button.danger").await;
    wait_js(
        browser,
        "the delete confirmation",
        "const d = document.querySelector(\"dialog[aria-labelledby='delete-title']\"); \
         return d && d.open && d.textContent.includes(arguments[0]);",
        vec![json!(id)],
    )
    .await;
    js(
        browser,
        "const b = document.querySelector(\"dialog[aria-labelledby='delete-title'] .actions button.danger\"); \
         b.focus(); b.click(); b.click(); b.dispatchEvent(new MouseEvent('dblclick', {bubbles: true}));",
        vec![],
    )
    .await;
    for _ in 0..2 {
        if let Ok(active) = browser.active_element().await {
            let _ = active.send_keys("\u{E007}").await;
        }
    }
}

/// The PATCHes logged after `seq`; asserts there is exactly one, for exactly `id`.
async fn exactly_one_patch(origin: &str, seq: u64, id: &str) -> Value {
    let patches = wait_for_requests(origin, seq, "delete", 1, |_| true).await;
    assert_eq!(patches.len(), 1, "more than one PATCH: {patches:?}");
    assert_eq!(patches[0]["method"], "PATCH");
    assert_eq!(patches[0]["body"]["items"], json!([id]));
    patches[0].clone()
}

/// For a connection dropped with no answer: the app sent the PATCH once. Chromium may have
/// resent it itself at once on other connections (see [`attempts`]); all of those copies
/// are one burst, and none reached the service.
async fn one_patch_attempt(origin: &str, seq: u64, id: &str) {
    let patches = since(origin, seq, "delete").await;
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

/// Each fault on batch-delete: the error with what the server said, exactly one PATCH per
/// confirmation (never retried, whatever is clicked or pressed), and a reload while the PATCH
/// is in flight is reported, not forgotten or repeated.
#[tokio::test]
async fn delete_faults_are_shown_and_never_repeated() {
    let dist = dist_with_config("fm-delete", Some(&good_config()));
    let server = start(&dist);
    let (origin, url) = (server.origin.clone(), server.url.clone());
    with_browser(move |browser| async move {
        let mut candidates = deletable(&origin).await.into_iter();
        browser.goto(&url).await.expect("console loads");
        wait_list_ready(&browser).await;
        let submit_error = "section.selection-bar";

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
            (
                "delete:hang",
                &[
                    "Timed out",
                    &format!("no answer within {} s", TIMEOUT_MS / 1000),
                ][..],
                false,
            ),
        ] {
            let id = candidates.next().expect("enough deletable instances");
            set_faults(&origin, &[fault]).await;
            let seq = last_seq(&origin).await;
            confirm_delete_impatiently(&browser, &id).await;
            let title = if refused {
                "The delete request failed; nothing was deleted"
            } else {
                "The delete request got no usable answer: it may or may not have been carried out"
            };
            let shown = wait_for_error(&browser, submit_error, title).await;
            for words in expected {
                assert!(shown.contains(words), "{fault}: {words:?} not in {shown:?}");
            }
            if fault == "delete:drop" {
                one_patch_attempt(&origin, seq, &id).await;
            } else {
                exactly_one_patch(&origin, seq, &id).await;
            }
            set_faults(&origin, &[]).await;
            if refused {
                // Nothing happened: the selection is kept for the person to decide.
                assert_eq!(
                    js(
                        &browser,
                        "return document.querySelector(arguments[0]).checked",
                        vec![json!(format!("tr[data-id='{id}'] td.select input"))],
                    )
                    .await,
                    json!(true),
                    "{fault}: selection lost"
                );
            } else {
                // The outcome is unknown: the list is read again.
                wait_for_requests(&origin, seq, "list", 1, |e| e["status"] == 200).await;
                wait_list_ready(&browser).await;
            }
            let clear = "section.selection-bar button.secondary";
            if js(
                &browser,
                "return !document.querySelector(arguments[0]).disabled",
                vec![json!(clear)],
            )
            .await
                == json!(true)
            {
                click(&browser, clear).await;
            }
            // Still one, after everything settled.
            if fault == "delete:drop" {
                one_patch_attempt(&origin, seq, &id).await;
            } else {
                assert_eq!(since(&origin, seq, "delete").await.len(), 1, "{fault}");
            }
        }

        // A truncated answer: the PATCH reached the service, but its job ID was lost on the
        // way. Nothing is sent again; the console finds the job among the delete jobs.
        let id = candidates.next().expect("enough deletable instances");
        set_faults(&origin, &["delete:truncate"]).await;
        let seq = last_seq(&origin).await;
        confirm_delete_impatiently(&browser, &id).await;
        exactly_one_patch(&origin, seq, &id).await;
        set_faults(&origin, &[]).await;
        let jobs: Value = client()
            .get(format!(
                "{origin}/api/v1/{PROJECT}/image-server-jobs?job_type=DELETE_SERVER"
            ))
            .send()
            .await
            .expect("list jobs")
            .json()
            .await
            .expect("JSON jobs");
        let recovered = jobs["items"][0]["id"].as_str().expect("a job").to_owned();
        wait_js(
            &browser,
            "the recovered job's card",
            "return !!document.querySelector(`article.job-card[data-job-id='${arguments[0]}']`)",
            vec![json!(recovered)],
        )
        .await;
        assert!(local_storage(&browser, "image-console.jobs")
            .await
            .contains(&recovered));
        wait_js(
            &browser,
            "the instance to show as deleting",
            "const r = document.querySelector(arguments[0]); \
             return r && r.querySelector('td.status').textContent.includes('Deleting');",
            vec![json!(format!("tr[data-id='{id}']"))],
        )
        .await;
        assert!(!error_shown(&browser, "section.selection-bar").await);
        assert_eq!(since(&origin, seq, "delete").await.len(), 1);

        // A reload while the PATCH is in flight: not sent again, and the person is told.
        let id = candidates.next().expect("enough deletable instances");
        set_faults(&origin, &["delete:hang"]).await;
        let seq = last_seq(&origin).await;
        confirm_delete_impatiently(&browser, &id).await;
        exactly_one_patch(&origin, seq, &id).await;
        assert!(local_storage(&browser, "image-console.pending")
            .await
            .contains(&id));
        browser.refresh().await.expect("reload");
        let warning = wait_js(
            &browser,
            "the interrupted-request warning",
            "const e = document.querySelector('.interrupted-submissions'); \
             return e ? e.textContent : '';",
            vec![],
        )
        .await;
        assert!(warning.as_str().unwrap().contains(&id), "{warning}");
        wait_list_ready(&browser).await;
        set_faults(&origin, &[]).await;
        assert_eq!(
            since(&origin, seq, "delete").await.len(),
            1,
            "re-sent after reload"
        );
        click(&browser, ".interrupted-submissions button").await;
        assert_eq!(local_storage(&browser, "image-console.pending").await, "");

        // A reload after the service did carry out the PATCH but before its answer arrived:
        // the console finds the job (reads only) and follows it, instead of a warning.
        let id = candidates.next().expect("enough deletable instances");
        set_faults(&origin, &["delete:hang"]).await;
        let seq = last_seq(&origin).await;
        confirm_delete_impatiently(&browser, &id).await;
        exactly_one_patch(&origin, seq, &id).await;
        set_faults(&origin, &[]).await;
        // The stand-in for the service having processed it: the same batch-delete, sent by
        // the test.
        let accepted: Value = client()
            .patch(format!(
                "{origin}/api/v1/{PROJECT}/image-servers/actions/batch-delete"
            ))
            .json(&json!({"items": [id], "recursive": false}))
            .send()
            .await
            .expect("PATCH")
            .json()
            .await
            .expect("JSON");
        let found = accepted["job_id"].as_str().expect("job_id").to_owned();
        browser.refresh().await.expect("reload");
        wait_js(
            &browser,
            "the found job's card, and no warning",
            "return !!document.querySelector(`article.job-card[data-job-id='${arguments[0]}']`) \
               && !document.querySelector('.interrupted-submissions');",
            vec![json!(found)],
        )
        .await;
        assert!(local_storage(&browser, "image-console.jobs")
            .await
            .contains(&found));
        assert_eq!(local_storage(&browser, "image-console.pending").await, "");
        wait_list_ready(&browser).await;
        assert_eq!(
            since(&origin, seq, "delete").await.len(),
            2,
            "the console's one PATCH and the test's stand-in"
        );

        // Latency: a slow but good answer gives one job, shown and stored at once.
        let known = js(
            &browser,
            "return [...document.querySelectorAll('article.job-card')] \
               .map(c => c.getAttribute('data-job-id'))",
            vec![],
        )
        .await;
        let id = candidates.next().expect("enough deletable instances");
        set_faults(&origin, &["delete:latency=1500"]).await;
        let seq = last_seq(&origin).await;
        confirm_delete_impatiently(&browser, &id).await;
        let card = wait_js(
            &browser,
            "the new job card",
            "const c = [...document.querySelectorAll('article.job-card')] \
               .map(c => c.getAttribute('data-job-id')).filter(id => !arguments[0].includes(id)); \
             return c.length ? c[0] : '';",
            vec![known],
        )
        .await;
        let job_id = card.as_str().unwrap().to_owned();
        assert_ne!(job_id, recovered);
        assert!(local_storage(&browser, "image-console.jobs")
            .await
            .contains(&job_id));
        assert_eq!(
            text(
                &browser,
                &format!("article[data-job-id='{job_id}'] .job-id code")
            )
            .await,
            job_id
        );
        set_faults(&origin, &[]).await;
        exactly_one_patch(&origin, seq, &id).await;
        // Enter on whatever has focus now sends nothing more.
        if let Ok(active) = browser.active_element().await {
            let _ = active.send_keys("\u{E007}").await;
        }
        wait_for_requests(&origin, seq, "job", 1, |e| e["status"] == 200).await;
        assert_eq!(since(&origin, seq, "delete").await.len(), 1);
        assert_eq!(local_storage(&browser, "image-console.pending").await, "");

        assert_no_panic(&browser).await;
        assert_clean_console(&browser).await;
    })
    .await;
}

// ---- job polling ------------------------------------------------------------------------

/// Each fault while a job is followed: "retrying" with the next time and the error, the job
/// ID on screen and stored throughout, recovery; a pause while hidden with an immediate check
/// on return; the job survives a reload and shows in a second tab.
#[tokio::test]
async fn job_polling_survives_faults_and_keeps_the_job() {
    let dist = dist_with_config("fm-job", Some(&good_config()));
    let server = start(&dist);
    let (origin, url) = (server.origin.clone(), server.url.clone());
    with_browser(move |browser| async move {
        let id = deletable(&origin).await.remove(0);
        browser.goto(&url).await.expect("console loads");
        wait_list_ready(&browser).await;
        let seq = last_seq(&origin).await;
        confirm_delete_impatiently(&browser, &id).await;
        let job_id = wait_js(
            &browser,
            "the job card",
            "const c = document.querySelector('article.job-card'); \
             return c ? c.getAttribute('data-job-id') : '';",
            vec![],
        )
        .await
        .as_str()
        .unwrap()
        .to_owned();
        exactly_one_patch(&origin, seq, &id).await;
        let card = format!("article.job-card[data-job-id='{job_id}']");
        let check_now = format!("{card} .actions button");
        let poll_state = format!("{card} .poll-state");
        wait_for_requests(&origin, seq, "job", 1, |e| e["status"] == 200).await;

        let job_still_there = |browser: Browser, job_id: String, card: String| async move {
            assert_eq!(
                text(&browser, &format!("{card} .job-id code")).await,
                job_id
            );
            assert!(local_storage(&browser, "image-console.jobs")
                .await
                .contains(&job_id));
        };

        for (fault, expected) in [
            ("job:500", &["HTTP 500", "WKS.00211401"][..]),
            ("job:503", &["HTTP 503", "WKS.00050902"][..]),
            (
                "job:html502",
                &["HTTP 502", "not an API error", "<html>"][..],
            ),
            (
                "job:truncate",
                &["HTTP 200: the response could not be read"][..],
            ),
            ("job:drop", &["Network error"][..]),
            ("job:hang", &["Timed out", "no answer within 2 s"][..]),
        ] {
            set_faults(&origin, &[fault]).await;
            let seq = last_seq(&origin).await;
            click(&browser, &check_now).await;
            let shown = wait_for_error(&browser, &card, "Could not check the job (retrying)").await;
            for words in expected {
                assert!(shown.contains(words), "{fault}: {words:?} not in {shown:?}");
            }
            assert!(
                text(&browser, &poll_state)
                    .await
                    .starts_with("Retrying at "),
                "{fault}: {}",
                text(&browser, &poll_state).await
            );
            assert!(!since(&origin, seq, "job").await.is_empty());
            job_still_there(browser.clone(), job_id.clone(), card.clone()).await;
            // The fault clears: the next check succeeds and the error goes away.
            set_faults(&origin, &[]).await;
            click(&browser, &check_now).await;
            wait_js(
                &browser,
                "polling to recover",
                "const c = document.querySelector(arguments[0]); \
                 return c && !c.querySelector('.api-error') \
                   && c.querySelector('.poll-state').textContent.startsWith('Next check at');",
                vec![json!(card)],
            )
            .await;
        }

        // 429: the next check waits for Retry-After, unprompted.
        set_faults(&origin, &["job:429=2"]).await;
        let seq = last_seq(&origin).await;
        click(&browser, &check_now).await;
        let shown = wait_for_error(&browser, &card, "Could not check the job (retrying)").await;
        assert!(
            shown.contains("HTTP 429") && shown.contains("APIGW.0308"),
            "{shown}"
        );
        let throttled = wait_for_requests(&origin, seq, "job", 2, |e| e["fault"] == "429").await;
        let gap = time_of_day_ms(&throttled[1]) - time_of_day_ms(&throttled[0]);
        assert!(
            gap >= 1_950,
            "polled again {gap} ms after a Retry-After of 2 s"
        );
        set_faults(&origin, &[]).await;
        wait_for_requests(&origin, seq, "job", 1, |e| e["status"] == 200).await;
        job_still_there(browser.clone(), job_id.clone(), card.clone()).await;

        // Latency: "Checking…" while it waits, then back to the schedule.
        set_faults(&origin, &["job:latency=1500"]).await;
        click(&browser, &check_now).await;
        wait_js(
            &browser,
            "Checking…",
            "return document.querySelector(arguments[0]).textContent === 'Checking…'",
            vec![json!(poll_state)],
        )
        .await;
        wait_js(
            &browser,
            "the next check to be scheduled",
            "return document.querySelector(arguments[0]).textContent.startsWith('Next check at')",
            vec![json!(poll_state)],
        )
        .await;
        set_faults(&origin, &[]).await;

        // Hidden: polling pauses; visible again: one check at once.
        js(
            &browser,
            "Object.defineProperty(document, 'visibilityState', \
               {configurable: true, get: () => 'hidden'}); \
             document.dispatchEvent(new Event('visibilitychange'));",
            vec![],
        )
        .await;
        click(&browser, &check_now).await;
        wait_js(
            &browser,
            "the paused state",
            "return document.querySelector(arguments[0]).textContent.startsWith('Paused')",
            vec![json!(poll_state)],
        )
        .await;
        let paused_seq = last_seq(&origin).await;
        // An observation window, not a synchronisation: nothing may be asked while hidden.
        tokio::time::sleep(Duration::from_millis(2_500)).await;
        assert!(
            since(&origin, paused_seq, "job").await.is_empty(),
            "polled while hidden"
        );
        let shown_at = Instant::now();
        js(
            &browser,
            "Object.defineProperty(document, 'visibilityState', \
               {configurable: true, get: () => 'visible'}); \
             document.dispatchEvent(new Event('visibilitychange'));",
            vec![],
        )
        .await;
        wait_for_requests(&origin, paused_seq, "job", 1, |e| e["status"] == 200).await;
        assert!(
            // Paused, it would never check by itself: any check soon after is the wake-up.
            shown_at.elapsed() < Duration::from_secs(5),
            "the check on return was not immediate"
        );

        // Reload: the job is still followed, and the history has it.
        let seq = last_seq(&origin).await;
        browser.refresh().await.expect("reload");
        wait_js(
            &browser,
            "the job card after a reload",
            "return !!document.querySelector(arguments[0])",
            vec![json!(card)],
        )
        .await;
        wait_for_requests(&origin, seq, "job", 1, |e| e["status"] == 200).await;
        assert!(text(&browser, "details.history summary")
            .await
            .contains("Recent jobs (1)"));

        // A second tab shows the same job, and a job started in the first tab while the
        // second is open appears there too (the storage event).
        let first = browser.window().await.expect("window");
        let second = browser.new_window(true).await.expect("new tab");
        let second = second.handle;
        browser
            .switch_to_window(second.clone())
            .await
            .expect("switch");
        browser.goto(&url).await.expect("console loads in tab 2");
        wait_js(
            &browser,
            "the job card in the second tab",
            "return !!document.querySelector(arguments[0])",
            vec![json!(card)],
        )
        .await;
        wait_list_ready(&browser).await;
        browser
            .switch_to_window(first.clone())
            .await
            .expect("back to tab 1");
        let other = deletable(&origin).await.remove(0);
        let seq = last_seq(&origin).await;
        confirm_delete_impatiently(&browser, &other).await;
        exactly_one_patch(&origin, seq, &other).await;
        browser.switch_to_window(second).await.expect("to tab 2");
        wait_js(
            &browser,
            "the first tab's new job in the second tab",
            "return document.querySelectorAll('article.job-card').length === 2",
            vec![],
        )
        .await;
        assert_no_panic(&browser).await;
        browser.close_window().await.expect("close tab 2");
        browser
            .switch_to_window(first)
            .await
            .expect("back to tab 1");

        assert_eq!(
            since(&origin, 0, "delete").await.len(),
            2,
            "one PATCH per confirmation"
        );
        assert_no_panic(&browser).await;
        assert_clean_console(&browser).await;
    })
    .await;
}

// ---- bad configuration ------------------------------------------------------------------

/// Each broken config.json: a message naming the problem, the settings form, and not one
/// API request; then the form fixes it.
#[tokio::test]
async fn bad_configurations_are_named_with_the_settings_form() {
    let dist = dist_with_config("fm-config", None);
    let server = start(&dist);
    let (origin, url) = (server.origin.clone(), server.url.clone());
    let config_path = dist.path().join("config.json");
    with_browser(move |browser| async move {
        let valid = |extra: Value| {
            let mut config = json!({"api_base": "/api", "project_id": PROJECT});
            config
                .as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            config.to_string()
        };
        let cases: Vec<(&str, Option<String>, Vec<&str>)> = vec![
            ("missing", None, vec!["config.json could not be loaded", "HTTP 404"]),
            ("empty", Some(String::new()), vec!["not a JSON object", "empty"]),
            (
                "HTML",
                Some("<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>".into()),
                vec!["not a JSON object", "looks like HTML"],
            ),
            ("an array", Some("[1, 2]".into()), vec!["not a JSON object", "an array"]),
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
                Some(valid(json!({"project_id": "zz1e2d3c4b5a69788796a5b4c3d2e1f0"}))),
                vec!["Project ID", "not 32 hexadecimal characters"],
            ),
            (
                "bad request_timeout_ms",
                Some(valid(json!({"request_timeout_ms": "soon"}))),
                vec!["request_timeout_ms"],
            ),
        ];
        for (case, (name, contents, expected)) in cases.into_iter().enumerate() {
            match &contents {
                Some(text) => {
                    std::fs::write(&config_path, text).expect("write config.json");
                    // A distinct Last-Modified, so the browser's revalidation sees the change.
                    let modified = std::time::SystemTime::now()
                        + Duration::from_secs(10 * (case as u64 + 1));
                    std::fs::File::options()
                        .write(true)
                        .open(&config_path)
                        .and_then(|file| file.set_modified(modified))
                        .expect("set the modification time");
                }
                None => {
                    let _ = std::fs::remove_file(&config_path);
                }
            }
            let seq = last_seq(&origin).await;
            browser.goto(&url).await.expect("console loads");
            js(&browser, "localStorage.clear(); sessionStorage.clear();", vec![]).await;
            browser.refresh().await.expect("reload");
            let shown = wait_js(
                &browser,
                &format!("the configuration problem for {name}"),
                "const e = document.querySelector(\"section.notice.error[role='alert']\"); \
                 return e ? e.textContent : '';",
                vec![],
            )
            .await;
            let shown = shown.as_str().unwrap();
            assert!(shown.contains("not configured correctly"), "{name}: {shown}");
            for words in expected {
                assert!(shown.contains(words), "{name}: {words:?} not in {shown:?}");
            }
            assert_eq!(
                js(&browser, "return document.querySelectorAll('main b').length", vec![]).await,
                json!(0),
                "{name}: markup from config.json was rendered"
            );
            // The settings form: inline, or one click away.
            js(
                &browser,
                "for (const b of document.querySelectorAll('main button')) \
                   if (b.textContent.includes('Open settings')) b.click();",
                vec![],
            )
            .await;
            wait_js(
                &browser,
                &format!("a visible settings form for {name}"),
                "return [...document.querySelectorAll('form.settings')] \
                   .some(f => f.offsetParent !== null && f.querySelector(\"input[name='api_base']\"));",
                vec![],
            )
            .await;
            assert!(
                since(&origin, seq, "list").await.is_empty(),
                "{name}: the API was called with a bad configuration"
            );
            assert_no_panic(&browser).await;
        }

        // The form fixes a bad file for this browser.
        js(
            &browser,
            "const f = [...document.querySelectorAll('form.settings')] \
               .find(f => f.offsetParent !== null); \
             const set = (name, value) => { const i = f.querySelector(`input[name='${name}']`); \
               i.value = value; i.dispatchEvent(new Event('input', {bubbles: true})); }; \
             set('api_base', '/api'); set('project_id', arguments[0]); \
             f.querySelector(\"button[type='submit']\").click();",
            vec![json!(PROJECT)],
        )
        .await;
        wait_list_ready(&browser).await;
        assert!(browser
            .find_all(Locator::Css("section.notice.error[role='alert']"))
            .await
            .unwrap()
            .is_empty());
        assert_no_panic(&browser).await;
        assert_clean_console(&browser).await;
    })
    .await;
}

// ---- odd data -------------------------------------------------------------------------------

/// List items with missing or wrongly typed fields, an unknown status, a huge name, unicode and
/// markup, and a job whose error code and message hold markup, all served as static files
/// (`api_base` pointing into the app's own directory); then an API error message with markup
/// from the simulator. Everything is shown, as text.
#[tokio::test]
async fn odd_data_and_markup_from_the_api_are_shown_as_text() {
    let fake_config =
        json!({"api_base": "fake", "project_id": PROJECT, "request_timeout_ms": TIMEOUT_MS});
    let dist = dist_with_config("fm-odd", Some(&fake_config.to_string()));
    let huge_name = format!("{}-end", "x".repeat(5_000));
    dist.write(
        &format!("fake/v1/{PROJECT}/image-servers"),
        json!({"count": 6, "items": [
            {"id": "1001", "name": "<b>bold</b><script>alert(1)</script>", "status": "MIGRATING"},
            {"id": "1002"},
            {"id": "1003", "name": huge_name, "status": "ACTIVE"},
            {"id": "1004", "name": "👩‍💻 مرحبا 你好", "status": null, "image_ref": "wrong",
             "authorize_accounts": {}},
            {"id": 1005, "name": 42, "status": "null"},
            "not an instance",
        ]})
        .to_string(),
    );
    dist.write(
        &format!("fake/v1/{PROJECT}/image-server-jobs/odd-job"),
        json!({"id": "odd-job", "status": "FAILED", "sub_jobs_total": 1, "sub_jobs": [
            {"id": "s1", "status": "FAILED",
             "job_resource_info": {"resource_id": "1001", "resource_name": "<i>named</i>"},
             "job_execute_info": {"error_code": "<b>WKS.1</b>",
                                  "error_message": "<img src=x onerror=alert(1)> failed"}}]})
        .to_string(),
    );
    let server = start(&dist);
    let url = server.url.clone();
    let config_path = dist.path().join("config.json");
    with_browser(move |browser| async move {
        let remember = |job_id: &str| {
            json!([{"job_id": job_id, "submitted_at_ms": 1, "instance_ids": ["1001"],
                    "recursive": false}])
            .to_string()
        };
        let no_markup = "return document.querySelectorAll(\
            'main img, main b, main i, main script, #instance-table b').length";
        browser.goto(&url).await.expect("console loads");
        js(
            &browser,
            "localStorage.setItem('image-console.jobs', arguments[0])",
            vec![json!(remember("odd-job"))],
        )
        .await;
        browser.refresh().await.expect("reload");
        wait_js(
            &browser,
            "five readable rows",
            "return document.querySelectorAll(arguments[0]).length === 5",
            vec![json!(ROWS)],
        )
        .await;
        let row = |id: &'static str| {
            let browser = browser.clone();
            async move { text(&browser, &format!("tr[data-id='{id}']")).await }
        };
        assert!(row("1001")
            .await
            .contains("<b>bold</b><script>alert(1)</script>"));
        assert!(row("1001").await.contains("MIGRATING"));
        assert!(row("1002").await.contains("Not set"));
        assert!(row("1003").await.contains("-end"));
        assert!(row("1004").await.contains("👩‍💻 مرحبا 你好"));
        assert!(row("1005").await.contains("42"));
        let outcome = wait_js(
            &browser,
            "the finished job's outcome",
            "const o = document.querySelector(\"article[data-job-id='odd-job'] .outcomes\"); \
             return o ? o.textContent : '';",
            vec![],
        )
        .await;
        let outcome = outcome.as_str().unwrap();
        for words in [
            "<i>named</i>",
            "<b>WKS.1</b>",
            "<img src=x onerror=alert(1)> failed",
        ] {
            assert!(outcome.contains(words), "{words:?} not in {outcome:?}");
        }
        assert_eq!(js(&browser, no_markup, vec![]).await, json!(0));

        // An API error whose message holds markup (the simulator names the unknown job).
        std::fs::write(&config_path, good_config()).expect("write config.json");
        std::fs::File::options()
            .write(true)
            .open(&config_path)
            .and_then(|file| {
                file.set_modified(std::time::SystemTime::now() + Duration::from_secs(60))
            })
            .expect("set the modification time");
        js(
            &browser,
            "localStorage.setItem('image-console.jobs', arguments[0])",
            vec![json!(remember("<img src=x>"))],
        )
        .await;
        browser.refresh().await.expect("reload");
        let shown = wait_for_error(&browser, "article.job-card", "Could not check the job").await;
        assert!(
            shown.contains("HTTP 404") && shown.contains("The job <img src=x> does not exist."),
            "{shown}"
        );
        assert_eq!(js(&browser, no_markup, vec![]).await, json!(0));
        assert_no_panic(&browser).await;
        assert_clean_console(&browser).await;
    })
    .await;
}
