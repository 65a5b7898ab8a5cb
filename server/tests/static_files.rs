//! The static face: base path, redirects, content types, security and cache headers,
//! precompressed files and `config.json`. In process, except what the binary's flags and ready
//! line decide.

mod support;

use image_console_server::{ApiFace, AppConfigSource};
use reqwest::header;
use reqwest::StatusCode;
use serde_json::json;
use support::server::headers::{assert_security_headers, header};
use support::server::{client, get_json, json_of, Api, TempDir, TestApp, TestServer, PROJECT};

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

/// The app in process serving `dist` under `base_path`.
fn site(dist: &TempDir, base_path: &str) -> TestApp {
    TestApp::new(|config| {
        config.site.dist_dir = dist.path().to_owned();
        config.site.base_path = base_path.to_owned();
    })
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
    let app = site(&dist, "/tools/image-console/");
    let response = app.get("/tools/image-console/").send().await;
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

    let index = app.get("/tools/image-console/index.html").send().await;
    assert_eq!(header(index.headers(), header::CACHE_CONTROL), "no-cache");
}

#[tokio::test]
async fn base_path_without_slash_redirects_and_other_paths_are_not_found() {
    let dist = dist();
    let app = site(&dist, "/tools/image-console/");
    let redirect = app.get("/tools/image-console?x=1").send().await;
    assert_eq!(redirect.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        header(redirect.headers(), header::LOCATION),
        "/tools/image-console/?x=1"
    );
    assert_security_headers(redirect.headers());

    let outside = app.get("/index.html").send().await;
    assert_eq!(outside.status(), StatusCode::NOT_FOUND);
    let missing = app.get("/tools/image-console/nope.js").send().await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_security_headers(missing.headers());

    // A directory without its slash is redirected inside the base path, not to the root.
    let directory = app.get("/tools/image-console/assets").send().await;
    assert!(directory.status().is_redirection());
    assert_eq!(
        header(directory.headers(), header::LOCATION),
        "/tools/image-console/assets/"
    );
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_typed() {
    let dist = dist();
    let app = site(&dist, "/");
    for (file, content_type) in [
        (HASHED_JS, "text/javascript"),
        (HASHED_WASM, "application/wasm"),
        (HASHED_CSS, "text/css"),
    ] {
        let response = app.get(&format!("/{file}")).send().await;
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
    let plain = app.get("/favicon.svg").send().await;
    assert!(header(plain.headers(), header::CONTENT_TYPE).starts_with("image/svg+xml"));
    assert_eq!(header(plain.headers(), header::CACHE_CONTROL), "no-cache");
}

#[tokio::test]
async fn precompressed_siblings_are_served_when_accepted() {
    let dist = dist();
    dist.write(&format!("{HASHED_WASM}.br"), "brotli-bytes");
    dist.write(&format!("{HASHED_WASM}.gz"), "gzip-bytes");
    let app = site(&dist, "/");
    let path = format!("/{HASHED_WASM}");

    let brotli = app
        .get(&path)
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .send()
        .await;
    assert_eq!(header(brotli.headers(), header::CONTENT_ENCODING), "br");
    assert_eq!(
        header(brotli.headers(), header::CONTENT_TYPE),
        "application/wasm"
    );
    assert!(header(brotli.headers(), header::VARY).contains("accept-encoding"));
    assert_eq!(brotli.text().await.unwrap(), "brotli-bytes");

    let gzip = app
        .get(&path)
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await;
    assert_eq!(header(gzip.headers(), header::CONTENT_ENCODING), "gzip");
    assert_eq!(gzip.text().await.unwrap(), "gzip-bytes");

    let identity = app.get(&path).send().await;
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
    let (status, config) = json_of(response).await;
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
    let app = TestApp::new(|config| {
        config.site.dist_dir = dist.path().to_owned();
        config.site.app_config = AppConfigSource::FromDist;
    });
    let response = app.get("/config.json").send().await;
    assert_eq!(
        header(response.headers(), header::CACHE_CONTROL),
        "no-cache"
    );
    let (_, config) = json_of(response).await;
    assert_eq!(config["project_id"], "from-dist");
}

#[tokio::test]
async fn without_the_simulator_only_the_app_is_served() {
    let dist = dist();
    let app = TestApp::new(|config| {
        config.site.dist_dir = dist.path().to_owned();
        config.api = ApiFace::None;
    });
    let api = app.get_api("/image-servers").send().await;
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    let control = app.get("/__sim/requests").send().await;
    assert_eq!(control.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get("/").send().await.status(), StatusCode::OK);
}

#[tokio::test]
async fn api_is_served_beside_an_app_at_the_root() {
    let dist = dist();
    let app = site(&dist, "/");
    let api = app.get_api("/image-servers?limit=1").send().await;
    assert_eq!(api.status(), StatusCode::OK);
    assert!(api.headers().get("x-request-id").is_some());
    assert_eq!(app.get("/").send().await.status(), StatusCode::OK);
}
