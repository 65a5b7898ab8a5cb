//! The list's loading progress, or why it failed.

use leptos::prelude::*;

use super::say;
use super::ErrorNotice;
use crate::store::{LoadState, Store};

#[component]
pub fn LoadStatus() -> impl IntoView {
    let store = expect_context::<Store>();
    let load = store.load_state();
    let words = store.words();
    move || match load.get() {
        LoadState::Loading { loaded, total } => {
            let label = if total == 0 {
                words.get().loading_instances.to_owned()
            } else {
                (words.get().loading_progress)(loaded, total)
            };
            view! {
                <div class="loading" role="status">
                    <progress
                        max=total.max(1)
                        value=(total > 0).then_some(loaded)
                        aria-label=say(words, |w| w.loading_instances)
                    ></progress>
                    <span>{label}</span>
                </div>
            }
            .into_any()
        }
        LoadState::Failed(error) => {
            view! { <ErrorNotice title=|w| w.load_failed_title error /> }.into_any()
        }
        LoadState::Idle | LoadState::Ready => ().into_any(),
    }
}
