//! Jobs: a card per followed job and the recent-jobs history.

use leptos::prelude::*;

use super::job_card::JobCard;
use super::job_history::JobHistoryList;
use super::say;
use crate::store::Store;

#[component]
pub fn JobPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let jobs = store.jobs();
    let words = store.words();
    let has_history = move || jobs.with(|jobs| !jobs.records().is_empty());
    view! {
        <section class="jobs" aria-label=say(words, |w| w.jobs_label)>
            <For
                each=move || store.shown_jobs().get()
                key=|job_id| job_id.clone()
                children=|job_id| view! { <JobCard job_id /> }
            />
            <Show when=has_history>
                <JobHistoryList />
            </Show>
        </section>
    }
}
