//! Parts of a job card: progress, where polling stands, and the outcome per instance with
//! the API's error code and message verbatim.

use leptos::prelude::*;

use super::moment::Moment;
use super::say;
use super::ErrorNotice;
use crate::hooks::PollState;
use crate::rules::outcomes::{deletes, OutcomeKind, OutcomeSummary};
use crate::rules::schedule::GIVE_UP_AFTER_MS;
use crate::store::Store;
use crate::wire::ImageJob;

/// "k of n instances processed", announced as it changes (the live region stays mounted so
/// screen readers follow its updates).
#[component]
pub fn JobProgress(job: ReadSignal<Option<ImageJob>>) -> impl IntoView {
    let words = expect_context::<Store>().words();
    view! {
        <p class="job-progress" role="status">
            {move || {
                job.get().map(|job| {
                    let total = job.total_sub_jobs();
                    let done = job.finished_sub_jobs();
                    view! {
                        <progress max=total.max(1) value=done></progress>
                        " "
                        {(words.get().job_progress)(done, total)}
                    }
                })
            }}
        </p>
    }
}

/// When the next check is, or why there is none.
#[component]
pub fn PollLine(state: ReadSignal<PollState>) -> impl IntoView {
    let words = expect_context::<Store>().words();
    view! {
        <p class="poll-state">
            {move || match state.get() {
                PollState::Waiting { next_at } => {
                    view! { {say(words, |w| w.next_check_at)} <Moment ms=next_at /> }.into_any()
                }
                PollState::Checking => words.get().checking.into_any(),
                PollState::Retrying { next_at, .. } => {
                    view! { {say(words, |w| w.retrying_at)} <Moment ms=next_at /> }.into_any()
                }
                PollState::PausedHidden => words.get().paused_hidden.into_any(),
                PollState::GaveUp => (words.get().gave_up)((GIVE_UP_AFTER_MS / 60_000.0) as u32).into_any(),
                PollState::Done => ().into_any(),
            }}
        </p>
        {move || match state.get() {
            PollState::Retrying { error, .. } => Some(view! {
                <ErrorNotice title=|w| w.poll_error_title error />
            }),
            _ => None,
        }}
    }
}

/// One line per instance, counted honestly, and the submitted ids the service did not find.
#[component]
pub fn Outcomes(job: ImageJob, submitted: Vec<String>) -> impl IntoView {
    let words = expect_context::<Store>().words();
    let summary = OutcomeSummary::of(&job, &submitted);
    let deletes = deletes(&job.job_type);
    let heading = {
        let summary = summary.clone();
        move || (words.get().outcome_heading)(&summary, deletes)
    };
    view! {
        <h3>{heading}</h3>
        <ul class="outcomes">
            {job
                .sub_jobs
                .into_iter()
                .map(|sub| {
                    let info = sub.job_execute_info;
                    let resource_id = sub.job_resource_info.resource_id;
                    let kind = OutcomeKind::of(&sub.status);
                    let status = sub.status.clone();
                    let resource_attribute = resource_id.clone();
                    view! {
                        <li
                            class:failed=kind == OutcomeKind::Failed
                            class:other-outcome=kind == OutcomeKind::Other
                            data-resource-id=resource_attribute
                        >
                            <span class="name">{sub.job_resource_info.resource_name}</span>
                            " "
                            <code>{resource_id}</code>
                            ": "
                            <strong>{move || words.get().sub_job_outcome(&status, deletes)}</strong>
                            " "
                            <code class="raw-status">{sub.status.raw().to_owned()}</code>
                            {(!info.error_code.is_empty())
                                .then(|| view! { " · " <code class="error-code">{info.error_code}</code> })}
                            {(!info.error_message.is_empty())
                                .then(|| view! { " · " <span class="error-message">{info.error_message}</span> })}
                        </li>
                    }
                })
                .collect_view()}
            {summary
                .not_found
                .into_iter()
                .map(|id| {
                    let attribute = id.clone();
                    view! {
                        <li class="not-found" data-resource-id=attribute>
                            <code>{id}</code>
                            ": "
                            <strong>{say(words, |w| w.not_found_outcome)}</strong>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
