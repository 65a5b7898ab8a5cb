//! The last step before a batch-delete: what will be deleted, and for associated resources
//! the confirmation word.

use leptos::prelude::*;

use super::dialog::Modal;
use super::say;
use crate::rules::selection::{delete_confirmed, CONFIRM_WORD};
use crate::store::Store;

/// Lists what will be deleted; with associated resources, asks for the word "confirm".
#[component]
pub fn DeleteDialog(open: RwSignal<bool>) -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
    let typed = RwSignal::new(String::new());
    // Fixed when the dialog opens, so what is sent is exactly what was shown.
    let snapshot = RwSignal::new((Vec::new(), false));
    Effect::new(move |_| {
        if open.get() {
            typed.set(String::new());
            snapshot.set((store.selected_entries(), store.recursive().get_untracked()));
        }
    });
    let recursive = move || snapshot.with(|(_, recursive)| *recursive);
    let confirmed = move || typed.with(|text| delete_confirmed(recursive(), text));
    let count = move || snapshot.with(|(entries, _)| entries.len());
    let close = move || open.set(false);
    let delete = move |_| {
        if !confirmed() || store.submitting().get_untracked() {
            return;
        }
        let (entries, recursive) = snapshot.get_untracked();
        let ids = entries
            .iter()
            .map(|entry| entry.server.id.clone())
            .collect();
        if store.submit(ids, recursive) {
            close();
        }
    };

    view! {
        <Modal
            open=open
            on_cancel=move |_| close()
            role="alertdialog"
            labelledby="delete-title"
            describedby="delete-summary"
        >
            <h2 id="delete-title">
                {move || (words.get().delete_title)(count())}
            </h2>
            <p id="delete-summary">
                {move || {
                    if recursive() {
                        words.get().delete_summary_recursive
                    } else {
                        words.get().delete_summary_kept
                    }
                }}
            </p>
            <ul class="delete-list">
                {move || {
                    snapshot
                        .get()
                        .0
                        .into_iter()
                        .map(|entry| {
                            view! {
                                <li>
                                    <span class="name">{entry.server.name.clone()}</span>
                                    " "
                                    <code>{entry.server.id.clone()}</code>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <Show when=recursive>
                <label class="confirm-word">
                    {move || (words.get().confirm_prompt)(CONFIRM_WORD)}
                    <input type="text" autocomplete="off" spellcheck="false" bind:value=typed />
                </label>
            </Show>
            <div class="actions">
                <button type="button" class="secondary" autofocus on:click=move |_| close()>
                    {say(words, |w| w.cancel)}
                </button>
                <button
                    type="button"
                    class="danger"
                    disabled=move || !confirmed() || store.submitting().get()
                    on:click=delete
                >
                    {move || (words.get().delete_confirm_button)(count())}
                </button>
            </div>
        </Modal>
    }
}
