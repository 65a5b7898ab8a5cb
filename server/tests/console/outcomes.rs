//! Honest outcomes: every sub-job status the service documents (and one it does not) shows as
//! what it is, in words and raw; the heading counts deleted, failed and other outcomes apart;
//! a submitted instance that was gone before the request is reported as not found.

use fantoccini::Locator;
use serde_json::{json, Value};

use super::{seeded_console, JOB_TIMEOUT};
use crate::support::console::seed::{id, name, plain_active_targets};
use crate::support::console::{with_console, Console, UI_TIMEOUT};
use crate::support::server::sim::{
    last_seq, plan_outcomes, remove_instance, set_faults, wait_for_requests,
};

/// Planned sub-job status, the words and the raw value the console must show for it.
const PLANNED: [(&str, &str); 8] = [
    ("SUCCESS", "Deleted"),
    ("FAILED", "Failed: not deleted"),
    ("ABNORMAL", "Abnormal: not deleted"),
    ("ROLLBACK", "Rolled back: not deleted"),
    ("ABORTING", "Aborting: not deleted"),
    ("WAITING", "Waiting: not deleted yet"),
    ("RUNNING", "Running: being deleted"),
    ("PAUSED_BY_OPERATOR", "Unknown status"),
];

#[tokio::test]
async fn every_sub_job_status_is_shown_as_what_it_is_and_gone_ids_as_not_found() {
    let (server, instances) = seeded_console(&["--job-duration-ms", "1500"]).await;
    let targets = plain_active_targets(&instances, PLANNED.len() + 1);
    let plans: serde_json::Map<String, Value> = PLANNED
        .iter()
        .zip(&targets)
        .map(|((status, _), target)| {
            let plan = match *status {
                "FAILED" | "ABNORMAL" => json!({
                    "status": status,
                    "error_code": "WKS.00129901",
                    "error_message": format!("{status} <b>as text</b>"),
                }),
                _ => json!({ "status": status }),
            };
            (id(target), plan)
        })
        .collect();
    plan_outcomes(&server, &Value::Object(plans)).await;
    let gone = targets[PLANNED.len()].clone();
    let url = server.url.clone();
    let selected = targets.clone();
    with_console(&url, Some(instances.len()), move |console| async move {
        for target in &selected {
            console.select(&name(target)).await;
        }
        // Gone after the console's check, while the request waits at the service (the
        // simulator logs it, then holds it): the service ignores the id.
        set_faults(&server, &["delete:latency=3000"]).await;
        let seq = last_seq(&server).await;
        console.delete_selection().await;
        wait_for_requests(&server, seq, "delete", 1, |_| true).await;
        remove_instance(&server, &id(&gone)).await;
        set_faults(&server, &[]).await;
        let job_id = console.wait_job_card(UI_TIMEOUT).await;
        console
            .wait_job_status(&job_id, "FAILED", JOB_TIMEOUT)
            .await;

        let card = Console::job_card(&job_id);
        let heading = console
            .element(Locator::Css(&format!("{card} h3")))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(
            heading,
            "Outcome: 1 deleted, 2 failed, 5 other, 1 not found"
        );
        for ((raw, words), target) in PLANNED.iter().zip(&selected) {
            let line = format!("{card} li[data-resource-id=\"{}\"]", id(target));
            let shown = |part: &'static str| {
                let selector = format!("{line} {part}");
                let console = &console;
                async move {
                    console
                        .element(Locator::Css(&selector))
                        .await
                        .text()
                        .await
                        .unwrap()
                }
            };
            assert_eq!(shown("strong").await, *words, "{raw}");
            assert_eq!(shown("code.raw-status").await, *raw);
            if matches!(*raw, "FAILED" | "ABNORMAL") {
                assert_eq!(shown("code.error-code").await, "WKS.00129901");
                assert_eq!(
                    shown("span.error-message").await,
                    format!("{raw} <b>as text</b>")
                );
            }
        }
        let not_found = console
            .element(Locator::Css(&format!(
                "{card} li.not-found[data-resource-id=\"{}\"]",
                id(&gone)
            )))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            not_found.ends_with("not deleted: the service did not find it"),
            "{not_found}"
        );
    })
    .await;
}
