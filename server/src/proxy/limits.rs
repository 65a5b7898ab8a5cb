//! Limits that keep one client from using up the shared credential's quota for everyone: a
//! token bucket per user (or per address when nobody is signed in) and a cap on upstream
//! requests in flight. Both answer 429 with `Retry-After`.
//!
//! A small limiter of its own rather than a crate: one map of buckets behind a mutex, held for
//! a few arithmetic steps per request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::ProxyError;

/// Buckets kept before full (idle) ones are forgotten.
const MAX_TRACKED_CLIENTS: usize = 10_000;

/// Requests per minute per client, with a burst of one minute's worth.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimiter {
    /// Allows `per_minute` requests per minute per client (at least one).
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: f64::from(per_minute.max(1)),
            buckets: Mutex::default(),
        }
    }

    /// Takes a token from `client`'s bucket at `now`, or says how many seconds until one is
    /// there.
    pub fn admit(&self, client: &str, now: Instant) -> Result<(), ProxyError> {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() >= MAX_TRACKED_CLIENTS && !buckets.contains_key(client) {
            let full = self.per_minute;
            let refill = |bucket: &Bucket| self.refilled(bucket, now);
            buckets.retain(|_, bucket| refill(bucket) < full);
        }
        let bucket = buckets.entry(client.to_owned()).or_insert(Bucket {
            tokens: self.per_minute,
            updated: now,
        });
        bucket.tokens = self.refilled(bucket, now);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let seconds = ((1.0 - bucket.tokens) * 60.0 / self.per_minute).ceil();
            Err(ProxyError::TooManyRequests((seconds as u64).max(1)))
        }
    }

    fn refilled(&self, bucket: &Bucket, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        (bucket.tokens + elapsed * self.per_minute / 60.0).min(self.per_minute)
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
        let limiter = RateLimiter::new(2);
        let start = Instant::now();
        assert_eq!(retry_after(limiter.admit("alice", start)), None);
        assert_eq!(retry_after(limiter.admit("alice", start)), None);
        assert_eq!(retry_after(limiter.admit("alice", start)), Some(30));
        assert_eq!(retry_after(limiter.admit("bob", start)), None);
        let later = start + Duration::from_secs(30);
        assert_eq!(retry_after(limiter.admit("alice", later)), None);
        assert_eq!(retry_after(limiter.admit("alice", later)), Some(30));
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
