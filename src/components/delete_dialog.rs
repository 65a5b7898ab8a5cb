//! The last step before a batch-delete: what will be deleted, and for associated resources
//! the confirmation word.

use leptos::prelude::*;

use super::delete_check::DeleteCheckState;
use super::dialog::Modal;
use super::say;
use crate::rules::selection::{delete_confirmed, CONFIRM_WORD};
use crate::store::{DeleteCheck, Store};

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
    let close = move || {
        store.cancel_delete_check();
        open.set(false);
    };
    // Sent once checked: the job card takes over.
    Effect::new(move |_| {
        if store.delete_check().get() == DeleteCheck::Sent {
            close();
        }
    });
    let checking = move || {
        store
            .delete_check()
            .with(|check| *check != DeleteCheck::Idle)
    };
    let delete = move |_| {
        // The store refuses while a check or a delete is under way.
        if confirmed() {
            let (entries, recursive) = snapshot.get_untracked();
            let ids = entries.iter().map(|entry| entry.server.id.clone());
            store.check_then_submit(ids.collect(), recursive);
        }
    };
    let own_button = move || store.delete_check().with(DeleteCheck::keeps_delete_button);

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
                {move || snapshot.with(|(entries, _)| entries.iter().map(|entry| {
                    let (name, id) = (entry.server.name.clone(), entry.server.id.clone());
                    view! { <li><span class="name">{name}</span>" "<code>{id}</code></li> }
                }).collect_view())}
            </ul>
            <Show when=recursive>
                <label class="confirm-word">
                    {move || (words.get().confirm_prompt)(CONFIRM_WORD)}
                    <input type="text" autocomplete="off" spellcheck="false" bind:value=typed />
                </label>
            </Show>
            <DeleteCheckState />
            <div class="actions">
                <button type="button" class="secondary" autofocus on:click=move |_| close()>
                    {say(words, |w| w.cancel)}
                </button>
                <Show when=own_button>
                    <button
                        type="button"
                        class="danger"
                        disabled=move || !confirmed() || checking() || store.submitting().get()
                        on:click=delete
                    >
                        {move || (words.get().delete_confirm_button)(count())}
                    </button>
                </Show>
            </div>
        </Modal>
    }
}
