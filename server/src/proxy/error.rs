//! The answers the proxy gives itself, in the API's error shape (`error_code`, `error_msg`).
//! Bodies are generic on purpose: file paths, OS errors and the upstream URL go to the server's
//! log (stderr), never to the browser.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::MAX_REQUEST_BODY_BYTES;

/// Why the proxy answered a request itself.
#[derive(Debug)]
pub enum ProxyError {
    /// Not a route the console uses (or another project, or an unknown query key).
    NotFound,
    /// A console route, another method.
    MethodNotAllowed,
    /// The body is over [`MAX_REQUEST_BODY_BYTES`].
    TooLarge,
    /// An unsafe method without proof that the console's own page sent it.
    CrossSite,
    /// The `Host` header is not one this deployment answers to.
    MisdirectedHost,
    /// No or wrong credentials (Basic authentication is offered).
    Unauthenticated,
    /// A trusted-header login from a peer that is not a trusted gateway.
    UntrustedPeer,
    /// The htpasswd file became unreadable or invalid: nobody signs in (details logged when
    /// it changed).
    SignInUnavailable,
    /// Over the rate or concurrency limit; retry after this many seconds.
    TooManyRequests(u64),
    /// The proxy's own credential could not be used (details logged).
    NoCredential(String),
    /// The upstream could not be reached or its answer not passed on (details logged).
    BadGateway(String),
    /// The upstream did not answer in time (details logged).
    TimedOut(String),
}

impl ProxyError {
    /// The error code of the body, also written to the audit log.
    pub fn code(&self) -> &'static str {
        self.parts().1
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        self.parts().0
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "PROXY.0404",
                "this path is not one the console uses, so the proxy does not forward it",
            ),
            Self::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "PROXY.0405",
                "the console does not use this method on this path, so the proxy does not forward it",
            ),
            Self::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "PROXY.0413",
                "the request body is larger than the proxy accepts (64 KiB)",
            ),
            Self::CrossSite => (
                StatusCode::FORBIDDEN,
                "PROXY.0403",
                "changes are only accepted from the console's own page (same origin)",
            ),
            Self::MisdirectedHost => (
                StatusCode::MISDIRECTED_REQUEST,
                "PROXY.0421",
                "this server does not answer to that host name",
            ),
            Self::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "PROXY.0401",
                "sign in to use the console",
            ),
            Self::UntrustedPeer => (
                StatusCode::FORBIDDEN,
                "PROXY.0403",
                "requests must come through the sign-in gateway",
            ),
            Self::SignInUnavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "PROXY.0503",
                "signing in is unavailable: the proxy's user file cannot be used; see the server log",
            ),
            Self::TooManyRequests(_) => (
                StatusCode::TOO_MANY_REQUESTS,
                "PROXY.0429",
                "too many requests; retry later",
            ),
            Self::NoCredential(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "PROXY.0500",
                "the proxy's cloud credential is not usable; see the server log",
            ),
            Self::BadGateway(_) => (
                StatusCode::BAD_GATEWAY,
                "PROXY.0502",
                "the API could not be reached or its answer could not be passed on; see the server log",
            ),
            Self::TimedOut(_) => (
                StatusCode::GATEWAY_TIMEOUT,
                "PROXY.0504",
                "the API did not answer in time",
            ),
        }
    }
}

const _: () = assert!(
    MAX_REQUEST_BODY_BYTES == 64 * 1024,
    "the 413 message says 64 KiB"
);

impl IntoResponse for ProxyError {
    fn into_response(self) -> Response {
        if let Self::NoCredential(details) | Self::BadGateway(details) | Self::TimedOut(details) =
            &self
        {
            eprintln!("image-console-server: proxy: {}: {details}", self.code());
        }
        let (status, code, message) = self.parts();
        let mut response = (
            status,
            Json(json!({ "error_code": code, "error_msg": message })),
        )
            .into_response();
        let headers = response.headers_mut();
        match self {
            Self::Unauthenticated => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Basic realm=\"image-console\""),
                );
            }
            Self::TooManyRequests(seconds) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            _ => {}
        }
        response
    }
}
