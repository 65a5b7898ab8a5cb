//! End-to-end tests of the console: the built app in headless Chromium against the simulator,
//! driven through WebDriver clicks and keys, checked against the DOM and against what the
//! simulator received (`/__sim/requests`). One test binary; a module per behaviour.
//!
//! Every wait is for a DOM or server condition with a deadline; nothing sleeps to synchronise.
//! Needs chromedriver, Chromium and a built app (see `support/browser.rs`).

#[path = "../support/mod.rs"]
mod support;

mod delete_flow;
mod dialogs;
mod harness;
mod jobs;
mod lists;
mod receipts;
mod selection;
mod settings;
mod shareable_views;

use std::time::Duration;

use serde_json::Value;
use support::browser::dist_dir;
use support::server::{all_instances, TestServer};

/// Bound on a short delete job reaching its end (job length plus the poll interval).
const JOB_TIMEOUT: Duration = Duration::from_secs(40);

/// Starts the server on the built app with these extra flags.
fn console_server(extra: &[&str]) -> TestServer {
    let dist = dist_dir();
    let mut args = vec!["--dist", dist.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    TestServer::start(&args)
}

/// The server on the built app with these flags, and its instances as the API lists them.
async fn seeded_console(extra: &[&str]) -> (TestServer, Vec<Value>) {
    let server = console_server(extra);
    let instances = all_instances(&server).await;
    (server, instances)
}
