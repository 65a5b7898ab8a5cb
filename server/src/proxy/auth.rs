//! Who is asking: every request in proxy mode (console files, `config.json`, `whoami.json`,
//! API) passes here first. Either HTTP Basic against an htpasswd file (bcrypt hashes, as
//! `htpasswd -B` writes them), or a user name in a header set by a single-sign-on gateway,
//! believed only when the TCP peer is one of the configured gateway addresses.

use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, Extensions, HeaderMap, HeaderName};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};

use super::error::ProxyError;
use super::limits::RateLimiter;

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

/// Password checks an address may cause per minute (a person mistyping needs a few; a
/// guesser needs millions).
pub const LOGIN_CHECKS_PER_MINUTE: u32 = 20;
/// Logins remembered before the memory of them is cleared.
const MAX_REMEMBERED_LOGINS: usize = 1024;

/// The users of an htpasswd file and their bcrypt hashes.
pub struct Htpasswd {
    users: HashMap<String, String>,
    /// SHA-256 of `Authorization` values that were verified, and their user: bcrypt is slow
    /// on purpose, so it runs once per login rather than on every file and API request.
    remembered: Mutex<HashMap<[u8; 32], String>>,
    /// Password checks (logins not remembered) per address.
    login_checks: RateLimiter,
}

impl fmt::Debug for Htpasswd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Htpasswd")
            .field("users", &self.users.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Htpasswd {
    /// Reads `user:hash` lines; only bcrypt hashes (`$2y$`, `$2b$`, `$2a$`) are accepted, so a
    /// weaker scheme is refused at start rather than silently never matching.
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the htpasswd file {}: {e}", path.display()))?;
        Self::parse(&text).map_err(|why| format!("htpasswd file {}: {why}", path.display()))
    }

    fn parse(text: &str) -> Result<Self, String> {
        let mut users = HashMap::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (user, hash) = line
                .split_once(':')
                .ok_or_else(|| format!("line {}: expected user:hash", number + 1))?;
            if !["$2y$", "$2b$", "$2a$"].iter().any(|p| hash.starts_with(p)) {
                return Err(format!(
                    "line {}: the hash of {user:?} is not bcrypt (create it with htpasswd -B)",
                    number + 1
                ));
            }
            users.insert(user.to_owned(), hash.to_owned());
        }
        if users.is_empty() {
            return Err("no users".to_owned());
        }
        Ok(Self {
            users,
            remembered: Mutex::default(),
            login_checks: RateLimiter::new(LOGIN_CHECKS_PER_MINUTE),
        })
    }

    fn remembered(&self) -> MutexGuard<'_, HashMap<[u8; 32], String>> {
        self.remembered
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The user of an `Authorization` value verified before.
    fn recall(&self, authorization: &str) -> Option<String> {
        self.remembered()
            .get(&<[u8; 32]>::from(Sha256::digest(authorization)))
            .cloned()
    }

    /// The user name when the `Authorization: Basic` credentials are right (remembered).
    fn verify(&self, authorization: &str) -> Option<String> {
        let user = self.check(authorization)?;
        let mut remembered = self.remembered();
        if remembered.len() >= MAX_REMEMBERED_LOGINS {
            remembered.clear();
        }
        remembered.insert(Sha256::digest(authorization).into(), user.clone());
        Some(user)
    }

    /// Checks the credentials against the bcrypt hash.
    fn check(&self, authorization: &str) -> Option<String> {
        let encoded = authorization.strip_prefix("Basic ")?.trim();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()?;
        let (user, password) = std::str::from_utf8(&decoded).ok()?.split_once(':')?;
        let hash = self.users.get(user)?;
        bcrypt::verify(password, hash)
            .unwrap_or(false)
            .then(|| user.to_owned())
    }
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
                if let Some(user) = users.recall(&authorization) {
                    return Ok(user);
                }
                // Against password guessing: a few bcrypt checks per address and minute.
                let address = peer.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
                users.login_checks.admit(&address)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_basic_credentials_against_bcrypt_hashes() {
        let hash = bcrypt::hash("s3cret", 4).unwrap();
        let users = Htpasswd::parse(&format!("# ops\nalice:{hash}\n")).unwrap();
        let basic = |credentials: &str| {
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(credentials)
            )
        };
        assert_eq!(users.recall(&basic("alice:s3cret")), None);
        assert_eq!(users.verify(&basic("alice:s3cret")), Some("alice".into()));
        assert_eq!(users.recall(&basic("alice:s3cret")), Some("alice".into()));
        assert_eq!(users.verify(&basic("alice:wrong")), None);
        assert_eq!(users.recall(&basic("alice:wrong")), None);
        assert_eq!(users.verify(&basic("bob:s3cret")), None);
        assert_eq!(users.verify("Bearer x"), None);
        assert!(!format!("{users:?}").contains(&hash));
    }

    #[test]
    fn refuses_files_without_bcrypt_hashes() {
        assert!(Htpasswd::parse("alice:{SHA}abc").is_err());
        assert!(Htpasswd::parse("alice:$apr1$x$y").is_err());
        assert!(Htpasswd::parse("# nobody\n").is_err());
        assert!(Htpasswd::parse("alice").is_err());
    }
}
