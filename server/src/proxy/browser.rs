//! Browser-side attacks: DNS rebinding (a foreign name resolving to this server: refused by
//! the `Host` allow-list) and cross-site or sibling-page writes (refused unless the browser
//! proves the request comes from the console's own origin).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ProxyError;
use crate::same_origin::proven_same_origin;

/// The host names (and optionally ports) this deployment answers to.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts(Vec<String>);

impl AllowedHosts {
    /// `NAME` allows that name on any port; `NAME:PORT` that port only. Case does not matter.
    pub fn new(hosts: impl IntoIterator<Item = String>) -> Self {
        Self(hosts.into_iter().map(|h| h.to_ascii_lowercase()).collect())
    }

    /// The names of this machine, allowed by default when listening on loopback.
    pub fn loopback() -> impl Iterator<Item = String> {
        ["localhost", "127.0.0.1", "[::1]"]
            .into_iter()
            .map(str::to_owned)
    }

    fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let name = match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host.as_str(),
        };
        self.0
            .iter()
            .any(|allowed| *allowed == host || allowed == name)
    }
}

/// Middleware: 421 for a `Host` that is not allowed.
pub async fn check_host(
    State(hosts): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    if !hosts.allows(host) {
        return ProxyError::MisdirectedHost.into_response();
    }
    next.run(request).await
}

/// Unsafe methods need `Sec-Fetch-Site: same-origin` or the site's own `Origin`.
pub fn check_write_origin(method: &Method, headers: &HeaderMap) -> Result<(), ProxyError> {
    if method.is_safe() || proven_same_origin(headers) {
        Ok(())
    } else {
        Err(ProxyError::CrossSite)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_match_by_name_or_name_and_port() {
        let hosts =
            AllowedHosts::new(AllowedHosts::loopback().chain(["Console.example:8443".to_owned()]));
        for allowed in [
            "127.0.0.1:8080",
            "localhost",
            "[::1]:9",
            "console.example:8443",
        ] {
            assert!(hosts.allows(allowed), "{allowed}");
        }
        for refused in [
            "evil.example",
            "console.example",
            "console.example:80",
            "",
            "[::2]",
        ] {
            assert!(!hosts.allows(refused), "{refused}");
        }
    }
}
