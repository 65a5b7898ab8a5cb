//! Proxy mode: the console's API calls forwarded to the real Workspace App API with a
//! credential the server holds, for deployments without nginx. The proxy is the boundary
//! between the network and deleting a project's image instances, so in order:
//!
//! 1. [`browser::check_host`]: the `Host` must be allowed (421), against DNS rebinding;
//! 2. [`auth::authenticate`]: every request (files and API) from a known user (401/403; 503
//!    while the [`htpasswd`] file is unusable);
//! 3. for the API ([`handler`]): batch-deletes are audited ([`audit`]), writes need a
//!    same-origin proof (403), the rate and concurrency limits apply ([`limits`], 429), only
//!    the console's four routes for the configured project with allow-listed query keys pass
//!    ([`routes`], 404/405), bodies are bounded (413);
//! 4. [`upstream`]: headers rebuilt from an allow-list, the token or AK/SK signature added
//!    ([`credentials`]), the answer streamed back.

mod audit;
mod auth;
mod browser;
mod credentials;
mod error;
mod handler;
mod htpasswd;
mod limits;
mod routes;
mod upstream;

use std::sync::Arc;
use std::time::Duration;

use axum::routing::any;
use axum::Router;

pub use audit::AuditLog;
pub use auth::{AuthMode, AuthenticatedUser};
pub use browser::AllowedHosts;
pub use credentials::{credentials_from_env, read_credentials_file, Credentials, TokenSource};
pub use htpasswd::Htpasswd;
pub use upstream::{parse_upstream, region_endpoint, require_secure_transport};

/// Largest request body forwarded (a batch-delete of 20 ids is well under 2 KiB).
pub const MAX_REQUEST_BODY_BYTES: usize = 64 * 1024;
/// The API gateway gives its backend 30 s; waiting longer gains nothing.
pub const DEFAULT_UPSTREAM_TIMEOUT: Duration = Duration::from_secs(30);
/// Requests per minute per user (or address) by default.
pub const DEFAULT_RATE_LIMIT: u32 = 120;
/// Upstream requests in flight by default.
pub const DEFAULT_MAX_CONCURRENT: usize = 16;

/// Proxy mode's configuration.
#[derive(Debug, Clone)]
pub struct ProxyConfig {
    /// Path prefix the console's API calls arrive under (the app's `api_base`), e.g. `/api`.
    pub api_prefix: String,
    /// Base URL of the upstream API without a trailing slash, e.g.
    /// `https://workspace.ap-southeast-1.myhuaweicloud.com`; request paths are appended.
    pub upstream: String,
    /// The only project whose routes are forwarded.
    pub project_id: String,
    /// The server's credential, if any.
    pub credentials: Option<Credentials>,
    /// Forward the browser's own `X-Auth-Token` (it then wins over [`Self::credentials`]).
    /// Off by default: browsers' tokens are dropped.
    pub pass_browser_token: bool,
    /// How long the upstream may take to answer completely.
    pub timeout: Duration,
    /// Who may use the console; `None` only on loopback.
    pub auth: Option<AuthMode>,
    /// The `Host` names answered.
    pub allowed_hosts: AllowedHosts,
    /// Where batch-delete attempts are recorded, if anywhere.
    pub audit: Option<Arc<AuditLog>>,
    /// Requests per minute per user (or address).
    pub rate_limit_per_minute: u32,
    /// Upstream requests in flight at most.
    pub max_concurrent: usize,
}

/// The API routes under `config.api_prefix`; everything under it is answered by the handler.
pub fn router(config: ProxyConfig) -> Router {
    let prefix = config.api_prefix.clone();
    let state = Arc::new(handler::Proxy {
        client: upstream::client(config.timeout),
        limiter: limits::RateLimiter::new(config.rate_limit_per_minute),
        in_flight: limits::InFlight::new(config.max_concurrent),
        config,
    });
    Router::new()
        .route(&prefix, any(handler::api))
        .route(&format!("{prefix}/"), any(handler::api))
        .route(&format!("{prefix}/{{*rest}}"), any(handler::api))
        .with_state(state)
}

/// Puts the checks that concern every request (the static face's too) around `site`: the
/// `Host` allow-list outside, then authentication.
pub fn guard(router: Router, config: &ProxyConfig) -> Router {
    router
        .layer(axum::middleware::from_fn_with_state(
            config.auth.clone(),
            auth::authenticate,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(config.allowed_hosts.clone()),
            browser::check_host,
        ))
}
