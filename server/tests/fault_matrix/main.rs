//! The fault matrix: the built app in headless Chromium against the simulator, with each
//! simulator fault turned on for listing, batch-delete and job polling, plus bad
//! configurations and odd data. Each test asserts what the person sees and, from
//! `/__sim/requests`, that nothing was sent twice or lost. One test binary; a module per
//! behaviour.
//!
//! Several scenarios share one browser session to keep the run short. The app under test
//! reads `request_timeout_ms` from its config.json (2 s here) so that a hanging upstream is
//! noticed quickly. Nothing waits by sleeping: every wait is for a DOM condition or a log
//! entry, with a deadline.

#[path = "../support/mod.rs"]
mod support;

mod config;
mod deletes;
mod lists;
mod odd_data;
mod polling;

use serde_json::json;
use support::console::seed::{id, name};
use support::server::{all_instances, Api, TempDir, TestServer, PROJECT};

/// The client time limit the app is configured with in these tests.
const TIMEOUT_MS: u64 = 2_000;

/// A config.json with the short request timeout.
fn good_config() -> String {
    json!({"api_base": "/api", "project_id": PROJECT, "request_timeout_ms": TIMEOUT_MS}).to_string()
}

/// A server on the app copy with its own config.json and long-running jobs.
fn start(dist: &TempDir) -> TestServer {
    TestServer::start(&[
        "--dist",
        dist.arg(),
        "--config-from-dist",
        "--job-duration-ms",
        "600000",
    ])
}

/// Deletable instances (ACTIVE, no changed associated resources), newest first.
async fn deletable(server: &impl Api) -> Vec<String> {
    all_instances(server)
        .await
        .iter()
        .filter(|item| item["status"] == "ACTIVE" && !name(item).contains("changed"))
        .map(id)
        .collect()
}
