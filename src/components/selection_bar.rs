//! The selection's counter and limits, the "associated resources" flag with its warning,
//! and the Delete button with its confirmation.

use leptos::prelude::*;

use super::delete_dialog::DeleteDialog;
use super::recursive_warning::RecursiveWarning;
use super::say;
use super::ErrorNotice;
use crate::i18n::Messages;
use crate::rules::selection::MAX_BATCH;
use crate::store::Store;

#[component]
pub fn SelectionBar() -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
    let warning_open = RwSignal::new(false);
    let delete_open = RwSignal::new(false);
    let count = Memo::new(move |_| store.selected_count());
    let hidden_by_filter = move || store.selected_hidden();

    view! {
        <section class="selection-bar" aria-label=say(words, |w| w.selection_label)>
            <p class="counter" aria-live="polite">
                <strong>{move || (words.get().selected_count)(count.get(), MAX_BATCH)}</strong>
                {move || match hidden_by_filter() {
                    0 => None,
                    hidden => Some((words.get().hidden_by_filter)(hidden)),
                }}
            </p>
            <Show when=move || store.at_cap().get()>
                <p class="cap-message" role="status">
                    {move || (words.get().at_cap)(MAX_BATCH)}
                </p>
            </Show>
            {move || store.bulk_message().get().map(|message| view! { <p class="cap-message" role="status">{message}</p> })}
            <div class="actions">
                <button
                    type="button"
                    class="secondary"
                    disabled=move || count.get() == 0
                    on:click=move |_| store.clear_selection()
                >
                    {say(words, |w| w.clear_selection)}
                </button>
                <RecursiveFlag warning_open />
                <button
                    type="button"
                    class="danger"
                    disabled=move || count.get() == 0 || store.submitting().get()
                    on:click=move |_| delete_open.set(true)
                >
                    {move || (words.get().delete_button)(count.get())}
                </button>
            </div>
            // While the PATCH is in flight nothing can send it again; say what is happening.
            <Show when=move || store.submitting().get()>
                <p class="submitting notice info" role="status">
                    {say(words, |w| w.submitting)}
                </p>
            </Show>
            {move || {
                store
                    .submit_error()
                    .get()
                    .map(|error| {
                        let title: fn(&'static Messages) -> &'static str = if error.outcome_unknown() {
                            |w| w.submit_outcome_unknown
                        } else {
                            |w| w.submit_refused
                        };
                        view! { <ErrorNotice title error /> }
                    })
            }}
        </section>
        <RecursiveWarning open=warning_open />
        <DeleteDialog open=delete_open />
    }
}

/// Ticking opens the warning; unticking needs no confirmation.
#[component]
fn RecursiveFlag(warning_open: RwSignal<bool>) -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
    view! {
        <label class="recursive">
            <input
                type="checkbox"
                id="recursive"
                prop:checked=move || store.recursive().get()
                on:click=move |event| {
                    if store.recursive().get_untracked() {
                        store.set_recursive(false);
                    } else {
                        // Not ticked until the warning is confirmed.
                        event.prevent_default();
                        warning_open.set(true);
                    }
                }
            />
            {say(words, |w| w.recursive_flag)}
        </label>
    }
}
