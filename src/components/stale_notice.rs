//! What blocked a delete: each stale instance named with its reason, and the way to send
//! the rest, which needs one more yes.

use leptos::prelude::*;

use super::say;
use crate::hooks::use_focus_on_show;
use crate::rules::precheck::StaleInstance;
use crate::store::Store;

#[component]
pub fn StaleNotice(stale: Vec<StaleInstance>, remaining: usize) -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
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
            let reason = instance.reason;
            let data_id = instance.id.clone();
            view! {
                <li data-id=data_id>
                    <span class="name">{instance.name}</span>" "<code>{instance.id}</code>": "
                    <span class="reason">{move || (words.get().stale_reason)(&reason)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="delete-check blocked notice warning" role="alert" tabindex="-1" node_ref=notice>
            <p>
                <strong>{say(words, |w| w.nothing_sent)}</strong>
                {say(words, |w| w.stale_intro)}
            </p>
            <ul class="stale-list">{items}</ul>
            {(!can_continue).then(|| view! { <p>{say(words, |w| w.none_left)}</p> })}
        </div>
        <Show when=move || can_continue && !asked.get()>
            <button type="button" class="secondary continue" on:click=move |_| asked.set(true)>
                {say(words, |w| w.continue_without)}
            </button>
        </Show>
        <Show when=move || asked.get()>
            <p class="continue-question">{move || (words.get().continue_question)(remaining)}</p>
            <button type="button" class="danger continue-confirm" node_ref=confirm
                disabled=move || store.submitting().get()
                on:click=move |_| _ = store.continue_without_stale()>
                {move || (words.get().continue_confirm)(remaining)}
            </button>
        </Show>
    }
}
