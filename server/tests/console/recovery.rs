//! Recovery picks the right job: when the answer to a batch-delete is lost, the console
//! follows only a job that began after the request, never an earlier failed delete of the same
//! instances (not when the service did not act, and not in place of the new job when it did).

use fantoccini::Locator;
use serde_json::json;

use super::{seeded_console, JOB_TIMEOUT};
use crate::support::console::seed::{id, name, plain_active_targets};
use crate::support::console::{with_console, Console, PAGE_TIMEOUT};
use crate::support::page::{local_storage, wait_js};
use crate::support::server::sim::{last_seq, record_job, set_faults, since, wait_for_requests};
use crate::support::server::Api;

#[tokio::test]
async fn a_lost_answer_is_matched_to_the_new_job_not_an_earlier_failed_one() {
    let (server, instances) = seeded_console(&["--job-duration-ms", "1500"]).await;
    let targets = plain_active_targets(&instances, 2);
    // An earlier delete of exactly these instances, begun two minutes ago, that failed.
    let earlier = record_job(
        &server,
        &json!({
            "began_ms_ago": 120_000,
            "duration_ms": 30_000,
            "sub_jobs": targets.iter().map(|t| json!({"resource_id": id(t), "status": "FAILED"})).collect::<Vec<_>>(),
        }),
    )
    .await;
    let url = server.url.clone();
    with_console(&url, Some(instances.len()), move |console| async move {
        for target in &targets {
            console.select(&name(target)).await;
        }
        // First the connection drops before the service acts: no new job exists, and the
        // earlier one must not be taken for it.
        set_faults(&server, &["delete:drop"]).await;
        let seq = last_seq(&server).await;
        console.delete_selection().await;
        wait_for_requests(&server, seq, "delete", 1, |_| true).await;
        // The Delete button comes back once the lookup of the job is over.
        wait_js(
            &console,
            "the lookup to end",
            "const b = document.querySelector('section.selection-bar button.danger'); \
             return !!b && !b.disabled;",
            vec![],
            PAGE_TIMEOUT,
        )
        .await;
        assert!(console.error_shown("section.selection-bar").await);
        assert!(
            no_card(&console, &earlier).await,
            "the earlier job is not followed"
        );
        let looked_at = since(&server, seq, "job").await;
        assert!(
            looked_at
                .iter()
                .all(|r| !r["path"].as_str().unwrap_or_default().ends_with(&earlier)),
            "the earlier job began before the request and is not even read: {looked_at:?}"
        );
        console.wait_counter(2).await;

        // Then the service carries the delete out; its answer is cut in half on the way back.
        set_faults(&server, &["delete:truncate"]).await;
        let seq = last_seq(&server).await;
        console.delete_selection().await;
        let sent = wait_for_requests(&server, seq, "delete", 1, |_| true).await;
        assert_eq!(sent[0]["fault"], "truncate");
        set_faults(&server, &[]).await;
        let (_, jobs) = server
            .get_api("/image-server-jobs?job_type=DELETE_SERVER&limit=2")
            .answer()
            .await;
        let new = jobs["items"][0]["id"].as_str().expect("a job").to_owned();
        assert_ne!(new, earlier, "the delete started a job of its own");
        assert_eq!(jobs["items"][1]["id"], earlier.as_str());

        let card_text = console.wait_job_status(&new, "SUCCESS", JOB_TIMEOUT).await;
        assert!(card_text.contains(&new), "the new job's ID: {card_text}");
        assert!(
            no_card(&console, &earlier).await,
            "the earlier job is not followed"
        );
        let saved = local_storage(&console, "image-console.jobs").await;
        assert!(saved.contains(&new) && !saved.contains(&earlier), "{saved}");
        assert_eq!(
            since(&server, seq, "delete").await.len(),
            1,
            "never sent again"
        );
    })
    .await;
}

/// Whether no card shows `job_id`.
async fn no_card(console: &Console, job_id: &str) -> bool {
    console
        .find_all(Locator::Css(&Console::job_card(job_id)))
        .await
        .expect("find_all works")
        .is_empty()
}
