//! Inside the delete confirmation: the check made before sending, and what it found.

use leptos::prelude::*;

use super::say;
use super::stale_notice::StaleNotice;
use super::ErrorNotice;
use crate::api::error::ApiError;
use crate::hooks::use_focus_on_show;
use crate::store::{DeleteCheck, Store};

#[component]
pub fn DeleteCheckState() -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
    move || match store.delete_check().get() {
        DeleteCheck::Checking => view! {
            <p class="delete-check checking notice info" role="status">
                {say(words, |w| w.check_in_progress)}
            </p>
        }
        .into_any(),
        DeleteCheck::Blocked {
            stale, remaining, ..
        } => view! { <StaleNotice stale remaining=remaining.len() /> }.into_any(),
        DeleteCheck::Failed { error, .. } => view! { <CheckFailed error /> }.into_any(),
        DeleteCheck::Idle | DeleteCheck::Sent => ().into_any(),
    }
}

#[component]
fn CheckFailed(error: ApiError) -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
    let again = NodeRef::<leptos::html::Button>::new();
    use_focus_on_show(again);
    view! {
        <ErrorNotice title=|w| w.check_failed_title error />
        <button type="button" class="secondary check-again" node_ref=again on:click=move |_| _ = store.retry_delete_check()>
            {say(words, |w| w.check_again)}
        </button>
    }
}
