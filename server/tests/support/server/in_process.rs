//! The app's router called in this process with `tower::ServiceExt::oneshot`: no binary, no
//! socket, for tests that only need HTTP.

use axum::body::to_bytes;
use axum::http;
use axum::Router;
use image_console_server::{
    app, ApiFace, AppConfigSource, Config, FaultSpec, ShutdownSignal, SimulatorConfig, StaticSite,
};
use reqwest::Response;
use tower::ServiceExt;

use super::{Api, PROJECT};

/// The binary's defaults (`--seed`, `--job-duration-ms`).
const DEFAULT_SEED: u64 = 20_240_507;
const DEFAULT_JOB_DURATION_MS: u64 = 8000;

/// The app in process.
#[derive(Clone)]
pub struct TestApp {
    router: Router,
}

impl TestApp {
    /// The app configured as the binary is with no flags (a simulator under `/api`, a
    /// generated `config.json`; `dist` is an empty path), changed by `adjust`.
    pub fn new(adjust: impl FnOnce(&mut Config)) -> Self {
        let mut config = Config {
            site: StaticSite {
                dist_dir: "no-dist-in-process".into(),
                base_path: "/".to_owned(),
                app_config: AppConfigSource::Generated {
                    api_base: "/api".to_owned(),
                    project_id: PROJECT.to_owned(),
                },
            },
            api: ApiFace::Simulator(SimulatorConfig {
                api_prefix: "/api".to_owned(),
                project_id: PROJECT.to_owned(),
                job_duration_ms: DEFAULT_JOB_DURATION_MS,
                seed: DEFAULT_SEED,
                instance_count: None,
                faults: Vec::new(),
                required_token: None,
                required_signature: None,
            }),
        };
        adjust(&mut config);
        // No shutdown in process: the signal's sender is dropped, so a `hang` fault ends at
        // once (tests of hanging requests use a real socket).
        let (_fire, shutdown) = ShutdownSignal::new();
        Self {
            router: app(config, shutdown),
        }
    }

    /// The default app with its simulator changed by `adjust`.
    pub fn simulator(adjust: impl FnOnce(&mut SimulatorConfig)) -> Self {
        Self::new(|config| match &mut config.api {
            ApiFace::Simulator(simulator) => adjust(simulator),
            other => panic!("the default app has a simulator, not {other:?}"),
        })
    }
}

/// Parsed fault specs, as `--fault` takes them.
pub fn fault_specs(specs: &[&str]) -> Vec<FaultSpec> {
    specs
        .iter()
        .map(|spec| {
            spec.parse()
                .unwrap_or_else(|e| panic!("bad fault {spec}: {e}"))
        })
        .collect()
}

impl Api for TestApp {
    async fn send(&self, request: http::Request<Vec<u8>>) -> Response {
        let request = request.map(axum::body::Body::from);
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .unwrap_or_else(|never| match never {});
        let (parts, body) = response.into_parts();
        let body = to_bytes(body, usize::MAX)
            .await
            .expect("the body arrives (a dropped connection needs a real socket)");
        Response::from(http::Response::from_parts(parts, body))
    }
}
