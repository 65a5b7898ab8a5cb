//! How the client reaches the network: one request at a time, and a wait between retries.
//! The browser's `fetch` and timers in the console; a fake in the store's host tests.

use futures_util::future::LocalBoxFuture;
use futures_util::FutureExt;

use super::error::ApiError;
use crate::browser::{boot, clock, fetch, timers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Patch,
}

/// One request, with everything the client decided about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    /// Absolute, or relative to the page (config.json, whoami.json).
    pub url: String,
    /// An IAM token, sent as `X-Auth-Token`.
    pub token: Option<String>,
    /// A JSON body.
    pub body: Option<String>,
    pub timeout_ms: u32,
}

/// What came back, before interpretation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawResponse {
    pub status: u16,
    pub body: String,
    pub request_id: Option<String>,
    pub retry_after: Option<String>,
}

/// The network as the client sees it.
pub trait Transport: Send + Sync {
    /// Sends one request; an error means no answer (network failure or time-out).
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<'static, Result<RawResponse, ApiError>>;
    /// Waits before a retry.
    fn wait(&self, ms: f64) -> LocalBoxFuture<'static, ()>;
    /// A uniformly random number in 0..1, for backoff jitter.
    fn jitter(&self) -> f64;
    /// The console's first list load is over: answers to requests sent at start-up on its
    /// behalf and not taken are dropped, so that nothing later reads them.
    fn start_up_over(&self) {}
}

/// The headers of every call: Content-Type too, GETs included, as the SDK sends it (the API
/// documents 415 for a wrong media type). page.js's start-up requests send the same.
const JSON_HEADERS: [(&str, &str); 2] = [
    ("Accept", "application/json"),
    ("Content-Type", "application/json"),
];

/// The browser's `fetch` and timers.
pub struct BrowserTransport;

impl Transport for BrowserTransport {
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<'static, Result<RawResponse, ApiError>> {
        async move {
            let mut headers = JSON_HEADERS.to_vec();
            if let Some(token) = &request.token {
                headers.push(("X-Auth-Token", token.as_str()));
            }
            let patch = request.method == Method::Patch;
            let response = fetch::fetch_text(
                patch,
                // page.js sends GETs with these headers and no token at start-up.
                !patch && request.token.is_none(),
                &request.url,
                &headers,
                request.body,
                &["x-request-id", "retry-after"],
                request.timeout_ms,
            )
            .await
            .map_err(|failure| match failure {
                fetch::FetchFailure::Timeout => ApiError::timeout(request.timeout_ms),
                fetch::FetchFailure::Network(detail) => ApiError::network(detail),
            })?;
            let mut headers = response.headers.into_iter();
            Ok(RawResponse {
                status: response.status,
                body: response.body,
                request_id: headers.next().flatten(),
                retry_after: headers.next().flatten(),
            })
        }
        .boxed_local()
    }

    fn wait(&self, ms: f64) -> LocalBoxFuture<'static, ()> {
        timers::sleep(ms).boxed_local()
    }

    fn jitter(&self) -> f64 {
        clock::random()
    }

    fn start_up_over(&self) {
        boot::forget_prefetched();
    }
}
