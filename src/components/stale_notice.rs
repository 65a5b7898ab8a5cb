//! What blocked a delete: each stale instance named with its reason, and the way to send
//! the rest, which needs one more yes.

use leptos::prelude::*;

use crate::hooks::use_focus_on_show;
use crate::rules::precheck::{Associated, StaleInstance, StaleReason};
use crate::store::Store;
use crate::wire::ServerStatus;

#[component]
pub fn StaleNotice(stale: Vec<StaleInstance>, remaining: usize) -> impl IntoView {
    let store = expect_context::<Store>();
    let asked = RwSignal::new(false);
    let can_continue = remaining != 0;
    // Focus goes to the notice (the Delete that had it is gone), then to the second yes.
    let notice = NodeRef::<leptos::html::Div>::new();
    let confirm = NodeRef::<leptos::html::Button>::new();
    use_focus_on_show(notice);
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
        <div class="delete-check blocked notice warning" role="alert" tabindex="-1" node_ref=notice>
            <p>
                <strong>"Nothing was sent."</strong>
                " These instances changed since you selected them:"
            </p>
            <ul class="stale-list">{items}</ul>
            {(!can_continue).then(|| view! { <p>"None of the selected instances can be deleted now."</p> })}
        </div>
        <Show when=move || can_continue && !asked.get()>
            <button type="button" class="secondary continue" on:click=move |_| asked.set(true)>
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
