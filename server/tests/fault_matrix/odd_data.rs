//! Odd data from the API, all shown as text.

use std::time::Duration;

use serde_json::json;

use super::{good_config, start, TIMEOUT_MS};
use crate::support::console::{with_console, Console, PAGE_TIMEOUT, ROWS};
use crate::support::files::{dist_with_config, replace_file, TempDir};
use crate::support::page::{js, text, wait_js};
use crate::support::server::PROJECT;

/// Markup anywhere in the page's main parts.
const NO_MARKUP: &str = "return document.querySelectorAll(\
    'main img, main b, main i, main script, #instance-table b').length";

/// A copy of the app whose `api_base` points into its own directory, where static files
/// stand in for list items with missing or wrongly typed fields, an unknown status, a huge
/// name, unicode and markup, and a job whose error code and message hold markup.
fn fake_api() -> TempDir {
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
    dist
}

/// The remembered-jobs record for one job.
fn remember(job_id: &str) -> String {
    json!([{"job_id": job_id, "submitted_at_ms": 1, "instance_ids": ["1001"],
            "recursive": false}])
    .to_string()
}

/// Reloads with `job_id` as the one remembered job.
async fn reload_remembering(console: &Console, job_id: &str) {
    js(
        console,
        "localStorage.setItem('image-console.jobs', arguments[0])",
        vec![json!(remember(job_id))],
    )
    .await;
    console.refresh().await.expect("reload");
}

/// Odd list items and a job with markup, served as static files; then an API error message
/// with markup from the simulator. Everything is shown, as text.
#[tokio::test]
async fn odd_data_and_markup_from_the_api_are_shown_as_text() {
    let dist = fake_api();
    let server = start(&dist);
    let url = server.url.clone();
    let config_path = dist.path().join("config.json");
    with_console(&url, None, move |console| async move {
        reload_remembering(&console, "odd-job").await;
        wait_js(
            &console,
            "five readable rows",
            "return document.querySelectorAll(arguments[0]).length === 5",
            vec![json!(ROWS)],
            PAGE_TIMEOUT,
        )
        .await;
        for (id, shown) in [
            ("1001", "<b>bold</b><script>alert(1)</script>"),
            ("1001", "MIGRATING"),
            ("1002", "Not set"),
            ("1003", "-end"),
            ("1004", "👩‍💻 مرحبا 你好"),
            ("1005", "42"),
        ] {
            let row = text(&console, &format!("tr[data-id='{id}']")).await;
            assert!(row.contains(shown), "{id}: {shown:?} not in {row:?}");
        }
        let outcome = wait_js(
            &console,
            "the finished job's outcome",
            "const o = document.querySelector(\"article[data-job-id='odd-job'] .outcomes\"); \
             return o ? o.textContent : '';",
            vec![],
            PAGE_TIMEOUT,
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
        assert_eq!(js(&console, NO_MARKUP, vec![]).await, json!(0));

        // An API error whose message holds markup (the simulator names the unknown job).
        replace_file(&config_path, &good_config(), Duration::from_secs(60));
        reload_remembering(&console, "<img src=x>").await;
        let shown = console
            .wait_for_error("article.job-card", "Could not check the job")
            .await;
        assert!(
            shown.contains("HTTP 404") && shown.contains("The job <img src=x> does not exist."),
            "{shown}"
        );
        assert_eq!(js(&console, NO_MARKUP, vec![]).await, json!(0));
        console.assert_no_panic().await;
        console.assert_clean_console().await;
    })
    .await;
}
