//! A point in time in the user's locale, with the exact instant in `datetime`.

use leptos::prelude::*;

use crate::hooks::{use_local_time, LocalTime};

#[component]
pub fn Moment(ms: f64) -> impl IntoView {
    let LocalTime { iso, local } = use_local_time(ms);
    view! { <time datetime=iso>{local}</time> }
}
