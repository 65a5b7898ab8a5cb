//! The rate and concurrency limits: 429 with `Retry-After`, and the upstream spared.

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::support::proxy::ProxyPair;
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
    set_faults(&pair.upstream, &["list:hang"]).await;
    let slow = tokio::spawn({
        let http = http.clone();
        let url = pair.proxy.api("/image-servers");
        async move { http.get(url).send().await.unwrap().status() }
    });
    // Wait until the first request is in flight upstream.
    let deadline = Instant::now() + Duration::from_secs(10);
    while pair.upstream_log().await.is_empty() {
        assert!(Instant::now() < deadline, "the first request never arrived");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
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
