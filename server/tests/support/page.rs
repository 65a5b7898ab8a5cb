//! Reading and driving any page in Chromium: scripts, element state, and waits for a DOM
//! condition with a deadline (nothing sleeps to synchronise).

use std::future::Future;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client as Browser, Locator};
use serde_json::{json, Value};

use super::browser::SessionCommand;

const POLL: Duration = Duration::from_millis(50);

/// Runs `script` (a function body that `return`s) once and returns its result.
pub async fn js(browser: &Browser, script: &str, args: Vec<Value>) -> Value {
    browser
        .execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Whether a script result counts as "the condition holds" (not null, false, "", 0).
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// Runs `script` until its result is truthy, within `timeout`; returns the result. Fails with
/// `what`, the last result and the page's text otherwise.
pub async fn wait_js(
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
        if Instant::now() >= deadline {
            let page = js(browser, "return document.body.innerText", vec![]).await;
            panic!(
                "timed out after {timeout:?} waiting for {what}; last result: {last}; the page \
                 says:\n{}",
                page.as_str().unwrap_or_default()
            );
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Waits until `holds` resolves to true, within `timeout`; fails with `what` otherwise.
pub async fn wait_until<F, Fut>(what: &str, timeout: Duration, mut holds: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + timeout;
    while !holds().await {
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(POLL).await;
    }
}

/// Waits for the text of the first element matching `css` to satisfy `check`; returns it.
pub async fn wait_text(
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
        tokio::time::sleep(POLL).await;
    }
}

/// Waits for the text of the first element matching `css` to contain `needle`; returns it.
pub async fn wait_contains(
    browser: &Browser,
    css: &str,
    needle: &str,
    timeout: Duration,
) -> String {
    wait_text(browser, css, &format!("{needle:?}"), timeout, |text| {
        text.contains(needle)
    })
    .await
}

/// The `textContent` of the first element matching `css`, or "" when there is none.
pub async fn text(browser: &Browser, css: &str) -> String {
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

/// Clicks (from script) the first element matching `css` once it exists and is enabled.
pub async fn click(browser: &Browser, css: &str, timeout: Duration) {
    wait_js(
        browser,
        &format!("an enabled {css}"),
        "const e = document.querySelector(arguments[0]); \
         if (!e || e.disabled) return false; e.click(); return true;",
        vec![json!(css)],
        timeout,
    )
    .await;
}

/// Whether a checkbox is ticked.
pub async fn is_checked(element: &Element) -> bool {
    element.prop("checked").await.expect("checked property") == Some("true".to_owned())
}

/// A CSS string literal.
pub fn css_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// An element as a script argument.
pub fn arg(element: &Element) -> Value {
    serde_json::to_value(element).expect("element as JSON")
}

/// The accessible name of an element, as assistive technology gets it.
pub async fn accessible_name(browser: &Browser, element: &Element) -> String {
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

/// One Chrome DevTools Protocol command, through chromedriver's `goog/cdp/execute`.
pub async fn devtools(browser: &Browser, command: &str, params: Value) {
    browser
        .issue_cmd(SessionCommand {
            method: reqwest::Method::POST,
            path: "goog/cdp/execute".to_owned(),
            body: Some(json!({ "cmd": command, "params": params })),
        })
        .await
        .unwrap_or_else(|e| panic!("DevTools {command}: {e}"));
}

/// Makes the page see `prefers-color-scheme: {scheme}`.
pub async fn emulate_color_scheme(browser: &Browser, scheme: &str) {
    let features = json!([{ "name": "prefers-color-scheme", "value": scheme }]);
    devtools(
        browser,
        "Emulation.setEmulatedMedia",
        json!({ "features": features }),
    )
    .await;
}

/// A `localStorage` value, or "" when unset.
pub async fn local_storage(browser: &Browser, key: &str) -> String {
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

/// Presses a key on whatever has focus.
pub async fn press(browser: &Browser, key: &str) {
    browser
        .active_element()
        .await
        .expect("a focused element")
        .send_keys(key)
        .await
        .expect("the key is sent");
}

/// The console's languages, as its language switch and `?lang=` name them.
pub const LANGUAGES: [&str; 2] = ["en", "zh-CN"];

/// Picks `tag` in the console's language switch (a choice this browser keeps) and waits for
/// `<html lang>` to follow. Works while a modal makes the masthead inert, as a script does.
pub async fn choose_language(browser: &Browser, tag: &str) {
    js(
        browser,
        "const select = document.querySelector('header select[name=lang]');
         select.value = arguments[0];
         select.dispatchEvent(new Event('change', { bubbles: true }));
         return true;",
        vec![json!(tag)],
    )
    .await;
    wait_js(
        browser,
        &format!("the page in {tag}"),
        "return document.documentElement.lang === arguments[0];",
        vec![json!(tag)],
        Duration::from_secs(10),
    )
    .await;
}

/// `<html lang>`.
pub async fn page_language(browser: &Browser) -> String {
    js(browser, "return document.documentElement.lang", vec![])
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}
