//! The job centre: the project's jobs as the list-jobs API gives them, including jobs this
//! browser never started, one type and status at a time, a page at a time.

use leptos::prelude::*;

use super::job_centre_filters::JobCentreFilters;
use super::job_centre_pager::JobCentrePager;
use super::job_centre_table::JobCentreTable;
use super::say;
use super::ErrorNotice;
use crate::store::{CentreLoad, Store};

#[component]
pub fn JobCentre() -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
    let load = store.centre_load();
    view! {
        <section class="job-centre" aria-labelledby="job-centre-heading">
            <h2 id="job-centre-heading">{say(words, |w| w.view_job_centre)}</h2>
            <p class="hint">{say(words, |w| w.job_centre_hint)}</p>
            <JobCentreFilters />
            {move || match load.get() {
                CentreLoad::Idle => ().into_any(),
                CentreLoad::Loading => {
                    view! { <p class="loading" role="status">{say(words, |w| w.loading_jobs)}</p> }.into_any()
                }
                CentreLoad::Failed(error) => view! {
                    <ErrorNotice title=|w| w.load_jobs_failed error />
                    <p class="actions">
                        <button type="button" on:click=move |_| store.reload_job_centre()>
                            {say(words, |w| w.retry)}
                        </button>
                    </p>
                }
                    .into_any(),
                CentreLoad::Loaded(page) => view! {
                    <JobCentreTable jobs=page.items.clone() />
                    <JobCentrePager shown=page.items.len() total=page.count />
                }
                    .into_any(),
            }}
        </section>
    }
}
