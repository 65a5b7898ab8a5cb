//! Errors from the API, parsed the way the Huawei Cloud SDK parses them.
//!
//! The SDK reads `error_code`/`error_msg`, falls back to `code`/`message`, then searches
//! nested objects; the request id comes from the `X-Request-Id` header (API-gateway errors
//! also carry `request_id` in the body). Everything is kept verbatim for display as text.

use crate::i18n::Messages;

/// How many characters of a non-JSON body to show.
const EXCERPT_CHARS: usize = 200;

/// What went wrong with one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The server answered with an error status.
    Status,
    /// A success status with a body that is not the expected JSON (e.g. truncated).
    BadBody,
    /// No answer: the connection failed or was dropped.
    Network,
    /// No answer within the time limit.
    Timeout,
}

/// The rest of what an error's answer said.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorExtra {
    /// The start of a body that was not the JSON expected, as text.
    pub body_excerpt: Option<String>,
    /// `details`, verbatim (JSON as written when not a string).
    pub details: Option<String>,
    /// IAM's `encoded_authorization_message` of a refused permission (403), which IAM's
    /// decode API turns into the missing action.
    pub authorization_message: Option<String>,
}

/// A failed request, with everything the server said about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub status: Option<u16>,
    pub code: Option<String>,
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// What else the answer said (rare, so kept aside: see [`Self::body_excerpt`]).
    pub extra: Option<Box<ErrorExtra>>,
    /// Seconds from a `Retry-After` header.
    pub retry_after_secs: Option<u32>,
    /// The time limit a timed-out request had.
    pub timeout_ms: Option<u32>,
}

impl ApiError {
    fn new(kind: ErrorKind) -> Self {
        Self {
            kind,
            status: None,
            code: None,
            message: None,
            request_id: None,
            extra: None,
            retry_after_secs: None,
            timeout_ms: None,
        }
    }

    /// The start of a body that was not the JSON expected, as text.
    pub fn body_excerpt(&self) -> Option<&str> {
        self.extra.as_ref()?.body_excerpt.as_deref()
    }

    fn keep(&mut self, extra: ErrorExtra) {
        self.extra = (extra != ErrorExtra::default()).then(|| Box::new(extra));
    }

    fn keep_excerpt(&mut self, body: &str) {
        self.keep(ErrorExtra {
            body_excerpt: Some(excerpt(body)),
            ..ErrorExtra::default()
        });
    }

    /// An error status, from its body and headers.
    pub fn from_response(
        status: u16,
        body: &str,
        request_id_header: Option<String>,
        retry_after_header: Option<&str>,
    ) -> Self {
        let mut error = Self::new(ErrorKind::Status);
        error.status = Some(status);
        error.retry_after_secs = retry_after_header.and_then(parse_retry_after);
        match serde_json::from_str::<serde_json::Value>(body) {
            Ok(json) => {
                let (code, message) = find_code_and_message(&json);
                error.code = code;
                error.message = message;
                error.request_id = request_id_header
                    .filter(|id| !id.is_empty())
                    .or_else(|| string_field(&json, &["request_id"]));
                let not_an_api_error = error.code.is_none() && error.message.is_none();
                error.keep(ErrorExtra {
                    body_excerpt: not_an_api_error.then(|| excerpt(body)),
                    details: json.get("details").and_then(verbatim),
                    authorization_message: string_field(&json, &["encoded_authorization_message"]),
                });
            }
            Err(_) => {
                error.request_id = request_id_header.filter(|id| !id.is_empty());
                error.keep_excerpt(body);
            }
        }
        error
    }

    /// A success status whose body could not be read as the expected JSON.
    pub fn bad_body(status: u16, body: &str, request_id: Option<String>, detail: String) -> Self {
        let mut error = Self::new(ErrorKind::BadBody);
        error.status = Some(status);
        error.message = Some(detail);
        error.request_id = request_id.filter(|id| !id.is_empty());
        error.keep_excerpt(body);
        error
    }

    pub fn network(detail: String) -> Self {
        let mut error = Self::new(ErrorKind::Network);
        error.message = Some(detail);
        error
    }

    /// No answer within `limit_ms` milliseconds.
    pub fn timeout(limit_ms: u32) -> Self {
        let mut error = Self::new(ErrorKind::Timeout);
        error.timeout_ms = Some(limit_ms);
        error
    }

    /// Worth retrying a read: the request may not have reached the service, or the service
    /// asked to come back later.
    pub fn is_transient(&self) -> bool {
        match self.kind {
            ErrorKind::Network | ErrorKind::Timeout => true,
            ErrorKind::Status => matches!(self.status, Some(429 | 500 | 502 | 503 | 504)),
            ErrorKind::BadBody => false,
        }
    }

    /// For a write: whether the request may have been carried out although it failed. The
    /// answer was lost (no answer, a time-out, an unreadable success body) or a gateway (502,
    /// 504) may have given up after forwarding it. A 4xx, 429 or an API error from the
    /// service itself means it was refused.
    pub fn outcome_unknown(&self) -> bool {
        match self.kind {
            ErrorKind::Network | ErrorKind::Timeout | ErrorKind::BadBody => true,
            ErrorKind::Status => matches!(self.status, Some(502 | 504)),
        }
    }

    /// A one-line summary: what kind of failure, with the status.
    pub fn headline(&self, words: &Messages) -> String {
        match (&self.kind, self.status) {
            (ErrorKind::Network, _) => words.network_error.to_owned(),
            (ErrorKind::Timeout, _) => (words.timed_out)(self.timeout_ms.unwrap_or_default()),
            (ErrorKind::BadBody, Some(status)) => (words.http_unreadable)(status),
            (_, Some(status)) if self.body_excerpt().is_some() && self.code.is_none() => {
                (words.http_not_api_error)(status)
            }
            (_, Some(status)) => format!("HTTP {status}"),
            (_, None) => words.request_failed.to_owned(),
        }
    }

    /// Everything in one line, for the live region: the headline, then code, message, body
    /// and request ID.
    pub fn describe(&self, words: &Messages) -> String {
        let mut line = self.headline(words);
        for part in [&self.code, &self.message].into_iter().flatten() {
            line.push_str(&format!(" · {part}"));
        }
        if let Some(excerpt) = self.body_excerpt() {
            line.push_str(&format!(" · {}: {excerpt}", words.error_body));
        }
        if let Some(request_id) = &self.request_id {
            line.push_str(&format!(" · {} {request_id}", words.request_id));
        }
        line
    }
}

/// The SDK's order: top-level `error_code`/`error_msg`, then `code`/`message`, then the first
/// nested object that has either.
fn find_code_and_message(json: &serde_json::Value) -> (Option<String>, Option<String>) {
    let code = string_field(json, &["error_code", "code"]);
    let message = string_field(json, &["error_msg", "error_message", "message"]);
    if code.is_some() || message.is_some() {
        return (code, message);
    }
    let nested: Box<dyn Iterator<Item = &serde_json::Value>> = match json {
        serde_json::Value::Object(map) => Box::new(map.values()),
        serde_json::Value::Array(items) => Box::new(items.iter()),
        _ => return (None, None),
    };
    nested
        .filter(|value| value.is_object() || value.is_array())
        .map(find_code_and_message)
        .find(|(code, message)| code.is_some() || message.is_some())
        .unwrap_or((None, None))
}

/// The first of `names` present as a non-empty string or number.
fn string_field(json: &serde_json::Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| match json.get(name)? {
        serde_json::Value::String(text) if !text.is_empty() => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    })
}

/// A field's value as text: a string as it is, anything else but null or "" as its JSON.
fn verbatim(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) if text.is_empty() => None,
        serde_json::Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// `Retry-After` in seconds; the HTTP-date form is rare for APIs and treated as absent.
fn parse_retry_after(value: &str) -> Option<u32> {
    value.trim().parse().ok()
}

/// The start of a body, whitespace folded, cut at a character boundary.
fn excerpt(body: &str) -> String {
    let folded = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match folded.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &folded[..cut]),
        None => folded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::test_support::arbitrary_json;
    use proptest::prelude::*;

    #[test]
    fn reads_a_service_error_with_the_header_request_id() {
        let error = ApiError::from_response(
            400,
            r#"{"error_code": "WKS.00211102", "error_msg": "The parameter is invalid."}"#,
            Some("5f1c0e".into()),
            None,
        );
        assert_eq!(error.code.as_deref(), Some("WKS.00211102"));
        assert_eq!(error.message.as_deref(), Some("The parameter is invalid."));
        assert_eq!(error.request_id.as_deref(), Some("5f1c0e"));
        assert_eq!(
            error.describe(&crate::i18n::EN),
            "HTTP 400 · WKS.00211102 · The parameter is invalid. · Request ID 5f1c0e"
        );
        assert!(!error.is_transient());
    }

    #[test]
    fn reads_a_gateway_error_with_the_body_request_id() {
        let error = ApiError::from_response(
            401,
            r#"{"error_code": "APIGW.0301", "error_msg": "token expires", "request_id": "abc123"}"#,
            None,
            None,
        );
        assert_eq!(error.code.as_deref(), Some("APIGW.0301"));
        assert_eq!(error.request_id.as_deref(), Some("abc123"));
    }

    #[test]
    fn falls_back_to_code_and_message_then_nested_objects() {
        let flat = ApiError::from_response(500, r#"{"code": 17, "message": "boom"}"#, None, None);
        assert_eq!(flat.code.as_deref(), Some("17"));
        assert_eq!(flat.message.as_deref(), Some("boom"));

        let nested = ApiError::from_response(
            403,
            r#"{"error": {"code": "APIGW.0305", "message": "forbidden"}}"#,
            None,
            None,
        );
        assert_eq!(nested.code.as_deref(), Some("APIGW.0305"));
        assert_eq!(nested.message.as_deref(), Some("forbidden"));
    }

    #[test]
    fn keeps_the_details_and_the_encoded_authorization_message() {
        let refused = ApiError::from_response(
            403,
            r#"{"error_code": "WKS.0003", "error_msg": "no permission",
                "encoded_authorization_message": "4Bx8...Zq==", "details": {"action": "workspace:imageServer:batchDelete"}}"#,
            None,
            None,
        );
        let extra = refused.extra.expect("kept");
        assert_eq!(extra.authorization_message.as_deref(), Some("4Bx8...Zq=="));
        assert_eq!(
            extra.details.as_deref(),
            Some(r#"{"action":"workspace:imageServer:batchDelete"}"#)
        );
        let text =
            ApiError::from_response(400, r#"{"error_code": "X", "details": "why"}"#, None, None);
        assert_eq!(
            text.extra.and_then(|extra| extra.details).as_deref(),
            Some("why")
        );
        for body in [
            r#"{"error_code": "X"}"#,
            r#"{"error_code": "X", "details": null, "encoded_authorization_message": ""}"#,
        ] {
            let plain = ApiError::from_response(400, body, None, None);
            assert_eq!(plain.extra, None, "{body}");
        }
    }

    #[test]
    fn an_html_502_is_described_with_the_start_of_its_body() {
        let error = ApiError::from_response(
            502,
            "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>",
            None,
            None,
        );
        assert!(error.is_transient());
        assert_eq!(
            error.body_excerpt(),
            Some("<html> <head><title>502 Bad Gateway</title></head> <body>nginx</body></html>")
        );
        assert!(error
            .headline(&crate::i18n::EN)
            .contains("not an API error"));
    }

    #[test]
    fn says_when_a_failed_write_may_still_have_happened() {
        assert!(ApiError::network("reset".into()).outcome_unknown());
        assert!(ApiError::timeout(30_000).outcome_unknown());
        assert!(ApiError::bad_body(200, "{\"job", None, "eof".into()).outcome_unknown());
        assert!(ApiError::from_response(502, "<html>", None, None).outcome_unknown());
        for refused in [400, 401, 403, 404, 429, 500, 503] {
            assert!(
                !ApiError::from_response(refused, "{}", None, None).outcome_unknown(),
                "{refused}"
            );
        }
        let english = |error: ApiError| error.headline(&crate::i18n::EN);
        assert_eq!(
            english(ApiError::timeout(30_000)),
            "Timed out: the request got no answer within 30 s"
        );
        assert_eq!(
            english(ApiError::timeout(1_500)),
            "Timed out: the request got no answer within 1500 ms"
        );
    }

    #[test]
    fn honours_retry_after_seconds() {
        let error = ApiError::from_response(429, "{}", None, Some("7"));
        assert_eq!(error.retry_after_secs, Some(7));
        assert!(error.is_transient());
    }

    #[test]
    fn long_bodies_are_cut_on_a_character_boundary() {
        let body = "é".repeat(500);
        let error = ApiError::from_response(500, &body, None, None);
        let excerpt = error.body_excerpt().unwrap();
        assert_eq!(excerpt.chars().count(), EXCERPT_CHARS + 1);
        assert!(excerpt.ends_with('…'));
    }

    proptest! {
        #[test]
        fn any_bytes_give_an_error_that_names_the_status(body in proptest::collection::vec(any::<u8>(), 0..600), status in 400u16..600) {
            let text = String::from_utf8_lossy(&body);
            let error = ApiError::from_response(status, &text, None, None);
            prop_assert_eq!(error.status, Some(status));
            let expected_start = format!("HTTP {}", status);
            prop_assert!(error.describe(&crate::i18n::EN).starts_with(&expected_start));
        }

        #[test]
        fn any_json_gives_an_error_that_names_the_status(json in arbitrary_json(), status in 400u16..600) {
            let error = ApiError::from_response(status, &json.to_string(), None, None);
            prop_assert_eq!(error.status, Some(status));
            prop_assert!(error.code.is_some() || error.message.is_some() || error.body_excerpt().is_some());
        }
    }
}
