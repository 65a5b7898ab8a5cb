//! One page of the job centre: a row per job, as the API listed it, with a button that opens
//! the job's card (its outcome per instance, read from the show-job API).

use leptos::prelude::*;

use super::moment::Moment;
use super::say;
use crate::hooks::use_reveal;
use crate::rules::time::parse_utc_ms;
use crate::store::Store;
use crate::wire::ImageJobSummary;

#[component]
pub fn JobCentreTable(jobs: Vec<ImageJobSummary>) -> impl IntoView {
    let words = expect_context::<Store>().words();
    if jobs.is_empty() {
        return view! { <p class="empty">{say(words, |w| w.no_jobs_on_page)}</p> }.into_any();
    }
    view! {
        <table id="job-centre-table">
            <thead>
                <tr>
                    <th scope="col">{say(words, |w| w.job_id)}</th>
                    <th scope="col">{say(words, |w| w.column_job_type)}</th>
                    <th scope="col">{say(words, |w| w.column_status)}</th>
                    <th scope="col">{say(words, |w| w.column_sub_jobs)}</th>
                    <th scope="col">{say(words, |w| w.column_began)}</th>
                    <th scope="col">{say(words, |w| w.column_ended)}</th>
                    <th scope="col"><span class="visually-hidden">{say(words, |w| w.history_actions)}</span></th>
                </tr>
            </thead>
            <tbody>{jobs.into_iter().map(|job| view! { <JobRow job /> }).collect_view()}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn JobRow(job: ImageJobSummary) -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
    let reveal = use_reveal();
    let open_id = job.id.clone();
    // A row without an id cannot be opened; it is shown all the same.
    let openable = !job.id.is_empty();
    let (job_type, status) = (job.job_type.clone(), job.status.clone());
    let type_words = move || words.get().job_type(&job_type).to_owned();
    let status_words = move || words.get().job_status(&status).to_owned();
    let open_label = {
        let job_id = job.id.clone();
        move || (words.get().open_job)(&job_id)
    };
    view! {
        <tr data-job-id=job.id.clone() data-status=job.status.raw().to_owned()>
            <td><code>{job.id.clone()}</code></td>
            <td>{labelled(type_words, job.job_type.raw())}</td>
            <td>{labelled(status_words, job.status.raw())}</td>
            <td>{job.sub_jobs_total.map(|total| total.to_string()).unwrap_or_default()}</td>
            <td>{moment(&job.begin_time)}</td>
            <td>{moment(&job.end_time)}</td>
            <td>
                <button
                    type="button"
                    class="secondary small"
                    disabled=!openable
                    aria-label=open_label
                    on:click=move |_| {
                        store.show_job(&open_id);
                        reveal("data-job-id", open_id.clone());
                    }
                >
                    {say(words, |w| w.open)}
                </button>
            </td>
        </tr>
    }
}

/// Words and the raw value, or "Not given" when the API left it out.
fn labelled(words: impl Fn() -> String + Send + Sync + 'static, raw: &str) -> impl IntoView {
    if raw.is_empty() {
        let not_given = say(expect_context::<Store>().words(), |w| w.not_given);
        return view! { <span class="not-given">{not_given}</span> }.into_any();
    }
    view! { {words} " " <code class="raw-status">{raw.to_owned()}</code> }.into_any()
}

/// A time in the local form, the API's text when it cannot be read, nothing when absent.
fn moment(text: &str) -> impl IntoView {
    match parse_utc_ms(text) {
        Some(ms) => view! { <Moment ms=ms as f64 /> }.into_any(),
        None => text.to_owned().into_any(),
    }
}
