//! The console's rules as plain Rust: no browser, no signals, tested on the host.

pub mod config;
pub mod inventory;
pub mod jobs;
pub mod schedule;
pub mod selection;
