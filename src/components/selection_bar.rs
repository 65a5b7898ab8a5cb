//! The selection's counter and limits, the "associated resources" flag with its warning,
//! and the Delete button with its confirmation.

use leptos::prelude::*;

use super::dialog::Modal;
use super::ErrorNotice;
use crate::state::selection::MAX_BATCH;
use crate::store::Store;

/// What must be typed to delete associated resources too.
const CONFIRM_WORD: &str = "confirm";

#[component]
pub fn SelectionBar() -> impl IntoView {
    let store = expect_context::<Store>();
    let warning_open = RwSignal::new(false);
    let delete_open = RwSignal::new(false);
    let count = Memo::new(move |_| store.selected_count());
    let hidden_by_filter = move || store.selected_hidden();

    view! {
        <section class="selection-bar" aria-label="Selection and actions">
            <p class="counter" aria-live="polite">
                <strong>{move || format!("{} of {MAX_BATCH} selected", count.get())}</strong>
                {move || match hidden_by_filter() {
                    0 => None,
                    hidden => Some(format!(" ({hidden} not shown by the current search or filter)")),
                }}
            </p>
            <Show when=move || store.at_cap.get()>
                <p class="cap-message" role="status">
                    {format!(
                        "You have selected the maximum: at most {MAX_BATCH} instances can be deleted per request.",
                    )}
                </p>
            </Show>
            {move || store.bulk_message.get().map(|message| view! { <p class="cap-message" role="status">{message}</p> })}
            <div class="actions">
                <button
                    type="button"
                    class="secondary"
                    disabled=move || count.get() == 0
                    on:click=move |_| store.clear_selection()
                >
                    "Clear selection"
                </button>
                <RecursiveFlag warning_open />
                <button
                    type="button"
                    class="danger"
                    disabled=move || count.get() == 0 || store.submitting.get()
                    on:click=move |_| delete_open.set(true)
                >
                    {move || match count.get() {
                        0 => "Delete".to_owned(),
                        1 => "Delete 1 instance…".to_owned(),
                        n => format!("Delete {n} instances…"),
                    }}
                </button>
            </div>
            // While the PATCH is in flight nothing can send it again; say what is happening.
            <Show when=move || store.submitting.get()>
                <p class="submitting notice info" role="status">
                    "Sending the delete request… It is sent once; its job ID appears here as soon as the API answers."
                </p>
            </Show>
            {move || {
                store
                    .submit_error
                    .get()
                    .map(|error| {
                        let title = if error.outcome_unknown() {
                            "The delete request got no usable answer: it may or may not have been carried out. It was not sent again; the list is being refreshed, so check the instances' status before trying again"
                        } else {
                            "The delete request failed; nothing was deleted by this console and your selection is kept"
                        };
                        view! { <ErrorNotice title=title.into() error /> }
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
    view! {
        <label class="recursive">
            <input
                type="checkbox"
                id="recursive"
                prop:checked=move || store.recursive.get()
                on:click=move |event| {
                    if store.recursive.get_untracked() {
                        store.recursive.set(false);
                    } else {
                        // Not ticked until the warning is confirmed.
                        event.prevent_default();
                        warning_open.set(true);
                    }
                }
            />
            "Also delete associated resources (server group, servers, application group)"
        </label>
    }
}

#[component]
fn RecursiveWarning(open: RwSignal<bool>) -> impl IntoView {
    let store = expect_context::<Store>();
    let cancel = move || open.set(false);
    view! {
        <Modal
            open=open
            on_cancel=move |_| cancel()
            role="alertdialog"
            labelledby="recursive-title"
            describedby="recursive-text"
            class="warning"
        >
            <h2 id="recursive-title">"Delete associated resources too?"</h2>
            <div class="notice warning" role="alert" id="recursive-text">
                <p>
                    "The associated server groups, servers and application groups of each selected image instance will be deleted as well. "
                    <strong>"Their applications become unavailable to users."</strong>
                    " The images already built are kept."
                </p>
            </div>
            <div class="actions">
                <button type="button" class="secondary" autofocus on:click=move |_| cancel()>
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="danger"
                    on:click=move |_| {
                        store.recursive.set(true);
                        open.set(false);
                    }
                >
                    "Confirm: delete associated resources"
                </button>
            </div>
        </Modal>
    }
}

/// Lists what will be deleted; with associated resources, asks for the word "confirm".
#[component]
fn DeleteDialog(open: RwSignal<bool>) -> impl IntoView {
    let store = expect_context::<Store>();
    let typed = RwSignal::new(String::new());
    // Fixed when the dialog opens, so what is sent is exactly what was shown.
    let snapshot = RwSignal::new((Vec::new(), false));
    Effect::new(move |_| {
        if open.get() {
            typed.set(String::new());
            snapshot.set((store.selected_entries(), store.recursive.get_untracked()));
        }
    });
    let recursive = move || snapshot.with(|(_, recursive)| *recursive);
    let confirmed = move || !recursive() || typed.with(|text| text.trim() == CONFIRM_WORD);
    let count = move || snapshot.with(|(entries, _)| entries.len());
    let close = move || open.set(false);
    let delete = move |_| {
        if !confirmed() || store.submitting.get_untracked() {
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
                {move || match count() {
                    1 => "Delete 1 image instance?".to_owned(),
                    n => format!("Delete {n} image instances?"),
                }}
            </h2>
            <p id="delete-summary">
                {move || {
                    if recursive() {
                        "Associated resources WILL be deleted too: server groups, servers and application groups. Their applications become unavailable."
                    } else {
                        "Associated resources are kept: only the image instance records are deleted."
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
                    {format!("To confirm, type \"{CONFIRM_WORD}\"")}
                    <input type="text" autocomplete="off" spellcheck="false" bind:value=typed />
                </label>
            </Show>
            <div class="actions">
                <button type="button" class="secondary" autofocus on:click=move |_| close()>
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="danger"
                    disabled=move || !confirmed() || store.submitting.get()
                    on:click=delete
                >
                    {move || format!("Delete {}", match count() { 1 => "1 instance".to_owned(), n => format!("{n} instances") })}
                </button>
            </div>
        </Modal>
    }
}
