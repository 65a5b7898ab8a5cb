//! The table's header checkbox.

use leptos::prelude::*;

use crate::rules::selection::MAX_BATCH;
use crate::store::Store;

/// Selects up to the cap of the visible eligible rows, or clears them when all are selected.
#[component]
pub fn SelectAllCheckbox() -> impl IntoView {
    let store = expect_context::<Store>();
    let state = Memo::new(move |_| store.header_state());
    view! {
        <input
            type="checkbox"
            aria-label=(store.messages().select_all)(MAX_BATCH)
            prop:checked=move || state.get().all
            prop:indeterminate=move || state.get().some
            disabled=move || state.get().none_selectable
            on:click=move |_| store.toggle_all_visible()
        />
    }
}
