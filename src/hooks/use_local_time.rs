//! A point in time as the chosen language writes it, in the user's time zone.
//!
//! ```ignore
//! let LocalTime { iso, local } = use_local_time(ms, store.locale().get_untracked());
//! view! { <time datetime=iso>{local}</time> }
//! ```

use crate::browser::clock;
use crate::i18n::Locale;

/// The exact instant (ISO 8601, for `datetime`) and its local form.
#[derive(PartialEq)]
pub struct LocalTime {
    pub iso: String,
    pub local: String,
}

pub fn use_local_time(ms: f64, locale: Locale) -> LocalTime {
    LocalTime {
        iso: clock::iso_time(ms),
        local: clock::local_time(ms, locale.tag()),
    }
}
