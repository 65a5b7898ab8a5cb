//! The simulator's `/__sim` control API: faults, reset, and the log of the API requests it
//! received, which is how tests prove what was sent (and what was not).

use std::time::{Duration, Instant};

use axum::http::Method;
use reqwest::StatusCode;
use serde_json::Value;

use super::Api;

/// Bound on waiting for requests to show up in the log.
const LOG_WAIT: Duration = Duration::from_secs(30);

/// Replaces the active faults (`PUT /__sim/faults`).
pub async fn set_faults(api: &impl Api, specs: &[&str]) {
    let (status, body) = api
        .call(Method::PUT, "/__sim/faults")
        .json(&specs)
        .answer()
        .await;
    assert_eq!(status, StatusCode::OK, "faults {specs:?} refused: {body}");
}

/// The active faults (`GET /__sim/faults`).
pub async fn faults(api: &impl Api) -> Value {
    let (status, faults) = api.get("/__sim/faults").answer().await;
    assert_eq!(status, StatusCode::OK, "{faults}");
    faults
}

/// Fresh seed data, no jobs, faults or log (`POST /__sim/reset`); its answer.
pub async fn reset(api: &impl Api) -> Value {
    let (status, answer) = api.call(Method::POST, "/__sim/reset").answer().await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer
}

/// Every logged API request, oldest first (`GET /__sim/requests`).
pub async fn request_log(api: &impl Api) -> Vec<Value> {
    let (status, log) = api.get("/__sim/requests").answer().await;
    assert_eq!(status, StatusCode::OK, "{log}");
    log.as_array().expect("the log is a list").clone()
}

/// The logged batch-delete requests (PATCH).
pub async fn patches(api: &impl Api) -> Vec<Value> {
    let mut log = request_log(api).await;
    log.retain(|entry| entry["method"] == "PATCH");
    log
}

/// The `seq` of the newest logged request (0 when none).
pub async fn last_seq(api: &impl Api) -> u64 {
    request_log(api)
        .await
        .last()
        .and_then(|entry| entry["seq"].as_u64())
        .unwrap_or(0)
}

/// Requests logged after `seq` (0: all) for `endpoint` (`list`, `show`, `delete`, `job`).
pub async fn since(api: &impl Api, seq: u64, endpoint: &str) -> Vec<Value> {
    let mut log = request_log(api).await;
    log.retain(|entry| entry["seq"].as_u64() > Some(seq) && entry["endpoint"] == endpoint);
    log
}

/// Waits until at least `count` `endpoint` requests after `seq` satisfy `matches`.
pub async fn wait_for_requests(
    api: &impl Api,
    seq: u64,
    endpoint: &str,
    count: usize,
    matches: impl Fn(&Value) -> bool,
) -> Vec<Value> {
    let deadline = Instant::now() + LOG_WAIT;
    loop {
        let all = since(api, seq, endpoint).await;
        let found: Vec<Value> = all.iter().filter(|e| matches(e)).cloned().collect();
        if found.len() >= count {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "{count} matching {endpoint} requests expected after #{seq}, found {}: {all:?}",
            found.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// App-level attempts among logged requests. When a connection closes with no answer,
/// Chromium itself resends the request at once on another connection if the first one was a
/// reused keep-alive connection (it cannot tell this from an idle connection the server
/// closed). Such resends arrive within milliseconds; the app's own retries come at least
/// 100 ms apart (the backoff floor). So requests less than 50 ms after the previous one are
/// the same attempt.
pub fn attempts(entries: &[Value]) -> usize {
    let times: Vec<i64> = entries.iter().map(logged_ms).collect();
    match times.first() {
        None => 0,
        Some(_) => {
            1 + times
                .windows(2)
                .filter(|pair| pair[1] - pair[0] >= 50)
                .count()
        }
    }
}

/// A request's arrival time from the log (`2026-01-02T03:04:05.678Z`), in milliseconds since
/// the start of its month: enough to compare requests of one test run.
pub fn logged_ms(request: &Value) -> i64 {
    month_ms(request["time"].as_str().expect("a logged time"))
}

/// A time as the API writes it (`2026-01-02T03:04:05.678Z`, with 0 or more fractional
/// digits), in milliseconds since the start of its month: enough to order times of one month.
pub fn month_ms(time: &str) -> i64 {
    let field = |range: std::ops::Range<usize>| -> i64 {
        time.get(range)
            .and_then(|digits| digits.parse().ok())
            .unwrap_or_else(|| panic!("unexpected time format {time:?}"))
    };
    let millis = match time.get(19..20) {
        Some(".") => {
            let fraction: String = time[20..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            format!("{fraction:0<3}")[..3]
                .parse::<i64>()
                .expect("fraction digits")
        }
        _ => 0,
    };
    ((field(8..10) * 24 + field(11..13)) * 60 + field(14..16)) * 60_000
        + field(17..19) * 1_000
        + millis
}

/// Adds an instance (`POST /__sim/instances` with `{"name", "id"?: S|null, "status"?,
/// "image_type"?, "create_time"?}`); the instance as the API now lists it.
pub async fn add_instance(api: &impl Api, instance: &Value) -> Value {
    let (status, added) = api
        .call(Method::POST, "/__sim/instances")
        .json(instance)
        .answer()
        .await;
    assert_eq!(status, StatusCode::OK, "{instance}: {added}");
    added
}

/// Changes an instance (`PUT /__sim/instances/{id}`: `status`, `server_group_id`, `server_id`,
/// `app_group_id`); the instance as the API now shows it.
pub async fn change_instance(api: &impl Api, id: &str, change: &Value) -> Value {
    let (status, instance) = api
        .call(Method::PUT, &format!("/__sim/instances/{id}"))
        .json(change)
        .answer()
        .await;
    assert_eq!(status, StatusCode::OK, "{change}: {instance}");
    instance
}

/// Removes an instance as if deleted elsewhere (`DELETE /__sim/instances/{id}`).
pub async fn remove_instance(api: &impl Api, id: &str) {
    let response = api
        .call(Method::DELETE, &format!("/__sim/instances/{id}"))
        .send()
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT, "remove {id}");
}

/// Plans how the next delete of each instance ends (`PUT /__sim/outcomes` with
/// `{"<id>": {"status": S, "error_code"?, "error_message"?}}`).
pub async fn plan_outcomes(api: &impl Api, plans: &Value) {
    let response = api
        .call(Method::PUT, "/__sim/outcomes")
        .json(plans)
        .send()
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT, "{plans}");
}

/// Adds a job from history (`POST /__sim/jobs`); its id.
pub async fn record_job(api: &impl Api, job: &Value) -> String {
    let (status, answer) = api
        .call(Method::POST, "/__sim/jobs")
        .json(job)
        .answer()
        .await;
    assert_eq!(status, StatusCode::OK, "{job}: {answer}");
    answer["job_id"].as_str().expect("a job id").to_owned()
}
