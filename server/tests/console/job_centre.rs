//! The job centre: the project's jobs read from the list-jobs API, including the simulator's
//! seeded jobs this browser never started, newest first; filtered by type and status and paged
//! exactly as the simulator answers the same query; a failed delete job opened shows its
//! outcome per instance verbatim; the view and the open job survive a reload; errors are shown
//! with a retry.

use fantoccini::Locator;
use serde_json::{json, Value};

use super::console_server;
use crate::support::console::job_centre::{
    failed_seeded_delete, listed_jobs, CENTRE_ROWS, JOBS_PER_PAGE,
};
use crate::support::console::{with_console, Console, JOB_TIMEOUT, PAGE_TIMEOUT, UI_TIMEOUT};
use crate::support::page::{js, text, wait_js};
use crate::support::server::sim::{record_job, set_faults};
use crate::support::server::Api;

#[tokio::test]
async fn seeded_jobs_are_listed_newest_first_and_filters_change_the_rows_as_the_api_does() {
    let server = console_server(&[]);
    let (deletes, total, items) = listed_jobs(&server, "DELETE_SERVER", None, 1).await;
    assert!(total >= 3, "the seed has delete jobs started elsewhere");
    let (builds, _, _) = listed_jobs(&server, "CREATE_SERVER_IMAGE", None, 1).await;
    let (failed_builds, _, _) =
        listed_jobs(&server, "CREATE_SERVER_IMAGE", Some("FAILED"), 1).await;
    assert!(!failed_builds.is_empty() && failed_builds.len() < builds.len());
    let (successful_creates, _, _) =
        listed_jobs(&server, "CREATE_SERVER", Some("SUCCESS"), 1).await;
    assert!(!successful_creates.is_empty());
    let url = server.url.clone();
    with_console(&url, None, move |console| async move {
        console.open_job_centre().await;
        console.wait_centre_rows(&deletes).await;
        // Newest first, as the rows show their begin times.
        let shown = console.centre_begin_times().await;
        let mut newest_first = shown.clone();
        newest_first.sort_by(|a, b| b.cmp(a));
        assert_eq!(shown, newest_first);
        assert_eq!(shown.len(), items.len());
        assert_eq!(
            console.centre_span().await,
            format!("Jobs 1–{total} of {total} · page 1 · {JOBS_PER_PAGE} per page")
        );

        console
            .choose_in_centre("job_type", "CREATE_SERVER_IMAGE")
            .await;
        console.wait_centre_rows(&builds).await;
        console.choose_in_centre("job_status", "FAILED").await;
        console.wait_centre_rows(&failed_builds).await;
        let statuses = js(
            &console,
            "return [...document.querySelectorAll(arguments[0])].map(r => r.dataset.status)",
            vec![json!(CENTRE_ROWS)],
        )
        .await;
        assert!(statuses.as_array().unwrap().iter().all(|s| s == "FAILED"));
        wait_js(
            &console,
            "the filters in the URL",
            "return location.search.includes('view=jobs')
                && location.search.includes('job_type=CREATE_SERVER_IMAGE')
                && location.search.includes('job_status=FAILED')",
            vec![],
            UI_TIMEOUT,
        )
        .await;

        // Another type keeps the status filter and starts again at page 1.
        console.choose_in_centre("job_type", "CREATE_SERVER").await;
        console.choose_in_centre("job_status", "SUCCESS").await;
        console.wait_centre_rows(&successful_creates).await;
    })
    .await;
}

#[tokio::test]
async fn all_types_show_every_types_jobs_merged_newest_first() {
    let server = console_server(&[]);
    let mut every = Vec::new();
    let mut total = 0;
    for job_type in ["DELETE_SERVER", "CREATE_SERVER", "CREATE_SERVER_IMAGE"] {
        let (ids, count, _) = listed_jobs(&server, job_type, None, 1).await;
        assert!(!ids.is_empty(), "the seed has {job_type} jobs");
        every.extend(ids);
        total += count;
    }
    assert!(total <= JOBS_PER_PAGE, "one page holds them all: {total}");
    every.sort();
    let url = format!("{}?view=jobs&job_type=ALL", server.url);
    with_console(&url, None, move |console| async move {
        wait_js(
            &console,
            "every type's jobs",
            "return document.querySelectorAll(arguments[0]).length === arguments[1];",
            vec![json!(CENTRE_ROWS), json!(every.len())],
            PAGE_TIMEOUT,
        )
        .await;
        let shown = js(
            &console,
            "return [...document.querySelectorAll(arguments[0])].map(r => r.dataset.jobId);",
            vec![json!(CENTRE_ROWS)],
        )
        .await;
        let mut shown: Vec<String> = serde_json::from_value(shown).unwrap();
        shown.sort();
        assert_eq!(shown, every);
        let times = console.centre_begin_times().await;
        let mut newest_first = times.clone();
        newest_first.sort_by(|a, b| b.cmp(a));
        assert_eq!(times, newest_first);
        assert_eq!(console.centre_choice("job_type").await, "ALL");
        assert_eq!(
            console.centre_span().await,
            format!("Jobs 1–{total} of {total} · page 1 · {JOBS_PER_PAGE} per page")
        );
    })
    .await;
}

#[tokio::test]
async fn paging_moves_through_the_pages_the_api_gives_and_back_returns_to_the_last() {
    let server = console_server(&[]);
    for n in 0..25 {
        record_job(
            &server,
            &json!({"began_ms_ago": 60_000 * (n + 1), "sub_jobs": [
                {"resource_id": format!("gone-{n}"), "resource_name": format!("old-{n}"),
                 "status": "SUCCESS"}]}),
        )
        .await;
    }
    let (first, total, _) = listed_jobs(&server, "DELETE_SERVER", None, 1).await;
    let (second, _, _) = listed_jobs(&server, "DELETE_SERVER", None, 2).await;
    assert!(
        total > JOBS_PER_PAGE && total <= 2 * JOBS_PER_PAGE,
        "{total} jobs"
    );
    assert_eq!(first.len() as u64, JOBS_PER_PAGE);
    let url = format!("{}?view=jobs", server.url);
    with_console(&url, None, move |console| async move {
        console.wait_centre_rows(&first).await;
        assert!(!console.centre_page_enabled("Previous").await);
        console.centre_page("Next").await;
        console.wait_centre_rows(&second).await;
        assert_eq!(
            console.centre_span().await,
            format!("Jobs 21–{total} of {total} · page 2 · {JOBS_PER_PAGE} per page")
        );
        assert!(!console.centre_page_enabled("Next").await);
        assert!(console
            .current_url()
            .await
            .unwrap()
            .query()
            .unwrap()
            .contains("page=2"));
        console.centre_page("Previous").await;
        console.wait_centre_rows(&first).await;
        // Back returns to page 2, Forward to page 1.
        console.back().await.unwrap();
        console.wait_centre_rows(&second).await;
        console.forward().await.unwrap();
        console.wait_centre_rows(&first).await;
    })
    .await;
}

#[tokio::test]
async fn a_failed_delete_job_started_elsewhere_opens_with_its_outcomes_verbatim_and_survives_a_reload(
) {
    let server = console_server(&[]);
    let (failed, job_id) = failed_seeded_delete(&server).await;
    let (status, job) = server
        .get_api(&format!("/image-server-jobs/{job_id}"))
        .answer()
        .await;
    assert_eq!(status, 200, "{job}");
    let url = format!("{}?view=jobs&job_status=FAILED", server.url);
    with_console(&url, None, move |console| async move {
        console.wait_centre_rows(&failed).await;
        console.open_centre_job(&job_id).await;
        // The card opens at the top of the page, in view and with focus.
        wait_js(
            &console,
            "focus on the opened card",
            "const e = document.activeElement;
             return e && e.tagName === 'ARTICLE' && e.dataset.jobId === arguments[0];",
            vec![json!(job_id)],
            UI_TIMEOUT,
        )
        .await;
        console
            .wait_job_status(&job_id, "FAILED", JOB_TIMEOUT)
            .await;
        assert_outcomes_verbatim(&console, &job_id, &job).await;

        // The URL names the view and the job: a reload opens both again.
        wait_js(
            &console,
            "the job in the URL",
            "return location.search.includes('job=' + arguments[0])",
            vec![json!(job_id)],
            UI_TIMEOUT,
        )
        .await;
        console.refresh().await.unwrap();
        console.wait_centre_rows(&failed).await;
        assert_eq!(console.centre_choice("job_status").await, "FAILED");
        console
            .wait_job_status(&job_id, "FAILED", JOB_TIMEOUT)
            .await;
        assert_outcomes_verbatim(&console, &job_id, &job).await;
    })
    .await;
}

/// Each sub-job of the simulator's `job` is a line of the card with its raw status, and a
/// failure's `error_code` and `error_message` exactly as the API gave them.
async fn assert_outcomes_verbatim(console: &Console, job_id: &str, job: &Value) {
    let card = Console::job_card(job_id);
    let subs = job["sub_jobs"].as_array().expect("sub-jobs");
    let failures = subs.iter().filter(|sub| sub["status"] != "SUCCESS").count();
    assert!(failures > 0, "{job}");
    for sub in subs {
        let id = sub["job_resource_info"]["resource_id"].as_str().unwrap();
        let line = format!("{card} li[data-resource-id='{id}']");
        assert_eq!(
            text(console, &format!("{line} .raw-status")).await,
            sub["status"].as_str().unwrap()
        );
        let info = &sub["job_execute_info"];
        assert_eq!(
            text(console, &format!("{line} .error-code")).await,
            info["error_code"].as_str().unwrap_or_default()
        );
        assert_eq!(
            text(console, &format!("{line} .error-message")).await,
            info["error_message"].as_str().unwrap_or_default()
        );
    }
}

const RETRY: &str = "//section[contains(@class,'job-centre')]//button[normalize-space(.)='Retry']";

#[tokio::test]
async fn errors_are_shown_whole_with_a_retry_never_a_blank() {
    let server = console_server(&[]);
    let (deletes, _, _) = listed_jobs(&server, "DELETE_SERVER", None, 1).await;
    set_faults(&server, &["jobs:400"]).await;
    let url = server.url.clone();
    with_console(&url, None, move |console| async move {
        console.open_job_centre().await;
        console.wait_centre_error().await;
        assert_eq!(console.centre_error_headline().await, "HTTP 400");
        // A body cut short, then no answer at all (after the read's retries): each said as
        // what it is, never a blank or an empty list.
        for (fault, headline) in [
            ("jobs:truncate", "HTTP 200: the response could not be read"),
            ("jobs:drop", "Network error: the request got no answer"),
        ] {
            set_faults(&server, &[fault]).await;
            console.press_button(Locator::XPath(RETRY)).await;
            wait_js(
                &console,
                headline,
                "const e = document.querySelector('.job-centre .api-error-headline');
                 return e && e.textContent === arguments[0];",
                vec![json!(headline)],
                PAGE_TIMEOUT,
            )
            .await;
            assert_eq!(
                js(
                    &console,
                    "return document.querySelectorAll(arguments[0]).length",
                    vec![json!(CENTRE_ROWS)]
                )
                .await,
                0
            );
        }
        set_faults(&server, &[]).await;
        console.press_button(Locator::XPath(RETRY)).await;
        console.wait_centre_rows(&deletes).await;
    })
    .await;
}
