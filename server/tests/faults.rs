//! Fault injection and the `/__sim` control API: in process, except a dropped connection and a
//! hanging request, which need a real socket.

mod support;

use std::time::{Duration, Instant};

use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};
use support::server::sim::{faults, request_log, reset, set_faults};
use support::server::{
    all_instances, api_path, batch_delete, client, fault_specs, get_json, is_terminal, poll_job,
    Api, TestApp, TestServer, PROJECT,
};

/// The simulator in process with these faults active from the start.
fn app_with_faults(specs: &[&str]) -> TestApp {
    TestApp::simulator(|sim| sim.faults = fault_specs(specs))
}

/// The id of the first ACTIVE instance.
fn first_active(instances: &[Value]) -> String {
    instances.iter().find(|i| i["status"] == "ACTIVE").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn service_errors_have_wks_bodies_and_request_ids() {
    let app = app_with_faults(&["list:503", "show:500"]);
    let unavailable = app.get_api("/image-servers").send().await;
    assert!(unavailable.headers().contains_key("x-request-id"));
    let (status, body) = support::server::json_of(unavailable).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["error_code"], "WKS.00050902");
    let (status, body) = app.get_api("/image-servers/1").answer().await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["error_code"], "WKS.00211401");
    let (status, _) = app
        .get_api("/image-server-jobs?job_type=DELETE_SERVER")
        .answer()
        .await;
    assert_eq!(status, StatusCode::OK, "other endpoints are unaffected");
}

#[tokio::test]
async fn throttling_sends_retry_after_and_a_gateway_body() {
    let app = app_with_faults(&["all:429", "job:429=7"]);
    let response = app.get_api("/image-servers").send().await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let (_, body) = support::server::json_of(response).await;
    assert_eq!(body["error_code"], "APIGW.0308");
    assert_eq!(body["request_id"], request_id);
    // The first matching spec fires first: `all:429` (Retry-After 1) precedes `job:429=7`.
    set_faults(&app, &["job:429=7"]).await;
    let response = app.get_api("/image-server-jobs/x").send().await;
    assert_eq!(response.headers()[header::RETRY_AFTER], "7");
}

#[tokio::test]
async fn html_bad_gateway_looks_like_nginx() {
    let app = app_with_faults(&["delete:html502"]);
    let response = app
        .call(
            Method::PATCH,
            &api_path("/image-servers/actions/batch-delete"),
        )
        .json(&json!({"items": ["1"], "recursive": false}))
        .send()
        .await;
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
    let app = TestApp::simulator(|_| {});
    let before = all_instances(&app).await;
    let target = first_active(&before);
    set_faults(&app, &["delete:503"]).await;
    let (status, _) = batch_delete(&app, &json!({"items": [target], "recursive": false})).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(all_instances(&app).await, before);
}

#[tokio::test]
async fn truncated_bodies_are_complete_messages_with_half_the_json() {
    let app = TestApp::simulator(|_| {});
    let full = app
        .get_api("/image-servers")
        .send()
        .await
        .text()
        .await
        .unwrap();
    set_faults(&app, &["list:truncate"]).await;
    let response = app.get_api("/image-servers").send().await;
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
    let app = app_with_faults(&["show:latency=400", "show:latency=100"]);
    let started = Instant::now();
    let (status, _) = app.get_api("/image-servers/1").answer().await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "latencies add up: {:?}",
        started.elapsed()
    );
    let log = request_log(&app).await;
    assert_eq!(
        log[0]["fault"],
        Value::Null,
        "latency alone is not a failure"
    );
}

async fn statuses_under(seed: u64) -> Vec<u16> {
    let app = TestApp::simulator(|sim| {
        sim.seed = seed;
        sim.faults = fault_specs(&["list:503@0.5"]);
    });
    let mut statuses = Vec::new();
    for _ in 0..24 {
        let response = app.get_api("/image-servers?limit=1").send().await;
        statuses.push(response.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn fault_rates_are_reproducible_under_a_seed() {
    let first = statuses_under(7).await;
    assert_eq!(first, statuses_under(7).await);
    assert_ne!(first, statuses_under(8).await);
    assert!(first.contains(&503) && first.contains(&200), "{first:?}");
}

#[tokio::test]
async fn fault_set_can_be_read_and_replaced() {
    let app = app_with_faults(&["list:503@0.5", "job:latency=1500"]);
    assert_eq!(
        faults(&app).await,
        json!(["list:503@0.5", "job:latency=1500"])
    );

    let (status, replaced) = app
        .call(Method::PUT, "/__sim/faults")
        .json(&json!(["all:429@0.2", "delete:html502"]))
        .answer()
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(replaced, json!(["all:429@0.2", "delete:html502"]));

    for bad in [json!(["list:504"]), json!("list:503"), json!([1])] {
        let (status, body) = app
            .call(Method::PUT, "/__sim/faults")
            .json(&bad)
            .answer()
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(body["error"].is_string());
    }
    assert_eq!(
        faults(&app).await,
        replaced,
        "a rejected set changes nothing"
    );
}

#[tokio::test]
async fn request_log_records_what_was_sent() {
    let app = TestApp::simulator(|_| {});
    app.get_api("/image-servers?limit=5").answer().await;
    let body = json!({"items": ["42"], "recursive": true});
    batch_delete(&app, &body).await;
    app.call(
        Method::PATCH,
        &api_path("/image-servers/actions/batch-delete"),
    )
    .body("{oops")
    .send()
    .await;

    let log = request_log(&app).await;
    assert_eq!(log.len(), 3, "{log:?}");
    assert_eq!(log[0]["method"], "GET");
    assert_eq!(log[0]["endpoint"], "list");
    assert_eq!(log[0]["query"], "limit=5");
    assert_eq!(log[0]["path"], format!("/api/v1/{PROJECT}/image-servers"));
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
    let app = TestApp::simulator(|sim| {
        sim.job_duration_ms = 100;
        sim.faults = fault_specs(&["show:503"]);
    });
    let before = all_instances(&app).await;
    let target = first_active(&before);
    let (_, body) = batch_delete(&app, &json!({"items": [target], "recursive": false})).await;
    let job_id = body["job_id"].as_str().unwrap().to_owned();
    poll_job(&app, &job_id, Duration::from_secs(20), is_terminal).await;
    assert_eq!(all_instances(&app).await.len(), before.len() - 1);

    let answer = reset(&app).await;
    assert_eq!(answer["instances"], 60);
    assert!(request_log(&app).await.is_empty());
    assert_eq!(faults(&app).await, json!([]));
    let (status, _) = app
        .get_api(&format!("/image-server-jobs/{job_id}"))
        .answer()
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let after = all_instances(&app).await;
    let names = |list: &[Value]| {
        list.iter()
            .map(|i| (i["id"].clone(), i["name"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&after), names(&before), "same seed, same data");
}
