//! The audit log: one JSON line per batch-delete, whatever became of it, read back field by
//! field.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{
    deletable_instances, set_faults, signed_in_client, upstream, upstream_api, upstream_request,
    Nginx, USER,
};
use crate::support::browser::dist_dir;
use crate::support::server::headers::request_id;
use crate::support::server::sim::add_instance;
use crate::support::server::PROJECT;

/// `2026-11-30T21:09:08+00:00`: RFC 3339 with the server's offset.
fn assert_rfc3339(time: &str) {
    let bytes = time.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    assert!(
        bytes.len() == 25
            && digits(0..4)
            && bytes[4] == b'-'
            && digits(5..7)
            && bytes[7] == b'-'
            && digits(8..10)
            && bytes[10] == b'T'
            && digits(11..13)
            && bytes[13] == b':'
            && digits(14..16)
            && bytes[16] == b':'
            && digits(17..19)
            && (bytes[19] == b'+' || bytes[19] == b'-')
            && digits(20..22)
            && bytes[22] == b':'
            && digits(23..25),
        "not RFC 3339: {time}"
    );
}

/// Sends a batch-delete through nginx; returns its status and X-Request-Id (or "") and keeps
/// the answer's job_id (or "") in `job_ids`.
async fn delete(
    nginx: &Nginx,
    origin: &str,
    body: &Value,
    job_ids: &mut Vec<String>,
) -> (u16, String) {
    let response = signed_in_client()
        .patch(nginx.api("/image-servers/actions/batch-delete"))
        .header("origin", origin)
        .json(body)
        .send()
        .await
        .unwrap();
    let request_id = request_id(response.headers()).unwrap_or_default();
    let status = response.status().as_u16();
    let answer: Value = response.json().await.unwrap_or(Value::Null);
    job_ids.push(answer["job_id"].as_str().unwrap_or_default().to_owned());
    (status, request_id)
}

#[tokio::test]
async fn every_batch_delete_is_recorded_with_who_what_and_outcome() {
    let (_empty, upstream) = upstream("200");
    let nginx = Nginx::start(&dist_dir(), &upstream_api(&upstream));
    let ids: Vec<String> = deletable_instances(&upstream, 2)
        .await
        .into_iter()
        .map(|(_, id)| id)
        .collect();

    // Reads are not audited.
    let status = nginx
        .signed_in(Method::GET, &nginx.api("/image-servers"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::OK);

    // Carried out, refused by the upstream, refused by nginx (cross-site), an id that would
    // break a naively written JSON line, and a body over the limit.
    let own = nginx.origin.clone();
    let carried_out = json!({ "items": [ids[0]], "recursive": false });
    let mut answered_job_ids = Vec::new();
    let deleted = delete(&nginx, &own, &carried_out, &mut answered_job_ids).await;
    assert_eq!(deleted.0, 200);
    set_faults(&upstream, &["delete:503"]).await;
    let unavailable = json!({ "items": [ids[1]], "recursive": true });
    let refused_upstream = delete(&nginx, &own, &unavailable, &mut answered_job_ids).await;
    assert_eq!(refused_upstream.0, 503);
    set_faults(&upstream, &[]).await;
    let cross_site = json!({ "items": [ids[1]], "recursive": false });
    let forged = delete(
        &nginx,
        "http://evil.example",
        &cross_site,
        &mut answered_job_ids,
    )
    .await;
    assert_eq!(forged, (403, String::new()));
    let quoted = json!({ "items": ["a\"b\\c\n"], "recursive": false });
    let odd = delete(&nginx, &own, &quoted, &mut answered_job_ids).await;
    let too_large = json!({ "items": ["1"], "recursive": false, "padding": "x".repeat(70 * 1024) });
    let refused_size = delete(&nginx, &own, &too_large, &mut answered_job_ids).await;
    assert_eq!(refused_size, (413, String::new()));

    // Someone without alice's password, naming her: refused by nginx before or without
    // authentication, so her name is only what the request claimed.
    let mut forged_statuses = Vec::new();
    for origin in [own.as_str(), "http://evil.example"] {
        let response = reqwest::Client::new()
            .patch(nginx.api("/image-servers/actions/batch-delete"))
            .basic_auth(USER, Some("a guess"))
            .header("origin", origin)
            .json(&cross_site)
            .send()
            .await
            .unwrap();
        forged_statuses.push(response.status().as_u16());
    }
    assert_eq!(forged_statuses, [401, 403]);

    let records = nginx.audit_log(7);
    assert_eq!(records.len(), 7, "{records:#?}");
    let who: Vec<(&str, &str)> = records
        .iter()
        .map(|record| {
            let name = |key: &str| record[key].as_str().unwrap();
            (name("user"), name("claimed_user"))
        })
        .collect();
    assert_eq!(
        who,
        [
            (USER, ""),
            (USER, ""),
            ("", USER),
            (USER, ""),
            ("", USER),
            ("", USER),
            ("", USER)
        ],
        "only requests past authentication name their user: {records:#?}"
    );
    let records = &records[..5];
    // The answer's job_id or error_code, the upstream's or nginx's own; empty when the
    // answer has none.
    let field = |name: &str| -> Vec<String> {
        records
            .iter()
            .map(|record| record[name].as_str().unwrap().to_owned())
            .collect()
    };
    let (job_ids, error_codes) = (field("job_id"), field("error_code"));
    assert_eq!(job_ids, answered_job_ids, "{records:#?}");
    assert_eq!(job_ids[0].len(), 36, "a job id: {records:#?}");
    assert!(
        error_codes[1].starts_with("WKS."),
        "the upstream's code: {records:#?}"
    );
    assert_eq!(
        [
            &error_codes[0],
            &error_codes[2],
            &error_codes[3],
            &error_codes[4]
        ],
        ["", "PROXY.0403", "", "PROXY.0413"],
        "{records:#?}"
    );
    let expected = [
        (&carried_out, deleted),
        (&unavailable, refused_upstream),
        (&json!(null), forged),
        (&quoted, odd),
        (&json!(null), refused_size),
    ];
    for (record, (body, (status, request_id))) in records.iter().zip(expected) {
        assert_rfc3339(record["time"].as_str().unwrap());
        assert_eq!(record["client"], "127.0.0.1", "{record}");
        assert_eq!(record["project"], PROJECT, "{record}");
        assert_eq!(record["status"], status, "{record}");
        assert_eq!(record["request_id"], request_id, "{record}");
        let sent = record["body"].as_str().unwrap();
        if body.is_null() {
            assert_eq!(sent, "", "a refused request's body is not read: {record}");
        } else {
            let sent: Value = serde_json::from_str(sent).unwrap();
            assert_eq!(&sent, body, "{record}");
        }
    }
    assert_eq!(records[0]["request_id"].as_str().unwrap().len(), 32);
    assert_eq!(records[1]["request_id"].as_str().unwrap().len(), 32);
}

/// The audit's reader sits in every API answer's way: a list whose Chinese names straddle
/// nginx's buffers still arrives byte for byte as the upstream sent it.
#[tokio::test]
async fn answers_pass_the_audit_reader_byte_for_byte() {
    let (_empty, upstream) = upstream("200");
    let nginx = Nginx::start(&dist_dir(), &upstream_api(&upstream));
    for n in 0..40 {
        let name = format!("镜像实例{}-{n}", "测试".repeat(n % 7));
        add_instance(&upstream, &json!({ "name": name })).await;
    }
    let path = "/image-servers?offset=0&limit=100";
    let direct = || async {
        upstream_request(&upstream, path)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
    };
    let before = direct().await;
    let through = nginx
        .signed_in(Method::GET, &nginx.api(path))
        .send()
        .await
        .unwrap();
    assert_eq!(through.status(), StatusCode::OK);
    let through = through.bytes().await.unwrap();
    assert_eq!(
        before,
        direct().await,
        "the list is the same for both reads"
    );
    assert!(
        through.len() > 16 * 1024,
        "several buffers: {}",
        through.len()
    );
    assert!(
        through == before,
        "nginx changed the answer: {}",
        String::from_utf8_lossy(&through)
    );
}
