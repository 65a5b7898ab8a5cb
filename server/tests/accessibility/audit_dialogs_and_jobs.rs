//! The delete path's states, audited: the confirmation, a refused delete, the recursive
//! warning, a job in progress, a failed job, the history and a finished job.

use fantoccini::Locator;

use crate::support::axe::assert_accessible;
use crate::support::console::seed::{eligible, name, pick, plain_active, plain_name};
use crate::support::console::{
    seeded_console, with_console, Console, DIALOG_CONFIRM, DIALOG_DELETE, JOB_TIMEOUT,
    RECURSIVE_BOX, UI_TIMEOUT, WARNING_DIALOG,
};
use crate::support::page::{click, wait_js};
use crate::support::server::sim::set_faults;

/// Long enough for the audit of a running job in both schemes to see it running.
const JOB_MS: &str = "8000";

#[tokio::test]
async fn delete_and_job_states_have_no_violations() {
    let (server, instances) = seeded_console(&["--job-duration-ms", JOB_MS]).await;
    let changed = pick(&instances, "an instance whose resources changed", |i| {
        eligible(i) && plain_name(i) && name(i).contains("changed")
    });
    let plain = pick(&instances, "a plain ACTIVE instance", plain_active);
    let total = instances.len();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        console.select(&name(&plain)).await;
        console.open_delete_dialog().await;
        assert_accessible(&console, "the delete confirmation").await;
        set_faults(&server, &["delete:400"]).await;
        console.confirm_delete().await;
        console
            .element(Locator::Css(".selection-bar .api-error[role=alert]"))
            .await;
        assert_accessible(&console, "a refused delete").await;
        set_faults(&server, &[]).await;

        console.press_button(Locator::XPath(RECURSIVE_BOX)).await;
        console.element(Locator::Css(WARNING_DIALOG)).await;
        assert_accessible(&console, "the recursive warning").await;
        console.press_button(Locator::XPath(DIALOG_CONFIRM)).await;
        console.wait_no_dialog().await;

        console.select(&name(&changed)).await;
        console.open_delete_dialog().await;
        console.type_confirmation().await;
        assert_accessible(&console, "the typed confirmation of a recursive delete").await;
        console.press_button(Locator::XPath(DIALOG_DELETE)).await;
        let job_id = console.wait_job_card(UI_TIMEOUT).await;
        console
            .element(Locator::Css(&format!(
                "{} .job-progress progress",
                Console::job_card(&job_id)
            )))
            .await;
        assert_accessible(&console, "a job in progress").await;
        console
            .wait_job_status(&job_id, "FAILED", JOB_TIMEOUT)
            .await;
        assert_accessible(&console, "a failed job").await;

        click(&console, ".history summary", UI_TIMEOUT).await;
        wait_js(
            &console,
            "the history open",
            "return document.querySelector('details.history').open;",
            vec![],
            UI_TIMEOUT,
        )
        .await;
        assert_accessible(&console, "the job history").await;
    })
    .await;
}

/// A job that succeeded.
#[tokio::test]
async fn finished_job_has_no_violations() {
    let (server, instances) = seeded_console(&["--job-duration-ms", "1500"]).await;
    let plain = pick(&instances, "a plain ACTIVE instance", plain_active);
    let total = instances.len();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        console.select(&name(&plain)).await;
        console.delete_selection().await;
        let job_id = console.wait_job_card(UI_TIMEOUT).await;
        console
            .wait_job_status(&job_id, "SUCCESS", JOB_TIMEOUT)
            .await;
        assert_accessible(&console, "a finished job").await;
    })
    .await;
}
