//! The job centre: open it, filter, page, open a job, and read its rows back; plus the
//! simulator's own answer to the same list-jobs query, to compare with.

use fantoccini::Locator;
use serde_json::{json, Value};

use super::{Console, PAGE_TIMEOUT};
use crate::support::browser::find;
use crate::support::page::{css_string, js, text, wait_js};
use crate::support::server::Api;

/// The job centre's rows.
pub const CENTRE_ROWS: &str = "table#job-centre-table tbody tr[data-job-id]";
/// Its page size.
pub const JOBS_PER_PAGE: u64 = 20;

/// The ids the simulator lists for `job_type` (and `status`) on page `page` (1-based),
/// newest first, and its total.
pub async fn listed_jobs(
    api: &impl Api,
    job_type: &str,
    status: Option<&str>,
    page: u64,
) -> (Vec<String>, u64, Vec<Value>) {
    let mut path = format!(
        "/image-server-jobs?job_type={job_type}&offset={}&limit={JOBS_PER_PAGE}",
        (page - 1) * JOBS_PER_PAGE
    );
    if let Some(status) = status {
        path.push_str(&format!("&status={status}"));
    }
    let (code, answer) = api.get_api(&path).answer().await;
    assert_eq!(code, 200, "{path}: {answer}");
    let items = answer["items"].as_array().expect("items").clone();
    let ids = items
        .iter()
        .map(|job| job["id"].as_str().expect("a job id").to_owned())
        .collect();
    (ids, answer["count"].as_u64().expect("a count"), items)
}

/// The seed's failed delete jobs (page 1, newest first) and the newest of them.
pub async fn failed_seeded_delete(api: &impl Api) -> (Vec<String>, String) {
    let (failed, _, _) = listed_jobs(api, "DELETE_SERVER", Some("FAILED"), 1).await;
    let newest = failed
        .first()
        .expect("the seed has a failed delete job")
        .clone();
    (failed, newest)
}

impl Console {
    /// Switches to the job centre.
    pub async fn open_job_centre(&self) {
        self.press_button(Locator::XPath(
            "//nav[@aria-label='Views']//button[normalize-space(.)='Job centre']",
        ))
        .await;
    }

    /// Waits until the job centre lists exactly `ids`, in this order.
    pub async fn wait_centre_rows(&self, ids: &[String]) {
        wait_js(
            self,
            &format!("the job centre to list {ids:?}"),
            "const rows = [...document.querySelectorAll(arguments[0])].map(r => r.dataset.jobId);
             return JSON.stringify(rows) === JSON.stringify(arguments[1]);",
            vec![json!(CENTRE_ROWS), json!(ids)],
            PAGE_TIMEOUT,
        )
        .await;
    }

    /// The `datetime` of each row's begin time, in order.
    pub async fn centre_begin_times(&self) -> Vec<String> {
        let times = js(
            self,
            "return [...document.querySelectorAll(arguments[0])]
                 .map(r => r.querySelector('td:nth-child(5) time').getAttribute('datetime'));",
            vec![json!(CENTRE_ROWS)],
        )
        .await;
        serde_json::from_value(times).expect("a list of times")
    }

    /// Chooses `value` in the job centre's select named `name` (`job_type` or `job_status`).
    pub async fn choose_in_centre(&self, name: &str, value: &str) {
        self.element(Locator::Css(&format!(".job-centre select[name={name}]")))
            .await
            .select_by_value(value)
            .await
            .expect("the option is chosen");
    }

    /// The value the job centre's select named `name` shows.
    pub async fn centre_choice(&self, name: &str) -> String {
        let value = js(
            self,
            "return document.querySelector(arguments[0]).value",
            vec![json!(format!(".job-centre select[name={name}]"))],
        )
        .await;
        value.as_str().expect("a value").to_owned()
    }

    /// Presses the pager's `Previous` or `Next`.
    pub async fn centre_page(&self, which: &str) {
        self.press_button(Locator::XPath(&format!(
            "//nav[@aria-label='Job pages']//button[normalize-space(.)='{which}']"
        )))
        .await;
    }

    /// What the pager says is shown.
    pub async fn centre_span(&self) -> String {
        text(self, ".job-centre .page-span").await
    }

    /// Whether the pager's `Previous` or `Next` is available.
    pub async fn centre_page_enabled(&self, which: &str) -> bool {
        self.element(Locator::XPath(&format!(
            "//nav[@aria-label='Job pages']//button[normalize-space(.)='{which}']"
        )))
        .await
        .is_enabled()
        .await
        .expect("enabled state")
    }

    /// Presses Open on the job centre's row of `job_id`.
    pub async fn open_centre_job(&self, job_id: &str) {
        self.press_button(Locator::Css(&format!(
            "{CENTRE_ROWS}[data-job-id={}] button",
            css_string(job_id)
        )))
        .await;
    }

    /// The headline of the job centre's error ("HTTP 400", "Network error: …").
    pub async fn centre_error_headline(&self) -> String {
        text(self, ".job-centre .api-error-headline").await
    }

    /// Waits for the job centre to show an error (reads are retried first), then returns its
    /// text.
    pub async fn wait_centre_error(&self) -> String {
        find(self, Locator::Css(".job-centre .api-error"), PAGE_TIMEOUT)
            .await
            .text()
            .await
            .expect("the error's text")
    }
}
