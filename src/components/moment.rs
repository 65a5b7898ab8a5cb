//! A point in time in the chosen language, with the exact instant in `datetime`.

use leptos::prelude::*;

use crate::hooks::{use_local_time, LocalTime};
use crate::store::Store;

#[component]
pub fn Moment(ms: f64) -> impl IntoView {
    let locale = expect_context::<Store>().locale();
    let time = move || use_local_time(ms, locale.get());
    let LocalTime { iso, .. } = time();
    view! { <time datetime=iso>{move || time().local}</time> }
}
