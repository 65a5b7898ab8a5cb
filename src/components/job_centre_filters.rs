//! The job centre's filters: the job type (the API lists one type at a time) and the status.

use leptos::prelude::*;

use super::say;
use crate::rules::job_centre::ALL_TYPES;
use crate::store::Store;
use crate::wire::{JobStatus, JobType};

#[component]
pub fn JobCentreFilters() -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
    let query = store.centre_query();
    let type_value = move || {
        query
            .with(|query| {
                query.as_ref().map(|query| {
                    query
                        .job_type
                        .as_ref()
                        .map_or(ALL_TYPES, |job_type| job_type.raw())
                        .to_owned()
                })
            })
            .unwrap_or_default()
    };
    let status_value = move || {
        query
            .with(|query| {
                query
                    .as_ref()
                    .and_then(|query| query.status.as_ref().map(|s| s.raw().to_owned()))
            })
            .unwrap_or_default()
    };
    view! {
        <div class="toolbar job-centre-filters">
            <label>
                {say(words, |w| w.job_type_label)}
                <select
                    name="job_type"
                    prop:value=type_value
                    on:change=move |event| {
                        let raw = event_target_value(&event);
                        store.filter_jobs_by_type((raw != ALL_TYPES).then(|| JobType::parse(&raw)))
                    }
                >
                    <option value=ALL_TYPES selected=move || type_value() == ALL_TYPES>
                        {say(words, |w| w.all_job_types)}
                    </option>
                    {JobType::KNOWN
                        .iter()
                        .map(|job_type| {
                            let value = job_type.raw().to_owned();
                            let selected = move || type_value() == value;
                            view! {
                                <option value=job_type.raw().to_owned() selected=selected>
                                    {move || words.get().job_type(job_type).to_owned()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                {say(words, |w| w.status)}
                <select
                    name="job_status"
                    prop:value=status_value
                    on:change=move |event| {
                        let raw = event_target_value(&event);
                        store.filter_jobs_by_status((!raw.is_empty()).then(|| JobStatus::parse(&raw)))
                    }
                >
                    <option value="">{say(words, |w| w.all_statuses)}</option>
                    {JobStatus::KNOWN
                        .iter()
                        .map(|status| {
                            let value = status.raw().to_owned();
                            let selected = move || status_value() == value;
                            view! {
                                <option value=status.raw().to_owned() selected=selected>
                                    {move || words.get().job_status(status).to_owned()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="button" on:click=move |_| store.reload_job_centre()>
                {say(words, |w| w.refresh_jobs)}
            </button>
        </div>
    }
}
