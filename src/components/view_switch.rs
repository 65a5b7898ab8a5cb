//! Switches between the instances and the job centre (the choice lives in the URL).

use leptos::prelude::*;

use super::say;
use crate::store::Store;

#[component]
pub fn ViewSwitch() -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
    let centre = store.centre_query();
    let in_centre = move || centre.with(Option::is_some);
    view! {
        <nav class="view-switch" aria-label=say(words, |w| w.views_label)>
            <button
                type="button"
                class="secondary"
                aria-pressed=move || (!in_centre()).to_string()
                on:click=move |_| store.close_job_centre()
            >
                {say(words, |w| w.view_instances)}
            </button>
            <button
                type="button"
                class="secondary"
                aria-pressed=move || in_centre().to_string()
                on:click=move |_| store.open_job_centre()
            >
                {say(words, |w| w.view_job_centre)}
            </button>
        </nav>
    }
}
