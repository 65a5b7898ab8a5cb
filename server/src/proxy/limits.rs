//! Limits that keep one client from using up the shared credential's quota for everyone: a
//! rate per user (or per address when nobody is signed in) and a cap on upstream requests in
//! flight. Both answer 429 with `Retry-After`.
//!
//! The rate is `governor`'s keyed limiter (GCRA, the token bucket's arithmetic without a
//! timer), with its clock passed in so that tests can move time.

use std::num::NonZeroU32;
use std::sync::Arc;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::Quota;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::ProxyError;

/// Clients tracked before those whose allowance has long been full again are forgotten.
const MAX_TRACKED_CLIENTS: usize = 10_000;

/// Requests per minute per client, with a burst of one minute's worth.
pub struct RateLimiter<C: Clock = DefaultClock> {
    clients: governor::RateLimiter<
        String,
        DefaultKeyedStateStore<String>,
        C,
        NoOpMiddleware<C::Instant>,
    >,
    clock: C,
}

impl RateLimiter {
    /// Allows `per_minute` requests per minute per client (at least one).
    pub fn new(per_minute: u32) -> Self {
        Self::with_clock(per_minute, DefaultClock::default())
    }
}

impl<C: Clock + Clone> RateLimiter<C> {
    /// The same, reading the time from `clock`.
    pub fn with_clock(per_minute: u32, clock: C) -> Self {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN));
        Self {
            clients: governor::RateLimiter::hashmap_with_clock(quota, clock.clone()),
            clock,
        }
    }

    /// Counts a request of `client`'s, or says how many seconds until it may send one.
    pub fn admit(&self, client: &str) -> Result<(), ProxyError> {
        if self.clients.len() >= MAX_TRACKED_CLIENTS {
            self.clients.retain_recent();
        }
        self.clients
            .check_key(&client.to_owned())
            .map_err(|not_until| {
                let wait = not_until.wait_time_from(self.clock.now());
                ProxyError::TooManyRequests(wait.as_secs_f64().ceil().max(1.0) as u64)
            })
    }
}

/// A permit to have one more upstream request in flight, or 429 when all are taken.
pub fn in_flight_permit(slots: &Arc<Semaphore>) -> Result<OwnedSemaphorePermit, ProxyError> {
    slots
        .clone()
        .try_acquire_owned()
        .map_err(|_| ProxyError::TooManyRequests(1))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use governor::clock::FakeRelativeClock;

    use super::*;

    fn retry_after(result: Result<(), ProxyError>) -> Option<u64> {
        match result {
            Ok(()) => None,
            Err(ProxyError::TooManyRequests(seconds)) => Some(seconds),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn each_client_gets_its_own_bucket_refilled_over_time() {
        let clock = FakeRelativeClock::default();
        let limiter = RateLimiter::with_clock(2, clock.clone());
        assert_eq!(retry_after(limiter.admit("alice")), None);
        assert_eq!(retry_after(limiter.admit("alice")), None);
        assert_eq!(retry_after(limiter.admit("alice")), Some(30));
        assert_eq!(retry_after(limiter.admit("bob")), None);
        clock.advance(Duration::from_secs(20));
        assert_eq!(retry_after(limiter.admit("alice")), Some(10));
        clock.advance(Duration::from_secs(10));
        assert_eq!(retry_after(limiter.admit("alice")), None);
        assert_eq!(retry_after(limiter.admit("alice")), Some(30));
    }

    #[test]
    fn clients_whose_allowance_is_full_again_are_forgotten_once_many_are_tracked() {
        let clock = FakeRelativeClock::default();
        let limiter = RateLimiter::with_clock(2, clock.clone());
        for client in 0..MAX_TRACKED_CLIENTS {
            limiter.admit(&client.to_string()).unwrap();
        }
        limiter.admit("busy").unwrap();
        limiter.admit("busy").unwrap();
        // A minute later the one-request clients' allowance is long full; "busy" spent a
        // minute's worth and is only just full.
        clock.advance(Duration::from_secs(60));
        limiter.admit("newcomer").unwrap();
        assert_eq!(limiter.clients.len(), 2, "busy and the newcomer");
    }

    #[test]
    fn in_flight_requests_are_capped() {
        let slots = Arc::new(Semaphore::new(1));
        let held = in_flight_permit(&slots).unwrap();
        assert!(matches!(
            in_flight_permit(&slots),
            Err(ProxyError::TooManyRequests(1))
        ));
        drop(held);
        assert!(in_flight_permit(&slots).is_ok());
    }
}
