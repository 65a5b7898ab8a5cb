//! The API location: the token is added, only the contract's four routes for the configured
//! project with their query keys pass, the rest is refused without reaching the upstream,
//! bodies are bounded, and answers pass through unchanged.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{
    free_port, request_log, set_faults, signed_in_client, upstream, upstream_api, upstream_get,
    Auth, Nginx, SUB_PATH,
};
use crate::support::browser::dist_dir;
use crate::support::server::{get_json, json_of, PROJECT};

/// The sub-path the test moves the console to, as the config's header comment says.
const OTHER_SUB_PATH: &str = "/ops/img-console/";
/// A project id that is not the configured one.
const OTHER_PROJECT: &str = "aaaabbbbccccddddeeeeffff00001111";

#[tokio::test]
async fn nginx_forwards_only_the_consoles_api_calls_with_the_token() {
    let dist = dist_dir();
    let (_empty, upstream) = upstream("200");
    // Also shows that moving the sub-path as documented moves everything.
    let nginx = Nginx::start_with(OTHER_SUB_PATH, Auth::Basic, &dist, &upstream_api(&upstream));
    let http = signed_in_client();
    let (status, _) = get_json(&http, &nginx.at("config.json")).await;
    assert_eq!(status, StatusCode::OK);
    let old = http
        .get(format!("{}{SUB_PATH}config.json", nginx.origin))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(
        old,
        StatusCode::NOT_FOUND,
        "nothing left at the old sub-path"
    );
    let p = PROJECT;
    let q = OTHER_PROJECT;
    let id = "697612196993040384";

    // Refused here: other routes, methods, projects, query keys and escapes.
    let refused = [
        (
            "GET",
            format!("api/v1/{p}/image-server-jobs?job_type=DELETE_SERVER&sort=x"),
            404,
        ),
        (
            "GET",
            format!("api/v1/{p}/image-server-jobs?project_id={q}"),
            404,
        ),
        (
            "GET",
            format!("api/v1/{p}/image-servers?limit=1&enterprise_project_id=0"),
            404,
        ),
        ("GET", format!("api/v1/{p}/image-servers?limit"), 404),
        ("GET", format!("api/v1/{p}/image-servers%3Flimit=1"), 404),
        ("GET", format!("api/v1/{p}/image-server-jobs/abc?x=1"), 404),
        (
            "PATCH",
            format!("api/v1/{p}/image-servers/actions/batch-delete?recursive=true"),
            404,
        ),
        // The show-one route is not forwarded any more: the console never calls it.
        ("GET", format!("api/v1/{p}/image-servers/{id}"), 404),
        ("GET", format!("api/v1/{q}/image-servers"), 404),
        (
            "PATCH",
            format!("api/v1/{q}/image-servers/actions/batch-delete"),
            404,
        ),
        ("GET", format!("api/v1/{q}/image-server-jobs/abc"), 404),
        (
            "GET",
            format!("api/v1/{q}/image-server-jobs?job_type=DELETE_SERVER"),
            404,
        ),
        (
            "GET",
            format!("api/v1/{}/image-servers", p.to_uppercase()),
            404,
        ),
        ("POST", format!("api/v1/{p}/image-servers"), 405),
        ("PATCH", format!("api/v1/{p}/image-servers/{id}"), 404),
        ("DELETE", format!("api/v1/{p}/image-servers/{id}"), 404),
        (
            "GET",
            format!("api/v1/{p}/image-servers/actions/batch-delete"),
            405,
        ),
        ("DELETE", format!("api/v1/{p}/image-server-jobs/abc"), 405),
        ("POST", format!("api/v1/{p}/image-server-jobs"), 405),
        (
            "GET",
            format!("api/v1/{p}/image-server-sub-jobs?job_type=DELETE_SERVER"),
            404,
        ),
        ("GET", format!("api/v2/{p}/job/abc"), 404),
        ("GET", "api/v3/auth/tokens".to_owned(), 404),
        ("GET", "api/".to_owned(), 404),
        (
            "GET",
            format!("api/v1/{p}/image-servers/..%2F..%2Fimage-server-sub-jobs"),
            404,
        ),
        ("GET", format!("api/v1/{p}/image-servers/a%2Fb"), 404),
        // A decoded newline after an allowed path (a regex's `$` would let it through).
        ("GET", format!("api/v1/{p}/image-servers%0A?limit=1"), 404),
        ("GET", format!("api/v1/{p}/image-server-jobs/abc%0A"), 404),
        (
            "PATCH",
            format!("api/v1/{p}/image-servers/actions/batch-delete%0A"),
            404,
        ),
        // Job ids longer than the console accepts (128 characters).
        (
            "GET",
            format!("api/v1/{p}/image-server-jobs/{}", "a".repeat(129)),
            404,
        ),
        ("GET", "api/v1/not-a-project/image-servers".to_owned(), 404),
    ];
    for (method, relative, expected) in refused {
        let method: Method = method.parse().unwrap();
        let response = nginx
            .signed_in(method.clone(), &nginx.at(&relative))
            .json(&json!({ "items": [id], "recursive": false }))
            .send()
            .await
            .unwrap();
        let (status, body) = json_of(response).await;
        assert_eq!(status.as_u16(), expected, "{method} {relative}: {body}");
        assert_eq!(
            body["error_code"],
            format!("PROXY.0{expected}"),
            "{method} {relative}"
        );
    }
    let log = request_log(&upstream).await;
    assert!(log.is_empty(), "nothing reached the upstream: {log:#?}");

    // Forwarded with the token (the simulator would answer 401 without it), the browser's
    // own token and cookies dropped; X-Request-Id and the body come back unchanged.
    let response = http
        .get(nginx.at(&format!(
            "api/v1/{p}/image-servers?offset=0&limit=3&server_name=&server_id="
        )))
        .header("x-auth-token", "browser-token")
        .header("cookie", "session=1")
        .send()
        .await
        .unwrap();
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(request_id.len(), 32);
    let (status, page) = json_of(response).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    // With the SDK's Content-Type, a GET included.
    let log = request_log(&upstream).await;
    let forwarded = log.last().expect("the list request reached the upstream");
    assert_eq!(forwarded["content_type"], "application/json", "{forwarded}");
    let (_, direct) = upstream_get(
        &upstream,
        "/image-servers?offset=0&limit=3&server_name=&server_id=",
    )
    .await;
    assert_eq!(page, direct);

    // The list of delete jobs: the console's recovery when a batch-delete answer is lost.
    let (status, jobs) = get_json(
        &http,
        &nginx.at(&format!(
            "api/v1/{p}/image-server-jobs?job_type=DELETE_SERVER&status=SUCCESS&offset=0&limit=10"
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{jobs}");
    assert!(jobs["items"].is_array(), "{jobs}");
    // One job, shown by id (the simulator does not know it: its 404 passes through).
    let (status, job) = get_json(
        &http,
        &nginx.at(&format!("api/v1/{p}/image-server-jobs/abc")),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{job}");
    assert!(
        !job["error_code"]
            .as_str()
            .unwrap_or_default()
            .starts_with("PROXY."),
        "the simulator's own answer: {job}"
    );

    // Upstream errors pass through: status, HTML body, Retry-After.
    set_faults(&upstream, &["list:429=7"]).await;
    let response = http
        .get(nginx.at(&format!("api/v1/{p}/image-servers")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "7");
    assert_eq!(response.headers().get_all("retry-after").iter().count(), 1);
    let header_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let (_, body) = json_of(response).await;
    assert_eq!(body["request_id"], header_id);

    // Bodies over 64 KiB: 413 from nginx, never forwarded.
    let before = request_log(&upstream).await.len();
    let big = json!({ "items": ["1"], "recursive": false, "padding": "x".repeat(70 * 1024) });
    let response = nginx
        .signed_in(
            Method::PATCH,
            &nginx.at(&format!("api/v1/{p}/image-servers/actions/batch-delete")),
        )
        .json(&big)
        .send()
        .await
        .unwrap();
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error_code"], "PROXY.0413");
    let log = request_log(&upstream).await;
    assert_eq!(log.len(), before, "the big body was not forwarded");
    let endpoints: Vec<&str> = log
        .iter()
        .map(|e| e["endpoint"].as_str().unwrap())
        .collect();
    // (The second list is the test's own, straight to the simulator.)
    assert_eq!(
        endpoints,
        ["list", "list", "jobs", "job", "list"],
        "{log:#?}"
    );
    for entry in &log {
        assert_ne!(
            entry["status"], 401,
            "every forwarded request had the token"
        );
        assert!(
            entry["path"]
                .as_str()
                .unwrap()
                .starts_with(&format!("/api/v1/{p}/")),
            "{entry}"
        );
    }
}

/// nginx's own failures are generic JSON in the API's shape: an unreachable upstream is 502
/// PROXY.0502 without the upstream's address, and the failed delete is still audited.
#[tokio::test]
async fn an_unreachable_upstream_is_a_generic_502() {
    let closed = format!("http://127.0.0.1:{}", free_port());
    let nginx = Nginx::start(&dist_dir(), &closed);
    let list = nginx.signed_in(Method::GET, &nginx.api("/image-servers"));
    let delete = nginx
        .signed_in(
            Method::PATCH,
            &nginx.api("/image-servers/actions/batch-delete"),
        )
        .json(&json!({ "items": ["697612196993040384"], "recursive": false }));
    for request in [list, delete] {
        let response = request.send().await.unwrap();
        assert_eq!(response.headers()["content-type"], "application/json");
        let text = response.status().as_u16().to_string() + &response.text().await.unwrap();
        assert!(text.starts_with("502{"), "{text}");
        let body: serde_json::Value = serde_json::from_str(&text[3..]).unwrap();
        assert_eq!(body["error_code"], "PROXY.0502", "{body}");
        assert!(!text.contains("127.0.0.1"), "no upstream address: {text}");
    }
    let audit = nginx.audit_log(1);
    assert_eq!(audit.len(), 1, "{audit:#?}");
    assert_eq!(audit[0]["status"], 502);
    assert_eq!(audit[0]["request_id"], "");
}
