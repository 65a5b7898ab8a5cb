//! A point in time in the chosen language, with the exact instant in `datetime`.

use leptos::prelude::*;

use crate::hooks::use_local_time;
use crate::store::Store;

#[component]
pub fn Moment(ms: f64) -> impl IntoView {
    let locale = expect_context::<Store>().locale();
    let time = Memo::new(move |_| use_local_time(ms, locale.get()));
    let iso = move || time.with(|time| time.iso.clone());
    view! { <time datetime=iso>{move || time.with(|time| time.local.clone())}</time> }
}
