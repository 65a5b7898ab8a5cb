//! One followed job: its ID at once, status, progress and, once it ends, the outcome per
//! instance.

use leptos::prelude::*;

use super::export_buttons::ExportButtons;
use super::job_outcome::{JobProgress, Outcomes, PollLine};
use crate::hooks::{use_clipboard, use_job_poller, use_local_time, PollState};
use crate::store::Store;
use crate::wire::{JobStatus, JobType};

#[component]
pub fn JobCard(job_id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let poll = use_job_poller(job_id.clone());
    let jobs = store.jobs();
    let record = {
        let job_id = job_id.clone();
        Memo::new(move |_| jobs.with(|jobs| jobs.find(&job_id).cloned()))
    };
    let job = poll.job;
    let finished = move || matches!(poll.state.get(), PollState::Done);
    let status = move || job.with(|job| job.as_ref().map(|job| job.status.clone()));
    // Until the API names the type, the card is a delete job's (those are started here).
    let kind = move || {
        job.with(|job| match job.as_ref().map(|job| &job.job_type) {
            Some(JobType::CreateServer) => "Create job",
            Some(JobType::CreateServerImage) => "Image build job",
            _ => "Delete job",
        })
    };
    let remembered = move || record.with(Option::is_some);
    let tone = move || match status() {
        Some(JobStatus::Success) => "notice success job-card",
        Some(JobStatus::Failed) => "notice error job-card",
        _ => "notice info job-card",
    };
    let dismiss = {
        let job_id = job_id.clone();
        move |_| store.dismiss_job(&job_id)
    };
    let export_id = job_id.clone();

    view! {
        <article
            class=tone
            aria-label={
                let job_id = job_id.clone();
                move || format!("{} {job_id}", kind())
            }
            data-job-id=job_id.clone()
            tabindex="-1"
        >
            <header>
                <h2>
                    {move || format!("{} {}", kind(), if finished() { "finished" } else { "in progress" })}
                </h2>
                <JobIdLine job_id=job_id.clone() />
            </header>
            <p class="job-meta">
                {move || {
                    record
                        .get()
                        .map(|record| {
                            format!(
                                "{} instance{} · associated resources {} · submitted {}",
                                record.instance_ids.len(),
                                if record.instance_ids.len() == 1 { "" } else { "s" },
                                if record.recursive { "deleted too" } else { "kept" },
                                use_local_time(record.submitted_at_ms as f64).local,
                            )
                        })
                }}
            </p>
            <p class="job-status">
                "Status: "
                {move || match status() {
                    Some(status) => view! {
                        <strong>{status.label().to_owned()}</strong>
                        " "
                        <code class="raw-status">{status.raw().to_owned()}</code>
                    }
                        .into_any(),
                    None => view! { <strong>"Not checked yet"</strong> }.into_any(),
                }}
            </p>
            <JobProgress job />
            <PollLine state=poll.state />
            {move || {
                job.get()
                    .filter(|job| job.status.is_terminal())
                    .map(|job| {
                        let submitted = record
                            .get()
                            .map(|record| record.instance_ids)
                            .unwrap_or_default();
                        view! { <Outcomes job submitted /> }
                    })
            }}
            <div class="actions">
                <Show when=move || !finished()>
                    <button type="button" class="secondary" on:click=move |_| poll.check_now()>
                        "Check now"
                    </button>
                </Show>
                <Show when=finished>
                    <button type="button" class="secondary" on:click=dismiss.clone()>
                        "Dismiss"
                    </button>
                </Show>
                // Receipts are of this browser's delete requests only.
                <Show when=move || finished() && remembered()>
                    <ExportButtons job_id=Some(export_id.clone()) />
                </Show>
            </div>
        </article>
    }
}

/// The job ID as text, with a button that copies it.
#[component]
fn JobIdLine(job_id: String) -> impl IntoView {
    let (copied, copy) = use_clipboard();
    let copied_id = job_id.clone();
    view! {
        <p class="job-id">
            "Job ID "
            <code>{job_id}</code>
            " "
            <button type="button" class="secondary small" on:click=move |_| copy(copied_id.clone())>
                "Copy job ID"
            </button>
            <span class="copied" role="status">
                {move || copied.get().then_some("Copied")}
            </span>
        </p>
    }
}
