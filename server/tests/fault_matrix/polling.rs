//! Faults while a job is followed: "retrying" with the next time and the error, the job ID on
//! screen and stored throughout, recovery; a pause while hidden with an immediate check on
//! return; the job survives a reload and shows in a second tab.

use std::time::{Duration, Instant};

use serde_json::json;

use super::deletes::exactly_one_patch;
use super::{deletable, good_config, start};
use crate::support::console::{with_console, Console, PAGE_TIMEOUT};
use crate::support::files::dist_with_config;
use crate::support::page::{click, js, local_storage, text, wait_js};
use crate::support::server::sim::{last_seq, logged_ms, set_faults, since, wait_for_requests};
use crate::support::server::TestServer;

const RETRYING: &str = "Could not check the job (retrying)";

/// The job being followed, and the parts of its card the tests read.
struct FollowedJob {
    id: String,
    card: String,
    check_now: String,
    poll_state: String,
}

impl FollowedJob {
    fn new(id: String) -> Self {
        let card = format!("article.job-card[data-job-id='{id}']");
        Self {
            check_now: format!("{card} .actions button"),
            poll_state: format!("{card} .poll-state"),
            card,
            id,
        }
    }

    /// The job ID is on screen and stored.
    async fn assert_still_there(&self, console: &Console) {
        assert_eq!(
            text(console, &format!("{} .job-id code", self.card)).await,
            self.id
        );
        assert!(local_storage(console, "image-console.jobs")
            .await
            .contains(&self.id));
    }

    /// Waits for the poll state to satisfy `condition` (a script expression on `s`, its text).
    async fn wait_state(&self, console: &Console, what: &str, condition: &str) {
        wait_js(
            console,
            what,
            &format!(
                "const s = document.querySelector(arguments[0]).textContent; return {condition};"
            ),
            vec![json!(self.poll_state)],
            PAGE_TIMEOUT,
        )
        .await;
    }
}

#[tokio::test]
async fn job_polling_survives_faults_and_keeps_the_job() {
    let dist = dist_with_config("fm-job", Some(&good_config()));
    let server = start(&dist);
    let url = server.url.clone();
    let id = deletable(&server).await.remove(0);
    with_console(&url.clone(), None, move |console| async move {
        console.wait_list_ready().await;
        let seq = last_seq(&server).await;
        console.confirm_delete_impatiently(&id).await;
        let job_id = wait_js(
            &console,
            "the job card",
            "const c = document.querySelector('article.job-card'); \
             return c ? c.getAttribute('data-job-id') : '';",
            vec![],
            PAGE_TIMEOUT,
        )
        .await;
        let job = FollowedJob::new(job_id.as_str().unwrap().to_owned());
        exactly_one_patch(&server, seq, &id).await;
        wait_for_requests(&server, seq, "job", 1, |e| e["status"] == 200).await;

        failed_checks_say_retrying(&console, &server, &job).await;
        throttling_and_latency(&console, &server, &job).await;
        hidden_pages_pause(&console, &server, &job).await;
        reloads_and_other_tabs_keep_the_job(&console, &server, &job, &url).await;
        assert_eq!(
            since(&server, 0, "delete").await.len(),
            2,
            "one PATCH per confirmation"
        );
        console.assert_no_panic().await;
        console.assert_clean_console().await;
    })
    .await;
}

/// Each failing check: the error and "Retrying at", the job kept; then recovery.
async fn failed_checks_say_retrying(console: &Console, server: &TestServer, job: &FollowedJob) {
    for (fault, expected) in [
        ("job:500", &["HTTP 500", "WKS.00211401"][..]),
        ("job:503", &["HTTP 503", "WKS.00050902"][..]),
        (
            "job:html502",
            &["HTTP 502", "not an API error", "<html>"][..],
        ),
        (
            "job:truncate",
            &["HTTP 200: the response could not be read"][..],
        ),
        ("job:drop", &["Network error"][..]),
        ("job:hang", &["Timed out", "no answer within 2 s"][..]),
    ] {
        set_faults(server, &[fault]).await;
        let seq = last_seq(server).await;
        click(console, &job.check_now, PAGE_TIMEOUT).await;
        let shown = console.wait_for_error(&job.card, RETRYING).await;
        for words in expected {
            assert!(shown.contains(words), "{fault}: {words:?} not in {shown:?}");
        }
        let state = text(console, &job.poll_state).await;
        assert!(state.starts_with("Retrying at "), "{fault}: {state}");
        assert!(!since(server, seq, "job").await.is_empty());
        job.assert_still_there(console).await;
        // The fault clears: the next check succeeds and the error goes away.
        set_faults(server, &[]).await;
        click(console, &job.check_now, PAGE_TIMEOUT).await;
        wait_js(
            console,
            "polling to recover",
            "const c = document.querySelector(arguments[0]); \
             return c && !c.querySelector('.api-error') \
               && c.querySelector('.poll-state').textContent.startsWith('Next check at');",
            vec![json!(job.card)],
            PAGE_TIMEOUT,
        )
        .await;
    }
}

/// 429: the next check waits for Retry-After, unprompted. Latency: "Checking…" while it
/// waits, then back to the schedule.
async fn throttling_and_latency(console: &Console, server: &TestServer, job: &FollowedJob) {
    set_faults(server, &["job:429=2"]).await;
    let seq = last_seq(server).await;
    click(console, &job.check_now, PAGE_TIMEOUT).await;
    let shown = console.wait_for_error(&job.card, RETRYING).await;
    assert!(
        shown.contains("HTTP 429") && shown.contains("APIGW.0308"),
        "{shown}"
    );
    let throttled = wait_for_requests(server, seq, "job", 2, |e| e["fault"] == "429").await;
    let gap = logged_ms(&throttled[1]) - logged_ms(&throttled[0]);
    assert!(
        gap >= 1_950,
        "polled again {gap} ms after a Retry-After of 2 s"
    );
    set_faults(server, &[]).await;
    wait_for_requests(server, seq, "job", 1, |e| e["status"] == 200).await;
    job.assert_still_there(console).await;

    set_faults(server, &["job:latency=1500"]).await;
    click(console, &job.check_now, PAGE_TIMEOUT).await;
    job.wait_state(console, "Checking…", "s === 'Checking…'")
        .await;
    job.wait_state(
        console,
        "the next check to be scheduled",
        "s.startsWith('Next check at')",
    )
    .await;
    set_faults(server, &[]).await;
}

/// Makes the page believe it is `state` (`hidden` or `visible`).
async fn set_visibility(console: &Console, state: &str) {
    js(
        console,
        "Object.defineProperty(document, 'visibilityState', \
           {configurable: true, get: () => arguments[0]}); \
         document.dispatchEvent(new Event('visibilitychange'));",
        vec![json!(state)],
    )
    .await;
}

/// Hidden: polling pauses; visible again: one check at once.
async fn hidden_pages_pause(console: &Console, server: &TestServer, job: &FollowedJob) {
    set_visibility(console, "hidden").await;
    click(console, &job.check_now, PAGE_TIMEOUT).await;
    job.wait_state(console, "the paused state", "s.startsWith('Paused')")
        .await;
    let paused_seq = last_seq(server).await;
    // An observation window, not a synchronisation: nothing may be asked while hidden.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert!(
        since(server, paused_seq, "job").await.is_empty(),
        "polled while hidden"
    );
    let shown_at = Instant::now();
    set_visibility(console, "visible").await;
    wait_for_requests(server, paused_seq, "job", 1, |e| e["status"] == 200).await;
    assert!(
        // Paused, it would never check by itself: any check soon after is the wake-up.
        shown_at.elapsed() < Duration::from_secs(5),
        "the check on return was not immediate"
    );
}

/// Reload: the job is still followed, and the history has it. A second tab shows the same
/// job, and a job started in the first tab while the second is open appears there too (the
/// storage event).
async fn reloads_and_other_tabs_keep_the_job(
    console: &Console,
    server: &TestServer,
    job: &FollowedJob,
    url: &str,
) {
    let card_shown = "return !!document.querySelector(arguments[0])";
    let seq = last_seq(server).await;
    console.refresh().await.expect("reload");
    wait_js(
        console,
        "the job card after a reload",
        card_shown,
        vec![json!(job.card)],
        PAGE_TIMEOUT,
    )
    .await;
    wait_for_requests(server, seq, "job", 1, |e| e["status"] == 200).await;
    assert!(text(console, "details.history summary")
        .await
        .contains("Recent jobs (1)"));

    let first = console.window().await.expect("window");
    let second = console.new_window(true).await.expect("new tab").handle;
    console
        .switch_to_window(second.clone())
        .await
        .expect("switch");
    console.goto(url).await.expect("console loads in tab 2");
    wait_js(
        console,
        "the job card in the second tab",
        card_shown,
        vec![json!(job.card)],
        PAGE_TIMEOUT,
    )
    .await;
    console.wait_list_ready().await;
    console
        .switch_to_window(first.clone())
        .await
        .expect("back to tab 1");
    let other = deletable(server).await.remove(0);
    let seq = last_seq(server).await;
    console.confirm_delete_impatiently(&other).await;
    exactly_one_patch(server, seq, &other).await;
    console.switch_to_window(second).await.expect("to tab 2");
    wait_js(
        console,
        "the first tab's new job in the second tab",
        "return document.querySelectorAll('article.job-card').length === 2",
        vec![],
        PAGE_TIMEOUT,
    )
    .await;
    console.assert_no_panic().await;
    console.close_window().await.expect("close tab 2");
    console
        .switch_to_window(first)
        .await
        .expect("back to tab 1");
}
