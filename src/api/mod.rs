//! Everything that knows the API: URLs, headers, JSON. The rest of the app sees typed
//! results only.

pub mod client;
pub mod error;
pub mod types;
