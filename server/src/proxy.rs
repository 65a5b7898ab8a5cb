//! Proxy mode: the console's API calls forwarded to the real Workspace App API with a token
//! the server holds, for deployments without nginx.
//!
//! Only the routes the console uses pass: list and show image servers, batch-delete, and show
//! image-server job. Any other path or method is answered here (404/405, JSON in the API's error
//! shape) without contacting the upstream, so the server is not an open relay for the token.
//! Request headers are rebuilt from an allow-list (hop-by-hop headers, cookies and the browser's
//! own credentials never pass), bodies are bounded, and the upstream gets a fixed time to
//! answer. Status, body and `X-Request-Id` come back unchanged.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, patch};
use axum::{Json, Router};
use serde_json::json;

/// Largest request body forwarded (a batch-delete of 20 ids is well under 2 KiB).
pub const MAX_REQUEST_BODY_BYTES: usize = 64 * 1024;
/// Largest upstream response passed back (a page of 100 instances is about 150 KiB).
const MAX_RESPONSE_BODY_BYTES: usize = 16 * 1024 * 1024;
/// The API gateway gives its backend 30 s; waiting longer gains nothing.
pub const DEFAULT_UPSTREAM_TIMEOUT: Duration = Duration::from_secs(30);

static X_AUTH_TOKEN: HeaderName = HeaderName::from_static("x-auth-token");

/// The Chinese-mainland regions, served from `appstream.{region}.myhuaweicloud.com`.
const APPSTREAM_REGIONS: &[&str] = &[
    "cn-north-4",
    "cn-north-9",
    "cn-east-3",
    "cn-south-1",
    "cn-southwest-2",
];
/// The other regions, served from `workspace.{region}.myhuaweicloud.com`.
const WORKSPACE_REGIONS: &[&str] = &[
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "la-south-2",
    "la-north-2",
    "sa-brazil-1",
    "cn-east-5",
    "cn-north-11",
    "me-east-1",
    "af-south-1",
    "af-north-1",
    "tr-west-1",
];

/// Where the token sent upstream as `X-Auth-Token` comes from.
#[derive(Clone)]
pub enum TokenSource {
    /// Read from this file (trimmed) on every request, so a refreshed token is used at once.
    File(PathBuf),
    /// A fixed value (read from an environment variable at start).
    Value(String),
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File(path) => f.debug_tuple("File").field(path).finish(),
            Self::Value(_) => f.write_str("Value(<redacted>)"),
        }
    }
}

impl TokenSource {
    /// The current token, or why there is none.
    pub fn read(&self) -> Result<String, String> {
        let token = match self {
            Self::File(path) => std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the token file {}: {e}", path.display()))?,
            Self::Value(value) => value.clone(),
        };
        let token = token.trim();
        if token.is_empty() {
            return Err(match self {
                Self::File(path) => format!("the token file {} is empty", path.display()),
                Self::Value(_) => "the token is empty".to_owned(),
            });
        }
        if HeaderValue::from_str(token).is_err() {
            return Err("the token contains characters a header cannot carry".to_owned());
        }
        Ok(token.to_owned())
    }
}

/// Proxy mode's configuration.
#[derive(Debug, Clone)]
pub struct ProxyConfig {
    /// Path prefix the console's API calls arrive under (the app's `api_base`), e.g. `/api`.
    pub api_prefix: String,
    /// Base URL of the upstream API without a trailing slash, e.g.
    /// `https://workspace.ap-southeast-1.myhuaweicloud.com`; request paths are appended.
    pub upstream: String,
    /// The server's token, if any.
    pub token: Option<TokenSource>,
    /// Forward the browser's own `X-Auth-Token` (it then wins over [`Self::token`]). Off by
    /// default: browsers' tokens are dropped.
    pub pass_browser_token: bool,
    /// How long the upstream may take to answer completely.
    pub timeout: Duration,
}

/// The API host of a Huawei Cloud region, per the Workspace App SDK's region table.
pub fn region_endpoint(region: &str) -> Result<String, String> {
    if APPSTREAM_REGIONS.contains(&region) {
        Ok(format!("https://appstream.{region}.myhuaweicloud.com"))
    } else if WORKSPACE_REGIONS.contains(&region) {
        Ok(format!("https://workspace.{region}.myhuaweicloud.com"))
    } else {
        Err(format!(
            "unknown region {region:?}; known: {}, {} (or give --upstream URL)",
            APPSTREAM_REGIONS.join(", "),
            WORKSPACE_REGIONS.join(", ")
        ))
    }
}

/// Checks an upstream base URL: http(s), a host, no query or fragment; drops a trailing `/`.
pub fn parse_upstream(raw: &str) -> Result<String, String> {
    let url = reqwest::Url::parse(raw).map_err(|e| format!("not a URL ({e}): {raw:?}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("the upstream must be an http(s) URL, not {raw:?}"));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(format!(
            "the upstream must not carry a query, fragment or credentials: {raw:?}"
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

struct Proxy {
    config: ProxyConfig,
    client: reqwest::Client,
}

/// The allowed routes under `config.api_prefix`; everything else under it is refused here.
pub fn router(config: ProxyConfig) -> Router {
    let client = reqwest::Client::builder()
        .timeout(config.timeout)
        .connect_timeout(config.timeout.min(Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("image-console-server/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the TLS backend initialises");
    let prefix = config.api_prefix.clone();
    let state = Arc::new(Proxy { config, client });
    let route = |path: &str| format!("{prefix}{path}");
    let refuse = || async { ProxyError::NotFound };
    Router::new()
        .route(&route("/v1/{project_id}/image-servers"), get(forward))
        .route(
            &route("/v1/{project_id}/image-servers/actions/batch-delete"),
            patch(forward),
        )
        .route(
            &route("/v1/{project_id}/image-servers/{server_id}"),
            get(forward),
        )
        .route(
            &route("/v1/{project_id}/image-server-jobs/{job_id}"),
            get(forward),
        )
        .route(&prefix, any(refuse))
        .route(&route("/"), any(refuse))
        .route(&route("/{*rest}"), any(refuse))
        .method_not_allowed_fallback(|| async { ProxyError::MethodNotAllowed })
        .with_state(state)
}

/// An answer the proxy gives itself, in the API's error shape.
#[derive(Debug)]
enum ProxyError {
    NotFound,
    MethodNotAllowed,
    TooLarge,
    NoToken(String),
    Unreachable(String),
    TimedOut(Duration),
    BadUpstreamResponse(String),
}

impl IntoResponse for ProxyError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "PROXY.0404",
                "this path is not one the console uses, so the proxy does not forward it"
                    .to_owned(),
            ),
            Self::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "PROXY.0405",
                "the console does not use this method on this path, so the proxy does not forward it"
                    .to_owned(),
            ),
            Self::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "PROXY.0413",
                format!("request bodies are limited to {MAX_REQUEST_BODY_BYTES} bytes"),
            ),
            Self::NoToken(why) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "PROXY.0500",
                format!("the proxy has no token to send: {why}"),
            ),
            Self::Unreachable(why) => (
                StatusCode::BAD_GATEWAY,
                "PROXY.0502",
                format!("the API could not be reached: {why}"),
            ),
            Self::BadUpstreamResponse(why) => (
                StatusCode::BAD_GATEWAY,
                "PROXY.0502",
                format!("the API's answer could not be passed on: {why}"),
            ),
            Self::TimedOut(limit) => (
                StatusCode::GATEWAY_TIMEOUT,
                "PROXY.0504",
                format!(
                    "the API did not answer within {} ms",
                    limit.as_millis()
                ),
            ),
        };
        (
            status,
            Json(json!({ "error_code": code, "error_msg": message })),
        )
            .into_response()
    }
}

/// Whether every path segment is plain (letters, digits, `-`, `_`) and the project id is 32
/// hex digits: nothing percent-encoded, no dot segments, so the upstream sees the same route.
fn plain_api_path(path: &str) -> bool {
    let mut segments = path.split('/').skip(1);
    let (Some("v1"), Some(project)) = (segments.next(), segments.next()) else {
        return false;
    };
    project.len() == 32
        && project.bytes().all(|b| b.is_ascii_hexdigit())
        && segments.all(|segment| {
            !segment.is_empty()
                && segment.len() <= 128
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// Response headers that describe one connection, not the message (RFC 9110 §7.6.1), plus
/// those the proxy recomputes or must not relay.
fn is_hop_by_hop(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "connection"
            | "keep-alive"
            | "proxy-connection"
            | "proxy-authenticate"
            | "proxy-authorization"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
            | "content-length"
            | "set-cookie"
    )
}

async fn forward(State(proxy): State<Arc<Proxy>>, request: Request) -> Response {
    match try_forward(&proxy, request).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn try_forward(proxy: &Proxy, request: Request) -> Result<Response, ProxyError> {
    let (parts, body) = request.into_parts();
    let path = parts
        .uri
        .path()
        .strip_prefix(proxy.config.api_prefix.as_str())
        .unwrap_or_default();
    if !plain_api_path(path) {
        return Err(ProxyError::NotFound);
    }
    let mut url = format!("{}{path}", proxy.config.upstream);
    if let Some(query) = parts.uri.query() {
        url.push('?');
        url.push_str(query);
    }

    let body = if parts.method == Method::PATCH {
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|length| length > MAX_REQUEST_BODY_BYTES as u64) {
            return Err(ProxyError::TooLarge);
        }
        Some(
            to_bytes(body, MAX_REQUEST_BODY_BYTES)
                .await
                .map_err(|_| ProxyError::TooLarge)?,
        )
    } else {
        None
    };

    let headers = upstream_headers(&proxy.config, &parts.headers)?;
    let mut outgoing = proxy
        .client
        .request(parts.method.clone(), &url)
        .headers(headers);
    if let Some(body) = body {
        outgoing = outgoing.body(body);
    }
    let classify = |error: reqwest::Error| {
        if error.is_timeout() {
            ProxyError::TimedOut(proxy.config.timeout)
        } else {
            ProxyError::Unreachable(error_chain(&error))
        }
    };
    let mut upstream = outgoing.send().await.map_err(classify)?;

    let mut response_body = Vec::new();
    while let Some(chunk) = upstream.chunk().await.map_err(|error| {
        if error.is_timeout() {
            ProxyError::TimedOut(proxy.config.timeout)
        } else {
            ProxyError::BadUpstreamResponse(error_chain(&error))
        }
    })? {
        if response_body.len() + chunk.len() > MAX_RESPONSE_BODY_BYTES {
            return Err(ProxyError::BadUpstreamResponse(format!(
                "the body is larger than {MAX_RESPONSE_BODY_BYTES} bytes"
            )));
        }
        response_body.extend_from_slice(&chunk);
    }

    let mut response = Response::new(Body::from(response_body));
    *response.status_mut() = upstream.status();
    let connection_listed: Vec<String> = upstream
        .headers()
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    for (name, value) in upstream.headers() {
        if !is_hop_by_hop(name) && !connection_listed.iter().any(|n| n == name.as_str()) {
            response.headers_mut().append(name.clone(), value.clone());
        }
    }
    Ok(response)
}

/// The request headers sent upstream, built from an allow-list rather than copied: the
/// browser's cookies, hop-by-hop headers and (unless allowed) its own token never pass.
fn upstream_headers(config: &ProxyConfig, incoming: &HeaderMap) -> Result<HeaderMap, ProxyError> {
    let mut headers = HeaderMap::new();
    for name in [header::ACCEPT, header::ACCEPT_LANGUAGE] {
        if let Some(value) = incoming.get(&name) {
            headers.insert(name, value.clone());
        }
    }
    // The SDK sends application/json on every call of this API, GETs included.
    headers.insert(
        header::CONTENT_TYPE,
        incoming
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or_else(|| HeaderValue::from_static("application/json")),
    );
    let browser_token = incoming
        .get(&X_AUTH_TOKEN)
        .filter(|_| config.pass_browser_token)
        .cloned();
    let token = match (browser_token, &config.token) {
        (Some(token), _) => Some(token),
        (None, Some(source)) => {
            let token = source.read().map_err(ProxyError::NoToken)?;
            Some(HeaderValue::from_str(&token).map_err(|e| ProxyError::NoToken(e.to_string()))?)
        }
        (None, None) => None,
    };
    if let Some(mut token) = token {
        token.set_sensitive(true);
        headers.insert(X_AUTH_TOKEN.clone(), token);
    }
    Ok(headers)
}

/// An error with its sources, e.g. "error sending request: connection refused".
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_map_to_their_hosts() {
        assert_eq!(
            region_endpoint("cn-north-4").unwrap(),
            "https://appstream.cn-north-4.myhuaweicloud.com"
        );
        assert_eq!(
            region_endpoint("cn-southwest-2").unwrap(),
            "https://appstream.cn-southwest-2.myhuaweicloud.com"
        );
        assert_eq!(
            region_endpoint("ap-southeast-1").unwrap(),
            "https://workspace.ap-southeast-1.myhuaweicloud.com"
        );
        assert_eq!(
            region_endpoint("cn-east-5").unwrap(),
            "https://workspace.cn-east-5.myhuaweicloud.com"
        );
        let error = region_endpoint("eu-west-0").unwrap_err();
        assert!(
            error.contains("cn-north-4") && error.contains("tr-west-1"),
            "{error}"
        );
    }

    #[test]
    fn upstream_urls_are_checked_and_normalised() {
        assert_eq!(
            parse_upstream("https://workspace.ap-southeast-1.myhuaweicloud.com/").unwrap(),
            "https://workspace.ap-southeast-1.myhuaweicloud.com"
        );
        assert_eq!(
            parse_upstream("http://127.0.0.1:9000/api").unwrap(),
            "http://127.0.0.1:9000/api"
        );
        for bad in [
            "ftp://example.com",
            "example.com",
            "https://example.com/?a=1",
            "https://u:p@example.com",
        ] {
            assert!(parse_upstream(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_plain_paths_pass() {
        let project = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        assert!(plain_api_path(&format!("/v1/{project}/image-servers")));
        assert!(plain_api_path(&format!(
            "/v1/{project}/image-servers/697612196993040384"
        )));
        assert!(plain_api_path(&format!(
            "/v1/{project}/image-server-jobs/2c9eb2b5-7f0a-4f55-9b8e-f00dfeed0001"
        )));
        for bad in [
            format!("/v1/{project}/image-servers/.."),
            format!("/v1/{project}/image-servers/a%2Fb"),
            format!("/v1/{project}/image-servers/a.b"),
            "/v1/0f1e2d3c/image-servers".to_owned(),
            format!("/v2/{project}/image-servers"),
            format!("/v1/{project}//image-servers"),
        ] {
            assert!(!plain_api_path(&bad), "{bad}");
        }
    }

    #[test]
    fn the_token_is_never_printed() {
        let source = TokenSource::Value("secret".to_owned());
        assert!(!format!("{source:?}").contains("secret"));
    }
}
