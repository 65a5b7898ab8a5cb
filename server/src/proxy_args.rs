//! The proxy-mode flags of the command line and their checks, turned into a [`ProxyConfig`].

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderName;
use clap::Args;
use image_console_server::{
    credentials_from_env, read_credentials_file, require_secure_transport, AllowedHosts, AuditLog,
    AuthMode, Credentials, Htpasswd, ProxyConfig, TokenSource, DEFAULT_MAX_CONCURRENT,
    DEFAULT_RATE_LIMIT, DEFAULT_UPSTREAM_TIMEOUT,
};

/// Flags that only apply with --upstream or --region.
#[derive(Debug, Args)]
pub struct ProxyArgs {
    /// Proxy mode: file holding the token sent as X-Auth-Token; re-read on every request, so a
    /// refreshed token is used without a restart.
    #[arg(
        long,
        value_name = "FILE",
        requires = "proxy",
        conflicts_with = "token_env"
    )]
    token_file: Option<PathBuf>,

    /// Proxy mode: environment variable holding the token sent as X-Auth-Token (read at start).
    #[arg(long, value_name = "VAR", requires = "proxy")]
    token_env: Option<String>,

    /// Proxy mode: sign every request with the access key (AK/SK, SDK-HMAC-SHA256) of this
    /// credentials.csv, as downloaded from Huawei Cloud (User Name,Access Key Id,Secret Access Key).
    #[arg(long, value_name = "FILE", requires = "proxy", conflicts_with_all = ["token_file", "token_env", "credentials_env"])]
    credentials_file: Option<PathBuf>,

    /// Proxy mode: sign every request with the access key in HUAWEICLOUD_SDK_AK and
    /// HUAWEICLOUD_SDK_SK (read at start).
    #[arg(long, requires = "proxy", conflicts_with_all = ["token_file", "token_env"])]
    credentials_env: bool,

    /// Proxy mode: forward the browser's own X-Auth-Token (typed into the console's Settings)
    /// instead of dropping it; it wins over the server's credential.
    #[arg(long, requires = "proxy")]
    pass_browser_token: bool,

    /// Proxy mode: how long the upstream may take to answer, in milliseconds.
    #[arg(long, value_name = "MILLIS", default_value_t = DEFAULT_UPSTREAM_TIMEOUT.as_millis() as u64, requires = "proxy")]
    upstream_timeout_ms: u64,

    /// Proxy mode: allow an http:// upstream on another machine (the credential then crosses
    /// the network in clear text).
    #[arg(long, requires = "proxy")]
    allow_insecure_upstream: bool,

    /// Proxy mode: HTTP Basic authentication of every request (console files and API) against
    /// this htpasswd file (bcrypt hashes, as `htpasswd -B` writes them; read again when it
    /// changes).
    #[arg(
        long,
        value_name = "FILE",
        requires = "proxy",
        conflicts_with = "trusted_peer"
    )]
    htpasswd: Option<PathBuf>,

    /// Proxy mode: the user name arrives in this header from a single-sign-on gateway
    /// (oauth2-proxy: X-Auth-Request-User, Authelia: Remote-User). [default: X-Forwarded-User]
    #[arg(long, value_name = "NAME", requires = "trusted_peer")]
    trusted_user_header: Option<HeaderName>,

    /// Proxy mode: address of the SSO gateway (repeatable); only its requests are accepted and
    /// only its user header is believed.
    #[arg(long, value_name = "IP", requires = "proxy")]
    trusted_peer: Vec<IpAddr>,

    /// Proxy mode: a Host this server answers to (repeatable); other hosts get 421. NAME allows
    /// any port. Loopback names are allowed when listening on loopback.
    #[arg(long, value_name = "NAME[:PORT]", requires = "proxy")]
    allowed_host: Vec<String>,

    /// Proxy mode: append one JSON line per batch-delete attempt to FILE (`-`: stdout).
    #[arg(long, value_name = "FILE", requires = "proxy")]
    audit_log: Option<PathBuf>,

    /// Proxy mode: API requests per minute per user (or address when nobody signs in).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RATE_LIMIT, requires = "proxy")]
    rate_limit: u32,

    /// Proxy mode: upstream requests in flight at most, half of them per user (or address);
    /// more get 429.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_CONCURRENT, requires = "proxy")]
    max_concurrent: usize,
}

impl ProxyArgs {
    /// The proxy's configuration, or why the flags do not make a safe one.
    pub fn into_config(
        self,
        upstream: String,
        api_prefix: String,
        project_id: Option<String>,
        listen: SocketAddr,
    ) -> Result<ProxyConfig, String> {
        let project_id = project_id
            .ok_or("proxy mode needs --project-id: only that project's routes are forwarded")?;
        require_secure_transport(&upstream, self.allow_insecure_upstream)?;
        let credentials = self.credentials()?;
        if let Some(credentials) = &credentials {
            credentials.check()?;
        }
        let auth = self.auth()?;
        let loopback = listen.ip().is_loopback();
        if auth.is_none() && !loopback {
            return Err(format!(
                "proxy mode on {listen}, which is not a loopback address, needs an authentication \
                 mode: --htpasswd FILE, or --trusted-peer IP (with --trusted-user-header NAME) \
                 behind a single-sign-on gateway; otherwise anyone who reaches it could delete \
                 the project's image instances"
            ));
        }
        if !loopback && self.allowed_host.is_empty() {
            return Err(format!(
                "proxy mode on {listen} needs --allowed-host NAME for the host name(s) users \
                 reach it by (other Host headers are refused against DNS rebinding)"
            ));
        }
        let loopback_names = loopback.then(AllowedHosts::loopback).into_iter().flatten();
        let audit = match &self.audit_log {
            Some(target) => Some(Arc::new(AuditLog::open(target)?)),
            None => None,
        };
        Ok(ProxyConfig {
            api_prefix,
            upstream,
            project_id,
            credentials,
            pass_browser_token: self.pass_browser_token,
            timeout: Duration::from_millis(self.upstream_timeout_ms),
            auth,
            allowed_hosts: AllowedHosts::new(self.allowed_host.into_iter().chain(loopback_names)),
            audit,
            rate_limit_per_minute: self.rate_limit,
            max_concurrent: self.max_concurrent,
        })
    }

    fn credentials(&self) -> Result<Option<Credentials>, String> {
        Ok(Some(
            match (&self.token_file, &self.token_env, &self.credentials_file) {
                (Some(path), _, _) => Credentials::Token(TokenSource::File(path.clone())),
                (None, Some(variable), _) => Credentials::Token(TokenSource::Value(
                    std::env::var(variable).map_err(|e| format!("--token-env {variable}: {e}"))?,
                )),
                (None, None, Some(path)) => Credentials::AccessKey(read_credentials_file(path)?),
                (None, None, None) if self.credentials_env => {
                    Credentials::AccessKey(credentials_from_env()?)
                }
                (None, None, None) if self.pass_browser_token => return Ok(None),
                (None, None, None) => {
                    return Err("proxy mode needs a credential: --token-file FILE or \
                                --token-env VAR (IAM token), --credentials-file FILE or \
                                --credentials-env (AK/SK signing), or --pass-browser-token to \
                                forward the token typed into the console"
                        .to_owned())
                }
            },
        ))
    }

    fn auth(&self) -> Result<Option<AuthMode>, String> {
        if let Some(path) = &self.htpasswd {
            return Ok(Some(AuthMode::Htpasswd(Arc::new(Htpasswd::read(path)?))));
        }
        if self.trusted_peer.is_empty() {
            return Ok(None);
        }
        Ok(Some(AuthMode::TrustedHeader {
            header: self
                .trusted_user_header
                .clone()
                .unwrap_or(HeaderName::from_static("x-forwarded-user")),
            peers: self
                .trusted_peer
                .iter()
                .map(|ip| ip.to_canonical())
                .collect(),
        }))
    }

    /// One line about the credential for the start-up message (never the secret).
    pub fn describe(config: &ProxyConfig) -> String {
        match (&config.credentials, config.pass_browser_token) {
            (Some(Credentials::Token(TokenSource::File(path))), _) => {
                format!("token from file {}", path.display())
            }
            (Some(Credentials::Token(TokenSource::Value(_))), _) => {
                "token from the environment".to_owned()
            }
            (Some(Credentials::AccessKey(key)), _) => {
                format!("AK/SK signing with access key {}", key.id)
            }
            (None, _) => "the browser's token".to_owned(),
        }
    }
}
