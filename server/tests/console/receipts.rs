//! Deletion receipts, downloaded in Chromium and compared with what the simulator recorded
//! (the PATCHes it received, with their `X-Request-Id`, and its jobs): a finished job's CSV
//! and JSON receipts, and every finished job in one file.

use fantoccini::Locator;
use serde_json::{json, Value};

use super::{seeded_console, JOB_TIMEOUT};
use crate::support::console::seed::{id, name, pick, plain_active};
use crate::support::console::{with_console, Console, DIALOG_DELETE, UI_TIMEOUT};
use crate::support::page::click;
use crate::support::server::sim::{patches, plan_outcomes};
use crate::support::server::Api;

#[tokio::test]
async fn a_finished_job_downloads_a_csv_receipt_of_what_was_deleted() {
    let (server, instances) = seeded_console(&["--job-duration-ms", "1500"]).await;
    let target = pick(&instances, "a plain ACTIVE instance", plain_active);
    let url = server.url.clone();
    with_console(&url, Some(instances.len()), move |console| async move {
        console.select(&name(&target)).await;
        let job_id = console.delete_to_the_end("SUCCESS").await;

        console.record_downloads().await;
        let card = Console::job_card(&job_id);
        console
            .press_button(Locator::Css(&format!("{card} button[data-export=CSV]")))
            .await;
        let receipt = console.download(1).await;
        assert_eq!(receipt.file_name, format!("deletion-receipt-{job_id}.csv"));
        let csv = receipt.text;
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

/// A message with a comma, quotes and a formula start, which must come back verbatim.
const FAILURE: (&str, &str) = ("WKS.00129901", "=quota \"exceeded\", try later");

#[tokio::test]
async fn json_receipts_of_one_job_and_of_all_jobs_match_the_simulators_records() {
    let (server, instances) = seeded_console(&["--job-duration-ms", "1500"]).await;
    let targets: Vec<Value> = instances
        .iter()
        .filter(|i| plain_active(i))
        .take(3)
        .cloned()
        .collect();
    assert_eq!(targets.len(), 3, "plain ACTIVE instances");
    plan_outcomes(
        &server,
        &json!({ id(&targets[1]): {
            "status": "FAILED", "error_code": FAILURE.0, "error_message": FAILURE.1 } }),
    )
    .await;
    let url = server.url.clone();
    with_console(&url, Some(instances.len()), move |console| async move {
        // Job 1: two instances, one fails; job 2: one instance with associated resources.
        console.select(&name(&targets[0])).await;
        console.select(&name(&targets[1])).await;
        let first = console.delete_to_the_end("FAILED").await;
        console.select(&name(&targets[2])).await;
        console.tick_recursive().await;
        console.open_delete_dialog().await;
        console.type_confirmation().await;
        console.press_button(Locator::XPath(DIALOG_DELETE)).await;
        let second = wait_other_card(&console, &first).await;
        console
            .wait_job_status(&second, "SUCCESS", JOB_TIMEOUT)
            .await;

        console.record_downloads().await;
        let card = Console::job_card(&first);
        console
            .press_button(Locator::Css(&format!("{card} button[data-export=JSON]")))
            .await;
        let one = console.download(1).await;
        assert_eq!(one.file_name, format!("deletion-receipt-{first}.json"));
        let rows: Vec<Value> = serde_json::from_str(&one.text).expect("a JSON array");
        assert_eq!(rows.len(), 2, "{}", one.text);
        assert_rows_match_the_simulator(&server, &rows, &targets).await;

        click(&console, ".history summary", UI_TIMEOUT).await;
        console
            .press_button(Locator::Css("details.history button[data-export=JSON]"))
            .await;
        let all = console.download(2).await;
        assert_eq!(all.file_name, "deletion-receipt-all.json");
        let rows: Vec<Value> = serde_json::from_str(&all.text).expect("a JSON array");
        assert_eq!(rows.len(), 3, "{}", all.text);
        let jobs: std::collections::BTreeSet<&str> = rows
            .iter()
            .map(|row| row["job_id"].as_str().unwrap())
            .collect();
        assert_eq!(jobs, [first.as_str(), second.as_str()].into());
        assert_rows_match_the_simulator(&server, &rows, &targets).await;
    })
    .await;
}

/// Waits for a job card other than `first`'s; its job ID.
async fn wait_other_card(console: &Console, first: &str) -> String {
    let id = crate::support::page::wait_js(
        console,
        "a second job card",
        "const card = [...document.querySelectorAll('article[data-job-id]')]
             .find(c => c.dataset.jobId !== arguments[0]);
         return card ? card.dataset.jobId : null;",
        vec![json!(first)],
        UI_TIMEOUT,
    )
    .await;
    id.as_str().expect("a job id").to_owned()
}

/// Every receipt row against the simulator: the PATCH that sent its instance (request id,
/// `recursive`), the instance as listed, and its sub-job in the job the simulator reports.
async fn assert_rows_match_the_simulator(server: &impl Api, rows: &[Value], targets: &[Value]) {
    let sent = patches(server).await;
    for row in rows {
        let instance_id = row["instance_id"].as_str().expect("an instance id");
        let patch = sent
            .iter()
            .find(|patch| {
                patch["body"]["items"]
                    .as_array()
                    .is_some_and(|items| items.iter().any(|item| item == instance_id))
            })
            .unwrap_or_else(|| panic!("no PATCH sent {instance_id}: {sent:?}"));
        assert_eq!(row["request_id"], patch["request_id"], "{row}");
        assert_eq!(row["recursive"], patch["body"]["recursive"], "{row}");
        let target = targets
            .iter()
            .find(|target| id(target) == instance_id)
            .expect("a submitted instance");
        assert_eq!(row["name"], target["name"], "{row}");
        assert_eq!(row["status_when_submitted"], "ACTIVE", "{row}");
        assert_eq!(row["project_id"], "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
        let job_id = row["job_id"].as_str().expect("a job id");
        let (status, job) = server
            .get_api(&format!("/image-server-jobs/{job_id}"))
            .answer()
            .await;
        assert_eq!(status, 200, "{job}");
        let sub = job["sub_jobs"]
            .as_array()
            .expect("sub-jobs")
            .iter()
            .find(|sub| sub["job_resource_info"]["resource_id"] == instance_id)
            .unwrap_or_else(|| panic!("{instance_id} in {job}"));
        assert_eq!(row["outcome"], sub["status"], "{row}");
        assert_eq!(
            row["error_code"], sub["job_execute_info"]["error_code"],
            "{row}"
        );
        assert_eq!(
            row["error_message"], sub["job_execute_info"]["error_message"],
            "{row}"
        );
    }
    assert!(
        rows.iter()
            .any(|row| row["error_message"] == FAILURE.1 && row["error_code"] == FAILURE.0),
        "the planned failure, verbatim: {rows:?}"
    );
}
