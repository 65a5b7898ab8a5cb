//! Fault injection and the `/__sim` control API over real HTTP.

mod support {
    pub mod server;
}

use std::time::{Duration, Instant};

use reqwest::{header, StatusCode};
use serde_json::{json, Value};
use support::server::{
    all_instances, batch_delete, client, get_json, is_terminal, json_of, poll_job, TestServer,
};

async fn set_faults(server: &TestServer, specs: &[&str]) {
    let response = client()
        .put(server.at("/__sim/faults"))
        .json(&specs)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

async fn request_log(server: &TestServer) -> Vec<Value> {
    let (status, log) = get_json(&client(), &server.at("/__sim/requests")).await;
    assert_eq!(status, StatusCode::OK);
    log.as_array().unwrap().clone()
}

#[tokio::test]
async fn service_errors_have_wks_bodies_and_request_ids() {
    let server = TestServer::start(&["--fault", "list:503", "--fault", "show:500"]);
    let http = client();
    let unavailable = http.get(server.api("/image-servers")).send().await.unwrap();
    assert!(unavailable.headers().contains_key("x-request-id"));
    let (status, body) = json_of(unavailable).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["error_code"], "WKS.00050902");
    let (status, body) = get_json(&http, &server.api("/image-servers/1")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["error_code"], "WKS.00211401");
    let (status, _) = get_json(
        &http,
        &server.api("/image-server-jobs?job_type=DELETE_SERVER"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "other endpoints are unaffected");
}

#[tokio::test]
async fn throttling_sends_retry_after_and_a_gateway_body() {
    let server = TestServer::start(&["--fault", "all:429", "--fault", "job:429=7"]);
    let http = client();
    let response = http.get(server.api("/image-servers")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let (_, body) = json_of(response).await;
    assert_eq!(body["error_code"], "APIGW.0308");
    assert_eq!(body["request_id"], request_id);
    // The first matching spec fires first: `all:429` (Retry-After 1) precedes `job:429=7`.
    set_faults(&server, &["job:429=7"]).await;
    let response = http
        .get(server.api("/image-server-jobs/x"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()[header::RETRY_AFTER], "7");
}

#[tokio::test]
async fn html_bad_gateway_looks_like_nginx() {
    let server = TestServer::start(&["--fault", "delete:html502"]);
    let response = client()
        .patch(server.api("/image-servers/actions/batch-delete"))
        .json(&json!({"items": ["1"], "recursive": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert!(response.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let page = response.text().await.unwrap();
    assert!(
        page.starts_with("<html>") && page.contains("<title>502 Bad Gateway</title>"),
        "{page}"
    );
}

#[tokio::test]
async fn faults_answer_before_the_service_so_nothing_changes() {
    let server = TestServer::start(&[]);
    let http = client();
    let before = all_instances(&http, &server).await;
    let target = before.iter().find(|i| i["status"] == "ACTIVE").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    set_faults(&server, &["delete:503"]).await;
    let (status, _) = batch_delete(
        &http,
        &server,
        &json!({"items": [target], "recursive": false}),
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(all_instances(&http, &server).await, before);
}

#[tokio::test]
async fn truncated_bodies_are_complete_messages_with_half_the_json() {
    let server = TestServer::start(&[]);
    let http = client();
    let full = http
        .get(server.api("/image-servers"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    set_faults(&server, &["list:truncate"]).await;
    let response = http.get(server.api("/image-servers")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let cut = response.text().await.expect("the cut body arrives in full");
    assert_eq!(cut.len(), full.len() / 2);
    assert!(full.starts_with(&cut));
    assert!(serde_json::from_str::<Value>(&cut).is_err());
}

#[tokio::test]
async fn dropped_connections_give_the_client_a_transport_error() {
    let server = TestServer::start(&["--fault", "job:drop"]);
    let http = client();
    let error = http
        .get(server.api("/image-server-jobs/x"))
        .send()
        .await
        .expect_err("no response at all");
    assert!(!error.is_timeout() && error.status().is_none(), "{error:?}");
    let (status, _) = get_json(&http, &server.api("/image-servers")).await;
    assert_eq!(status, StatusCode::OK, "the server keeps serving");
    let log = request_log(&server).await;
    assert_eq!(log[0]["fault"], "drop");
    assert_eq!(log[0]["status"], Value::Null);
    assert_eq!(log[1]["status"], 200);
}

#[tokio::test]
async fn hanging_requests_never_answer() {
    let server = TestServer::start(&["--fault", "list:hang"]);
    let http = client();
    let error = http
        .get(server.api("/image-servers"))
        .timeout(Duration::from_millis(700))
        .send()
        .await
        .expect_err("never answers");
    assert!(error.is_timeout(), "{error:?}");
    let (status, _) = get_json(&http, &server.api("/image-servers/1")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "other requests still work");
    assert_eq!(request_log(&server).await[0]["fault"], "hang");
}

#[tokio::test]
async fn latencies_add_up_and_are_not_failures() {
    let server = TestServer::start(&["--fault", "show:latency=400", "--fault", "show:latency=100"]);
    let http = client();
    let started = Instant::now();
    let (status, _) = get_json(&http, &server.api("/image-servers/1")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "latencies add up: {:?}",
        started.elapsed()
    );
    let log = request_log(&server).await;
    assert_eq!(
        log[0]["fault"],
        Value::Null,
        "latency alone is not a failure"
    );
}

async fn statuses_under(seed: &str) -> Vec<u16> {
    let server = TestServer::start(&["--seed", seed, "--fault", "list:503@0.5"]);
    let http = client();
    let mut statuses = Vec::new();
    for _ in 0..24 {
        statuses.push(
            http.get(server.api("/image-servers?limit=1"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
    }
    statuses
}

#[tokio::test]
async fn fault_rates_are_reproducible_under_a_seed() {
    let first = statuses_under("7").await;
    assert_eq!(first, statuses_under("7").await);
    assert_ne!(first, statuses_under("8").await);
    assert!(first.contains(&503) && first.contains(&200), "{first:?}");
}

#[tokio::test]
async fn fault_set_can_be_read_and_replaced() {
    let server = TestServer::start(&["--fault", "list:503@0.5", "--fault", "job:latency=1500"]);
    let http = client();
    let (_, faults) = get_json(&http, &server.at("/__sim/faults")).await;
    assert_eq!(faults, json!(["list:503@0.5", "job:latency=1500"]));

    let response = http
        .put(server.at("/__sim/faults"))
        .json(&json!(["all:429@0.2", "delete:html502"]))
        .send()
        .await
        .unwrap();
    let (status, replaced) = json_of(response).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(replaced, json!(["all:429@0.2", "delete:html502"]));

    for bad in [json!(["list:504"]), json!("list:503"), json!([1])] {
        let response = http
            .put(server.at("/__sim/faults"))
            .json(&bad)
            .send()
            .await
            .unwrap();
        let (status, body) = json_of(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(body["error"].is_string());
    }
    let (_, unchanged) = get_json(&http, &server.at("/__sim/faults")).await;
    assert_eq!(unchanged, replaced, "a rejected set changes nothing");
}

#[tokio::test]
async fn request_log_records_what_was_sent() {
    let server = TestServer::start(&[]);
    let http = client();
    get_json(&http, &server.api("/image-servers?limit=5")).await;
    let body = json!({"items": ["42"], "recursive": true});
    batch_delete(&http, &server, &body).await;
    http.patch(server.api("/image-servers/actions/batch-delete"))
        .body("{oops")
        .send()
        .await
        .unwrap();

    let log = request_log(&server).await;
    assert_eq!(log.len(), 3, "{log:?}");
    assert_eq!(log[0]["method"], "GET");
    assert_eq!(log[0]["endpoint"], "list");
    assert_eq!(log[0]["query"], "limit=5");
    assert_eq!(
        log[0]["path"],
        format!("/api/v1/{}/image-servers", support::server::PROJECT)
    );
    assert!(log[0].get("body").is_none());
    assert_eq!(log[1]["method"], "PATCH");
    assert_eq!(log[1]["endpoint"], "delete");
    assert_eq!(log[1]["body"], body);
    assert_eq!(log[1]["status"], 200);
    assert_eq!(log[2]["body"], "{oops");
    assert_eq!(log[2]["status"], 400);
    let patches = log.iter().filter(|e| e["method"] == "PATCH").count();
    assert_eq!(patches, 2);
    assert!(log
        .iter()
        .all(|e| e["time"].as_str().is_some_and(|t| t.ends_with('Z'))));
}

#[tokio::test]
async fn reset_restores_data_and_clears_jobs_faults_and_log() {
    let server = TestServer::start(&["--job-duration-ms", "100", "--fault", "show:503"]);
    let http = client();
    let before = all_instances(&http, &server).await;
    let target = before.iter().find(|i| i["status"] == "ACTIVE").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, body) = batch_delete(
        &http,
        &server,
        &json!({"items": [target], "recursive": false}),
    )
    .await;
    let job_id = body["job_id"].as_str().unwrap().to_owned();
    poll_job(
        &http,
        &server,
        &job_id,
        Duration::from_secs(20),
        is_terminal,
    )
    .await;
    assert_eq!(all_instances(&http, &server).await.len(), before.len() - 1);

    let response = http.post(server.at("/__sim/reset")).send().await.unwrap();
    let (status, reset) = json_of(response).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reset["instances"], 60);
    assert!(request_log(&server).await.is_empty());
    let (_, faults) = get_json(&http, &server.at("/__sim/faults")).await;
    assert_eq!(faults, json!([]));
    let (status, _) = get_json(&http, &server.api(&format!("/image-server-jobs/{job_id}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let after = all_instances(&http, &server).await;
    let names = |list: &[Value]| {
        list.iter()
            .map(|i| (i["id"].clone(), i["name"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&after), names(&before), "same seed, same data");
}
