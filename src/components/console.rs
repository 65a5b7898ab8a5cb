//! The configured console: warnings, job panel, toolbar, selection bar and table.

use leptos::prelude::*;

use super::interrupted::InterruptedSubmissions;
use super::say;
use super::{InstanceTable, JobPanel, SelectionBar, Toolbar};
use crate::store::Store;

#[component]
pub fn Console() -> impl IntoView {
    view! {
        <StorageWarning />
        <InterruptedSubmissions />
        <JobPanel />
        <Toolbar />
        <SelectionBar />
        <InstanceTable />
    }
}

/// A problem saving to this browser's storage, shown until dismissed.
#[component]
fn StorageWarning() -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
    move || {
        store.storage_warning().get().map(|warning| {
            view! {
                <div class="notice warning" role="alert">
                    <p>{warning}</p>
                    <button type="button" on:click=move |_| store.dismiss_storage_warning()>
                        {say(words, |w| w.dismiss)}
                    </button>
                </div>
            }
        })
    }
}
