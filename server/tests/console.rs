//! End-to-end tests of the console (issue 3): the built app in headless Chromium against the
//! simulator, driven through WebDriver clicks and keys, checked against the DOM and against
//! what the simulator received (`/__sim/requests`).
//!
//! Every wait is for a DOM or server condition with a deadline; nothing sleeps to synchronise.
//! Needs chromedriver, Chromium and a built app (see `support/browser.rs`).

mod support {
    pub mod browser;
    pub mod server;
}

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client as Browser, Locator};
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::browser::{dist_dir, with_browser, SessionCommand};
use support::server::{all_instances, client, get_json, TempDir, TestServer, PROJECT};

/// Bound on page loads and list loads (a cold Chromium on a busy 2-core machine).
const PAGE_TIMEOUT: Duration = Duration::from_secs(30);
/// Bound on something that should follow a click at once (a re-render, a dialog opening).
const UI_TIMEOUT: Duration = Duration::from_secs(10);
/// Bound on a short delete job reaching its end (job length plus the poll interval).
const JOB_TIMEOUT: Duration = Duration::from_secs(40);
const ROWS: &str = "table#instance-table tbody tr[data-id]";
const MARKUP_NAME: &str = "<img src=x onerror=alert(1)>";
const OPEN_DIALOG: &str = "dialog[open]";
const BAR_DELETE: &str =
    "//section[contains(@class,'selection-bar')]//button[starts-with(normalize-space(.),'Delete')]";
const DIALOG_DELETE: &str = "//dialog[@open]//button[starts-with(normalize-space(.),'Delete')]";
const DIALOG_CANCEL: &str = "//dialog[@open]//button[normalize-space(.)='Cancel']";
const RECURSIVE_BOX: &str =
    "//label[contains(normalize-space(.),'associated resources')]//input[@type='checkbox']";

// ---- harness ------------------------------------------------------------------------

/// Makes the page see `prefers-color-scheme: {scheme}`.
async fn emulate_color_scheme(browser: &Browser, scheme: &str) {
    browser
        // chromedriver's `goog/cdp/execute`: one Chrome DevTools Protocol command.
        .issue_cmd(SessionCommand {
            method: reqwest::Method::POST,
            path: "goog/cdp/execute".to_owned(),
            body: Some(json!({
                "cmd": "Emulation.setEmulatedMedia",
                "params": { "features": [{ "name": "prefers-color-scheme", "value": scheme }] },
            })),
        })
        .await
        .unwrap_or_else(|e| panic!("cannot emulate {scheme}: {e}"));
}

/// The accessible name of an element, as assistive technology gets it.
async fn accessible_name(browser: &Browser, element: &Element) -> String {
    let label = browser
        // WebDriver's "Get Computed Label": the accessible name Chromium computes.
        .issue_cmd(SessionCommand {
            method: reqwest::Method::GET,
            path: format!("element/{}/computedlabel", element.element_id()),
            body: None,
        })
        .await
        .unwrap_or_else(|e| panic!("cannot read the computed label: {e}"));
    label
        .as_str()
        .unwrap_or_else(|| panic!("the computed label is not a string: {label}"))
        .to_owned()
}

/// Starts the server on the built app with these extra flags.
fn console_server(extra: &[&str]) -> TestServer {
    let dist = dist_dir();
    let mut args = vec!["--dist", dist.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    TestServer::start(&args)
}

/// Whether a script result counts as "the condition holds".
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// Runs `script` (a function body that `return`s) until its result is truthy, within
/// `timeout`; returns the result. Fails with `what` and the last result otherwise.
async fn wait_js(
    browser: &Browser,
    what: &str,
    script: &str,
    args: Vec<Value>,
    timeout: Duration,
) -> Value {
    let deadline = Instant::now() + timeout;
    loop {
        let last = match browser.execute(script, args.clone()).await {
            Ok(value) if truthy(&value) => return value,
            Ok(value) => value,
            Err(error) => json!(format!("script failed: {error}")),
        };
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}; last result: {last}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Runs `script` once and returns its result.
async fn js(browser: &Browser, script: &str, args: Vec<Value>) -> Value {
    browser
        .execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Waits for the text of the first element matching `css` to satisfy `check`; returns it.
async fn wait_text(
    browser: &Browser,
    css: &str,
    what: &str,
    timeout: Duration,
    check: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + timeout;
    loop {
        let text = match browser.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if check(&text) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what} in {css:?}; text is {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits for an element matching `locator`.
async fn find(browser: &Browser, locator: Locator<'_>, timeout: Duration) -> Element {
    browser
        .wait()
        .at_most(timeout)
        .every(Duration::from_millis(50))
        .for_element(locator)
        .await
        .unwrap_or_else(|e| panic!("no element matching {locator:?} within {timeout:?}: {e}"))
}

/// The ids of the table rows, in order.
async fn row_ids(browser: &Browser) -> Vec<String> {
    let ids = js(
        browser,
        &format!("return [...document.querySelectorAll({ROWS:?})].map(r => r.dataset.id);"),
        vec![],
    )
    .await;
    serde_json::from_value(ids).expect("a list of ids")
}

/// Waits until the table has exactly `count` rows.
async fn wait_rows(browser: &Browser, count: usize, timeout: Duration) {
    wait_js(
        browser,
        &format!("{count} table rows"),
        &format!("return document.querySelectorAll({ROWS:?}).length === arguments[0];"),
        vec![json!(count)],
        timeout,
    )
    .await;
}

/// Opens the console and waits until every instance is listed.
async fn open_console(browser: &Browser, url: &str, total: usize) {
    browser.goto(url).await.expect("console loads");
    wait_rows(browser, total, PAGE_TIMEOUT).await;
}

/// A CSS string literal.
fn css_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The row checkbox whose accessible name is "Select {name}".
async fn row_checkbox(browser: &Browser, name: &str) -> Element {
    let css = format!(
        "{ROWS} input[type=checkbox][aria-label={}]",
        css_string(&format!("Select {name}"))
    );
    find(browser, Locator::Css(&css), UI_TIMEOUT).await
}

async fn is_checked(element: &Element) -> bool {
    element.prop("checked").await.expect("checked property") == Some("true".to_owned())
}

/// Clicks the checkbox of `name` and waits for it to be ticked.
async fn select_row(browser: &Browser, name: &str) {
    let checkbox = row_checkbox(browser, name).await;
    assert_eq!(
        accessible_name(browser, &checkbox).await,
        format!("Select {name}"),
        "the row checkbox's accessible name"
    );
    checkbox.click().await.expect("checkbox clicks");
    let deadline = Instant::now() + UI_TIMEOUT;
    while !is_checked(&checkbox).await {
        assert!(Instant::now() < deadline, "{name} did not become selected");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits for the selection counter to read "{n} of 20 selected".
async fn wait_counter(browser: &Browser, n: usize) -> String {
    let expected = format!("{n} of 20 selected");
    wait_text(
        browser,
        ".selection-bar .counter",
        &expected,
        UI_TIMEOUT,
        |text| text.contains(&expected),
    )
    .await
}

/// The API requests the simulator received.
async fn sim_requests(server: &TestServer) -> Vec<Value> {
    let (status, log) = get_json(&client(), &server.at("/__sim/requests")).await;
    assert_eq!(status, StatusCode::OK);
    log.as_array().expect("a list").clone()
}

/// The batch-delete requests the simulator received.
async fn patches(server: &TestServer) -> Vec<Value> {
    sim_requests(server)
        .await
        .into_iter()
        .filter(|request| request["method"] == "PATCH")
        .collect()
}

/// How many list requests the simulator has answered.
async fn list_requests(server: &TestServer) -> usize {
    sim_requests(server)
        .await
        .iter()
        .filter(|r| r["endpoint"] == "list" && !r["status"].is_null())
        .count()
}

/// A request's arrival time from the log (`2026-01-02T03:04:05.678Z`), in milliseconds since
/// the start of its month: enough to compare requests of one test run.
fn log_time_ms(request: &Value) -> i64 {
    let time = request["time"].as_str().expect("a logged time");
    let field = |range: std::ops::Range<usize>| -> i64 {
        time.get(range)
            .and_then(|digits| digits.parse().ok())
            .unwrap_or_else(|| panic!("unexpected time format {time:?}"))
    };
    let millis = match time.get(19..20) {
        Some(".") => {
            let fraction: String = time[20..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            format!("{fraction:0<3}")[..3]
                .parse::<i64>()
                .expect("fraction digits")
        }
        _ => 0,
    };
    ((field(8..10) * 24 + field(11..13)) * 60 + field(14..16)) * 60_000
        + field(17..19) * 1_000
        + millis
}

/// How many job requests the simulator has received.
async fn job_requests(server: &TestServer) -> usize {
    sim_requests(server)
        .await
        .iter()
        .filter(|r| r["endpoint"] == "job")
        .count()
}

/// Replaces the simulator's faults.
async fn set_faults(server: &TestServer, specs: &[&str]) {
    let response = client()
        .put(server.at("/__sim/faults"))
        .json(&specs)
        .send()
        .await
        .expect("faults request");
    assert!(response.status().is_success(), "{response:?}");
}

fn status_of(instance: &Value) -> &str {
    instance["status"].as_str().unwrap_or("")
}

fn eligible(instance: &Value) -> bool {
    !matches!(status_of(instance), "CREATING" | "BUILDING" | "DELETING")
}

/// A name that needs no quoting anywhere.
fn plain_name(instance: &Value) -> bool {
    instance["name"].as_str().is_some_and(|name| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}

fn name(instance: &Value) -> String {
    instance["name"].as_str().expect("a name").to_owned()
}

fn id(instance: &Value) -> String {
    instance["id"].as_str().expect("an id").to_owned()
}

/// Opens the delete confirmation from the selection bar.
async fn open_delete_dialog(browser: &Browser) -> Element {
    find(browser, Locator::XPath(BAR_DELETE), UI_TIMEOUT)
        .await
        .click()
        .await
        .expect("Delete clicks");
    find(browser, Locator::Css(OPEN_DIALOG), UI_TIMEOUT).await
}

/// Waits for no modal dialog to be open.
async fn wait_no_dialog(browser: &Browser) {
    wait_js(
        browser,
        "every dialog closed",
        "return document.querySelectorAll('dialog[open]').length === 0;",
        vec![],
        UI_TIMEOUT,
    )
    .await;
}

/// Waits for a job card and returns its job ID.
async fn wait_job_card(browser: &Browser, timeout: Duration) -> String {
    let card = find(browser, Locator::Css("article[data-job-id]"), timeout).await;
    card.attr("data-job-id")
        .await
        .expect("attribute")
        .expect("a job id")
}

/// Waits for the card of `job_id` to show the raw status `raw`; returns the card's text.
async fn wait_job_status(browser: &Browser, job_id: &str, raw: &str, timeout: Duration) -> String {
    let card = format!("article[data-job-id={}]", css_string(job_id));
    wait_text(
        browser,
        &format!("{card} .job-status .raw-status"),
        raw,
        timeout,
        |text| text == raw,
    )
    .await;
    browser
        .find(Locator::Css(&card))
        .await
        .expect("the card")
        .text()
        .await
        .expect("text")
}

/// What the simulator says about a job.
async fn api_job(server: &TestServer, job_id: &str) -> Value {
    let (status, job) = get_json(
        &client(),
        &server.api(&format!("/image-server-jobs/{job_id}")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{job}");
    job
}

/// Records every text the page's `aria-live` regions receive, from now on.
async fn record_live_regions(browser: &Browser) {
    js(
        browser,
        r#"
        window.__announced = [];
        const regions = [...document.querySelectorAll('[aria-live]')];
        const observer = new MutationObserver(() => {
            for (const region of regions) {
                const text = region.textContent.trim();
                if (text && window.__announced[window.__announced.length - 1] !== text) {
                    window.__announced.push(text);
                }
            }
        });
        for (const region of regions) {
            observer.observe(region, {childList: true, subtree: true, characterData: true});
        }
        return regions.length;
        "#,
        vec![],
    )
    .await;
}

// ---- 1. the whole flow --------------------------------------------------------------

/// Select two ACTIVE instances, confirm, one PATCH, the job ID at once, SUCCESS in words and
/// raw, one line per instance, and the list refreshed without them.
#[tokio::test]
async fn whole_flow_deletes_two_instances_and_follows_the_job() {
    let server = console_server(&["--job-duration-ms", "1500"]);
    let instances = all_instances(&client(), &server).await;
    let targets: Vec<Value> = instances
        .iter()
        .filter(|i| status_of(i) == "ACTIVE" && plain_name(i) && !name(i).contains("changed"))
        .take(2)
        .cloned()
        .collect();
    assert_eq!(targets.len(), 2, "the seed has plain ACTIVE instances");
    let total = instances.len();
    let url = server.url.clone();
    with_browser(move |browser| async move {
        open_console(&browser, &url, total).await;
        let delete_button = find(&browser, Locator::XPath(BAR_DELETE), UI_TIMEOUT).await;
        assert!(accessible_name(&browser, &delete_button)
            .await
            .starts_with("Delete"));
        assert!(
            !delete_button.is_enabled().await.unwrap(),
            "Delete is disabled while nothing is selected"
        );
        for target in &targets {
            select_row(&browser, &name(target)).await;
        }
        wait_counter(&browser, 2).await;
        assert!(delete_button.is_enabled().await.unwrap());

        let dialog = open_delete_dialog(&browser).await;
        let text = dialog.text().await.unwrap();
        for target in &targets {
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
        assert!(
            patches(&server).await.is_empty(),
            "nothing sent before Delete"
        );
        let dialog_name = accessible_name(&browser, &dialog).await;
        assert!(
            dialog_name.contains("Delete 2"),
            "the dialog is labelled: {dialog_name:?}"
        );
        let confirm = find(&browser, Locator::XPath(DIALOG_DELETE), UI_TIMEOUT).await;
        assert!(accessible_name(&browser, &confirm)
            .await
            .starts_with("Delete"));

        // Slow the PATCH down so its in-flight state can be seen.
        set_faults(&server, &["delete:latency=1500"]).await;
        find(&browser, Locator::XPath(DIALOG_DELETE), UI_TIMEOUT)
            .await
            .click()
            .await
            .expect("dialog Delete clicks");
        wait_text(
            &browser,
            ".selection-bar .submitting",
            "a Sending message",
            UI_TIMEOUT,
            |text| text.contains("Sending"),
        )
        .await;
        assert!(
            !delete_button.is_enabled().await.unwrap(),
            "Delete cannot be used again while the request is in flight"
        );

        let job_id = wait_job_card(&browser, UI_TIMEOUT).await;
        let card_css = format!("article[data-job-id={}]", css_string(&job_id));
        let card = browser.find(Locator::Css(&card_css)).await.unwrap();
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
        assert_eq!(api_job(&server, &job_id).await["id"], job_id.as_str());

        let card_text = wait_job_status(&browser, &job_id, "SUCCESS", JOB_TIMEOUT).await;
        assert!(
            card_text.contains("Succeeded"),
            "status in words: {card_text}"
        );
        assert!(
            card_text.contains("2 of 2"),
            "sub-job progress: {card_text}"
        );
        let lines = card.find_all(Locator::Css("ul.outcomes li")).await.unwrap();
        assert_eq!(lines.len(), 2, "one line per instance");
        for target in &targets {
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
        wait_rows(&browser, total - 2, JOB_TIMEOUT).await;
        let ids = row_ids(&browser).await;
        for target in &targets {
            assert!(!ids.contains(&id(target)), "{} still listed", id(target));
        }
        wait_counter(&browser, 0).await;

        let sent = patches(&server).await;
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
    })
    .await;
}

// ---- 2. a failing job with associated resources ---------------------------------------

/// Recursive delete of an instance whose associated resources changed: the warning, the
/// typed confirmation, a FAILED job and the sub-job's error code and message verbatim.
#[tokio::test]
async fn failed_recursive_job_shows_the_sub_job_error_verbatim() {
    let server = console_server(&["--job-duration-ms", "1500"]);
    let instances = all_instances(&client(), &server).await;
    let changed = instances
        .iter()
        .find(|i| eligible(i) && plain_name(i) && name(i).contains("changed"))
        .expect("a seed instance whose name contains \"changed\"")
        .clone();
    let plain = instances
        .iter()
        .find(|i| status_of(i) == "ACTIVE" && plain_name(i) && !name(i).contains("changed"))
        .expect("a plain ACTIVE instance")
        .clone();
    let total = instances.len();
    let url = server.url.clone();
    with_browser(move |browser| async move {
        open_console(&browser, &url, total).await;
        let flag = find(&browser, Locator::XPath(RECURSIVE_BOX), UI_TIMEOUT).await;
        let flag_name = accessible_name(&browser, &flag).await;
        assert!(flag_name.contains("associated resources"), "{flag_name:?}");
        flag.click().await.unwrap();
        let warning = find(
            &browser,
            Locator::Css("dialog[open][role=alertdialog]"),
            UI_TIMEOUT,
        )
        .await;
        assert_eq!(
            warning.attr("aria-modal").await.unwrap().as_deref(),
            Some("true")
        );
        let title = accessible_name(&browser, &warning).await;
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
        warning
            .find(Locator::XPath(
                ".//button[contains(normalize-space(.),'Confirm')]",
            ))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_no_dialog(&browser).await;
        assert!(is_checked(&flag).await, "ticked after Confirm");

        select_row(&browser, &name(&changed)).await;
        select_row(&browser, &name(&plain)).await;
        let dialog = open_delete_dialog(&browser).await;
        let text = dialog.text().await.unwrap();
        assert!(text.contains("WILL be deleted"), "{text}");
        let delete = find(&browser, Locator::XPath(DIALOG_DELETE), UI_TIMEOUT).await;
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
        let deadline = Instant::now() + UI_TIMEOUT;
        while !delete.is_enabled().await.unwrap() {
            assert!(
                Instant::now() < deadline,
                "Delete did not enable after typing confirm"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        delete.click().await.unwrap();

        let job_id = wait_job_card(&browser, UI_TIMEOUT).await;
        let card_text = wait_job_status(&browser, &job_id, "FAILED", JOB_TIMEOUT).await;
        assert!(card_text.contains("Failed"), "status in words: {card_text}");
        let job = api_job(&server, &job_id).await;
        assert_eq!(job["status"], "FAILED");
        let failed_sub = job["sub_jobs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|sub| sub["job_resource_info"]["resource_id"] == id(&changed).as_str())
            .expect("a sub-job for the changed instance")
            .clone();
        let code = failed_sub["job_execute_info"]["error_code"]
            .as_str()
            .unwrap();
        let message = failed_sub["job_execute_info"]["error_message"]
            .as_str()
            .unwrap();
        assert!(!code.is_empty() && !message.is_empty(), "{failed_sub}");
        let line_css = format!(
            "article[data-job-id={}] ul.outcomes li[data-resource-id={}]",
            css_string(&job_id),
            css_string(&id(&changed))
        );
        let line = browser.find(Locator::Css(&line_css)).await.unwrap();
        assert_eq!(line.attr("class").await.unwrap().as_deref(), Some("failed"));
        let shown_code = line.find(Locator::Css(".error-code")).await.unwrap();
        assert_eq!(shown_code.text().await.unwrap(), code);
        let shown_message = line.find(Locator::Css(".error-message")).await.unwrap();
        assert_eq!(shown_message.text().await.unwrap(), message);
        let other = browser
            .find(Locator::Css(&format!(
                "article[data-job-id={}] ul.outcomes li[data-resource-id={}]",
                css_string(&job_id),
                css_string(&id(&plain))
            )))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(other.contains("SUCCESS"), "{other}");

        let sent = patches(&server).await;
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert_eq!(sent[0]["body"]["recursive"], true);
        // The first check comes within 1 s of the answer (the simulator answers at once).
        let log = sim_requests(&server).await;
        let first_poll = log
            .iter()
            .find(|r| r["endpoint"] == "job")
            .expect("the job was polled");
        let delay = log_time_ms(first_poll) - log_time_ms(&sent[0]);
        assert!(
            (0..=1_000).contains(&delay),
            "first poll {delay} ms after the PATCH"
        );
        assert!(!is_checked(&flag).await, "the flag resets after a submit");
    })
    .await;
}

// ---- 3. the warning's cancel paths ------------------------------------------------------

/// Cancel and Escape leave the flag unticked and return focus to it; focus stays inside
/// the warning; unticking needs no warning.
#[tokio::test]
async fn recursive_warning_cancel_escape_and_untick() {
    let server = console_server(&[]);
    let total = all_instances(&client(), &server).await.len();
    let url = server.url.clone();
    with_browser(move |browser| async move {
        open_console(&browser, &url, total).await;
        let flag = find(&browser, Locator::XPath(RECURSIVE_BOX), UI_TIMEOUT).await;
        let flag_is_focused = "return document.activeElement === arguments[0];";
        let flag_arg = || vec![serde_json::to_value(&flag).expect("element as JSON")];

        // Cancel, which has the initial focus.
        flag.click().await.unwrap();
        find(
            &browser,
            Locator::Css("dialog[open][role=alertdialog]"),
            UI_TIMEOUT,
        )
        .await;
        let focused = browser.active_element().await.unwrap();
        assert_eq!(
            focused.text().await.unwrap(),
            "Cancel",
            "Cancel has the initial focus"
        );
        // Focus stays inside: Tab and Shift+Tab cycle within the dialog.
        for keys in [
            Key::Tab.to_string(),
            Key::Tab.to_string(),
            Key::Shift + &Key::Tab.to_string(),
            Key::Shift + &Key::Tab.to_string(),
            Key::Shift + &Key::Tab.to_string(),
        ] {
            browser
                .active_element()
                .await
                .unwrap()
                .send_keys(&keys)
                .await
                .unwrap();
            let inside = js(
                &browser,
                "return !!document.activeElement.closest('dialog[open]');",
                vec![],
            )
            .await;
            assert_eq!(inside, true, "focus left the dialog");
        }
        find(&browser, Locator::XPath(DIALOG_CANCEL), UI_TIMEOUT)
            .await
            .click()
            .await
            .unwrap();
        wait_no_dialog(&browser).await;
        assert!(!is_checked(&flag).await, "Cancel leaves it unticked");
        wait_js(
            &browser,
            "focus back on the flag",
            flag_is_focused,
            flag_arg(),
            UI_TIMEOUT,
        )
        .await;

        // Escape, sent as a key through WebDriver.
        flag.click().await.unwrap();
        find(
            &browser,
            Locator::Css("dialog[open][role=alertdialog]"),
            UI_TIMEOUT,
        )
        .await;
        browser
            .active_element()
            .await
            .unwrap()
            .send_keys(&Key::Escape.to_string())
            .await
            .unwrap();
        wait_no_dialog(&browser).await;
        assert!(!is_checked(&flag).await, "Escape leaves it unticked");
        wait_js(
            &browser,
            "focus back on the flag after Escape",
            flag_is_focused,
            flag_arg(),
            UI_TIMEOUT,
        )
        .await;

        // Confirm ticks it; unticking opens nothing.
        flag.click().await.unwrap();
        find(
            &browser,
            Locator::XPath("//dialog[@open]//button[contains(.,'Confirm')]"),
            UI_TIMEOUT,
        )
        .await
        .click()
        .await
        .unwrap();
        wait_no_dialog(&browser).await;
        assert!(is_checked(&flag).await);
        flag.click().await.unwrap();
        assert!(!is_checked(&flag).await, "unticked with one click");
        let open = browser.find_all(Locator::Css(OPEN_DIALOG)).await.unwrap();
        assert!(open.is_empty(), "unticking opened a dialog");
        assert!(patches(&server).await.is_empty());
    })
    .await;
}

// ---- 4. the confirmation's cancel paths --------------------------------------------------

/// Cancel (and Escape) in the delete confirmation send nothing and keep the selection.
#[tokio::test]
async fn delete_dialog_cancel_sends_no_request() {
    let server = console_server(&[]);
    let instances = all_instances(&client(), &server).await;
    let target = instances
        .iter()
        .find(|i| status_of(i) == "ACTIVE" && plain_name(i))
        .expect("an ACTIVE instance")
        .clone();
    let total = instances.len();
    let url = server.url.clone();
    with_browser(move |browser| async move {
        open_console(&browser, &url, total).await;
        select_row(&browser, &name(&target)).await;
        let dialog = open_delete_dialog(&browser).await;
        assert!(dialog.text().await.unwrap().contains(&id(&target)));
        find(&browser, Locator::XPath(DIALOG_CANCEL), UI_TIMEOUT)
            .await
            .click()
            .await
            .unwrap();
        wait_no_dialog(&browser).await;

        open_delete_dialog(&browser).await;
        browser
            .active_element()
            .await
            .unwrap()
            .send_keys(&Key::Escape.to_string())
            .await
            .unwrap();
        wait_no_dialog(&browser).await;

        // Anything the dialog sent would reach the server before a list request made now.
        let lists_before = list_requests(&server).await;
        browser
            .find(Locator::XPath("//button[normalize-space(.)='Refresh']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let deadline = Instant::now() + UI_TIMEOUT;
        while list_requests(&server).await <= lists_before {
            assert!(
                Instant::now() < deadline,
                "the refresh did not reach the server"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let log = sim_requests(&server).await;
        assert!(
            log.iter().all(|r| r["method"] != "PATCH"),
            "a cancelled dialog sent a PATCH: {log:?}"
        );
        wait_counter(&browser, 1).await;
        assert!(is_checked(&row_checkbox(&browser, &name(&target)).await).await);
        assert_eq!(
            all_instances(&client(), &server)
                .await
                .iter()
                .find(|i| id(i) == id(&target))
                .map(|i| status_of(i).to_owned()),
            Some("ACTIVE".to_owned())
        );
    })
    .await;
}

// ---- 5. a 400 from batch-delete ------------------------------------------------------------

/// A refused batch-delete shows status, code, message and request ID together, keeps the
/// selection, and a retry after the fault clears goes through.
#[tokio::test]
async fn refused_delete_shows_the_whole_error_and_keeps_the_selection() {
    let server = console_server(&["--job-duration-ms", "1500"]);
    let instances = all_instances(&client(), &server).await;
    let targets: Vec<Value> = instances
        .iter()
        .filter(|i| status_of(i) == "ACTIVE" && plain_name(i))
        .take(2)
        .cloned()
        .collect();
    let total = instances.len();
    let url = server.url.clone();
    with_browser(move |browser| async move {
        open_console(&browser, &url, total).await;
        for target in &targets {
            select_row(&browser, &name(target)).await;
        }
        set_faults(&server, &["delete:400"]).await;
        open_delete_dialog(&browser).await;
        find(&browser, Locator::XPath(DIALOG_DELETE), UI_TIMEOUT)
            .await
            .click()
            .await
            .unwrap();
        let notice = find(
            &browser,
            Locator::Css(".selection-bar .api-error[role=alert]"),
            UI_TIMEOUT,
        )
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
        assert_eq!(
            notice
                .find(Locator::Css(".request-id"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
            request_id
        );
        assert!(
            browser
                .find_all(Locator::Css("article[data-job-id]"))
                .await
                .unwrap()
                .is_empty(),
            "no job after a refused request"
        );
        wait_counter(&browser, 2).await;
        for target in &targets {
            assert!(is_checked(&row_checkbox(&browser, &name(target)).await).await);
        }

        set_faults(&server, &[]).await;
        open_delete_dialog(&browser).await;
        find(&browser, Locator::XPath(DIALOG_DELETE), UI_TIMEOUT)
            .await
            .click()
            .await
            .unwrap();
        let job_id = wait_job_card(&browser, UI_TIMEOUT).await;
        wait_js(
            &browser,
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
        wait_job_status(&browser, &job_id, "SUCCESS", JOB_TIMEOUT).await;
    })
    .await;
}

// ---- 6. the cap of 20 ------------------------------------------------------------------------

/// Twenty by hand, then every other box unavailable with its reason on focus; the header
/// checkbox stops at 20 and says so; a CREATING row says why on focus.
#[tokio::test]
async fn selection_stops_at_twenty_and_says_why() {
    let server = console_server(&[]);
    let instances = all_instances(&client(), &server).await;
    let pickable: Vec<Value> = instances
        .iter()
        .filter(|i| eligible(i) && plain_name(i))
        .take(21)
        .cloned()
        .collect();
    assert_eq!(
        pickable.len(),
        21,
        "the seed has 21 plain eligible instances"
    );
    let creating = instances
        .iter()
        .find(|i| status_of(i) == "CREATING")
        .expect("a CREATING instance")
        .clone();
    let with_status = |status: &str| {
        instances
            .iter()
            .find(|i| status_of(i) == status && plain_name(i))
            .unwrap_or_else(|| panic!("a plain {status} instance"))
            .clone()
    };
    let deleting = with_status("DELETING");
    let building = with_status("BUILDING");
    let total = instances.len();
    let url = server.url.clone();
    with_browser(move |browser| async move {
        open_console(&browser, &url, total).await;
        for instance in &pickable[..20] {
            select_row(&browser, &name(instance)).await;
        }
        wait_counter(&browser, 20).await;
        let bar = browser
            .find(Locator::Css(".selection-bar"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            bar.contains("20 instances can be deleted per request"),
            "the limit is explained: {bar}"
        );

        let extra = row_checkbox(&browser, &name(&pickable[20])).await;
        assert_eq!(
            extra.attr("aria-disabled").await.unwrap().as_deref(),
            Some("true")
        );
        extra.click().await.unwrap();
        assert!(!is_checked(&extra).await, "the 21st cannot be ticked");
        wait_counter(&browser, 20).await;
        let reason = reason_on_focus(&browser, &extra).await;
        assert!(reason.contains("20"), "{reason}");
        let disabled_unchecked = js(
            &browser,
            &format!(
                "return [...document.querySelectorAll({ROWS:?})]
                   .map(r => r.querySelector('input[type=checkbox]'))
                   .filter(b => !b.checked && b.getAttribute('aria-disabled') !== 'true').length;"
            ),
            vec![],
        )
        .await;
        assert_eq!(
            disabled_unchecked, 0,
            "every unchecked box is unavailable at 20"
        );

        let creating_box = row_checkbox(&browser, &name(&creating)).await;
        let reason = reason_on_focus(&browser, &creating_box).await;
        assert!(reason.contains("being created"), "{reason}");
        let deleting_box = row_checkbox(&browser, &name(&deleting)).await;
        let reason = reason_on_focus(&browser, &deleting_box).await;
        assert!(reason.contains("Already being deleted"), "{reason}");
        // On hover too: the pointer over a BUILDING row's box shows why.
        let building_box = row_checkbox(&browser, &name(&building)).await;
        assert_eq!(building_box.attr("aria-disabled").await.unwrap().as_deref(), Some("true"));
        js(&browser, "document.activeElement.blur(); arguments[0].scrollIntoView({block: 'center'}); return true;", vec![serde_json::to_value(&building_box).unwrap()]).await;
        let reason_id = building_box.attr("aria-describedby").await.unwrap().expect("a reason");
        let reason = browser.find(Locator::Css(&format!("[id={}]", css_string(&reason_id)))).await.unwrap();
        assert!(!reason.is_displayed().await.unwrap(), "the reason is hidden until hover or focus");
        browser
            .perform_actions(MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
                element: building_box.clone(),
                duration: None,
                x: 0.0,
                y: 0.0,
            }))
            .await
            .expect("the pointer moves");
        let deadline = Instant::now() + UI_TIMEOUT;
        while !reason.is_displayed().await.unwrap() {
            assert!(Instant::now() < deadline, "the reason did not show on hover");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let text = reason.text().await.unwrap();
        assert!(text.contains("image is being built"), "{text}");
        browser.release_actions().await.unwrap();

        // The header checkbox: first click clears the (full) visible selection, second
        // selects up to the cap and says it stopped short.
        let header = browser
            .find(Locator::Css(
                "table#instance-table thead input[type=checkbox]",
            ))
            .await
            .unwrap();
        header.click().await.unwrap();
        wait_counter(&browser, 0).await;
        header.click().await.unwrap();
        wait_counter(&browser, 20).await;
        let message = wait_text(
            &browser,
            ".selection-bar",
            "the header checkbox's stop message",
            UI_TIMEOUT,
            |text| text.contains("stopped at the limit of 20"),
        )
        .await;
        let eligible_count = instances.iter().filter(|i| eligible(i)).count();
        assert!(
            message.contains(&format!("{} other", eligible_count - 20)),
            "says how many were left: {message}"
        );
        let checked = js(
            &browser,
            &format!(
                "return document.querySelectorAll({:?}).length;",
                format!("{ROWS} input[type=checkbox]:checked")
            ),
            vec![],
        )
        .await;
        assert_eq!(checked, 20);
    })
    .await;
}

/// Focuses a row checkbox and returns its reason, checking it is visible then.
async fn reason_on_focus(browser: &Browser, checkbox: &Element) -> String {
    let described_by = checkbox
        .attr("aria-describedby")
        .await
        .unwrap()
        .expect("an unavailable box points to its reason");
    let reason = browser
        .find(Locator::Css(&format!("[id={}]", css_string(&described_by))))
        .await
        .expect("the reason element");
    // Bring it into view, then focus it the way keyboard users do.
    js(
        browser,
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus(); return true;",
        vec![serde_json::to_value(checkbox).unwrap()],
    )
    .await;
    let deadline = Instant::now() + UI_TIMEOUT;
    while !reason.is_displayed().await.unwrap() {
        assert!(
            Instant::now() < deadline,
            "the reason did not show on focus"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    reason.text().await.unwrap()
}

// ---- 7. search, filter, sort -----------------------------------------------------------------

/// Search by name and by id, the "Not set" status filter, sorting with aria-sort, the
/// no-match state with Clear filters, and a selection that survives it all.
#[tokio::test]
async fn search_filter_and_sort() {
    let server = console_server(&[]);
    let instances = all_instances(&client(), &server).await;
    let total = instances.len();
    let kept = instances
        .iter()
        .find(|i| name(i) == "test_instance_2")
        .expect("test_instance_2")
        .clone();
    let by_id = instances
        .iter()
        .find(|i| status_of(i) == "ERROR" && plain_name(i))
        .expect("an ERROR instance")
        .clone();
    let unset: BTreeSet<String> = instances
        .iter()
        .filter(|i| matches!(i["status"].as_str(), None | Some("null")))
        .map(id)
        .collect();
    assert!(
        unset.len() >= 2,
        "the seed has a \"null\" and an absent status"
    );
    let url = server.url.clone();
    with_browser(move |browser| async move {
        open_console(&browser, &url, total).await;
        select_row(&browser, &name(&kept)).await;
        let search = browser.find(Locator::Css("input[type=search]")).await.unwrap();

        // By name (case-insensitive substring).
        search.send_keys("TEST_INSTANCE").await.unwrap();
        let expected: BTreeSet<String> = instances
            .iter()
            .filter(|i| name(i).to_lowercase().contains("test_instance"))
            .map(id)
            .collect();
        wait_rows(&browser, expected.len(), UI_TIMEOUT).await;
        assert_eq!(row_ids(&browser).await.into_iter().collect::<BTreeSet<_>>(), expected);

        // By id: the kept selection is now hidden, and still counted.
        search.clear().await.unwrap();
        search.send_keys(&id(&by_id)).await.unwrap();
        wait_rows(&browser, 1, UI_TIMEOUT).await;
        assert_eq!(row_ids(&browser).await, [id(&by_id)]);
        let counter = wait_counter(&browser, 1).await;
        assert!(counter.contains("1 not shown"), "{counter}");

        // No match, then Clear filters.
        search.clear().await.unwrap();
        search.send_keys("no-such-instance-zzz").await.unwrap();
        wait_rows(&browser, 0, UI_TIMEOUT).await;
        let empty = find(&browser, Locator::Css("p.empty"), UI_TIMEOUT).await;
        assert!(empty.text().await.unwrap().contains("No instances match"));
        empty
            .find(Locator::XPath(".//button[normalize-space(.)='Clear filters']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_rows(&browser, total, UI_TIMEOUT).await;
        assert_eq!(search.prop("value").await.unwrap().as_deref(), Some(""));
        assert!(is_checked(&row_checkbox(&browser, &name(&kept)).await).await, "selection survived");

        // Status filter: "Not set" covers "null" and an absent status.
        let select = browser.find(Locator::Css(".toolbar select")).await.unwrap();
        let option = select
            .find(Locator::Css("option[value=null]"))
            .await
            .expect("a Not set option");
        let label = option.text().await.unwrap();
        assert_eq!(label, format!("Not set ({})", unset.len()));
        select.select_by_value("null").await.unwrap();
        wait_rows(&browser, unset.len(), UI_TIMEOUT).await;
        assert_eq!(row_ids(&browser).await.into_iter().collect::<BTreeSet<_>>(), unset);
        let texts = js(
            &browser,
            &format!("return [...document.querySelectorAll({:?})].map(c => c.textContent);", format!("{ROWS} td.status")),
            vec![],
        )
        .await;
        assert!(texts.as_array().unwrap().iter().all(|t| t.as_str().unwrap().contains("Not set")), "{texts}");
        // The header checkbox works on the visible rows only, and clears them again.
        let header_box = browser
            .find(Locator::Css("table#instance-table thead input[type=checkbox]"))
            .await
            .unwrap();
        header_box.click().await.unwrap();
        wait_counter(&browser, 1 + unset.len()).await;
        let checked = js(
            &browser,
            &format!(
                "return [...document.querySelectorAll({:?})].map(b => b.closest('tr').dataset.id);",
                format!("{ROWS} input[type=checkbox]:checked")
            ),
            vec![],
        )
        .await;
        let checked: BTreeSet<String> = serde_json::from_value(checked).unwrap();
        assert_eq!(checked, unset, "every visible row, nothing else shown");
        header_box.click().await.unwrap();
        wait_counter(&browser, 1).await;
        select.select_by_value("").await.unwrap();
        wait_rows(&browser, total, UI_TIMEOUT).await;
        wait_counter(&browser, 1).await;

        // Sort by name: aria-sort follows, other columns say none.
        let header = |label: &'static str| {
            let browser = browser.clone();
            async move {
                browser
                    .find(Locator::XPath(&format!(
                        "//table[@id='instance-table']//th[.//button[starts-with(normalize-space(.),'{label}')]]"
                    )))
                    .await
                    .unwrap()
            }
        };
        let name_header = header("Name").await;
        let created_header = header("Created").await;
        assert_eq!(created_header.attr("aria-sort").await.unwrap().as_deref(), Some("descending"));
        assert_eq!(name_header.attr("aria-sort").await.unwrap().as_deref(), Some("none"));
        name_header.find(Locator::Css("button")).await.unwrap().click().await.unwrap();
        wait_js(&browser, "aria-sort ascending", "return arguments[0].getAttribute('aria-sort') === 'ascending';", vec![serde_json::to_value(&name_header).unwrap()], UI_TIMEOUT).await;
        assert_eq!(created_header.attr("aria-sort").await.unwrap().as_deref(), Some("none"));
        let mut by_name: Vec<(String, String)> =
            instances.iter().map(|i| (name(i).to_lowercase(), id(i))).collect();
        by_name.sort();
        let names_in_order = |ids: Vec<String>| {
            ids.iter()
                .map(|row| {
                    instances
                        .iter()
                        .find(|i| &id(i) == row)
                        .map(|i| name(i).to_lowercase())
                        .unwrap()
                })
                .collect::<Vec<_>>()
        };
        let ascending = names_in_order(row_ids(&browser).await);
        let mut sorted = ascending.clone();
        sorted.sort();
        assert_eq!(ascending, sorted, "rows sorted by name");
        name_header.find(Locator::Css("button")).await.unwrap().click().await.unwrap();
        wait_js(&browser, "aria-sort descending", "return arguments[0].getAttribute('aria-sort') === 'descending';", vec![serde_json::to_value(&name_header).unwrap()], UI_TIMEOUT).await;
        let descending = names_in_order(row_ids(&browser).await);
        sorted.reverse();
        assert_eq!(descending, sorted, "rows sorted by name, descending");
        wait_counter(&browser, 1).await;
    })
    .await;
}

// ---- 8. reload mid-job ------------------------------------------------------------------------

/// A reload while the job runs shows the same job again, polling resumes to the end, and the
/// history lists it with its final status. Nothing is sent twice.
#[tokio::test]
async fn reload_mid_job_resumes_following_it() {
    let server = console_server(&["--job-duration-ms", "12000"]);
    let instances = all_instances(&client(), &server).await;
    let target = instances
        .iter()
        .find(|i| status_of(i) == "ACTIVE" && plain_name(i))
        .expect("an ACTIVE instance")
        .clone();
    let total = instances.len();
    let url = server.url.clone();
    with_browser(move |browser| async move {
        open_console(&browser, &url, total).await;
        select_row(&browser, &name(&target)).await;
        open_delete_dialog(&browser).await;
        find(&browser, Locator::XPath(DIALOG_DELETE), UI_TIMEOUT)
            .await
            .click()
            .await
            .unwrap();
        let job_id = wait_job_card(&browser, UI_TIMEOUT).await;
        browser.refresh().await.expect("reload");

        let again = wait_job_card(&browser, PAGE_TIMEOUT).await;
        assert_eq!(again, job_id, "the same job is shown after the reload");
        let job = api_job(&server, &job_id).await;
        assert!(
            matches!(job["status"].as_str(), Some("WAITING" | "RUNNING")),
            "the job was still running at the reload: {job}"
        );
        // "Check now" polls at once: click it when the next scheduled check is at least 3 s
        // away, and see the request arrive well before then.
        let card_css = format!("article[data-job-id={}]", css_string(&job_id));
        let next_at = wait_js(
            &browser,
            "a scheduled check at least 3 s away",
            "const state = document.querySelector(arguments[0] + ' .poll-state');
             const time = state && state.textContent.startsWith('Next check at ')
                 && state.querySelector('time[datetime]');
             const at = time ? Date.parse(time.getAttribute('datetime')) : NaN;
             return at - Date.now() >= 3000 ? at : null;",
            vec![json!(card_css)],
            Duration::from_secs(20),
        )
        .await;
        let polls_before = job_requests(&server).await;
        browser
            .find(Locator::XPath(&format!(
                "//article[@data-job-id='{job_id}']//button[normalize-space(.)='Check now']"
            )))
            .await
            .expect("a Check now button")
            .click()
            .await
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(2);
        while job_requests(&server).await <= polls_before {
            assert!(
                Instant::now() < deadline,
                "Check now sent no request within 2 s"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let now = js(&browser, "return Date.now();", vec![]).await;
        assert!(
            now.as_f64() < next_at.as_f64(),
            "the check came before the scheduled one"
        );

        let before = job_requests(&server).await;
        let card_text =
            wait_job_status(&browser, &job_id, "SUCCESS", Duration::from_secs(60)).await;
        assert!(card_text.contains("Succeeded"), "{card_text}");
        let after = job_requests(&server).await;
        assert!(after > before, "the reloaded page polled the job");
        assert_eq!(
            patches(&server).await.len(),
            1,
            "the reload sent nothing again"
        );

        let history = browser.find(Locator::Css("details.history")).await.unwrap();
        history
            .find(Locator::Css("summary"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let row_xpath = format!(
            "//details[contains(@class,'history')]//tr[td/code[normalize-space(.)='{job_id}']]"
        );
        let deadline = Instant::now() + UI_TIMEOUT;
        loop {
            let text = match browser.find(Locator::XPath(&row_xpath)).await {
                Ok(row) => row.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains("SUCCESS") {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "history row for {job_id}: {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Its cells: job ID, submission time, how many instances, resources, final status.
        let cells = js(
            &browser,
            "return [...document.evaluate(arguments[0], document, null, 9, null)
                 .singleNodeValue.querySelectorAll('td')].map(td => td.textContent.trim());",
            vec![json!(row_xpath)],
        )
        .await;
        let cells: Vec<String> = serde_json::from_value(cells).unwrap();
        assert_eq!(cells[0], job_id);
        assert!(!cells[1].is_empty(), "a submission time: {cells:?}");
        assert_eq!(cells[2], "1", "{cells:?}");
        assert_eq!(cells[4], "SUCCESS", "{cells:?}");
    })
    .await;
}

// ---- 9. safety --------------------------------------------------------------------------------

/// A markup name stays text everywhere it appears (table, dialog, job), and status changes
/// reach an aria-live region.
#[tokio::test]
async fn markup_stays_text_and_changes_are_announced() {
    let server = console_server(&["--job-duration-ms", "1500"]);
    let instances = all_instances(&client(), &server).await;
    let markup = instances
        .iter()
        .find(|i| name(i) == MARKUP_NAME)
        .expect("the markup-named seed instance")
        .clone();
    let total = instances.len();
    let url = server.url.clone();
    with_browser(move |browser| async move {
        browser.goto(&url).await.unwrap();
        // Watch the live regions from the start: the load itself is announced.
        find(&browser, Locator::Css("[aria-live]"), PAGE_TIMEOUT).await;
        record_live_regions(&browser).await;
        wait_rows(&browser, total, PAGE_TIMEOUT).await;
        let cell = browser
            .find(Locator::Css(&format!(
                "tr[data-id={}] td.name",
                css_string(&id(&markup))
            )))
            .await
            .unwrap();
        assert_eq!(cell.text().await.unwrap(), MARKUP_NAME);
        let no_images = "return document.querySelectorAll('img').length === 0;";
        assert_eq!(
            js(&browser, no_images, vec![]).await,
            true,
            "markup rendered as HTML"
        );

        select_row(&browser, MARKUP_NAME).await;
        let dialog = open_delete_dialog(&browser).await;
        assert!(dialog.text().await.unwrap().contains(MARKUP_NAME));
        assert_eq!(js(&browser, no_images, vec![]).await, true);
        find(&browser, Locator::XPath(DIALOG_DELETE), UI_TIMEOUT)
            .await
            .click()
            .await
            .unwrap();
        let job_id = wait_job_card(&browser, UI_TIMEOUT).await;
        let card = wait_job_status(&browser, &job_id, "SUCCESS", JOB_TIMEOUT).await;
        assert!(card.contains(MARKUP_NAME), "{card}");
        assert_eq!(js(&browser, no_images, vec![]).await, true);

        let announced = wait_js(
            &browser,
            "announcements of the load, the accepted request and the job's end",
            "const a = window.__announced || [];
             const has = (s) => a.some(t => t.includes(s));
             return has('Loaded') && has(arguments[0]) && has('ended') ? a : null;",
            vec![json!(job_id)],
            JOB_TIMEOUT,
        )
        .await;
        let announced = announced.to_string();
        assert!(announced.contains("Succeeded"), "{announced}");

        // Light and dark follow the system: the page's colours change with the preference.
        let colours = "const b = getComputedStyle(document.body);
                       return [b.backgroundColor, b.color];";
        emulate_color_scheme(&browser, "light").await;
        let light = js(&browser, colours, vec![]).await;
        emulate_color_scheme(&browser, "dark").await;
        let dark = js(&browser, colours, vec![]).await;
        assert_ne!(
            light[0], dark[0],
            "the background follows the colour scheme"
        );
        assert_ne!(
            light[1], dark[1],
            "the text colour follows the colour scheme"
        );
        let luminance = |rgb: &Value| -> u32 {
            rgb.as_str()
                .expect("a colour")
                .trim_start_matches("rgba(")
                .trim_start_matches("rgb(")
                .trim_end_matches(')')
                .split(',')
                .take(3)
                .map(|part| part.trim().parse::<u32>().expect("a channel"))
                .sum()
        };
        assert!(
            luminance(&dark[0]) < luminance(&light[0]),
            "dark is darker: {light} {dark}"
        );
    })
    .await;
}

// ---- 10. configuration and settings -----------------------------------------------------------

/// A copy of the built app with this config.json.
fn dist_with_config(config: &str) -> TempDir {
    let copy = TempDir::new("console-dist");
    for entry in std::fs::read_dir(dist_dir()).expect("dist readable") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_file() {
            let name = entry.file_name();
            let name = name.to_str().expect("utf-8 name");
            copy.write(name, std::fs::read(entry.path()).expect("read"));
        }
    }
    copy.write("config.json", config);
    copy
}

/// A bad project id in config.json: the problem is named with a Settings form; saving valid
/// settings loads the list (and survives a reload); a cross-origin API base is refused.
#[tokio::test]
async fn bad_config_then_settings_fix_it() {
    let dist = dist_with_config(r#"{"api_base": "/api", "project_id": "not-a-project"}"#);
    let server = TestServer::start(&["--dist", dist.arg(), "--config-from-dist"]);
    let total = all_instances(&client(), &server).await.len();
    let url = server.url.clone();
    with_browser(move |browser| async move {
        browser.goto(&url).await.unwrap();
        let problem = find(
            &browser,
            Locator::Css("section.notice.error[role=alert]"),
            PAGE_TIMEOUT,
        )
        .await;
        let text = problem.text().await.unwrap();
        assert!(
            text.contains("Project ID") && text.contains("32"),
            "names the problem: {text}"
        );
        let form = find(&browser, Locator::Css("main form.settings"), UI_TIMEOUT).await;
        assert!(
            form.is_displayed().await.unwrap(),
            "the Settings form is shown"
        );
        assert!(browser
            .find_all(Locator::Css(ROWS))
            .await
            .unwrap()
            .is_empty());

        let project = form
            .find(Locator::Css("input[name=project_id]"))
            .await
            .unwrap();
        project.clear().await.unwrap();
        project.send_keys(PROJECT).await.unwrap();
        form.find(Locator::XPath(
            ".//button[normalize-space(.)='Save settings']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
        wait_rows(&browser, total, PAGE_TIMEOUT).await;
        let saved = js(
            &browser,
            "return localStorage.getItem('image-console.settings');",
            vec![],
        )
        .await;
        assert!(
            saved.as_str().is_some_and(|s| s.contains(PROJECT)),
            "{saved}"
        );
        browser.refresh().await.unwrap();
        wait_rows(&browser, total, PAGE_TIMEOUT).await;

        // A cross-origin API base is refused in the form, with the reason.
        browser
            .find(Locator::XPath(
                "//header//button[normalize-space(.)='Settings']",
            ))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let form = find(
            &browser,
            Locator::Css("dialog[open] form.settings"),
            UI_TIMEOUT,
        )
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
        form.find(Locator::XPath(
            ".//button[normalize-space(.)='Save settings']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
        let refusal = wait_text(
            &browser,
            "dialog[open] .form-problems",
            "the refusal",
            UI_TIMEOUT,
            |t| !t.is_empty(),
        )
        .await;
        assert!(
            refusal.contains("another origin") && refusal.contains("proxy"),
            "{refusal}"
        );
        let saved = js(
            &browser,
            "return localStorage.getItem('image-console.settings');",
            vec![],
        )
        .await;
        assert!(
            !saved.to_string().contains("example.com"),
            "the refused value was saved: {saved}"
        );
    })
    .await;
}

/// config.json naming another origin: the page explains why it is refused.
#[tokio::test]
async fn cross_origin_config_is_refused_with_an_explanation() {
    let server = console_server(&["--api-base", "https://workspace.example.com/api"]);
    let url = server.url.clone();
    with_browser(move |browser| async move {
        browser.goto(&url).await.unwrap();
        let problem = find(
            &browser,
            Locator::Css("section.notice.error[role=alert]"),
            PAGE_TIMEOUT,
        )
        .await;
        let text = problem.text().await.unwrap();
        assert!(
            text.contains("https://workspace.example.com") && text.contains("another origin"),
            "{text}"
        );
        assert!(browser
            .find_all(Locator::Css(ROWS))
            .await
            .unwrap()
            .is_empty());
        let log = sim_requests(&server).await;
        assert!(log.is_empty(), "no API request was made: {log:?}");
    })
    .await;
}

// ---- 11. every page, with progress; empty list ---------------------------------------------

/// A list of several pages loads every page (limit 100, the first alone, then at most four at
/// a time), shows its progress while loading, and Refresh updates "updated at"; an empty
/// project says so.
#[tokio::test]
async fn long_lists_load_every_page_with_progress_and_empty_lists_say_so() {
    let server = console_server(&["--instances", "650", "--fault", "list:latency=400"]);
    let empty = console_server(&["--instances", "0"]);
    let (url, empty_url) = (server.url.clone(), empty.url.clone());
    with_browser(move |browser| async move {
        browser.goto(&url).await.unwrap();
        let progress = wait_text(
            &browser,
            ".loading[role=status]",
            "the loading progress",
            PAGE_TIMEOUT,
            |text| text.contains(" of 650"),
        )
        .await;
        assert!(progress.contains("Loading image instances: "), "{progress}");
        wait_rows(&browser, 650, PAGE_TIMEOUT).await;

        let lists: Vec<Value> = sim_requests(&server)
            .await
            .into_iter()
            .filter(|r| r["endpoint"] == "list")
            .collect();
        let mut offsets: Vec<u64> = lists
            .iter()
            .map(|r| {
                let query = r["query"].as_str().expect("a query");
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
            })
            .collect();
        offsets.sort_unstable();
        assert_eq!(offsets, [0, 100, 200, 300, 400, 500, 600], "each page once");
        // Arrival times, with 400 ms per answer: the first page alone, then a wave of four;
        // the last two wait for a free slot.
        let times: Vec<i64> = lists.iter().map(log_time_ms).collect();
        assert!(
            times[1] - times[0] >= 350,
            "the first page comes alone: {times:?}"
        );
        assert!(times[4] - times[1] < 350, "four pages at once: {times:?}");
        assert!(
            times[5] - times[1] >= 350,
            "never more than four at once: {times:?}"
        );

        let updated = wait_text(&browser, ".updated-at", "updated at", UI_TIMEOUT, |t| {
            t.starts_with("Updated ")
        })
        .await;
        let refresh = browser
            .find(Locator::XPath("//button[normalize-space(.)='Refresh']"))
            .await
            .unwrap();
        refresh.click().await.unwrap();
        wait_text(
            &browser,
            ".loading[role=status]",
            "progress of the refresh",
            UI_TIMEOUT,
            |text| text.contains("Loading image instances"),
        )
        .await;
        assert!(
            !refresh.is_enabled().await.unwrap(),
            "Refresh waits for the load"
        );
        wait_text(
            &browser,
            ".updated-at",
            "a newer updated at",
            PAGE_TIMEOUT,
            |t| t.starts_with("Updated ") && t != updated,
        )
        .await;
        wait_rows(&browser, 650, UI_TIMEOUT).await;

        browser.goto(&empty_url).await.unwrap();
        let message = wait_text(&browser, "p.empty", "the empty state", PAGE_TIMEOUT, |t| {
            !t.is_empty()
        })
        .await;
        assert!(message.contains("no image instances"), "{message}");
        assert!(browser
            .find_all(Locator::Css(ROWS))
            .await
            .unwrap()
            .is_empty());
    })
    .await;
}
