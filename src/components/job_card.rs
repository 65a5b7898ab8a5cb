//! One followed job: its ID at once, status, progress and, once it ends, the outcome per
//! instance.

use leptos::prelude::*;

use super::export_buttons::ExportButtons;
use super::job_id_line::JobIdLine;
use super::job_outcome::{JobProgress, Outcomes, PollLine};
use super::say;
use crate::hooks::{use_job_poller, use_local_time, PollState};
use crate::store::Store;
use crate::wire::{JobStatus, JobType};

#[component]
pub fn JobCard(job_id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
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
        let words = words.get();
        job.with(|job| {
            (words.job_kind)(
                job.as_ref()
                    .map_or(&JobType::DeleteServer, |job| &job.job_type),
            )
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
    let card_label = {
        let job_id = job_id.clone();
        move || (words.get().job_card_label)(kind(), &job_id)
    };

    view! {
        <article class=tone aria-label=card_label data-job-id=job_id.clone() tabindex="-1">
            <header>
                <h2>
                    {move || {
                        let words = words.get();
                        if finished() { (words.job_finished)(kind()) } else { (words.job_in_progress)(kind()) }
                    }}
                </h2>
                <JobIdLine job_id=job_id.clone() />
            </header>
            <p class="job-meta">
                {move || {
                    record
                        .get()
                        .map(|record| {
                            (words.get().job_meta)(
                                record.instance_ids.len(),
                                record.recursive,
                                &use_local_time(record.submitted_at_ms as f64, store.locale().get()).local,
                            )
                        })
                }}
            </p>
            <p class="job-status">
                {say(words, |w| w.status_prefix)}
                {move || match status() {
                    Some(status) => view! {
                        <strong>{words.get().job_status(&status).to_owned()}</strong>
                        " "
                        <code class="raw-status">{status.raw().to_owned()}</code>
                    }
                        .into_any(),
                    None => view! { <strong>{say(words, |w| w.not_checked_yet)}</strong> }.into_any(),
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
                        {say(words, |w| w.check_now)}
                    </button>
                </Show>
                <Show when=finished>
                    <button type="button" class="secondary" on:click=dismiss.clone()>
                        {say(words, |w| w.dismiss)}
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
