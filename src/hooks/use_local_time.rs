//! A point in time as the user's locale writes it.
//!
//! ```ignore
//! let LocalTime { iso, local } = use_local_time(ms);
//! view! { <time datetime=iso>{local}</time> }
//! ```

use crate::browser::clock;

/// The exact instant (ISO 8601, for `datetime`) and its local form.
pub struct LocalTime {
    pub iso: String,
    pub local: String,
}

pub fn use_local_time(ms: f64) -> LocalTime {
    LocalTime {
        iso: clock::iso_time(ms),
        local: clock::local_time(ms),
    }
}
