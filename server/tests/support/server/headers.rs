//! Header checks shared by every face: the security headers the server (and the nginx
//! configuration) put on each response.

use axum::http::{header, HeaderMap, HeaderName};

/// The policy the server sends (and deploy/nginx/image-console.conf repeats).
pub const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; \
     base-uri 'none'; form-action 'none'";

/// A header's value as text, or "" when absent.
pub fn header(headers: &HeaderMap, name: HeaderName) -> &str {
    headers
        .get(&name)
        .map(|v| v.to_str().expect("ascii header"))
        .unwrap_or_default()
}

/// The `X-Request-Id` a response carries, if any.
pub fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .map(|v| v.to_str().expect("ascii header").to_owned())
}

/// The Content-Security-Policy, `nosniff` and `no-referrer`.
pub fn assert_security_headers(headers: &HeaderMap) {
    assert_eq!(header(headers, header::CONTENT_SECURITY_POLICY), POLICY);
    assert_eq!(header(headers, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(header(headers, header::REFERRER_POLICY), "no-referrer");
}
