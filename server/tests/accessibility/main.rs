//! Accessibility of the console in headless Chromium: an axe-core audit (WCAG 2.0/2.1 A and
//! AA) of every state in both colour schemes, and the whole delete flow from the keyboard
//! alone. One test binary; a module per concern, on the shared support layer.
//!
//! Needs chromedriver, Chromium, a built app and axe-core (`AXE_CORE_JS`, set by
//! scripts/env.sh; scripts/bootstrap installs it from npm).

#[path = "../support/mod.rs"]
mod support;

mod audit_catches;
mod audit_dialogs_and_jobs;
mod audit_job_centre;
mod audit_list;
mod keyboard_flow;
