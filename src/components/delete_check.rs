//! Inside the delete confirmation: the check made before sending, and what it found.
//! Stale instances are named with their reason; going on without them needs one more yes.

use leptos::prelude::*;

use super::ErrorNotice;
use crate::api::error::ApiError;
use crate::hooks::use_focus_on_show;
use crate::rules::precheck::{Associated, StaleInstance, StaleReason};
use crate::store::{DeleteCheck, Store};
use crate::wire::ServerStatus;

#[component]
pub fn DeleteCheckState() -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        match store.delete_check().get() {
        DeleteCheck::Checking => view! {
            <p class="delete-check checking notice info" role="status">
                "Checking that the selected instances can still be deleted… Nothing is sent until the check is done."
            </p>
        }
        .into_any(),
        DeleteCheck::Blocked { stale, remaining, .. } => {
            view! { <Blocked stale remaining=remaining.len() /> }.into_any()
        }
        DeleteCheck::Failed { error, .. } => view! { <CheckFailed error /> }.into_any(),
        DeleteCheck::Idle | DeleteCheck::Sent => ().into_any(),
    }
    }
}

#[component]
fn Blocked(stale: Vec<StaleInstance>, remaining: usize) -> impl IntoView {
    let store = expect_context::<Store>();
    let asked = RwSignal::new(false);
    let can_continue = remaining != 0;
    let first = NodeRef::<leptos::html::Button>::new();
    let confirm = NodeRef::<leptos::html::Button>::new();
    use_focus_on_show(first);
    use_focus_on_show(confirm);
    let items = stale
        .into_iter()
        .map(|instance| {
            let why = reason(&instance.reason);
            let data_id = instance.id.clone();
            view! {
                <li data-id=data_id>
                    <span class="name">{instance.name}</span>" "<code>{instance.id}</code>": "
                    <span class="reason">{why}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="delete-check blocked notice warning" role="alert">
            <p>
                <strong>"Nothing was sent."</strong>
                " These instances changed since you selected them:"
            </p>
            <ul class="stale-list">{items}</ul>
            {(remaining == 0).then(|| view! { <p>"None of the selected instances can be deleted now."</p> })}
        </div>
        <Show when=move || can_continue && !asked.get()>
            <button type="button" class="secondary continue" node_ref=first on:click=move |_| asked.set(true)>
                "Continue without them…"
            </button>
        </Show>
        <Show when=move || asked.get()>
            <p class="continue-question">{format!("Delete only the other {remaining} instance(s), in one request?")}</p>
            <button type="button" class="danger continue-confirm" node_ref=confirm
                disabled=move || store.submitting().get()
                on:click=move |_| _ = store.continue_without_stale()>
                {format!("Yes, delete the other {remaining}")}
            </button>
        </Show>
    }
}

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

/// Why an instance is not sent, in words.
fn reason(reason: &StaleReason) -> String {
    match reason {
        StaleReason::Gone => "it no longer exists (deleted elsewhere?)".to_owned(),
        StaleReason::Busy(status) => {
            let why = match status {
                ServerStatus::Deleting => "it is already being deleted",
                _ => "the service refuses a delete request that includes it",
            };
            format!("it is now {} ({}): {why}", status.label(), status.raw())
        }
        StaleReason::AssociatedChanged(changed) => {
            let names: Vec<&str> = changed
                .iter()
                .map(|resource| match resource {
                    Associated::ServerGroup => "server group",
                    Associated::Server => "server",
                    Associated::AppGroup => "application group",
                })
                .collect();
            format!(
                "its associated {} changed since you selected it; deleting associated resources would fail",
                names.join(", ")
            )
        }
    }
}
