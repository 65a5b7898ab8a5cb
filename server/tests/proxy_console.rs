//! The built console in headless Chromium through the Rust proxy (AK/SK signing, checked by
//! the simulator as its upstream): when the batch-delete's answer is lost on the way, the
//! console finds its job with the list-jobs route, which the proxy forwards, and follows it.

mod support;

use std::time::{Duration, Instant};

use fantoccini::Client as Browser;
use serde_json::{json, Value};
use support::browser::{dist_dir, wait_for, with_browser};
use support::proxy::{deletable_ids, path_in, ProxyPair};
use support::server::sim::set_faults;
use support::server::{client, get_json, TempDir, TestServer};

const WAIT: Duration = Duration::from_secs(60);

/// Runs `script` until it returns true.
async fn wait_true(browser: &Browser, what: &str, script: &str, args: Vec<Value>) {
    let deadline = Instant::now() + WAIT;
    loop {
        let value = browser
            .execute(script, args.clone())
            .await
            .expect("script runs");
        if value == json!(true) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the upstream's log holds an answered request of `endpoint`; returns them all.
async fn wait_logged(upstream: &TestServer, endpoint: &str) -> Vec<Value> {
    let deadline = Instant::now() + WAIT;
    loop {
        let log = support::server::sim::request_log(upstream).await;
        let matching: Vec<Value> = log
            .into_iter()
            .filter(|e| e["endpoint"] == endpoint && e["status"] == 200)
            .collect();
        if !matching.is_empty() {
            return matching;
        }
        assert!(
            Instant::now() < deadline,
            "no {endpoint} request reached the upstream"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn click(browser: &Browser, css: &str) {
    wait_true(
        browser,
        &format!("an enabled {css}"),
        "const e = document.querySelector(arguments[0]); \
         if (!e || e.disabled) return false; e.click(); return true;",
        vec![json!(css)],
    )
    .await;
}

#[tokio::test]
async fn a_lost_delete_answer_is_recovered_through_the_proxy() {
    let dir = TempDir::new("proxy-console");
    dir.write(
        "credentials.csv",
        "User Name,Access Key Id,Secret Access Key\nops,HPUACONSOLE01,console-secret\n",
    );
    let credentials = path_in(&dir, "credentials.csv");
    let dist = dist_dir();
    let pair = ProxyPair::start_with_dist(
        dir,
        Some(dist.to_str().expect("utf-8 dist path")),
        &[
            "--require-signature",
            "HPUACONSOLE01:console-secret",
            "--job-duration-ms",
            "4000",
        ],
        &["--credentials-file", &credentials],
    );
    let (status, page) = get_json(&client(), &pair.proxy.api("/image-servers?limit=100")).await;
    assert_eq!(status, 200, "{page}");
    let id = deletable_ids(page["items"].as_array().unwrap())[0].clone();
    let proxy_url = pair.proxy.url.clone();

    with_browser(move |browser| async move {
        browser.goto(&proxy_url).await.expect("console loads");
        let checkbox = format!("tr[data-id='{id}'] td.select input[type=checkbox]");
        wait_for(&browser, &checkbox, WAIT).await;
        // The answer to the PATCH is cut in half on the way back: the job exists, its id is lost.
        set_faults(&pair.upstream, &["delete:truncate"]).await;
        click(&browser, &checkbox).await;
        click(&browser, "section.selection-bar button.danger").await;
        click(
            &browser,
            "dialog[aria-labelledby='delete-title'] .actions button.danger",
        )
        .await;

        let upstream_server = &pair.upstream;
        let deletes = wait_logged(upstream_server, "delete").await;
        assert_eq!(deletes.len(), 1, "sent once: {deletes:?}");
        assert_eq!(deletes[0]["fault"], "truncate");
        assert_eq!(deletes[0]["body"]["items"], json!([id]));
        // The recovery's list of delete jobs went through the proxy and the signature check.
        let lists = wait_logged(upstream_server, "jobs").await;
        assert!(
            lists[0]["query"]
                .as_str()
                .unwrap_or_default()
                .contains("job_type=DELETE_SERVER"),
            "{lists:?}"
        );
        set_faults(&pair.upstream, &[]).await;
        let (_, jobs) = get_json(
            &client(),
            &pair.proxy.api("/image-server-jobs?job_type=DELETE_SERVER&limit=1"),
        )
        .await;
        let job_id = jobs["items"][0]["id"].as_str().expect("a job").to_owned();
        wait_true(
            &browser,
            "the recovered job's card to show success",
            "const c = document.querySelector(`article[data-job-id='${arguments[0]}'] .job-status .raw-status`); \
             return !!c && c.textContent.trim() === 'SUCCESS';",
            vec![json!(job_id)],
        )
        .await;
        let followed = wait_logged(upstream_server, "job").await;
        assert!(
            followed.iter().any(|e| e["path"].as_str().unwrap_or_default().ends_with(&job_id)),
            "the console followed the recovered job: {followed:?}"
        );
        let log = support::server::sim::request_log(upstream_server).await;
        assert!(
            log.iter().all(|e| e["status"] != 401),
            "every request was signed correctly: {log:#?}"
        );
        drop(pair);
    })
    .await;
}
