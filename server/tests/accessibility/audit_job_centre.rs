//! The job centre, audited: its list of seeded jobs (filtered, with the pager) and a failed
//! delete job started elsewhere, opened as a card with its outcomes.

use crate::support::axe::assert_accessible;
use crate::support::console::job_centre::listed_jobs;
use crate::support::console::{console_server, with_console, JOB_TIMEOUT};

#[tokio::test]
async fn the_job_centre_and_an_opened_job_have_no_violations() {
    let server = console_server(&[]);
    let (failed, _, _) = listed_jobs(&server, "DELETE_SERVER", Some("FAILED"), 1).await;
    let job_id = failed
        .first()
        .expect("the seed has a failed delete job")
        .clone();
    let url = format!("{}?view=jobs&job_status=FAILED", server.url);
    with_console(&url, None, move |console| async move {
        console.wait_centre_rows(&failed).await;
        assert_accessible(&console, "the job centre").await;
        console.open_centre_job(&job_id).await;
        console
            .wait_job_status(&job_id, "FAILED", JOB_TIMEOUT)
            .await;
        assert_accessible(&console, "a failed job opened from the job centre").await;
    })
    .await;
}
