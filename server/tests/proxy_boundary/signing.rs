//! AK/SK signing through the simulator's gateway check (`--require-signature`): the proxy's
//! signed requests pass, a wrong key or a tampered signature does not.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::proxy::{console_delete, deletable_ids, path_in, ProxyPair};
use crate::support::server::sim::request_log as upstream_log;
use crate::support::server::{client, get_json, json_of, serve, TempDir, TestServer, PROJECT};

const AK: &str = "HPUAEXAMPLEKEY01";
const SK: &str = "example-secret-0123456789";

fn credentials_csv(ak: &str, sk: &str) -> String {
    format!("User Name,Access Key Id,Secret Access Key\r\nops,{ak},{sk}\r\n")
}

/// A signing proxy in front of a simulator that requires AK:SK; the proxy's file has `ak`, `sk`.
fn signing_pair(label: &str, ak: &str, sk: &str) -> ProxyPair {
    let dir = TempDir::new(label);
    dir.write("credentials.csv", credentials_csv(ak, sk));
    let file = path_in(&dir, "credentials.csv");
    let required = format!("{AK}:{SK}");
    ProxyPair::start(
        dir,
        &["--require-signature", &required, "--job-duration-ms", "300"],
        &["--credentials-file", &file],
    )
}

#[tokio::test]
async fn signed_requests_pass_the_gateways_check_on_every_route() {
    let pair = signing_pair("sign-ok", AK, SK);
    let http = client();
    let (status, page) = get_json(&http, &pair.proxy.api("/image-servers?limit=100")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let id = deletable_ids(page["items"].as_array().unwrap())[0].clone();
    let (status, created) = json_of(
        console_delete(&pair.proxy, &json!({ "items": [id], "recursive": false }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let job_id = created["job_id"].as_str().expect("a job id");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, job) = get_json(
            &http,
            &pair.proxy.api(&format!("/image-server-jobs/{job_id}")),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{job}");
        if job["status"] == "SUCCESS" {
            break;
        }
        assert!(Instant::now() < deadline, "{job}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (status, jobs) = get_json(
        &http,
        &pair
            .proxy
            .api("/image-server-jobs?job_type=DELETE_SERVER&limit=5"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{jobs}");
    assert_eq!(jobs["items"][0]["id"], job_id);
    let log = pair.upstream_log().await;
    assert!(log.iter().all(|e| e["status"] == 200), "{log:#?}");
    let endpoints: Vec<&str> = log.iter().filter_map(|e| e["endpoint"].as_str()).collect();
    for endpoint in ["list", "delete", "job", "jobs"] {
        assert!(endpoints.contains(&endpoint), "{endpoint} in {endpoints:?}");
    }
}

#[tokio::test]
async fn a_wrong_secret_or_another_key_is_refused_upstream() {
    for (ak, sk, message) in [
        (AK, "not-the-secret", "verify aksk signature fail"),
        ("HPUAOTHERKEY0002", SK, "get secretkey by accesskey fail"),
    ] {
        let pair = signing_pair("sign-wrong", ak, sk);
        let (status, body) = get_json(&client(), &pair.proxy.api("/image-servers")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(body["error_code"], "APIGW.0301");
        assert!(
            body["error_msg"].as_str().unwrap().contains(message),
            "{body}"
        );
        let text = body.to_string();
        assert!(
            !text.contains(sk) && !text.contains(SK),
            "no secret in the answer"
        );
    }
}

#[tokio::test]
async fn the_key_can_come_from_the_environment() {
    let dir = TempDir::new("sign-env");
    dir.write("dist/index.html", "<!doctype html>");
    let dist = path_in(&dir, "dist");
    let required = format!("{AK}:{SK}");
    let upstream = TestServer::start(&["--dist", &dist, "--require-signature", &required]);
    let upstream_url = format!("{}/api", upstream.origin);
    let proxy = TestServer::try_start_with_env(
        &[
            "--dist",
            &dist,
            "--upstream",
            &upstream_url,
            "--project-id",
            PROJECT,
            "--credentials-env",
        ],
        &[("HUAWEICLOUD_SDK_AK", AK), ("HUAWEICLOUD_SDK_SK", SK)],
    )
    .expect("proxy starts");
    let (status, body) = get_json(&client(), &proxy.api("/image-servers?limit=1")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(upstream_log(&upstream).await.len(), 1);
}

/// Headers, method and path of the last request a bare loopback upstream received.
type Seen = Arc<Mutex<Option<(String, String, HeaderMap)>>>;

async fn recording_upstream(seen: Seen) -> String {
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let seen = seen.clone();
        async move {
            let path = request
                .uri()
                .path_and_query()
                .map(ToString::to_string)
                .unwrap_or_default();
            *seen.lock().unwrap() = Some((
                request.method().to_string(),
                path,
                request.headers().clone(),
            ));
            "{\"count\":0,\"items\":[]}"
        }
    });
    format!("http://{}/api", serve(app).await)
}

#[tokio::test]
async fn a_captured_request_replays_only_untampered() {
    // The proxy signs for a recorder; its exact request is then replayed to the simulator.
    let seen: Seen = Arc::default();
    let recorder = recording_upstream(seen.clone()).await;
    let dir = TempDir::new("sign-replay");
    dir.write("dist/index.html", "<!doctype html>");
    dir.write("credentials.csv", credentials_csv(AK, SK));
    let dist = path_in(&dir, "dist");
    let file = path_in(&dir, "credentials.csv");
    let proxy = TestServer::start(&[
        "--dist",
        &dist,
        "--upstream",
        &recorder,
        "--project-id",
        PROJECT,
        "--credentials-file",
        &file,
    ]);
    let status = client()
        .get(proxy.api("/image-servers?limit=3&offset=0"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::OK);
    let (method, path, headers) = seen
        .lock()
        .unwrap()
        .clone()
        .expect("the recorder was called");
    assert_eq!(method, "GET");
    let authorization = headers["authorization"].to_str().unwrap().to_owned();
    assert!(
        authorization.starts_with(&format!(
            "SDK-HMAC-SHA256 Access={AK}, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature="
        )),
        "{authorization}"
    );
    assert!(headers.get("x-auth-token").is_none());

    let required = format!("{AK}:{SK}");
    let simulator = TestServer::start(&["--dist", &dist, "--require-signature", &required]);
    let replay = |authorization: String, query_suffix: &str| {
        let mut request = client().get(format!("{}{path}{query_suffix}", simulator.origin));
        for (name, value) in &headers {
            if name != "authorization" {
                request = request.header(name, value);
            }
        }
        request.header("authorization", authorization).send()
    };
    let (status, body) = json_of(replay(authorization.clone(), "").await.unwrap()).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the untouched replay passes: {body}"
    );

    let mut tampered = authorization.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == '0' { '1' } else { '0' });
    let (status, body) = json_of(replay(tampered, "").await.unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["error_code"], "APIGW.0301");
    let (status, body) = json_of(replay(authorization, "&server_name=x").await.unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a changed query: {body}");
    let log: Vec<Value> = upstream_log(&simulator).await;
    let statuses: Vec<&Value> = log.iter().map(|e| &e["status"]).collect();
    assert_eq!(statuses, [&json!(200), &json!(401), &json!(401)]);
}
