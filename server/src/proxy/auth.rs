//! Who is asking: every request in proxy mode (console files, `config.json`, `whoami.json`,
//! API) passes here first. Either HTTP Basic against an htpasswd file ([`Htpasswd`], read
//! again when it changes), or a user name in a header set by a single-sign-on gateway,
//! believed only when the TCP peer is one of the configured gateway addresses.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, Extensions, HeaderMap, HeaderName};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ProxyError;
use super::htpasswd::Htpasswd;
use super::limits::address_key;

/// The signed-in user, put in the request's extensions for the audit log, the rate limit and
/// `whoami.json`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthenticatedUser(pub String);

/// How users are authenticated.
#[derive(Clone, Debug)]
pub enum AuthMode {
    /// HTTP Basic against these users.
    Htpasswd(Arc<Htpasswd>),
    /// The user name from `header`, set by a gateway at one of `peers`.
    TrustedHeader {
        /// The header, e.g. `X-Forwarded-User`.
        header: HeaderName,
        /// The gateways' addresses.
        peers: Vec<IpAddr>,
    },
}

impl AuthMode {
    async fn user(&self, headers: &HeaderMap, peer: Option<IpAddr>) -> Result<String, ProxyError> {
        match self {
            Self::Htpasswd(users) => {
                let authorization = headers
                    .get(header::AUTHORIZATION)
                    .and_then(|value| value.to_str().ok())
                    .ok_or(ProxyError::Unauthenticated)?
                    .to_owned();
                users.refresh()?;
                if let Some(user) = users.recall(&authorization) {
                    return Ok(user);
                }
                // Against password guessing: a few bcrypt checks per address (an IPv6 /64)
                // and minute.
                users.login_checks.admit(&address_key(peer))?;
                let users = users.clone();
                // bcrypt is slow on purpose: keep it off the async workers.
                tokio::task::spawn_blocking(move || users.verify(&authorization))
                    .await
                    .ok()
                    .flatten()
                    .ok_or(ProxyError::Unauthenticated)
            }
            Self::TrustedHeader { header, peers } => {
                if !peer.is_some_and(|peer| peers.contains(&peer)) {
                    return Err(ProxyError::UntrustedPeer);
                }
                headers
                    .get(header)
                    .and_then(|value| value.to_str().ok())
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(str::to_owned)
                    .ok_or(ProxyError::Unauthenticated)
            }
        }
    }
}

/// Middleware: authenticates the request (when a mode is configured) and records the user.
pub async fn authenticate(
    State(mode): State<Option<AuthMode>>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(mode) = &mode {
        let peer = peer_address(request.extensions());
        match mode.user(request.headers(), peer).await {
            Ok(user) => {
                request.extensions_mut().insert(AuthenticatedUser(user));
            }
            Err(refusal) => return refusal.into_response(),
        }
    }
    next.run(request).await
}

/// The TCP peer's address, when the server was started with connection info.
pub fn peer_address(extensions: &Extensions) -> Option<IpAddr> {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip().to_canonical())
}
