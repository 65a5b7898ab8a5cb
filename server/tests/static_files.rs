//! The static face over real HTTP: base path, redirects, content types, security and cache
//! headers, precompressed files and `config.json`.

mod support {
    pub mod server;
}

use reqwest::header::{self, HeaderMap};
use reqwest::StatusCode;
use serde_json::json;
use support::server::{client, get_json, TempDir, TestServer, PROJECT};

const HASHED_JS: &str = "image-console-0123456789abcdef.js";
const HASHED_WASM: &str = "image-console-0123456789abcdef_bg.wasm";
const HASHED_CSS: &str = "style-fedcba9876543210.css";

fn dist() -> TempDir {
    let dist = TempDir::new("dist");
    dist.write("index.html", "<!doctype html><title>image-console</title>");
    dist.write(HASHED_JS, "export default 1;");
    dist.write(HASHED_WASM, b"\0asm\x01\0\0\0");
    dist.write(HASHED_CSS, "body{}");
    dist.write("favicon.svg", "<svg/>");
    dist.write("assets/logo.svg", "<svg/>");
    dist.write(
        "config.json",
        r#"{"api_base":"https://proxy.example/api","project_id":"from-dist"}"#,
    );
    dist
}

fn header(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(&name)
        .map(|v| v.to_str().expect("ascii header"))
        .unwrap_or_default()
}

fn assert_security_headers(headers: &HeaderMap) {
    assert_eq!(
        header(headers, header::CONTENT_SECURITY_POLICY),
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    );
    assert_eq!(header(headers, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(header(headers, header::REFERRER_POLICY), "no-referrer");
}

#[tokio::test]
async fn ready_line_names_the_url_with_the_base_path() {
    let dist = dist();
    let server = TestServer::start(&["--dist", dist.arg(), "--base-path", "tools/image-console"]);
    assert!(
        server
            .ready_line
            .starts_with("image-console ready at http://127.0.0.1:"),
        "{}",
        server.ready_line
    );
    assert!(
        server.url.ends_with("/tools/image-console/"),
        "{}",
        server.url
    );
    let port = server
        .origin
        .rsplit(':')
        .next()
        .unwrap()
        .parse::<u16>()
        .unwrap();
    assert_ne!(port, 0);
}

#[tokio::test]
async fn serves_index_under_the_base_path_with_security_headers() {
    let dist = dist();
    let server = TestServer::start(&["--dist", dist.arg(), "--base-path", "/tools/image-console/"]);
    let response = client().get(&server.url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_security_headers(&headers);
    assert!(header(&headers, header::CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(header(&headers, header::CACHE_CONTROL), "no-cache");
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("<title>image-console</title>"));

    let index = client()
        .get(format!("{}index.html", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(header(index.headers(), header::CACHE_CONTROL), "no-cache");
}

#[tokio::test]
async fn base_path_without_slash_redirects_and_other_paths_are_not_found() {
    let dist = dist();
    let server = TestServer::start(&["--dist", dist.arg(), "--base-path", "/tools/image-console/"]);
    let redirect = client()
        .get(server.at("/tools/image-console?x=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        header(redirect.headers(), header::LOCATION),
        "/tools/image-console/?x=1"
    );
    assert_security_headers(redirect.headers());

    let outside = client().get(server.at("/index.html")).send().await.unwrap();
    assert_eq!(outside.status(), StatusCode::NOT_FOUND);
    let missing = client()
        .get(format!("{}nope.js", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_security_headers(missing.headers());

    // A directory without its slash is redirected inside the base path, not to the root.
    let directory = client()
        .get(format!("{}assets", server.url))
        .send()
        .await
        .unwrap();
    assert!(directory.status().is_redirection());
    assert_eq!(
        header(directory.headers(), header::LOCATION),
        "/tools/image-console/assets/"
    );
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_typed() {
    let dist = dist();
    let server = TestServer::start(&["--dist", dist.arg()]);
    let http = client();
    for (file, content_type) in [
        (HASHED_JS, "text/javascript"),
        (HASHED_WASM, "application/wasm"),
        (HASHED_CSS, "text/css"),
    ] {
        let response = http
            .get(format!("{}{file}", server.url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{file}");
        assert!(
            header(response.headers(), header::CONTENT_TYPE).starts_with(content_type),
            "{file}"
        );
        assert_eq!(
            header(response.headers(), header::CACHE_CONTROL),
            "public, max-age=31536000, immutable",
            "{file}"
        );
        assert_security_headers(response.headers());
    }
    let plain = http
        .get(format!("{}favicon.svg", server.url))
        .send()
        .await
        .unwrap();
    assert!(header(plain.headers(), header::CONTENT_TYPE).starts_with("image/svg+xml"));
    assert_eq!(header(plain.headers(), header::CACHE_CONTROL), "no-cache");
}

#[tokio::test]
async fn precompressed_siblings_are_served_when_accepted() {
    let dist = dist();
    dist.write(&format!("{HASHED_WASM}.br"), "brotli-bytes");
    dist.write(&format!("{HASHED_WASM}.gz"), "gzip-bytes");
    let server = TestServer::start(&["--dist", dist.arg()]);
    let url = format!("{}{HASHED_WASM}", server.url);
    let http = client();

    let brotli = http
        .get(&url)
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(header(brotli.headers(), header::CONTENT_ENCODING), "br");
    assert_eq!(
        header(brotli.headers(), header::CONTENT_TYPE),
        "application/wasm"
    );
    assert!(header(brotli.headers(), header::VARY).contains("accept-encoding"));
    assert_eq!(brotli.text().await.unwrap(), "brotli-bytes");

    let gzip = http
        .get(&url)
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(header(gzip.headers(), header::CONTENT_ENCODING), "gzip");
    assert_eq!(gzip.text().await.unwrap(), "gzip-bytes");

    let identity = http.get(&url).send().await.unwrap();
    assert!(identity.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(identity.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");
}

#[tokio::test]
async fn config_json_is_generated_from_flags() {
    let dist = dist();
    let server = TestServer::start(&["--dist", dist.arg(), "--base-path", "/ic/"]);
    let response = client()
        .get(format!("{}config.json", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(
        header(response.headers(), header::CACHE_CONTROL),
        "no-cache"
    );
    assert!(header(response.headers(), header::CONTENT_TYPE).starts_with("application/json"));
    assert_security_headers(response.headers());
    let (status, config) = support::server::json_of(response).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(config, json!({"api_base": "/api", "project_id": PROJECT}));

    let custom = TestServer::start(&[
        "--dist",
        dist.arg(),
        "--api-base",
        "https://gateway.example/workspace",
        "--project-id",
        "abc",
    ]);
    let (_, config) = get_json(&client(), &format!("{}config.json", custom.url)).await;
    assert_eq!(
        config,
        json!({"api_base": "https://gateway.example/workspace", "project_id": "abc"})
    );

    let prefixed = TestServer::start(&["--dist", dist.arg(), "--api-prefix", "/sim"]);
    let (_, config) = get_json(&client(), &format!("{}config.json", prefixed.url)).await;
    assert_eq!(config["api_base"], "/sim");
}

#[tokio::test]
async fn config_json_can_come_from_dist() {
    let dist = dist();
    let server = TestServer::start(&["--dist", dist.arg(), "--config-from-dist"]);
    let response = client()
        .get(format!("{}config.json", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(
        header(response.headers(), header::CACHE_CONTROL),
        "no-cache"
    );
    let (_, config) = support::server::json_of(response).await;
    assert_eq!(config["project_id"], "from-dist");
}

#[tokio::test]
async fn without_the_simulator_only_the_app_is_served() {
    let dist = dist();
    let server = TestServer::start(&["--dist", dist.arg(), "--no-simulator"]);
    let http = client();
    assert_eq!(
        http.get(server.api("/image-servers"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        http.get(server.at("/__sim/requests"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        http.get(&server.url).send().await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn api_is_served_beside_an_app_at_the_root() {
    let dist = dist();
    let server = TestServer::start(&["--dist", dist.arg()]);
    let http = client();
    let api = http
        .get(server.api("/image-servers?limit=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::OK);
    assert!(api.headers().get("x-request-id").is_some());
    assert_eq!(
        http.get(&server.url).send().await.unwrap().status(),
        StatusCode::OK
    );
}
