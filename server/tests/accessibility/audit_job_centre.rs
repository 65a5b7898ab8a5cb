//! The job centre, audited: its list of seeded jobs (filtered, with the pager) and a failed
//! delete job started elsewhere, opened as a card with its outcomes.

use crate::support::axe::assert_accessible;
use crate::support::console::job_centre::failed_seeded_delete;
use crate::support::console::{console_server, with_console, JOB_TIMEOUT};

#[tokio::test]
async fn the_job_centre_and_an_opened_job_have_no_violations() {
    let server = console_server(&[]);
    let (failed, job_id) = failed_seeded_delete(&server).await;
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
