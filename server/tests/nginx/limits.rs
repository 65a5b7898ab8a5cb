//! Rate and concurrency limits per user: a runaway client gets 429 from nginx, and the
//! upstream (the token's quota) never sees those requests.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};

use crate::harness::{
    set_faults, upstream, upstream_api, upstream_log, Nginx, PASSWORD, QUOTED_USER,
};
use crate::support::browser::dist_dir;
use crate::support::server::{client, json_of};

/// More requests than the burst (30) allows, sent back to back on loopback.
const BURST_ATTEMPTS: usize = 80;
/// The per-user concurrency limit in the config.
const CONCURRENT: usize = 8;

/// Checks nginx's own 429: JSON in the API's error shape, with Retry-After.
async fn assert_proxy_429(response: reqwest::Response) {
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "1");
    assert_eq!(response.headers()["x-frame-options"], "DENY");
    let (_, body) = json_of(response).await;
    assert_eq!(body["error_code"], "PROXY.0429", "{body}");
}

#[tokio::test]
async fn a_burst_beyond_the_rate_limit_gets_429_and_never_reaches_the_upstream() {
    let (_empty, upstream) = upstream("200");
    let nginx = Nginx::start(&dist_dir(), &upstream_api(&upstream));
    let url = nginx.api("/image-servers?limit=1");
    let mut passed = 0;
    let mut limited = 0;
    for _ in 0..BURST_ATTEMPTS {
        let response = nginx.signed_in(Method::GET, &url).send().await.unwrap();
        if response.status() == StatusCode::OK {
            passed += 1;
        } else {
            assert_proxy_429(response).await;
            limited += 1;
        }
    }
    assert!(limited > 0, "no 429 in {BURST_ATTEMPTS} requests");
    assert!(passed >= 30, "the burst of 30 passed ({passed})");
    let forwarded = upstream_log(&upstream).await.len();
    assert_eq!(
        forwarded, passed,
        "only the requests under the limit were forwarded"
    );

    // The limit is this user's: another user still gets through.
    let response = client()
        .get(&url)
        .basic_auth(QUOTED_USER, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn requests_beyond_the_concurrency_limit_get_429_and_never_reach_the_upstream() {
    let (_empty, upstream) = upstream("200");
    let nginx = Nginx::start(&dist_dir(), &upstream_api(&upstream));
    set_faults(&upstream, &["list:hang"]).await;
    let url = nginx.api("/image-servers");
    let hanging: Vec<_> = (0..CONCURRENT)
        .map(|_| tokio::spawn(nginx.signed_in(Method::GET, &url).send()))
        .collect();
    let deadline = Instant::now() + Duration::from_secs(20);
    while upstream_log(&upstream).await.len() < CONCURRENT {
        assert!(
            Instant::now() < deadline,
            "the {CONCURRENT} requests reached the upstream"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let response = nginx.signed_in(Method::GET, &url).send().await.unwrap();
    assert_proxy_429(response).await;
    assert_eq!(upstream_log(&upstream).await.len(), CONCURRENT);
    for request in hanging {
        request.abort();
    }
}
