//! A same-origin simulation of the Workspace App image-server API, with seed data, delete jobs
//! that progress with time, fault injection and a `/__sim` control API for tests.

mod cross_site;
mod error;
mod faults;
mod model;
mod request_log;
mod routes;
mod scenario_routes;
mod seed;
mod seed_jobs;
mod signature;

use std::sync::{Mutex, MutexGuard, PoisonError};

use axum::response::Response;
use axum::Router;

use faults::FaultInjector;
pub use faults::FaultSpec;
use model::{Simulator, Timestamp};
use request_log::RequestLog;

use crate::apig_signature::AccessKey;
use crate::ShutdownSignal;

/// Everything the simulator is configured with.
#[derive(Debug, Clone)]
pub struct SimulatorConfig {
    /// Path prefix of the API, e.g. `/api` (no trailing slash).
    pub api_prefix: String,
    /// The only project id the API accepts.
    pub project_id: String,
    /// How long a delete job takes from creation to its end.
    pub job_duration_ms: u64,
    /// Seed of the data, the job ids and the fault decisions.
    pub seed: u64,
    /// Generate this many instances instead of the default hand-picked set.
    pub instance_count: Option<usize>,
    /// Faults active at start.
    pub faults: Vec<FaultSpec>,
    /// When set, requests must send this `X-Auth-Token`.
    pub required_token: Option<String>,
    /// When set, requests must be signed (`SDK-HMAC-SHA256`) with this access key.
    pub required_signature: Option<AccessKey>,
}

/// Checks an API prefix: it starts with `/`, is not just `/`, and has no trailing `/`.
pub fn parse_api_prefix(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim_end_matches('/');
    if !trimmed.starts_with('/') || trimmed.contains("//") || trimmed.contains(['{', '}', '*']) {
        return Err(format!(
            "the API prefix must be an absolute path like /api, not {raw:?}"
        ));
    }
    Ok(trimmed.to_owned())
}

/// Shared state of the simulator. Each lock is held only for a synchronous step, never across
/// an `.await`.
struct SimState {
    config: SimulatorConfig,
    model: Mutex<Simulator>,
    faults: Mutex<FaultInjector>,
    log: Mutex<RequestLog>,
    shutdown: ShutdownSignal,
}

impl SimState {
    fn new(config: SimulatorConfig, shutdown: ShutdownSignal) -> Self {
        Self {
            model: Mutex::new(fresh_model(&config)),
            faults: Mutex::new(FaultInjector::new(config.seed, config.faults.clone())),
            log: Mutex::new(RequestLog::default()),
            config,
            shutdown,
        }
    }

    fn model(&self) -> MutexGuard<'_, Simulator> {
        self.model.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn faults(&self) -> MutexGuard<'_, FaultInjector> {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn log(&self) -> MutexGuard<'_, RequestLog> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records the status of logged request `seq` and passes the response on.
    fn answered(&self, seq: u64, response: Response) -> Response {
        self.log().set_status(seq, response.status().as_u16());
        response
    }

    /// Fresh seed data (instances and job history), no faults, an empty request log.
    fn reset(&self) {
        *self.model() = fresh_model(&self.config);
        self.faults().replace(Vec::new());
        *self.log() = RequestLog::default();
    }
}

fn fresh_model(config: &SimulatorConfig) -> Simulator {
    let now = Timestamp::now();
    let instances = match config.instance_count {
        Some(count) => seed::generated_instances(count, config.seed, now),
        None => seed::default_instances(config.seed, now),
    };
    let history = seed_jobs::default_jobs(&instances, config.seed, now);
    let mut model = Simulator::new(
        &config.project_id,
        config.job_duration_ms,
        instances,
        config.seed,
    );
    for job in history {
        model.record_job(job);
    }
    model
}

/// The API under `config.api_prefix` plus the `/__sim` control routes.
pub fn router(config: SimulatorConfig, shutdown: ShutdownSignal) -> Router {
    let api_prefix = config.api_prefix.clone();
    let state = std::sync::Arc::new(SimState::new(config, shutdown));
    Router::new()
        .nest(&api_prefix, routes::api_router(state.clone()))
        .merge(routes::control_router(state.clone()))
        .merge(scenario_routes::router(state))
        .layer(axum::middleware::from_fn(cross_site::refuse_cross_site))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_prefixes_are_normalised_or_rejected() {
        assert_eq!(parse_api_prefix("/api/").unwrap(), "/api");
        assert_eq!(
            parse_api_prefix("/proxy/workspace").unwrap(),
            "/proxy/workspace"
        );
        for bad in ["", "/", "api", "/a//b", "/{x}"] {
            assert!(parse_api_prefix(bad).is_err(), "{bad:?}");
        }
    }
}
