//! Jobs: a card per followed job (ID at once, status, progress, per-instance outcome with
//! the API's error code and message verbatim) and the recent-jobs history.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;

use super::ErrorNotice;
use crate::api::error::ApiError;
use crate::api::types::{ImageJob, JobStatus};
use crate::platform::{self, Alarm};
use crate::state::schedule::PollSchedule;
use crate::store::Store;

#[component]
pub fn JobPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let has_history = move || store.jobs.with(|jobs| !jobs.records().is_empty());
    view! {
        <section class="jobs" aria-label="Delete jobs">
            <For
                each=move || store.shown_jobs.get()
                key=|job_id| job_id.clone()
                children=|job_id| view! { <JobCard job_id /> }
            />
            <Show when=has_history>
                <JobHistoryList />
            </Show>
        </section>
    }
}

/// Where a followed job's polling stands.
#[derive(Clone, Debug, PartialEq)]
enum PollState {
    /// The next check is due at this time (ms since the epoch).
    Waiting {
        next_at: f64,
    },
    Checking,
    /// The last check failed; retrying at `next_at`.
    Retrying {
        error: ApiError,
        next_at: f64,
    },
    PausedHidden,
    /// Polling gave up after 30 minutes; "Check now" resumes.
    GaveUp,
    Done,
}

#[component]
fn JobCard(job_id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let job = RwSignal::new(None::<ImageJob>);
    let poll = RwSignal::new(PollState::Waiting {
        next_at: platform::now_ms(),
    });
    let alarm = StoredValue::new_local(Alarm::default());
    let record = {
        let job_id = job_id.clone();
        Memo::new(move |_| store.jobs.with(|jobs| jobs.find(&job_id).cloned()))
    };

    // The poll loop: owned by this card, cancelled with it.
    {
        let job_id = job_id.clone();
        spawn_local_scoped_with_cancellation(async move {
            let alarm = alarm.get_value();
            let mut schedule = PollSchedule::new(platform::now_ms());
            let mut delay = schedule.next_delay_ms();
            loop {
                if schedule.expired(platform::now_ms()) {
                    poll.set(PollState::GaveUp);
                    // Only "Check now" rings this alarm.
                    alarm.sleep(f64::from(i32::MAX)).await;
                    schedule.restart(platform::now_ms());
                } else {
                    alarm.sleep(delay).await;
                }
                while platform::page_hidden() {
                    poll.set(PollState::PausedHidden);
                    alarm.sleep(f64::from(i32::MAX)).await;
                }
                // Read at each check: the card may mount before the configuration is in the
                // store, and settings (the token) may change while it polls.
                let Some(client) = store.client.get_untracked() else {
                    delay = schedule.delay_after_failure_ms(None, platform::random());
                    poll.set(PollState::Waiting {
                        next_at: platform::now_ms() + delay,
                    });
                    continue;
                };
                poll.set(PollState::Checking);
                match client.job(&job_id).await {
                    Ok(latest) => {
                        let status = latest.status.clone();
                        job.set(Some(latest));
                        if status.is_terminal() {
                            poll.set(PollState::Done);
                            store.announce(format!("Job {job_id} ended: {}.", status.label()));
                            store.job_finished(&job_id, status.raw());
                            return;
                        }
                        delay = schedule.next_delay_ms();
                        poll.set(PollState::Waiting {
                            next_at: platform::now_ms() + delay,
                        });
                    }
                    Err(error) => {
                        delay = schedule
                            .delay_after_failure_ms(error.retry_after_secs, platform::random());
                        poll.set(PollState::Retrying {
                            error,
                            next_at: platform::now_ms() + delay,
                        });
                    }
                }
            }
        });
    }

    // Back in view: check at once.
    let on_visible = Closure::<dyn Fn()>::new(move || {
        if !platform::page_hidden() {
            alarm.with_value(Alarm::ring);
        }
    });
    if let Some(document) = web_sys::window().and_then(|window| window.document()) {
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
        let listener = SendWrapper::new((document, on_visible));
        on_cleanup(move || {
            let (document, on_visible) = listener.take();
            let _ = document.remove_event_listener_with_callback(
                "visibilitychange",
                on_visible.as_ref().unchecked_ref(),
            );
        });
    }

    let copied = RwSignal::new(false);
    let copy = {
        let job_id = job_id.clone();
        move |_| {
            let job_id = job_id.clone();
            // Scoped to the card: a card dismissed while the clipboard answers is not written.
            spawn_local_scoped_with_cancellation(async move {
                copied.set(platform::copy_to_clipboard(&job_id).await);
            });
        }
    };
    let finished = move || matches!(poll.get(), PollState::Done);
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

    view! {
        <article class=tone aria-label=format!("Delete job {job_id}") data-job-id=job_id.clone()>
            <header>
                <h2>
                    {move || if finished() { "Delete job finished" } else { "Delete job in progress" }}
                </h2>
                <p class="job-id">
                    "Job ID "
                    <code>{job_id.clone()}</code>
                    " "
                    <button type="button" class="secondary small" on:click=copy>
                        "Copy job ID"
                    </button>
                    <span class="copied" role="status">
                        {move || copied.get().then_some("Copied")}
                    </span>
                </p>
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
                                platform::local_time(record.submitted_at_ms as f64),
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
            {move || {
                job.get()
                    .map(|job| {
                        let total = job.total_sub_jobs();
                        let done = job.finished_sub_jobs();
                        view! {
                            <p class="job-progress">
                                <progress max=total.max(1) as f64 value=done as f64></progress>
                                {format!(" {done} of {total} instances processed")}
                            </p>
                        }
                    })
            }}
            <p class="poll-state">
                {move || match poll.get() {
                    PollState::Waiting { next_at } => {
                        view! { "Next check at " <Moment ms=next_at /> }.into_any()
                    }
                    PollState::Checking => "Checking…".into_any(),
                    PollState::Retrying { next_at, .. } => {
                        view! { "Retrying at " <Moment ms=next_at /> }.into_any()
                    }
                    PollState::PausedHidden => {
                        "Paused while this tab is hidden; it checks again when you come back."
                            .into_any()
                    }
                    PollState::GaveUp => {
                        "Stopped checking after 30 minutes: the job is still running. Use Check now to look again."
                            .into_any()
                    }
                    PollState::Done => ().into_any(),
                }}
            </p>
            {move || match poll.get() {
                PollState::Retrying { error, .. } => Some(view! {
                    <ErrorNotice title="Could not check the job (retrying)".into() error />
                }),
                _ => None,
            }}
            {move || job.get().filter(|job| job.status.is_terminal()).map(|job| view! { <Outcomes job /> })}
            <div class="actions">
                <Show when=move || !finished()>
                    <button type="button" class="secondary" on:click=move |_| alarm.with_value(Alarm::ring)>
                        "Check now"
                    </button>
                </Show>
                <Show when=finished>
                    <button type="button" class="secondary" on:click=dismiss.clone()>
                        "Dismiss"
                    </button>
                </Show>
            </div>
        </article>
    }
}

/// One line per instance, with the API's error code and message verbatim on failure.
#[component]
fn Outcomes(job: ImageJob) -> impl IntoView {
    let failed = job
        .sub_jobs
        .iter()
        .filter(|sub| sub.status.is_failure())
        .count();
    view! {
        <h3>{format!("Outcome: {} deleted, {failed} failed", job.sub_jobs.len() - failed)}</h3>
        <ul class="outcomes">
            {job
                .sub_jobs
                .into_iter()
                .map(|sub| {
                    let info = sub.job_execute_info;
                    let resource_id = sub.job_resource_info.resource_id;
                    let resource_name = sub.job_resource_info.resource_name;
                    let failure = sub.status.is_failure();
                    let resource_attribute = resource_id.clone();
                    view! {
                        <li class:failed=failure data-resource-id=resource_attribute>
                            <span class="name">{resource_name}</span>
                            " "
                            <code>{resource_id}</code>
                            ": "
                            <strong>{sub.status.label().to_owned()}</strong>
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
        </ul>
    }
}

#[component]
fn JobHistoryList() -> impl IntoView {
    let store = expect_context::<Store>();
    view! {
        <details class="history">
            <summary>{move || format!("Recent jobs ({})", store.jobs.with(|jobs| jobs.records().len()))}</summary>
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Job ID"</th>
                        <th scope="col">"Submitted"</th>
                        <th scope="col">"Instances"</th>
                        <th scope="col">"Associated resources"</th>
                        <th scope="col">"Final status"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || store.jobs.get().records().to_vec()
                        key=|record| (record.job_id.clone(), record.final_status.clone())
                        children=move |record| {
                            let job_id = record.job_id.clone();
                            view! {
                                <tr>
                                    <td><code>{record.job_id.clone()}</code></td>
                                    <td>{platform::local_time(record.submitted_at_ms as f64)}</td>
                                    <td>{record.instance_ids.len()}</td>
                                    <td>{if record.recursive { "deleted" } else { "kept" }}</td>
                                    <td>{record.final_status.clone().unwrap_or_else(|| "in progress".into())}</td>
                                    <td>
                                        <button type="button" class="secondary small" on:click=move |_| store.show_job(&job_id)>
                                            "Show"
                                        </button>
                                    </td>
                                </tr>
                            }
                        }
                    />
                </tbody>
            </table>
        </details>
    }
}

/// A point in time in the user's locale, with the exact instant in `datetime`.
#[component]
fn Moment(ms: f64) -> impl IntoView {
    view! { <time datetime=platform::iso_time(ms)>{platform::local_time(ms)}</time> }
}
