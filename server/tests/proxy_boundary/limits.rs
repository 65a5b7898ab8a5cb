//! The rate and concurrency limits: 429 with `Retry-After`, and the upstream spared.

use std::time::{Duration, Instant};

use reqwest::{RequestBuilder, StatusCode};
use tokio::task::JoinHandle;

use crate::auth::htpasswd_line;
use crate::support::proxy::{path_in, ProxyPair};
use crate::support::server::sim::set_faults;
use crate::support::server::{client, get_json, TempDir};

#[tokio::test]
async fn one_client_over_the_rate_limit_gets_429() {
    let pair = ProxyPair::start(
        TempDir::new("rate"),
        &[],
        &["--pass-browser-token", "--rate-limit", "3"],
    );
    let http = client();
    for _ in 0..3 {
        let (status, body) = get_json(&http, &pair.proxy.api("/image-servers?limit=1")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let response = http
        .get(pair.proxy.api("/image-servers?limit=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .expect("seconds");
    assert!((1..=20).contains(&retry_after), "{retry_after}");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error_code"], "PROXY.0429");
    assert_eq!(pair.upstream_log().await.len(), 3, "the fourth never left");
}

#[tokio::test]
async fn requests_beyond_the_concurrency_limit_get_429() {
    let pair = ProxyPair::start(
        TempDir::new("concurrency"),
        &[],
        &[
            "--pass-browser-token",
            "--max-concurrent",
            "1",
            "--upstream-timeout-ms",
            "3000",
        ],
    );
    let http = client();
    let slow = hold_a_slot(&pair, http.get(pair.proxy.api("/image-servers"))).await;
    let response = http
        .get(pair.proxy.api("/image-server-jobs?job_type=DELETE_SERVER"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "1");
    assert_eq!(pair.upstream_log().await.len(), 1, "the second never left");

    assert_eq!(slow.await.unwrap(), StatusCode::GATEWAY_TIMEOUT);
    set_faults(&pair.upstream, &[]).await;
    let (status, body) = get_json(&http, &pair.proxy.api("/image-servers?limit=1")).await;
    assert_eq!(status, StatusCode::OK, "the slot is free again: {body}");
}

#[tokio::test]
async fn one_user_cannot_take_every_upstream_slot() {
    // Two slots, so one per user: alice's slow request holds hers.
    let dir = TempDir::new("per-user-slots");
    let users = htpasswd_line("alice", "correct horse") + &htpasswd_line("bob", "battery staple");
    dir.write("htpasswd", users);
    let htpasswd = path_in(&dir, "htpasswd");
    let args = [
        "--pass-browser-token",
        "--htpasswd",
        &htpasswd,
        "--max-concurrent",
        "2",
        "--upstream-timeout-ms",
        "3000",
    ];
    let pair = ProxyPair::start(dir, &[], &args);
    let http = client();
    let as_user = |user: &str, password: &str, path: &str| {
        http.get(pair.proxy.api(path))
            .basic_auth(user, Some(password))
    };
    let slow = hold_a_slot(&pair, as_user("alice", "correct horse", "/image-servers")).await;
    let jobs = "/image-server-jobs?job_type=DELETE_SERVER";
    let response = as_user("alice", "correct horse", jobs)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "1");
    assert_eq!(
        pair.upstream_log().await.len(),
        1,
        "alice's second never left"
    );
    let response = as_user("bob", "battery staple", jobs).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "bob still has a slot");
    assert_eq!(pair.upstream_log().await.len(), 2);
    assert_eq!(slow.await.unwrap(), StatusCode::GATEWAY_TIMEOUT);
}

/// Sends `request`, a list read that the upstream's `list:hang` fault holds, in the
/// background, and returns once the upstream has it in flight; the task gives its status.
async fn hold_a_slot(pair: &ProxyPair, request: RequestBuilder) -> JoinHandle<StatusCode> {
    set_faults(&pair.upstream, &["list:hang"]).await;
    let slow = tokio::spawn(async move { request.send().await.unwrap().status() });
    let deadline = Instant::now() + Duration::from_secs(10);
    while pair.upstream_log().await.is_empty() {
        assert!(Instant::now() < deadline, "the first request never arrived");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    slow
}
