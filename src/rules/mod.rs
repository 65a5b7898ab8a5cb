//! The console's rules as plain Rust: selection, view query, poll schedule, configuration
//! and URL resolution, job records. No browser, no signals; tested on the host. Imports only
//! the wire types.

pub mod config;
pub mod config_problem;
pub mod job_centre;
pub mod jobs;
pub mod locale;
pub mod outcomes;
pub mod page_span;
pub mod precheck;
pub mod receipts;
pub mod schedule;
pub mod selection;
pub mod time;
pub mod url_view;
pub mod view;
