//! Follows one delete job until it ends: checks on the schedule of
//! [`crate::rules::schedule::PollSchedule`], pauses while the tab is hidden and checks at
//! once when it is shown again, gives up after 30 minutes until "Check now".
//!
//! ```ignore
//! let poll = use_job_poller(job_id.clone());
//! view! { <p>{move || format!("{:?}", poll.state.get())}</p> <button on:click=move |_| poll.check_now()>"Check now"</button> }
//! ```
//! The loop and its timer belong to the calling view and end with it.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use super::use_page_visibility;
use crate::api::error::ApiError;
use crate::browser::clock;
use crate::browser::timers::Alarm;
use crate::rules::schedule::PollSchedule;
use crate::store::Store;
use crate::wire::ImageJob;

/// Where a followed job's polling stands.
#[derive(Clone, Debug, PartialEq)]
pub enum PollState {
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
    /// Polling gave up; "Check now" resumes.
    GaveUp,
    Done,
}

/// A followed job: its latest state and a way to check at once.
#[derive(Clone, Copy)]
pub struct JobPoll {
    pub job: ReadSignal<Option<ImageJob>>,
    pub state: ReadSignal<PollState>,
    alarm: StoredValue<Alarm, LocalStorage>,
}

impl JobPoll {
    /// Ends the current wait: the next check happens now.
    pub fn check_now(&self) {
        self.alarm.with_value(Alarm::ring);
    }
}

pub fn use_job_poller(job_id: String) -> JobPoll {
    let store = expect_context::<Store>();
    let job = RwSignal::new(None::<ImageJob>);
    let state = RwSignal::new(PollState::Waiting {
        next_at: clock::now_ms(),
    });
    let alarm = StoredValue::new_local(Alarm::default());
    let visible = use_page_visibility();
    // Back in view: check at once.
    Effect::watch(
        move || visible.get(),
        move |visible, _, _| {
            if *visible {
                alarm.with_value(Alarm::ring);
            }
        },
        false,
    );

    spawn_local_scoped_with_cancellation(async move {
        let alarm = alarm.get_value();
        let mut schedule = PollSchedule::new(clock::now_ms());
        let mut delay = schedule.next_delay_ms();
        loop {
            if schedule.expired(clock::now_ms()) {
                state.set(PollState::GaveUp);
                // Only "Check now" rings this alarm.
                alarm.sleep(f64::from(i32::MAX)).await;
                schedule.restart(clock::now_ms());
            } else {
                alarm.sleep(delay).await;
            }
            while !visible.get_untracked() {
                state.set(PollState::PausedHidden);
                alarm.sleep(f64::from(i32::MAX)).await;
            }
            // Read at each check: the card may mount before the configuration is in the
            // store, and settings (the token) may change while it polls.
            let Some(client) = store.client() else {
                delay = schedule.delay_after_failure_ms(None, clock::random());
                state.set(PollState::Waiting {
                    next_at: clock::now_ms() + delay,
                });
                continue;
            };
            state.set(PollState::Checking);
            match client.job(&job_id).await {
                Ok(latest) => {
                    if latest.status.is_terminal() {
                        store.job_finished(&job_id, &latest);
                        job.set(Some(latest));
                        state.set(PollState::Done);
                        return;
                    }
                    job.set(Some(latest));
                    delay = schedule.next_delay_ms();
                    state.set(PollState::Waiting {
                        next_at: clock::now_ms() + delay,
                    });
                }
                Err(error) => {
                    delay =
                        schedule.delay_after_failure_ms(error.retry_after_secs, clock::random());
                    state.set(PollState::Retrying {
                        error,
                        next_at: clock::now_ms() + delay,
                    });
                }
            }
        }
    });

    JobPoll {
        job: job.read_only(),
        state: state.read_only(),
        alarm,
    }
}
