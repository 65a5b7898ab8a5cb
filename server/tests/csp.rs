//! The Content-Security-Policy in the browser: the check that fails a browser test on any
//! violation really sees violations, and the built console runs under the policy without one.
//!
//! Every test using `support::browser::with_browser` fails when Chromium reported a CSP
//! violation that the test did not drain with `csp_violations`.

mod support;

use std::time::Duration;

use support::browser::{
    assert_no_csp_violations, csp_violations, dist_dir, requested_urls, wait_for, with_browser,
};
use support::server::headers::assert_security_headers;
use support::server::{client, TempDir, TestServer};

const PAGE_TIMEOUT: Duration = Duration::from_secs(30);
const ROWS: &str = "table#instance-table tbody tr[data-id]";

/// A page that breaks the policy three ways: the check reports each, and the inline script
/// does not run.
#[tokio::test]
async fn the_check_reports_violations() {
    let dist = TempDir::new("csp-violations");
    dist.write(
        "index.html",
        "<!doctype html><title>before</title>\
         <script>document.title = 'inline script ran';</script>\
         <p id=ok style=\"color: red\">served</p>\
         <img src=\"https://example.invalid/pixel.png\" alt=\"\">",
    );
    let server = TestServer::start(&["--dist", dist.arg(), "--base-path", "/csp/"]);
    let url = server.url.clone();
    with_browser(|browser| async move {
        browser.goto(&url).await.expect("page loads");
        wait_for(&browser, "p#ok", PAGE_TIMEOUT).await;
        assert_eq!(
            browser.title().await.unwrap(),
            "before",
            "the inline script was blocked"
        );
        // Reports can trail the load by a moment.
        let mut violations = Vec::new();
        for _ in 0..40 {
            violations.extend(csp_violations(&browser).await);
            if violations.len() >= 3 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let all = violations.join("\n");
        for directive in ["script-src", "style-src", "img-src"] {
            assert!(
                all.contains(directive),
                "{directive} violation reported:\n{all}"
            );
        }
        // Drained: nothing left for the end-of-test check.
        assert_no_csp_violations(&browser).await;
    })
    .await;
}

/// The release build under the server's policy: the console lists instances and no violation
/// is reported; the page holds no inline script or style.
#[tokio::test]
async fn the_console_runs_under_the_policy_without_violations() {
    let dist = dist_dir();
    let index = std::fs::read_to_string(dist.join("index.html")).expect("index.html");
    assert!(
        !index.contains("<script>") && !index.contains("<script type=\"module\">"),
        "no inline script in index.html:\n{index}"
    );
    assert!(
        !index.contains("<style") && !index.contains(" style="),
        "no inline style"
    );

    let server = TestServer::start(&[
        "--dist",
        dist.to_str().expect("utf-8 path"),
        "--base-path",
        "/tools/image-console/",
        "--api-prefix",
        "/tools/image-console/api",
    ]);
    let response = client().get(&server.url).send().await.unwrap();
    assert_security_headers(response.headers());

    let url = server.url.clone();
    let origin = server.origin.clone();
    with_browser(move |browser| async move {
        browser.goto(&url).await.expect("console loads");
        wait_for(&browser, ROWS, PAGE_TIMEOUT).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_no_csp_violations(&browser).await;
        for requested in requested_urls(&browser).await {
            assert!(
                requested.starts_with(&format!("{origin}/tools/image-console/")),
                "{requested} is not under the sub-path"
            );
        }
    })
    .await;
}
