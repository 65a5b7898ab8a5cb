//! A point in time in the user's locale, with the exact instant in `datetime`.

use leptos::prelude::*;

use crate::hooks::{use_local_time, LocalTime};
use crate::store::Store;

#[component]
pub fn Moment(ms: f64) -> impl IntoView {
    let LocalTime { iso, local } =
        use_local_time(ms, expect_context::<Store>().locale().get_untracked());
    view! { <time datetime=iso>{local}</time> }
}
