//! The configured console: warnings, job panel, then the instances (toolbar, selection bar
//! and table) or the job centre.

use leptos::prelude::*;

use super::interrupted::InterruptedSubmissions;
use super::job_centre::JobCentre;
use super::say;
use super::view_switch::ViewSwitch;
use super::{InstanceTable, JobPanel, SelectionBar, Toolbar};
use crate::store::Store;

#[component]
pub fn Console() -> impl IntoView {
    let store = expect_context::<Store>();
    let centre = store.centre_query();
    view! {
        <StorageWarning />
        <InterruptedSubmissions />
        <JobPanel />
        <ViewSwitch />
        <Show
            when=move || centre.with(Option::is_some)
            fallback=|| view! { <Toolbar /> <SelectionBar /> <InstanceTable /> }
        >
            <JobCentre />
        </Show>
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
