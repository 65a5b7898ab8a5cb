//! The audit log: one JSON line per batch-delete attempt, read back field by field.

use reqwest::{RequestBuilder, StatusCode};
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;

use crate::auth::with_htpasswd;
use crate::support::proxy::{deletable_ids, path_in, ProxyPair, SAME_ORIGIN};
use crate::support::server::headers::request_id;
use crate::support::server::sim::set_faults;
use crate::support::server::{all_instances, client, json_of, PROJECT};

/// The audit records written so far (each is written before its answer is sent).
fn records(pair: &ProxyPair) -> Vec<Value> {
    std::fs::read_to_string(path_in(&pair.dir, "audit.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// The current time as the log writes it, to the second.
fn now() -> String {
    time::OffsetDateTime::now_utc().format(&Rfc3339).unwrap()[..19].to_owned()
}

/// A batch-delete by alice; callers add (or not) the same-origin proof.
fn alice_deletes(pair: &ProxyPair, body: &Value) -> RequestBuilder {
    client()
        .patch(pair.proxy.api("/image-servers/actions/batch-delete"))
        .basic_auth("alice", Some("correct horse"))
        .json(body)
}

/// Sends alice's delete as the console's page would; returns the status, the answer and its
/// `X-Request-Id` (null without one).
async fn send_from_console(pair: &ProxyPair, body: &Value) -> (StatusCode, Value, Value) {
    let response = alice_deletes(pair, body)
        .header(SAME_ORIGIN.0, SAME_ORIGIN.1)
        .send()
        .await
        .unwrap();
    let request_id = json!(request_id(response.headers()));
    let (status, answer) = json_of(response).await;
    (status, answer, request_id)
}

/// Checks every field of `record` but `time`; `body` is null for a body the proxy did not read.
fn assert_record(record: &Value, body: &Value, status: u16, outcome: (&Value, &Value, &Value)) {
    assert_eq!(record["user"], "alice", "{record}");
    assert_eq!(record["client"], "127.0.0.1", "{record}");
    assert_eq!(record["project"], PROJECT, "{record}");
    assert_eq!(record["items"], body["items"], "{record}");
    assert_eq!(record["recursive"], body["recursive"], "{record}");
    let text = record["body"].as_str().expect("the body as sent");
    if body.is_null() {
        assert_eq!(text, "", "{record}");
    } else {
        assert_eq!(
            &serde_json::from_str::<Value>(text).unwrap(),
            body,
            "{record}"
        );
    }
    assert_eq!(record["status"], status, "{record}");
    let (request_id, job_id, error_code) = outcome;
    assert_eq!(&record["request_id"], request_id, "{record}");
    assert_eq!(&record["job_id"], job_id, "{record}");
    assert_eq!(&record["error_code"], error_code, "{record}");
}

#[tokio::test]
async fn every_batch_delete_attempt_is_recorded_with_its_outcome() {
    let pair = with_htpasswd("audit");
    let ids = deletable_ids(&all_instances(&pair.upstream).await);
    let before = now();

    // Accepted: the job id and the upstream's request id.
    let body = json!({ "items": [ids[0], ids[1]], "recursive": true });
    let (status, answer, request_id) = send_from_console(&pair, &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let records_now = records(&pair);
    assert_eq!(records_now.len(), 1);
    assert_record(
        &records_now[0],
        &body,
        200,
        (&request_id, &answer["job_id"], &Value::Null),
    );
    let time = records_now[0]["time"].as_str().expect("time is text");
    assert!(time.ends_with('Z'), "RFC 3339 in UTC: {time}");
    assert!(
        before.as_str() <= &time[..19] && &time[..19] <= now().as_str(),
        "{time}"
    );

    // Refused by the upstream: its status and error code.
    set_faults(&pair.upstream, &["delete:503"]).await;
    let body = json!({ "items": [ids[2]], "recursive": false });
    let (status, answer, request_id) = send_from_console(&pair, &body).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{answer}");
    assert_record(
        &records(&pair)[1],
        &body,
        503,
        (&request_id, &Value::Null, &answer["error_code"]),
    );

    // Refused by the proxy itself (no same-origin proof): recorded, never forwarded.
    let seen = pair.upstream_log().await.len();
    let body = json!({ "items": [ids[3]], "recursive": false });
    let response = alice_deletes(&pair, &body)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_record(
        &records(&pair)[2],
        &body,
        403,
        (&Value::Null, &Value::Null, &json!("PROXY.0403")),
    );
    assert_eq!(
        pair.upstream_log().await.len(),
        seen,
        "the refused one never left"
    );

    // Too large to read: recorded with what could be known.
    let oversized = json!({ "items": [ids[4]], "recursive": true, "padding": "x".repeat(70_000) });
    let (status, answer, _) = send_from_console(&pair, &oversized).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    assert_record(
        &records(&pair)[3],
        &Value::Null,
        413,
        (&Value::Null, &Value::Null, &json!("PROXY.0413")),
    );
    assert_eq!(pair.upstream_log().await.len(), seen);

    // A body the upstream may read otherwise than a lenient reader: recorded as sent, the
    // string "true" and both `items` keys (a reader keeping one would hide the other).
    let loose = format!(
        r#"{{"items":["{}"],"items":["{}"],"recursive":"true"}}"#,
        ids[5], ids[6]
    );
    let response = client()
        .patch(pair.proxy.api("/image-servers/actions/batch-delete"))
        .basic_auth("alice", Some("correct horse"))
        .header(SAME_ORIGIN.0, SAME_ORIGIN.1)
        .header("content-type", "application/json")
        .body(loose.clone())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let record = &records(&pair)[4];
    assert_eq!(record["recursive"], "true", "{record}");
    assert_eq!(record["body"], loose, "{record}");
    assert_eq!(record["status"], status, "{record}");

    // Reads are not audited.
    let status = client()
        .get(pair.proxy.api("/image-servers?limit=1"))
        .basic_auth("alice", Some("correct horse"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(records(&pair).len(), 5);
}
