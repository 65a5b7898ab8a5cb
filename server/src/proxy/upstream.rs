//! The upstream side: which API host, whether it may be reached in clear text, and the
//! forwarding itself (headers rebuilt from an allow-list, the credential added, the answer
//! streamed back with the permit of the concurrency limit held until its last byte).

use std::net::IpAddr;
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use axum::response::Response;
use futures_util::StreamExt;

use super::credentials::{browser_token, insert_browser_token};
use super::error::ProxyError;
use super::limits::InFlightPermit;
use super::routes::forwarded_query;
use super::ProxyConfig;

static X_PROJECT_ID: HeaderName = HeaderName::from_static("x-project-id");

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

/// Refuses a clear-text upstream unless it is on this machine or `allow_insecure` says so:
/// the credential (or the signed requests) would cross the network readable.
pub fn require_secure_transport(upstream: &str, allow_insecure: bool) -> Result<(), String> {
    let url = reqwest::Url::parse(upstream).map_err(|e| format!("not a URL ({e})"))?;
    let host = url.host_str().unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if url.scheme() == "https" || loopback || allow_insecure {
        Ok(())
    } else {
        Err(format!(
            "the upstream {upstream} is plain http on another machine: the credential would \
             travel in clear text; use https:// (or --allow-insecure-upstream if the network \
             is trusted)"
        ))
    }
}

/// The client for the upstream: bounded time, no redirects.
pub fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("image-console-server/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the TLS backend initialises")
}

/// Sends the allowed request upstream and streams its answer back.
pub async fn forward(
    config: &ProxyConfig,
    client: &reqwest::Client,
    parts: &Parts,
    path: &str,
    body: Bytes,
    permit: InFlightPermit,
) -> Result<Response, ProxyError> {
    let mut raw_url = format!("{}{path}", config.upstream);
    if let Some(query) = forwarded_query(parts.uri.query()) {
        raw_url.push('?');
        raw_url.push_str(&query);
    }
    let url = reqwest::Url::parse(&raw_url)
        .map_err(|e| ProxyError::BadGateway(format!("cannot build the URL {raw_url}: {e}")))?;
    let headers = upstream_headers(config, &parts.headers, &url, &parts.method, &body)?;
    let mut outgoing = client.request(parts.method.clone(), url).headers(headers);
    if parts.method == Method::PATCH {
        outgoing = outgoing.body(body);
    }
    let upstream = outgoing
        .send()
        .await
        .map_err(|e| classify(&e, &config.upstream))?;

    let mut response = Response::new(Body::empty());
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
    let upstream_name = config.upstream.clone();
    let stream = upstream.bytes_stream().map(move |chunk| {
        // The permit lives as long as the body is being sent.
        let _held = &permit;
        chunk.inspect_err(|e| {
            eprintln!(
                "image-console-server: proxy: the answer from {upstream_name} broke off: {}",
                error_chain(e)
            );
        })
    });
    *response.body_mut() = Body::from_stream(stream);
    Ok(response)
}

fn classify(error: &reqwest::Error, upstream: &str) -> ProxyError {
    let details = format!("{upstream}: {}", error_chain(error));
    if error.is_timeout() {
        ProxyError::TimedOut(details)
    } else {
        ProxyError::BadGateway(details)
    }
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

/// The request headers sent upstream, built from an allow-list rather than copied: the
/// browser's cookies, its Basic credentials, hop-by-hop headers and (unless allowed) its own
/// token never pass. Then the server's credential: a token, or a signature over the rest.
fn upstream_headers(
    config: &ProxyConfig,
    incoming: &HeaderMap,
    url: &reqwest::Url,
    method: &Method,
    body: &[u8],
) -> Result<HeaderMap, ProxyError> {
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
    // Set here rather than by the client, so that a signature covers exactly what is sent.
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_owned(),
    };
    if let Ok(host) = HeaderValue::from_str(&host) {
        headers.insert(header::HOST, host);
    }
    if let Ok(project) = HeaderValue::from_str(&config.project_id) {
        headers.insert(X_PROJECT_ID.clone(), project);
    }
    match (
        browser_token(incoming).filter(|_| config.pass_browser_token),
        &config.credentials,
    ) {
        (Some(token), _) => insert_browser_token(&mut headers, token),
        (None, Some(credentials)) => credentials
            .authorise(method.as_str(), url, &mut headers, body, SystemTime::now())
            .map_err(ProxyError::NoCredential)?,
        (None, None) => {}
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
    fn clear_text_upstreams_only_on_loopback_or_when_allowed() {
        for local in [
            "http://127.0.0.1:9",
            "http://[::1]:9/api",
            "http://localhost:9",
        ] {
            assert!(require_secure_transport(local, false).is_ok(), "{local}");
        }
        assert!(require_secure_transport("https://example.com", false).is_ok());
        let error = require_secure_transport("http://10.0.0.5/api", false).unwrap_err();
        assert!(error.contains("--allow-insecure-upstream"), "{error}");
        assert!(require_secure_transport("http://10.0.0.5/api", true).is_ok());
    }
}
