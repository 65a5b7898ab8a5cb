//! Inside the delete confirmation: the check made before sending, and what it found.

use leptos::prelude::*;

use super::stale_notice::StaleNotice;
use super::ErrorNotice;
use crate::api::error::ApiError;
use crate::hooks::use_focus_on_show;
use crate::store::{DeleteCheck, Store};

#[component]
pub fn DeleteCheckState() -> impl IntoView {
    let store = expect_context::<Store>();
    move || match store.delete_check().get() {
        DeleteCheck::Checking => {
            view! { <p class="delete-check checking notice info" role="status">{CHECKING}</p> }
                .into_any()
        }
        DeleteCheck::Blocked {
            stale, remaining, ..
        } => view! { <StaleNotice stale remaining=remaining.len() /> }.into_any(),
        DeleteCheck::Failed { error, .. } => view! { <CheckFailed error /> }.into_any(),
        DeleteCheck::Idle | DeleteCheck::Sent => ().into_any(),
    }
}

const CHECKING: &str =
    "Checking that the selected instances can still be deleted… Nothing is sent until the check is done.";

#[component]
fn CheckFailed(error: ApiError) -> impl IntoView {
    let store = expect_context::<Store>();
    let again = NodeRef::<leptos::html::Button>::new();
    use_focus_on_show(again);
    view! {
        <ErrorNotice title="Could not check the instances again, so nothing was sent".into() error />
        <button type="button" class="secondary check-again" node_ref=again on:click=move |_| _ = store.retry_delete_check()>
            "Check again"
        </button>
    }
}
