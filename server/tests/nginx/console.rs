//! The whole flow in Chromium, signed in through nginx: the console loads from the sub-path,
//! deletes an instance and follows its job; when the batch-delete's answer is lost on the way,
//! it finds the job through the forwarded list-jobs route and follows it too.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::harness::{
    basic_authorization, deletable_instances, request_log, set_faults, upstream, upstream_api,
    upstream_get, Nginx, SUB_PATH, USER,
};
use crate::support::browser::{
    assert_no_csp_violations, dist_dir, requested_urls, wait_for, with_browser,
};
use crate::support::page::devtools;
use crate::support::server::TestServer;

const PAGE_TIMEOUT: Duration = Duration::from_secs(30);
const JOB_TIMEOUT: Duration = Duration::from_secs(30);
const ROWS: &str = "table#instance-table tbody tr[data-id]";
const SELECTION_DELETE: &str =
    "//section[contains(@class,'selection-bar')]//button[starts-with(normalize-space(.),'Delete')]";
const DIALOG_DELETE: &str = "//dialog[@open]//button[starts-with(normalize-space(.),'Delete')]";

/// Signs the browser in: every request it sends from now on carries [`USER`]'s Basic
/// credentials, as after the person typed them into the browser's login prompt.
async fn sign_in(browser: &Client) {
    devtools(browser, "Network.enable", json!({})).await;
    let headers = json!({ "Authorization": basic_authorization(USER) });
    devtools(
        browser,
        "Network.setExtraHTTPHeaders",
        json!({ "headers": headers }),
    )
    .await;
}

/// Selects the instance named `name` and confirms its deletion.
async fn delete_in_console(browser: &Client, name: &str) {
    let checkbox = format!("{ROWS} input[type=checkbox][aria-label=\"Select {name}\"]");
    wait_for(browser, &checkbox, PAGE_TIMEOUT)
        .await
        .click()
        .await
        .expect("checkbox clicks");
    for (button, what) in [
        (SELECTION_DELETE, "the Delete button"),
        (DIALOG_DELETE, "the dialog's Delete"),
    ] {
        browser
            .wait()
            .at_most(PAGE_TIMEOUT)
            .for_element(Locator::XPath(button))
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("{what} clicks: {e}"));
    }
}

/// Waits until the card of `job_id` shows SUCCESS.
async fn wait_for_job_success(browser: &Client, job_id: &str) {
    let raw = format!("article[data-job-id=\"{job_id}\"] .job-status .raw-status");
    let deadline = Instant::now() + JOB_TIMEOUT;
    loop {
        let status = match browser.find(Locator::Css(&raw)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if status.trim() == "SUCCESS" {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the card of job {job_id} did not reach SUCCESS (last: {status:?})"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the upstream logged a request of `endpoint` that matches `wanted`.
async fn wait_for_upstream(upstream: &TestServer, endpoint: &str, wanted: impl Fn(&Value) -> bool) {
    let deadline = Instant::now() + PAGE_TIMEOUT;
    loop {
        let log = request_log(upstream).await;
        if log.iter().any(|e| e["endpoint"] == endpoint && wanted(e)) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no {endpoint} request reached the upstream: {log:#?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The newest delete job, asked of the simulator directly.
async fn newest_job(upstream: &TestServer) -> String {
    let (status, jobs) = upstream_get(upstream, "/image-server-jobs?job_type=DELETE_SERVER").await;
    assert_eq!(status, StatusCode::OK, "{jobs}");
    jobs["items"][0]["id"].as_str().expect("a job").to_owned()
}

#[tokio::test]
async fn deletes_complete_through_nginx_even_when_the_answer_is_lost() {
    let (_empty, upstream) = upstream("1500");
    let upstream = Arc::new(upstream);
    let nginx = Nginx::start(&dist_dir(), &upstream_api(&upstream));
    let targets = deletable_instances(&upstream, 2).await;
    let (url, origin) = (nginx.url.clone(), nginx.origin.clone());
    let jobs = Arc::new(Mutex::new(Vec::new()));
    let (found, sim, names) = (jobs.clone(), upstream.clone(), targets.clone());
    with_browser(move |browser| async move {
        sign_in(&browser).await;
        browser.goto(&url).await.expect("console loads");
        wait_for(&browser, ROWS, PAGE_TIMEOUT).await;
        // nginx's whoami.json names the signed-in user, and the console shows it.
        let signed_in = wait_for(&browser, ".masthead .signed-in", PAGE_TIMEOUT).await;
        assert_eq!(
            signed_in.text().await.unwrap(),
            format!("Signed in as {USER}")
        );

        // A delete: the card names its job, which the console follows to SUCCESS.
        delete_in_console(&browser, &names[0].0).await;
        let card = wait_for(&browser, "article[data-job-id]", PAGE_TIMEOUT).await;
        let job_id = card
            .attr("data-job-id")
            .await
            .unwrap()
            .expect("the card names its job");
        wait_for_job_success(&browser, &job_id).await;

        // The next answer is lost on the way (the delete is carried out, its body cut): the
        // console looks for the job among the delete jobs, through nginx, and follows it.
        set_faults(sim.as_ref(), &["delete:truncate"]).await;
        delete_in_console(&browser, &names[1].0).await;
        wait_for_upstream(&sim, "delete", |e| {
            e["body"]["items"] == json!([names[1].1])
        })
        .await;
        set_faults(sim.as_ref(), &[]).await;
        wait_for_upstream(&sim, "jobs", |e| e["status"] == 200).await;
        let recovered = newest_job(&sim).await;
        assert_ne!(recovered, job_id);
        wait_for_job_success(&browser, &recovered).await;

        assert_no_csp_violations(&browser).await;
        let prefix = format!("{origin}{SUB_PATH}");
        for requested in requested_urls(&browser).await {
            assert!(
                requested.starts_with(&prefix),
                "{requested} is not under {prefix}"
            );
        }
        found.lock().unwrap().extend([job_id, recovered]);
    })
    .await;
    let jobs = jobs.lock().unwrap().clone();

    // nginx saw only requests under the sub-path, none refused or failed.
    let access = nginx.access_log();
    assert!(!access.is_empty());
    for (status, method, uri) in &access {
        assert!(
            uri.starts_with(SUB_PATH),
            "{method} {uri} outside {SUB_PATH}"
        );
        assert!(
            (200..400).contains(status),
            "{status} {method} {uri}\n{}",
            nginx.error_log()
        );
    }
    let patches = access
        .iter()
        .filter(|(_, m, u)| m == "PATCH" && u.ends_with("/image-servers/actions/batch-delete"))
        .count();
    assert_eq!(patches, 2, "{access:#?}");
    // The simulator got the token on every call and exactly one delete of each target.
    let log = request_log(upstream.as_ref()).await;
    assert!(log.iter().all(|e| e["status"] == 200), "{log:#?}");
    let deletes: Vec<&Value> = log.iter().filter(|e| e["endpoint"] == "delete").collect();
    assert_eq!(deletes.len(), 2, "{deletes:#?}");
    for (delete, (_, id)) in deletes.iter().zip(&targets) {
        assert_eq!(delete["body"]["items"], json!([id]));
    }
    for job_id in &jobs {
        let (_, job) = upstream_get(&upstream, &format!("/image-server-jobs/{job_id}")).await;
        assert_eq!(job["status"], "SUCCESS", "{job}");
    }
    // Both deletes are in the audit log, attributed to the signed-in user.
    let audit = nginx.audit_log(2);
    assert_eq!(audit.len(), 2, "{audit:#?}");
    assert!(
        audit
            .iter()
            .all(|r| r["user"] == USER && r["status"] == 200),
        "{audit:#?}"
    );
}
