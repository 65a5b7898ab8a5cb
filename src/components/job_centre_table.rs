//! One page of the job centre: a row per job, as the API listed it, with a button that opens
//! the job's card (its outcome per instance, read from the show-job API).

use leptos::prelude::*;

use crate::hooks::{use_local_time, use_reveal};
use crate::rules::time::parse_utc_ms;
use crate::store::Store;
use crate::wire::ImageJobSummary;

#[component]
pub fn JobCentreTable(jobs: Vec<ImageJobSummary>) -> impl IntoView {
    if jobs.is_empty() {
        return view! { <p class="empty">"No jobs match on this page."</p> }.into_any();
    }
    view! {
        <table id="job-centre-table">
            <thead>
                <tr>
                    <th scope="col">"Job ID"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Sub-jobs"</th>
                    <th scope="col">"Began"</th>
                    <th scope="col">"Ended"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
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
    let reveal = use_reveal();
    let open_id = job.id.clone();
    // A row without an id cannot be opened; it is shown all the same.
    let openable = !job.id.is_empty();
    view! {
        <tr data-job-id=job.id.clone() data-status=job.status.raw().to_owned()>
            <td><code>{job.id.clone()}</code></td>
            <td>{labelled(job.job_type.label(), job.job_type.raw())}</td>
            <td>{labelled(job.status.label(), job.status.raw())}</td>
            <td>{job.sub_jobs_total.map(|total| total.to_string()).unwrap_or_default()}</td>
            <td>{moment(&job.begin_time)}</td>
            <td>{moment(&job.end_time)}</td>
            <td>
                <button
                    type="button"
                    class="secondary small"
                    disabled=!openable
                    aria-label=format!("Open job {}", job.id)
                    on:click=move |_| {
                        store.show_job(&open_id);
                        reveal("data-job-id", open_id.clone());
                    }
                >
                    "Open"
                </button>
            </td>
        </tr>
    }
}

/// Words and the raw value, or "Not given" when the API left it out.
fn labelled(label: &str, raw: &str) -> impl IntoView {
    if raw.is_empty() {
        return view! { <span class="not-given">"Not given"</span> }.into_any();
    }
    view! { {label.to_owned()} " " <code class="raw-status">{raw.to_owned()}</code> }.into_any()
}

/// A time in the local form, the API's text when it cannot be read, nothing when absent.
fn moment(text: &str) -> impl IntoView {
    match parse_utc_ms(text) {
        Some(ms) => {
            let time = use_local_time(ms as f64);
            view! { <time datetime=time.iso>{time.local}</time> }.into_any()
        }
        None => text.to_owned().into_any(),
    }
}
