//! Proxy mode (`--upstream`): the server forwards only the console's API routes to an upstream,
//! with a token it holds. (The boundary checks of issue 10 are in `proxy_boundary`.) The upstream here is the simulator on loopback, started with
//! `--require-token` so a missing token shows as 401, and its `/__sim/requests` log shows what
//! reached it; one test uses a bare in-process upstream to see the exact headers exchanged.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderValue};
use axum::response::IntoResponse;
use reqwest::{Method, StatusCode};
use serde_json::json;
use support::proxy::{path_in, proxy_mode_args, ProxyPair, SAME_ORIGIN};
use support::server::headers::request_id;
use support::server::sim::request_log as upstream_log;
use support::server::{client, get_json, json_of, TempDir, TestServer, PROJECT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN: &str = "MIIproxy-test-token";
/// The proxy's upstream timeout in these tests.
const TIMEOUT_MS: u64 = 700;

/// The simulator as the upstream (requiring the token), and a proxy in front of it reading
/// the token from a file.
struct Setup {
    upstream: TestServer,
    proxy: TestServer,
    token_file: String,
    _dir: TempDir,
}

fn setup(extra_proxy_args: &[&str]) -> Setup {
    let dir = TempDir::new("proxy");
    dir.write("token", format!("{TOKEN}\n"));
    let token_file = path_in(&dir, "token");
    let timeout = TIMEOUT_MS.to_string();
    let mut args = vec!["--upstream-timeout-ms", &timeout];
    if !extra_proxy_args.contains(&"--pass-browser-token") {
        args.extend(["--token-file", &token_file]);
    }
    args.extend_from_slice(extra_proxy_args);
    let upstream_args = ["--require-token", TOKEN, "--job-duration-ms", "200"];
    let pair = ProxyPair::start(dir, &upstream_args, &args);
    Setup {
        upstream: pair.upstream,
        proxy: pair.proxy,
        token_file,
        _dir: pair.dir,
    }
}

/// A proxy in front of `upstream` reading the token from a file, serving a stub app; both
/// files are written into `dir`.
fn proxy_with_token_file(dir: &TempDir, upstream: &str) -> TestServer {
    dir.write("dist/index.html", "<!doctype html>");
    dir.write("token", TOKEN);
    let dist = path_in(dir, "dist");
    let token = path_in(dir, "token");
    let mut args = proxy_mode_args(&dist, upstream);
    args.extend(["--token-file", &token]);
    TestServer::start(&args)
}

fn assert_request_id(headers: &reqwest::header::HeaderMap) -> String {
    let id = request_id(headers).expect("X-Request-Id passed back");
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );
    id
}

/// The same headers as the page and nginx: on the API's answers too, forwarded or refused.
fn assert_security_headers(headers: &reqwest::header::HeaderMap) {
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert!(headers["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"));
}

#[tokio::test]
async fn forwards_each_console_route_with_the_servers_token() {
    let s = setup(&[]);
    let (upstream, proxy) = (&s.upstream, &s.proxy);
    let http = client();

    // List, with the query passed on, and a browser token that must not replace the server's.
    let response = http
        .get(proxy.api("/image-servers?limit=2&offset=1"))
        .header("x-auth-token", "browser-token")
        .header("cookie", "session=abc")
        .send()
        .await
        .unwrap();
    assert_request_id(response.headers());
    assert_security_headers(response.headers());
    let (status, page) = json_of(response).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let (_, direct) = json_of(
        http.get(upstream.api("/image-servers?limit=2&offset=1"))
            .header("x-auth-token", TOKEN)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page, direct, "the body passes unchanged");

    // Show one.
    let deletable = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(
            get_json(&http, &proxy.api("/image-servers?limit=100"))
                .await
                .1["items"]
                .as_array()
                .unwrap(),
        )
        .find(|i| {
            !matches!(
                i["status"].as_str(),
                Some("CREATING" | "BUILDING" | "DELETING")
            ) && !i["name"].as_str().unwrap_or_default().contains("changed")
        })
        .cloned()
        .expect("a deletable instance");
    let id = deletable["id"].as_str().unwrap();
    // Showing one instance is no longer forwarded: the console never asks for it (issue 10).
    let (status, refused) = get_json(&http, &proxy.api(&format!("/image-servers/{id}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{refused}");

    // Batch-delete, then the job.
    let body = json!({ "items": [id], "recursive": false });
    let response = http
        .patch(proxy.api("/image-servers/actions/batch-delete"))
        .header(SAME_ORIGIN.0, SAME_ORIGIN.1)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_request_id(response.headers());
    let (status, created) = json_of(response).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let job_id = created["job_id"].as_str().expect("a job id");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, job) =
            get_json(&http, &proxy.api(&format!("/image-server-jobs/{job_id}"))).await;
        assert_eq!(status, StatusCode::OK, "{job}");
        if job["status"] == "SUCCESS" {
            break;
        }
        assert!(Instant::now() < deadline, "job did not finish: {job}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The lost-answer recovery's route (issue 10: forwarded now).
    let (status, jobs) = get_json(
        &http,
        &proxy.api("/image-server-jobs?job_type=DELETE_SERVER&limit=10"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{jobs}");
    assert_eq!(jobs["items"][0]["id"], job_id);

    let log = upstream_log(upstream).await;
    let endpoints: Vec<&str> = log
        .iter()
        .filter_map(|entry| entry["endpoint"].as_str())
        .collect();
    assert!(!endpoints.contains(&"show"), "{endpoints:?}");
    for endpoint in ["list", "delete", "job", "jobs"] {
        assert!(endpoints.contains(&endpoint), "{endpoint} in {endpoints:?}");
    }
    assert!(
        log.iter().all(|entry| entry["status"] == 200),
        "every forwarded request carried the token: {log:#?}"
    );
    assert_eq!(log[0]["query"], "limit=2&offset=1");
    assert_eq!(log[0]["path"], format!("/api/v1/{PROJECT}/image-servers"));
    let delete = log.iter().find(|e| e["endpoint"] == "delete").unwrap();
    assert_eq!(delete["method"], "PATCH");
    assert_eq!(delete["body"], body);
}

#[tokio::test]
async fn refuses_other_paths_and_methods_without_contacting_the_upstream() {
    let s = setup(&[]);
    let (upstream, proxy) = (&s.upstream, &s.proxy);
    let http = client();
    let p = PROJECT;
    let other = "00112233445566778899aabbccddeeff";
    let refused: &[(Method, String, StatusCode)] = &[
        // Routes of the same API the console does not use (showing one: issue 10).
        (
            Method::GET,
            format!("/api/v1/{p}/image-servers/697612196993040384"),
            StatusCode::NOT_FOUND,
        ),
        // Another project (issue 10: pinned to --project-id).
        (
            Method::GET,
            format!("/api/v1/{other}/image-servers"),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::PATCH,
            format!("/api/v1/{other}/image-servers/actions/batch-delete"),
            StatusCode::NOT_FOUND,
        ),
        // Query keys the route does not take (issue 10: allow-listed per route).
        (
            Method::GET,
            format!("/api/v1/{p}/image-servers?enterprise_project_id=0"),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            format!("/api/v1/{p}/image-server-jobs?job_type=DELETE_SERVER&x=1"),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            format!("/api/v1/{p}/image-server-jobs/abc?limit=1"),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::POST,
            format!("/api/v1/{p}/image-servers"),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            Method::PATCH,
            format!("/api/v1/{p}/image-servers/697612196993040384"),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::DELETE,
            format!("/api/v1/{p}/image-servers/697612196993040384"),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            format!("/api/v1/{p}/image-servers/actions/batch-delete"),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            Method::POST,
            format!("/api/v1/{p}/image-server-jobs/abc"),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            Method::GET,
            format!("/api/v1/{p}/image-server-sub-jobs?job_type=DELETE_SERVER"),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::PATCH,
            format!("/api/v1/{p}/image-server-sub-jobs/actions/batch-delete"),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            format!("/api/v2/{p}/job/abc"),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            "/api/v3/auth/tokens".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (Method::GET, "/api/".to_owned(), StatusCode::NOT_FOUND),
        (Method::GET, "/api".to_owned(), StatusCode::NOT_FOUND),
        // Escapes out of the allowed routes.
        (
            Method::GET,
            format!("/api/v1/{p}/image-servers/..%2F..%2Fimage-server-sub-jobs"),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            format!("/api/v1/{p}/image-servers/a%2Fb"),
            StatusCode::NOT_FOUND,
        ),
        // A decoded newline after an allowed path; a job id over 128 characters.
        (
            Method::GET,
            format!("/api/v1/{p}/image-servers%0A?limit=1"),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            format!("/api/v1/{p}/image-server-jobs/abc%0A"),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            format!("/api/v1/{p}/image-server-jobs/{}", "a".repeat(129)),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            "/api/v1/not-a-project/image-servers".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            format!("/api/v1/{p}/image-servers/1/actions/latest-attached-app"),
            StatusCode::NOT_FOUND,
        ),
    ];
    for (method, path, expected) in refused {
        let response = http
            .request(method.clone(), proxy.at(path))
            .send()
            .await
            .unwrap();
        assert!(response.headers().get("x-request-id").is_none());
        assert_security_headers(response.headers());
        let (status, body) = json_of(response).await;
        assert_eq!(status, *expected, "{method} {path}: {body}");
        let code = if *expected == StatusCode::NOT_FOUND {
            "PROXY.0404"
        } else {
            "PROXY.0405"
        };
        assert_eq!(body["error_code"], code, "{method} {path}: {body}");
        assert!(body["error_msg"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // The proxy has no test-control routes of its own either.
    let status = http
        .get(proxy.at("/__sim/requests"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::NOT_FOUND);
    let log = upstream_log(upstream).await;
    assert!(log.is_empty(), "nothing reached the upstream: {log:#?}");
}

#[tokio::test]
async fn an_upstream_that_hangs_gets_a_504_after_the_timeout() {
    let s = setup(&[]);
    let (upstream, proxy) = (&s.upstream, &s.proxy);
    let http = client();
    let status = http
        .put(upstream.at("/__sim/faults"))
        .json(&json!(["list:hang"]))
        .send()
        .await
        .unwrap()
        .status();
    assert!(status.is_success());
    let started = Instant::now();
    let (status, body) = get_json(&http, &proxy.api("/image-servers?limit=1")).await;
    let elapsed = started.elapsed();
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT, "{body}");
    assert_eq!(body["error_code"], "PROXY.0504");
    // Generic (issue 10): the upstream's address stays in the server's log.
    assert!(!body.to_string().contains(&upstream.origin), "{body}");
    assert!(
        elapsed >= Duration::from_millis(TIMEOUT_MS) && elapsed < Duration::from_secs(10),
        "{elapsed:?}"
    );
    // The request did reach the upstream (and hung there).
    let log = upstream_log(upstream).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["fault"], "hang");
}

#[tokio::test]
async fn an_upstream_that_cannot_be_reached_gets_a_502() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let upstream = format!("http://127.0.0.1:{port}");
    let dir = TempDir::new("proxy-unreachable");
    let proxy = proxy_with_token_file(&dir, &upstream);
    let (status, body) = get_json(&client(), &proxy.api("/image-servers")).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(body["error_code"], "PROXY.0502");
    // Generic (issue 10): neither the URL nor the OS error.
    let text = body.to_string();
    let port = port.to_string();
    for detail in [upstream.as_str(), port.as_str(), "refused", "127.0.0.1"] {
        assert!(!text.contains(detail), "{detail} in {body}");
    }
}

#[tokio::test]
async fn oversized_bodies_get_413_without_contacting_the_upstream() {
    let s = setup(&[]);
    let (upstream, proxy) = (&s.upstream, &s.proxy);
    let http = client();
    let padding = "x".repeat(70 * 1024);
    let body = json!({ "items": ["1"], "recursive": false, "padding": padding });
    let (status, answer) = json_of(
        http.patch(proxy.api("/image-servers/actions/batch-delete"))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    assert_eq!(answer["error_code"], "PROXY.0413");

    // Without a Content-Length (chunked), the limit holds while reading.
    let address = proxy.origin.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "PATCH /api/v1/{PROJECT}/image-servers/actions/batch-delete HTTP/1.1\r\nHost: {address}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![b' '; 16 * 1024];
    for _ in 0..5 {
        let header = format!("{:x}\r\n", chunk.len());
        // The server may answer and close before all chunks are sent.
        if stream.write_all(header.as_bytes()).await.is_err()
            || stream.write_all(&chunk).await.is_err()
            || stream.write_all(b"\r\n").await.is_err()
        {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("PROXY.0413"), "{answer}");

    // A body just under the limit is forwarded (the simulator then judges it).
    let body = json!({ "items": [], "recursive": false, "padding": "x".repeat(60 * 1024) });
    let status = http
        .patch(proxy.api("/image-servers/actions/batch-delete"))
        .header(SAME_ORIGIN.0, SAME_ORIGIN.1)
        .json(&body)
        .send()
        .await
        .unwrap()
        .status();
    assert_ne!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let log = upstream_log(upstream).await;
    assert_eq!(log.len(), 1, "only the small body reached the upstream");
}

#[tokio::test]
async fn upstream_errors_pass_through_unchanged() {
    let s = setup(&[]);
    let (upstream, proxy) = (&s.upstream, &s.proxy);
    let http = client();
    http.put(upstream.at("/__sim/faults"))
        .json(&json!(["delete:html502", "list:429=7"]))
        .send()
        .await
        .unwrap();
    let response = http
        .patch(proxy.api("/image-servers/actions/batch-delete"))
        .header(SAME_ORIGIN.0, SAME_ORIGIN.1)
        .json(&json!({ "items": ["1"], "recursive": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert!(response
        .headers()
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap().starts_with("text/html")));
    let text = response.text().await.unwrap();
    assert!(text.contains("<html"), "the upstream's HTML page: {text}");

    let response = http.get(proxy.api("/image-servers")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "7");
    let id = assert_request_id(response.headers());
    let (_, body) = json_of(response).await;
    assert_eq!(
        body["request_id"], id,
        "the gateway's body and header agree"
    );
}

#[tokio::test]
async fn the_token_file_is_reread_and_browser_tokens_are_dropped() {
    let s = setup(&[]);
    let (proxy, token_file) = (&s.proxy, &s.token_file);
    let http = client();
    std::fs::write(token_file, "stale-token").unwrap();
    let (status, body) = json_of(
        http.get(proxy.api("/image-servers?limit=1"))
            .header("x-auth-token", TOKEN)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the browser's (right) token was not used: {body}"
    );
    assert_eq!(body["error_code"], "APIGW.0301");
    std::fs::write(token_file, format!("  {TOKEN}\n")).unwrap();
    let (status, body) = get_json(&http, &proxy.api("/image-servers?limit=1")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    std::fs::write(token_file, "").unwrap();
    let (status, body) = get_json(&http, &proxy.api("/image-servers?limit=1")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert_eq!(body["error_code"], "PROXY.0500");
    // Generic (issue 10): the token file's path stays in the server's log.
    assert!(!body.to_string().contains(token_file.as_str()), "{body}");
}

#[tokio::test]
async fn the_browsers_token_passes_only_when_allowed() {
    let s = setup(&["--pass-browser-token"]);
    let proxy = &s.proxy;
    let http = client();
    let status = http
        .get(proxy.api("/image-servers?limit=1"))
        .header("x-auth-token", TOKEN)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::OK);
    let status = http
        .get(proxy.api("/image-servers?limit=1"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_token_can_come_from_an_environment_variable() {
    let dir = TempDir::new("proxy-env");
    dir.write("dist/index.html", "<!doctype html>");
    let dist = dir.path().join("dist");
    let dist = dist.to_str().unwrap();
    let upstream = TestServer::start(&["--dist", dist, "--require-token", TOKEN]);
    let upstream_url = format!("{}/api", upstream.origin);
    let with_token_env = |variable| {
        let mut args = proxy_mode_args(dist, &upstream_url);
        args.extend(["--token-env", variable]);
        args
    };
    let proxy = TestServer::try_start_with_env(
        &with_token_env("IMAGE_CONSOLE_TEST_TOKEN"),
        &[("IMAGE_CONSOLE_TEST_TOKEN", TOKEN)],
    )
    .expect("proxy starts");
    let (status, body) = get_json(&client(), &proxy.api("/image-servers?limit=1")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // config.json points the console at the proxy, for the configured project.
    let (_, config) = get_json(&client(), &proxy.at("/config.json")).await;
    assert_eq!(config, json!({ "api_base": "/api", "project_id": PROJECT }));

    // A variable that is not set stops the start, with a message.
    let error = TestServer::try_start(&with_token_env("IMAGE_CONSOLE_TEST_UNSET_VARIABLE"))
        .err()
        .expect("no start without the token");
    assert!(
        error.contains("IMAGE_CONSOLE_TEST_UNSET_VARIABLE"),
        "{error}"
    );
}

/// What the bare upstream saw of the last request.
type Seen = Arc<Mutex<Option<HeaderMap>>>;

/// A bare upstream on loopback that records request headers and answers with hop-by-hop and
/// cookie headers the proxy must not relay.
async fn bare_upstream(seen: Seen) -> String {
    let app = axum::Router::new().fallback(move |headers: HeaderMap| {
        let seen = seen.clone();
        async move {
            *seen.lock().unwrap() = Some(headers);
            let mut response =
                (axum::http::StatusCode::OK, "{\"count\":0,\"items\":[]}").into_response();
            let h = response.headers_mut();
            h.insert("content-type", HeaderValue::from_static("application/json"));
            h.insert(
                "x-request-id",
                HeaderValue::from_static("0123456789abcdef0123456789abcdef"),
            );
            h.insert("x-private-hop", HeaderValue::from_static("1"));
            h.insert("connection", HeaderValue::from_static("x-private-hop"));
            h.insert("set-cookie", HeaderValue::from_static("upstream=1"));
            h.insert("cache-control", HeaderValue::from_static("no-store"));
            response
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    format!("http://{address}/base")
}

#[tokio::test]
async fn request_and_response_headers_are_filtered() {
    let seen: Seen = Arc::default();
    let upstream = bare_upstream(seen.clone()).await;
    let dir = TempDir::new("proxy-headers");
    let proxy = proxy_with_token_file(&dir, &upstream);
    let response = client()
        .get(proxy.api("/image-servers?limit=1"))
        .header("accept", "application/json")
        .header("accept-language", "zh-CN")
        .header("cookie", "session=secret")
        .header("authorization", "Basic c2VjcmV0")
        .header("x-auth-token", "browser-token")
        .header("x-forwarded-for", "10.0.0.1")
        .header("x-custom", "1")
        .header("te", "trailers")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(
        headers["x-request-id"], "0123456789abcdef0123456789abcdef",
        "X-Request-Id passes through unchanged"
    );
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["content-type"], "application/json");
    for dropped in ["x-private-hop", "set-cookie"] {
        assert!(headers.get(dropped).is_none(), "{dropped} was relayed");
    }
    assert_eq!(response.text().await.unwrap(), "{\"count\":0,\"items\":[]}");

    let received = seen
        .lock()
        .unwrap()
        .clone()
        .expect("the upstream was called");
    assert_eq!(received["x-auth-token"], TOKEN);
    assert_eq!(received["accept"], "application/json");
    assert_eq!(received["accept-language"], "zh-CN");
    assert_eq!(received["content-type"], "application/json");
    for dropped in [
        "cookie",
        "authorization",
        "x-forwarded-for",
        "x-custom",
        "te",
    ] {
        assert!(received.get(dropped).is_none(), "{dropped} was forwarded");
    }
    assert_eq!(
        received["host"],
        upstream
            .trim_start_matches("http://")
            .trim_end_matches("/base"),
        "Host names the upstream"
    );
}
