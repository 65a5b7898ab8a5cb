//! `image-console-server`: serves the built image-console app and, on the same origin, either a
//! simulation of the Workspace App image-server API it talks to (the default) or a proxy to the
//! real API that adds the server's credentials.
//!
//! [`app`] builds the whole [`Router`] from a [`Config`]; [`serve`] runs it until a shutdown
//! future resolves. The binary (`main.rs`) only turns command-line flags into a [`Config`].

mod apig_signature;
mod proxy;
mod same_origin;
mod simulator;
mod static_files;

use std::future::Future;
use std::io;
use std::net::SocketAddr;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use apig_signature::AccessKey;
pub use proxy::{
    credentials_from_env, parse_upstream, read_credentials_file, region_endpoint,
    require_secure_transport, AllowedHosts, AuditLog, AuthMode, Credentials, Htpasswd, ProxyConfig,
    TokenSource, DEFAULT_MAX_CONCURRENT, DEFAULT_RATE_LIMIT, DEFAULT_UPSTREAM_TIMEOUT,
    MAX_REQUEST_BODY_BYTES,
};
pub use simulator::{parse_api_prefix, FaultSpec, SimulatorConfig};
pub use static_files::{parse_base_path, AppConfigSource, StaticSite};

/// The whole server's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The static face.
    pub site: StaticSite,
    /// What answers the console's API calls.
    pub api: ApiFace,
}

/// What answers the console's API calls on the same origin: the simulator and the proxy are
/// mutually exclusive.
#[derive(Debug, Clone)]
pub enum ApiFace {
    /// The simulated API (plus the `/__sim` control routes).
    Simulator(SimulatorConfig),
    /// Allow-listed forwarding to the real API with the server's token.
    Proxy(ProxyConfig),
    /// Nothing: only the static face.
    None,
}

/// Resolves once the server starts shutting down. Requests that were told to hang wait on it,
/// so that graceful shutdown does not wait for them forever.
#[derive(Debug, Clone)]
pub struct ShutdownSignal(watch::Receiver<bool>);

impl ShutdownSignal {
    /// A signal and the function that fires it.
    pub fn new() -> (impl FnOnce(), Self) {
        let (sender, receiver) = watch::channel(false);
        let fire = move || {
            // No receivers left means nobody is waiting; nothing to do.
            let _ = sender.send(true);
        };
        (fire, Self(receiver))
    }

    /// Waits until the signal fires (or its sender is gone).
    pub async fn wait(mut self) {
        // An error means the sender is gone, which also means shutdown.
        let _ = self.0.wait_for(|&down| down).await;
    }
}

/// Builds the router: the simulator's or the proxy's routes (if any) in front of the static
/// face, every response with the security headers.
pub fn app(config: Config, shutdown: ShutdownSignal) -> Router {
    let site = static_files::router(config.site);
    let router = match config.api {
        ApiFace::Simulator(simulator) => simulator::router(simulator, shutdown).merge(site),
        ApiFace::Proxy(proxy) => proxy::guard(proxy::router(proxy.clone()).merge(site), &proxy),
        ApiFace::None => site,
    };
    router.layer(axum::middleware::map_response(
        |mut response: axum::response::Response| async move {
            static_files::set_security_headers(response.headers_mut());
            response
        },
    ))
}

/// Serves `config` on `listener` until `shutdown` resolves, then finishes in-flight requests
/// (hanging ones are dropped) and returns.
pub async fn serve(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let (fire, signal) = ShutdownSignal::new();
    let router = app(config, signal);
    // The peer address feeds the trusted-peer check, the rate limit and the audit log.
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown.await;
        fire();
    })
    .await
}
