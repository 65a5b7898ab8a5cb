//! The audit log: one JSON line per batch-delete attempt, answered by the upstream or refused
//! by the proxy itself, so every deletion (and every try) is attributed to a user.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;
use serde_json::Value;

/// Where the records go: an append-only file, or stdout (`-`).
pub struct AuditLog {
    sink: Mutex<Box<dyn Write + Send>>,
    target: String,
}

impl fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditLog")
            .field("target", &self.target)
            .finish()
    }
}

/// One batch-delete attempt.
#[derive(Debug, Serialize)]
pub struct AuditRecord {
    /// When the answer was known, RFC 3339 UTC.
    pub time: String,
    /// The signed-in user, if the deployment knows one.
    pub user: Option<String>,
    /// The TCP peer's address.
    pub client: Option<String>,
    /// The project id in the path.
    pub project: Option<String>,
    /// `items` as sent (null when absent or the body is not a JSON object).
    pub items: Value,
    /// `recursive` as sent, whatever its type (null when absent): the upstream may read
    /// `"true"` as true.
    pub recursive: Value,
    /// The body as sent (empty when the proxy refused it unread), so duplicate keys or
    /// anything else the two fields above cannot show is on record too.
    pub body: String,
    /// The upstream's HTTP status, or the proxy's own when it refused or failed.
    pub status: u16,
    /// The upstream's `X-Request-Id`.
    pub request_id: Option<String>,
    /// The created job, on success.
    pub job_id: Option<String>,
    /// The error code of the answer, on failure.
    pub error_code: Option<String>,
}

impl AuditLog {
    /// Opens `target` for appending (`-` is stdout).
    pub fn open(target: &Path) -> Result<Self, String> {
        let sink: Box<dyn Write + Send> = if target == Path::new("-") {
            Box::new(io::stdout())
        } else {
            Box::new(
                open_append(target)
                    .map_err(|e| format!("cannot open the audit log {}: {e}", target.display()))?,
            )
        };
        Ok(Self {
            sink: Mutex::new(sink),
            target: target.display().to_string(),
        })
    }

    /// Writes one line and flushes it; a failure is reported on stderr with the record, so
    /// the attempt is not lost silently.
    pub fn write(&self, record: &AuditRecord) {
        let line = serde_json::to_string(record).expect("the record serialises");
        let mut sink = self
            .sink
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Err(error) = writeln!(sink, "{line}").and_then(|()| sink.flush()) {
            eprintln!(
                "image-console-server: cannot write the audit log {}: {error}; record: {line}",
                self.target
            );
        }
    }
}

fn open_append(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

/// The current time, RFC 3339 in UTC.
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .expect("the current time formats")
}

/// `items`, `recursive` and the whole text of a batch-delete body, as sent.
pub fn requested(body: &[u8]) -> (Value, Value, String) {
    let text = String::from_utf8_lossy(body).into_owned();
    let mut fields: Value = serde_json::from_slice(body).unwrap_or_default();
    (fields["items"].take(), fields["recursive"].take(), text)
}

/// `job_id` and `error_code` of an answer's JSON body.
pub fn outcome(body: &[u8]) -> (Option<String>, Option<String>) {
    let body: Value = serde_json::from_slice(body).unwrap_or_default();
    let text = |key: &str| body[key].as_str().map(str::to_owned);
    (text("job_id"), text("error_code"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_request_and_the_answer() {
        let sent = r#"{"items":["1","2"],"recursive":true}"#;
        assert_eq!(
            requested(sent.as_bytes()),
            (
                serde_json::json!(["1", "2"]),
                Value::Bool(true),
                sent.into()
            )
        );
        let loose = r#"{"items":["1"],"recursive":"true"}"#;
        assert_eq!(requested(loose.as_bytes()).1, "true");
        assert_eq!(
            requested(b"not json"),
            (Value::Null, Value::Null, "not json".into())
        );
        assert_eq!(outcome(br#"{"job_id":"j"}"#), (Some("j".into()), None));
        assert_eq!(
            outcome(br#"{"error_code":"WKS.1","error_msg":"m"}"#),
            (None, Some("WKS.1".into()))
        );
        assert!(now_rfc3339().ends_with('Z'));
    }
}
