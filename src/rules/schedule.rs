//! When to ask again: the job poll schedule and the retry backoff for reads.
//!
//! Times are milliseconds as `f64` (what `Date.now()` gives); randomness is passed in, so
//! every rule here is a plain function tested on the host.

/// The first job check comes this soon after the job ID arrives.
pub const FIRST_POLL_MS: f64 = 500.0;
/// The poll interval starts here and grows by [`GROWTH`] up to [`MAX_POLL_MS`].
pub const SECOND_POLL_MS: f64 = 1_000.0;
pub const GROWTH: f64 = 2.0;
pub const MAX_POLL_MS: f64 = 10_000.0;
/// Polling stops after this long; "Check now" starts another period.
pub const GIVE_UP_AFTER_MS: f64 = 30.0 * 60.0 * 1_000.0;

/// Retry backoff for reads: full jitter over an exponential ceiling.
pub const RETRY_BASE_MS: f64 = 500.0;
pub const RETRY_MAX_MS: f64 = 10_000.0;
/// Never retry sooner than this, even when the jitter draws zero.
pub const RETRY_FLOOR_MS: f64 = 100.0;

/// The delay before retry number `attempt` (1 for the first retry): a uniformly random
/// share (`random` in 0..1) of `base * 2^attempt`, capped, and never sooner than the
/// server's `Retry-After`.
pub fn retry_delay_ms(attempt: u32, retry_after_secs: Option<u32>, random: f64) -> f64 {
    let ceiling = (RETRY_BASE_MS * 2f64.powi(attempt.min(16) as i32)).min(RETRY_MAX_MS);
    let jittered = (ceiling * random.clamp(0.0, 1.0)).max(RETRY_FLOOR_MS);
    let asked = retry_after_secs.map_or(0.0, |secs| f64::from(secs) * 1_000.0);
    jittered.max(asked)
}

/// A read waits at most this long before its next try. When the server asks for longer
/// (`Retry-After`), the error is shown at once rather than a list that seems stuck; the
/// person can refresh later.
pub const READ_RETRY_MAX_WAIT_MS: f64 = 30_000.0;

/// The wait before retry number `attempt` of a read, or `None` when the server asks to
/// wait longer than [`READ_RETRY_MAX_WAIT_MS`].
pub fn read_retry_delay_ms(
    attempt: u32,
    retry_after_secs: Option<u32>,
    random: f64,
) -> Option<f64> {
    Some(retry_delay_ms(attempt, retry_after_secs, random))
        .filter(|&delay| delay <= READ_RETRY_MAX_WAIT_MS)
}

/// The schedule of one job's polls.
#[derive(Clone, Debug, PartialEq)]
pub struct PollSchedule {
    period_started_at: f64,
    checks: u32,
    failures: u32,
}

impl PollSchedule {
    pub fn new(now: f64) -> Self {
        Self {
            period_started_at: now,
            checks: 0,
            failures: 0,
        }
    }

    /// The delay before the next check after a successful one (or before the first).
    pub fn next_delay_ms(&mut self) -> f64 {
        self.failures = 0;
        let delay = match self.checks {
            0 => FIRST_POLL_MS,
            n => (SECOND_POLL_MS * GROWTH.powi(n as i32 - 1)).min(MAX_POLL_MS),
        };
        self.checks += 1;
        delay
    }

    /// The delay before the next check after a failed one: backoff with jitter, at most the
    /// regular cap unless the server asks for longer.
    pub fn delay_after_failure_ms(&mut self, retry_after_secs: Option<u32>, random: f64) -> f64 {
        self.failures += 1;
        retry_delay_ms(self.failures, retry_after_secs, random)
    }

    pub fn consecutive_failures(&self) -> u32 {
        self.failures
    }

    /// Whether polling has gone on for [`GIVE_UP_AFTER_MS`] in this period.
    pub fn expired(&self, now: f64) -> bool {
        now - self.period_started_at >= GIVE_UP_AFTER_MS
    }

    /// Starts a new polling period (after "Check now" on a job that was given up on).
    pub fn restart(&mut self, now: f64) {
        *self = Self::new(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_check_within_a_second_then_growing_to_the_cap() {
        let mut schedule = PollSchedule::new(0.0);
        let delays: Vec<f64> = (0..10).map(|_| schedule.next_delay_ms()).collect();
        assert!(delays[0] <= 1_000.0);
        assert!(
            delays.windows(2).all(|pair| pair[0] <= pair[1]),
            "{delays:?}"
        );
        assert_eq!(*delays.last().unwrap(), MAX_POLL_MS);
        assert!(delays.iter().all(|&delay| delay <= MAX_POLL_MS));
    }

    #[test]
    fn requests_for_jobs_of_various_lengths() {
        // The number of checks until a job of the given length is seen to end.
        fn checks_until(job_ms: f64) -> usize {
            let mut schedule = PollSchedule::new(0.0);
            let mut now = 0.0;
            let mut checks = 0;
            while now < job_ms {
                now += schedule.next_delay_ms();
                checks += 1;
            }
            checks
        }
        assert!(checks_until(5_000.0) <= 5);
        assert!(checks_until(60_000.0) <= 14);
        // A fixed 10 s poll needs 60 checks for 10 minutes; growth from 0.5 s costs a few more.
        assert!(checks_until(600_000.0) <= 66);
    }

    #[test]
    fn failures_back_off_with_jitter_and_honour_retry_after() {
        let mut schedule = PollSchedule::new(0.0);
        schedule.next_delay_ms();
        let first = schedule.delay_after_failure_ms(None, 1.0);
        let second = schedule.delay_after_failure_ms(None, 1.0);
        assert!(first < second);
        assert_eq!(schedule.consecutive_failures(), 2);
        assert_eq!(schedule.delay_after_failure_ms(None, 0.0), RETRY_FLOOR_MS);
        assert_eq!(schedule.delay_after_failure_ms(Some(30), 0.5), 30_000.0);
        for attempt in 0..40 {
            assert!(retry_delay_ms(attempt, None, 1.0) <= RETRY_MAX_MS);
        }
    }

    #[test]
    fn a_read_does_not_wait_longer_than_its_cap() {
        assert_eq!(read_retry_delay_ms(1, Some(2), 0.0), Some(2_000.0));
        assert_eq!(read_retry_delay_ms(1, Some(30), 0.0), Some(30_000.0));
        assert_eq!(read_retry_delay_ms(1, Some(3_600), 0.5), None);
        for attempt in 0..40 {
            assert!(read_retry_delay_ms(attempt, None, 1.0).is_some());
        }
    }

    #[test]
    fn gives_up_after_thirty_minutes_and_can_restart() {
        let mut schedule = PollSchedule::new(1_000.0);
        assert!(!schedule.expired(1_000.0 + GIVE_UP_AFTER_MS - 1.0));
        assert!(schedule.expired(1_000.0 + GIVE_UP_AFTER_MS));
        schedule.restart(5_000_000.0);
        assert!(!schedule.expired(5_000_000.0));
        assert_eq!(schedule.next_delay_ms(), FIRST_POLL_MS);
    }
}
