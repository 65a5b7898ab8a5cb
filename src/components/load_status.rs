//! The list's loading progress, why it failed, or that it came in short.

use leptos::prelude::*;

use super::say;
use super::ErrorNotice;
use crate::store::{LoadState, Shortfall, Store};

#[component]
pub fn LoadStatus() -> impl IntoView {
    let store = expect_context::<Store>();
    let load = store.load_state();
    let words = store.words();
    // Each page that arrives updates the bar and its words in place (not the whole view).
    let progress = Memo::new(move |_| match load.get() {
        LoadState::Loading { loaded, total } => Some((loaded, total)),
        _ => None,
    });
    let label = move || {
        progress.get().map(|(loaded, total)| {
            if total == 0 {
                words.get().loading_instances.to_owned()
            } else {
                (words.get().loading_progress)(loaded, total)
            }
        })
    };
    let shortfall = store.shortfall();
    let short = move || {
        shortfall.get().map(|Shortfall { listed, counted }| {
            view! {
                <p class="notice warning list-shortfall" role="status">
                    {move || (words.get().list_shortfall)(listed, counted)}
                </p>
            }
        })
    };
    let failed = move || match load.get() {
        LoadState::Failed(error) => {
            Some(view! { <ErrorNotice title=|w| w.load_failed_title error /> })
        }
        _ => None,
    };
    view! {
        <Show when=move || progress.with(Option::is_some)>
            <div class="loading" role="status">
                <progress
                    max=move || progress.get().map_or(1, |(_, total)| total.max(1))
                    value=move || progress.get().and_then(|(loaded, total)| (total > 0).then_some(loaded))
                    aria-label=say(words, |w| w.loading_instances)
                ></progress>
                <span>{label}</span>
            </div>
        </Show>
        {short}
        {failed}
    }
}
