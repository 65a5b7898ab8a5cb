//! One followed job: its ID at once, status, progress and, once it ends, the outcome per
//! instance.

use leptos::prelude::*;

use super::export_buttons::ExportButtons;
use super::job_outcome::{JobProgress, Outcomes, PollLine};
use super::say;
use crate::hooks::{use_clipboard, use_job_poller, use_local_time, PollState};
use crate::store::Store;
use crate::wire::JobStatus;

#[component]
pub fn JobCard(job_id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
    let poll = use_job_poller(job_id.clone());
    let (copied, copy) = use_clipboard();
    let jobs = store.jobs();
    let record = {
        let job_id = job_id.clone();
        Memo::new(move |_| jobs.with(|jobs| jobs.find(&job_id).cloned()))
    };
    let job = poll.job;
    let finished = move || matches!(poll.state.get(), PollState::Done);
    let status = move || job.with(|job| job.as_ref().map(|job| job.status.clone()));
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
        move || (words.get().job_card_label)(&job_id)
    };
    let copy_id = {
        let job_id = job_id.clone();
        move |_| copy(job_id.clone())
    };

    view! {
        <article class=tone aria-label=card_label data-job-id=job_id.clone()>
            <header>
                <h2>
                    {move || if finished() { words.get().job_finished } else { words.get().job_in_progress }}
                </h2>
                <p class="job-id">
                    {say(words, |w| w.job_id)}
                    " "
                    <code>{job_id.clone()}</code>
                    " "
                    <button type="button" class="secondary small" on:click=copy_id>
                        {say(words, |w| w.copy_job_id)}
                    </button>
                    <span class="copied" role="status">
                        {move || copied.get().then_some(words.get().copied)}
                    </span>
                </p>
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
                    <ExportButtons job_id=Some(export_id.clone()) />
                </Show>
            </div>
        </article>
    }
}
