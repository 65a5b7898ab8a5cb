//! Deletion receipts: a finished job's receipt, downloaded as CSV in Chromium, holds the
//! job, the instance as it was listed and its outcome.

use fantoccini::Locator;
use serde_json::Value;

use super::{seeded_console, JOB_TIMEOUT};
use crate::support::console::seed::{id, name, pick, plain_active};
use crate::support::console::{with_console, Console, UI_TIMEOUT};
use crate::support::page::{js, wait_js};
use crate::support::server::sim::patches;

#[tokio::test]
async fn a_finished_job_downloads_a_csv_receipt_of_what_was_deleted() {
    let (server, instances) = seeded_console(&["--job-duration-ms", "1500"]).await;
    let target = pick(&instances, "a plain ACTIVE instance", plain_active);
    let url = server.url.clone();
    with_console(&url, Some(instances.len()), move |console| async move {
        console.select(&name(&target)).await;
        console.delete_selection().await;
        let job_id = console.wait_job_card(UI_TIMEOUT).await;
        console
            .wait_job_status(&job_id, "SUCCESS", JOB_TIMEOUT)
            .await;

        // Keep what the page hands to the download (the Blob behind the object URL).
        js(
            &console,
            "const create = URL.createObjectURL;
             URL.createObjectURL = blob => { blob.text().then(t => { window.__receipt = t; });
                                             return create(blob); };",
            vec![],
        )
        .await;
        let card = Console::job_card(&job_id);
        console
            .press_button(Locator::Css(&format!("{card} button[data-export=CSV]")))
            .await;
        let csv = wait_js(
            &console,
            "the receipt",
            "return window.__receipt",
            vec![],
            UI_TIMEOUT,
        )
        .await;
        let csv = csv.as_str().expect("text");
        let lines: Vec<&str> = csv.split("\r\n").filter(|line| !line.is_empty()).collect();
        assert_eq!(
            lines[0],
            "project_id,job_id,request_id,submitted_at,recursive,user,instance_id,name,\
             status_when_submitted,outcome,error_code,error_message"
        );
        assert_eq!(lines.len(), 2, "{csv}");
        let cells: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(cells[1], job_id);
        assert_eq!(cells[4], "false");
        assert_eq!(cells[6], id(&target));
        assert_eq!(cells[8], "ACTIVE");
        assert_eq!(cells[9], "SUCCESS");
        assert_eq!(cells[0], "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
        // The request id is the one the simulator sent with the PATCH's answer.
        let sent = patches(&server).await;
        assert_eq!(sent.len(), 1);
        assert_eq!(Value::from(cells[2]), sent[0]["request_id"]);
    })
    .await;
}
