//! `image-console-server`: serves the built image-console app and, by default, a same-origin
//! simulation of the Workspace App image-server API it talks to.
//!
//! [`app`] builds the whole [`Router`] from a [`Config`]; [`serve`] runs it until a shutdown
//! future resolves. The binary (`main.rs`) only turns command-line flags into a [`Config`].

mod simulator;
mod static_files;

use std::future::Future;
use std::io;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use simulator::{parse_api_prefix, FaultSpec, SimulatorConfig};
pub use static_files::{parse_base_path, AppConfigSource, StaticSite};

/// The whole server's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The static face.
    pub site: StaticSite,
    /// The simulated API, if enabled.
    pub simulator: Option<SimulatorConfig>,
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

/// Builds the router: the simulator's routes (if enabled) in front of the static face.
pub fn app(config: Config, shutdown: ShutdownSignal) -> Router {
    let site = static_files::router(config.site);
    match config.simulator {
        Some(simulator) => simulator::router(simulator, shutdown).merge(site),
        None => site,
    }
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
    axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            shutdown.await;
            fire();
        })
        .await
}
