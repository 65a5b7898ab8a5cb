//! Limits that keep one client from using up the shared credential's quota for everyone: a
//! rate per user (or per address when nobody is signed in) and a cap on upstream requests in
//! flight. Both answer 429 with `Retry-After`.
//!
//! The rate is `governor`'s keyed limiter (GCRA, the token bucket's arithmetic without a
//! timer), with its clock passed in so that tests can move time.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

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

/// Whom a limit counts when nobody is signed in: the peer's address, and for IPv6 its /64
/// (one host is usually given a whole /64, so its other addresses would start afresh).
pub fn address_key(peer: Option<IpAddr>) -> String {
    match peer {
        Some(IpAddr::V4(ip)) => format!("address:{ip}"),
        Some(IpAddr::V6(ip)) => {
            let [a, b, c, d, ..] = ip.segments();
            format!("address:{a:x}:{b:x}:{c:x}:{d:x}::/64")
        }
        None => "unknown".to_owned(),
    }
}

/// Upstream requests in flight: all of them capped, and each client's at half the cap (8 of
/// the default 16, as nginx's `limit_conn`), so that one client's slow requests cannot take
/// every slot from the others.
pub struct InFlight {
    all: Arc<Semaphore>,
    per_client: usize,
    clients: Arc<Mutex<HashMap<String, usize>>>,
}

/// One request's slot, given back when dropped.
pub struct InFlightPermit {
    _slot: OwnedSemaphorePermit,
    client: String,
    clients: Arc<Mutex<HashMap<String, usize>>>,
}

impl InFlight {
    /// `slots` requests at once (at least one), half of them (at least one) per client.
    pub fn new(slots: usize) -> Self {
        let slots = slots.max(1);
        Self {
            all: Arc::new(Semaphore::new(slots)),
            per_client: (slots / 2).max(1),
            clients: Arc::default(),
        }
    }

    /// A slot for one more of `client`'s requests, or 429 when theirs or all are taken.
    pub fn permit(&self, client: &str) -> Result<InFlightPermit, ProxyError> {
        let mut clients = lock(&self.clients);
        if clients.get(client).copied().unwrap_or(0) >= self.per_client {
            return Err(ProxyError::TooManyRequests(1));
        }
        let slot = self
            .all
            .clone()
            .try_acquire_owned()
            .map_err(|_| ProxyError::TooManyRequests(1))?;
        *clients.entry(client.to_owned()).or_insert(0) += 1;
        Ok(InFlightPermit {
            _slot: slot,
            client: client.to_owned(),
            clients: self.clients.clone(),
        })
    }
}

impl Drop for InFlightPermit {
    fn drop(&mut self) {
        let mut clients = lock(&self.clients);
        if let Some(held) = clients.get_mut(&self.client) {
            *held -= 1;
            if *held == 0 {
                clients.remove(&self.client);
            }
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
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
    fn addresses_are_counted_by_host_and_ipv6_by_its_64() {
        let key = |ip: &str| address_key(Some(ip.parse().unwrap()));
        assert_eq!(key("203.0.113.7"), "address:203.0.113.7");
        assert_ne!(key("203.0.113.7"), key("203.0.113.8"));
        assert_eq!(key("2001:db8:1:2::1"), "address:2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:ffff::9"), key("2001:db8:1:2::1"));
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        assert_eq!(address_key(None), "unknown");
    }

    #[test]
    fn in_flight_requests_are_capped_in_all_and_per_client() {
        let in_flight = InFlight::new(4);
        let alice: Vec<_> = (0..2).map(|_| in_flight.permit("alice").unwrap()).collect();
        assert!(
            matches!(
                in_flight.permit("alice"),
                Err(ProxyError::TooManyRequests(1))
            ),
            "half the slots per client"
        );
        let bob = in_flight.permit("bob").unwrap();
        let carol = in_flight.permit("carol").unwrap();
        assert!(in_flight.permit("dave").is_err(), "every slot is taken");
        drop(bob);
        assert!(in_flight.permit("alice").is_err(), "alice's are still held");
        let dave = in_flight.permit("dave").unwrap();
        drop((alice, carol, dave));
        assert!(
            lock(&in_flight.clients).is_empty(),
            "nobody is tracked once done"
        );
        let again: Vec<_> = (0..2).map(|_| in_flight.permit("alice").unwrap()).collect();
        assert!(
            in_flight.permit("alice").is_err(),
            "slots given back, the cap kept"
        );
        drop(again);
        assert_eq!(InFlight::new(1).per_client, 1);
    }
}
