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
mod fidelity;
mod harness;
mod internal_error;
mod job_centre;
mod jobs;
mod languages;
mod lists;
mod outcomes;
mod prechecks;
mod receipts;
mod recovery;
mod selection;
mod settings;
mod shareable_views;
mod start_up;

use support::console::{console_server, seeded_console, JOB_TIMEOUT};
