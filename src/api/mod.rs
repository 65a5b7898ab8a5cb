//! The HTTP client and its errors: the only code that knows URLs and headers. The rest of
//! the app sees typed results only.

pub mod client;
pub mod error;
pub mod transport;
