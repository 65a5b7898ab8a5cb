//! The job centre's filters: the job type (the API lists one type at a time) and the status.

use leptos::prelude::*;

use super::say;
use crate::i18n::Messages;
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
                    {known_options(JobType::KNOWN, JobType::raw, |w, t| w.job_type(t), type_value)}
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
                    {known_options(JobStatus::KNOWN, JobStatus::raw, |w, s| w.job_status(s), status_value)}
                </select>
            </label>
            <button type="button" on:click=move |_| store.reload_job_centre()>
                {say(words, |w| w.refresh_jobs)}
            </button>
        </div>
    }
}

/// An option per value the console knows (its raw value, its words in the language shown),
/// selected while `current` names it.
fn known_options<T: Sync>(
    known: &'static [T],
    raw: fn(&T) -> &str,
    words_of: fn(&'static Messages, &'static T) -> &'static str,
    current: impl Fn() -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let words = expect_context::<Store>().words();
    known
        .iter()
        .map(|value| {
            let value_raw = raw(value);
            view! {
                <option value=value_raw selected=move || current() == value_raw>
                    {move || words_of(words.get(), value)}
                </option>
            }
        })
        .collect_view()
}
