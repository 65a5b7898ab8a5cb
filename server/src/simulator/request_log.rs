//! The log of API requests the simulator received, served at `GET /__sim/requests` so browser
//! tests can assert what the app actually sent (e.g. "exactly one PATCH").

use std::collections::VecDeque;

use serde::Serialize;
use serde_json::Value;

use super::model::Timestamp;

/// Entries kept; older ones are dropped so long benchmark runs stay bounded.
const CAPACITY: usize = 10_000;

/// One API request as received, and how it was answered.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    /// Position in arrival order, from 1; survives the dropping of old entries.
    pub seq: u64,
    /// Arrival time.
    pub time: Timestamp,
    /// HTTP method.
    pub method: String,
    /// Full path, including the API prefix.
    pub path: String,
    /// Raw query string, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Operation name (`list`, `show`, `delete`, `job`, `jobs`), or `null` for unknown paths.
    pub endpoint: Option<&'static str>,
    /// The request's `Content-Type` header, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The body of a PATCH: parsed JSON when it is JSON, else the raw text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// Status sent; `null` while unanswered and for dropped or hung requests.
    pub status: Option<u16>,
    /// Injected failure (`400`, `500`, `503`, `429`, `html502`, `truncate`, `drop`, `hang`), if
    /// any.
    pub fault: Option<&'static str>,
    /// The `X-Request-Id` the response carries (and gateway error bodies repeat).
    pub request_id: String,
}

/// A bounded, ordered request log.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: VecDeque<LoggedRequest>,
    next_seq: u64,
}

impl RequestLog {
    /// Appends an entry, assigning its `seq`, which it returns for [`Self::set_status`].
    pub fn push(&mut self, mut entry: LoggedRequest) -> u64 {
        self.next_seq += 1;
        entry.seq = self.next_seq;
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
        self.next_seq
    }

    /// Records the status a request was answered with.
    pub fn set_status(&mut self, seq: u64, status: u16) {
        if let Some(entry) = self.entries.iter_mut().rev().find(|e| e.seq == seq) {
            entry.status = Some(status);
        }
    }

    /// All kept entries, oldest first.
    pub fn entries(&self) -> Vec<LoggedRequest> {
        self.entries.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> LoggedRequest {
        LoggedRequest {
            seq: 0,
            time: Timestamp::from_unix_millis(0),
            method: "GET".into(),
            path: path.into(),
            query: None,
            endpoint: Some("list"),
            content_type: None,
            body: None,
            status: None,
            fault: None,
            request_id: "0".repeat(32),
        }
    }

    #[test]
    fn numbers_entries_records_status_and_stays_bounded() {
        let mut log = RequestLog::default();
        let first = log.push(entry("/a"));
        assert_eq!(first, 1);
        log.set_status(first, 200);
        assert_eq!(log.entries()[0].status, Some(200));
        for _ in 0..CAPACITY {
            log.push(entry("/b"));
        }
        let entries = log.entries();
        assert_eq!(entries.len(), CAPACITY);
        assert_eq!(entries[0].seq, 2);
        assert_eq!(entries.last().unwrap().seq, CAPACITY as u64 + 1);
        assert!(entries.iter().all(|e| e.path == "/b" && e.status.is_none()));
    }
}
