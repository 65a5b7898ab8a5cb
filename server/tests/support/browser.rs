//! Drives headless Chromium through chromedriver and fantoccini for end-to-end tests.
//!
//! Environment: `CHROMEDRIVER` (default `/usr/bin/chromedriver`), `CHROMIUM` (default
//! `/usr/bin/chromium`), `IMAGE_CONSOLE_DIST` (default `<repo>/dist`). A missing tool or dist
//! fails the test with a message saying what to install or build.
#![allow(
    dead_code,
    reason = "each test target uses a different subset of these helpers"
)]

use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

use super::server::TempDir;

const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(20);

/// The built app to serve: `$IMAGE_CONSOLE_DIST`, else `<repo>/dist`. Panics with a hint when
/// it has no `index.html`.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("IMAGE_CONSOLE_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    assert!(
        dist.join("index.html").is_file(),
        "no built app at {} (build it with `scripts/build`, or set IMAGE_CONSOLE_DIST)",
        dist.display()
    );
    dist
}

/// A chromedriver process on a free local port, killed when dropped.
struct ChromeDriver {
    child: Child,
    url: String,
}

impl ChromeDriver {
    async fn start() -> Self {
        let binary =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_owned());
        assert!(
            Path::new(&binary).is_file(),
            "chromedriver not found at {binary} (apt-get install chromium-driver, or set CHROMEDRIVER)"
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
        let driver = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        driver.wait_until_ready().await;
        driver
    }

    /// Polls `/status` until chromedriver reports ready.
    async fn wait_until_ready(&self) {
        let http = reqwest::Client::new();
        let deadline = Instant::now() + DRIVER_START_TIMEOUT;
        loop {
            if let Ok(response) = http.get(format!("{}/status", self.url)).send().await {
                if let Ok(status) = response.json::<serde_json::Value>().await {
                    if status["value"]["ready"] == true {
                        return;
                    }
                }
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver at {} did not become ready",
                self.url
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `body` with a fresh headless Chromium session (own temp profile), then closes the
/// session and chromedriver even if `body` panics, and re-raises the panic.
pub async fn with_browser<F, Fut>(body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_browser_in(None, body).await;
}

/// [`with_browser`] with the browser's preferred languages set (`"zh-CN,zh"`: what
/// `navigator.languages` and `Accept-Language` say), as a user's settings would.
pub async fn with_browser_in<F, Fut>(languages: Option<&str>, body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let driver = ChromeDriver::start().await;
    let profile = TempDir::new("chromium-profile");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    let mut capabilities = json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        },
        // Keeps the console's messages (CSP violations among them) for `csp_violations`.
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    if let Some(languages) = languages {
        let options = &mut capabilities["goog:chromeOptions"];
        options["prefs"] = json!({ "intl": { "accept_languages": languages } });
        let first = languages.split(',').next().unwrap_or_default();
        options["args"]
            .as_array_mut()
            .expect("the args")
            .push(json!(format!("--lang={first}")));
    }
    let capabilities = capabilities.as_object().expect("an object").clone();
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .unwrap_or_else(|e| panic!("cannot open a Chromium session via {}: {e}", driver.url));
    let outcome = tokio::spawn(body(client.clone())).await;
    // Every browser test also fails on a Content-Security-Policy violation it did not drain.
    let violations = match outcome {
        Ok(()) => Some(csp_violations(&client).await),
        Err(_) => None,
    };
    let _ = client.close().await;
    drop(driver);
    drop(profile);
    if let Err(failure) = outcome {
        if failure.is_panic() {
            std::panic::resume_unwind(failure.into_panic());
        }
        panic!("browser test task failed: {failure}");
    }
    if let Some(violations) = violations {
        assert!(
            violations.is_empty(),
            "Content-Security-Policy violations in the browser: {violations:#?}"
        );
    }
}

/// A chromedriver command fantoccini has no method for: `{method} /session/{id}/{path}` with
/// an optional JSON body (the browser log, a DevTools command, an element's computed label).
#[derive(Debug)]
pub struct SessionCommand {
    pub method: reqwest::Method,
    pub path: String,
    pub body: Option<Value>,
}

impl fantoccini::wd::WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(
        &self,
        base_url: &reqwest::Url,
        session_id: Option<&str>,
    ) -> Result<reqwest::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &reqwest::Url) -> (reqwest::Method, Option<String>) {
        (
            self.method.clone(),
            self.body.as_ref().map(Value::to_string),
        )
    }
}

/// The browser's console messages since the last call (it drains them), as
/// `LEVEL source: message`.
pub async fn browser_log(client: &Client) -> Vec<String> {
    let entries = client
        // chromedriver's `se/log` (the session has `goog:loggingPrefs`, which [`with_browser`] sets).
        .issue_cmd(SessionCommand {
            method: reqwest::Method::POST,
            path: "se/log".to_owned(),
            body: Some(json!({ "type": "browser" })),
        })
        .await
        .unwrap_or_else(|e| panic!("cannot read the browser log from chromedriver: {e}"));
    entries
        .as_array()
        .unwrap_or_else(|| panic!("the browser log is not an array: {entries}"))
        .iter()
        .map(|entry| {
            format!(
                "{} {}: {}",
                entry["level"].as_str().unwrap_or("?"),
                entry["source"].as_str().unwrap_or("?"),
                entry["message"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

/// The Content-Security-Policy violations Chromium reported since the last call (it drains
/// the browser log). Chromium reports every blocked script, style, connection, frame or eval
/// as a console error naming the policy; [`with_browser`] fails a test that leaves any.
pub async fn csp_violations(client: &Client) -> Vec<String> {
    browser_log(client)
        .await
        .into_iter()
        .filter(|line| line.contains("Content Security Policy"))
        .collect()
}

/// Fails if Chromium reported a Content-Security-Policy violation since the last check.
pub async fn assert_no_csp_violations(client: &Client) {
    let violations = csp_violations(client).await;
    assert!(
        violations.is_empty(),
        "Content-Security-Policy violations in the browser: {violations:#?}"
    );
}

/// Every URL the current page loaded: the document itself and each resource (scripts, styles,
/// wasm, fetches), from the Resource Timing entries.
pub async fn requested_urls(client: &Client) -> Vec<String> {
    let urls = client
        .execute(
            "return performance.getEntriesByType('navigation')\
                 .concat(performance.getEntriesByType('resource'))\
                 .map(e => e.name);",
            vec![],
        )
        .await
        .expect("performance entries");
    serde_json::from_value(urls).expect("a list of URLs")
}

/// Waits up to `timeout` for an element matching `css`.
pub async fn wait_for(client: &Client, css: &str, timeout: Duration) -> Element {
    find(client, Locator::Css(css), timeout).await
}

/// Waits up to `timeout` for an element matching `locator` (CSS or XPath).
pub async fn find(client: &Client, locator: Locator<'_>, timeout: Duration) -> Element {
    client
        .wait()
        .at_most(timeout)
        .every(Duration::from_millis(50))
        .for_element(locator)
        .await
        .unwrap_or_else(|e| panic!("no element matching {locator:?} within {timeout:?}: {e}"))
}

/// Waits up to `timeout` until exactly `count` elements match `css`; returns them.
pub async fn wait_for_count(
    client: &Client,
    css: &str,
    count: usize,
    timeout: Duration,
) -> Vec<Element> {
    let deadline = Instant::now() + timeout;
    loop {
        let found = client
            .find_all(Locator::Css(css))
            .await
            .expect("find_all works");
        if found.len() == count {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "{} elements match {css:?} after {timeout:?}, expected {count}",
            found.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
