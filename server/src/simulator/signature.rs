//! The gateway's AK/SK check (`--require-signature AK:SK`): the signature is recomputed from
//! what arrived (method, path, query, the headers named in `SignedHeaders`, the body) and
//! compared in constant time; the `X-Sdk-Date` must be within 15 minutes of the clock, which is
//! passed in so tests can move it. (`X-Sdk-Content-Sha256` bodies are not supported.)

use std::time::SystemTime;

use axum::http::{header, HeaderMap, Method, Uri};

use crate::apig_signature::{
    parse_sdk_date, AccessKey, Authorization, SignedRequest, DATE_HEADER, MAX_CLOCK_SKEW,
};

/// Why a request's signature was refused (the gateway's message for `APIGW.0301`).
pub type Refusal = &'static str;

const BAD_SIGNATURE: Refusal =
    "Incorrect IAM authentication information: verify aksk signature fail";
const UNKNOWN_KEY: Refusal =
    "Incorrect IAM authentication information: get secretkey by accesskey fail";
const BAD_DATE: Refusal =
    "Incorrect IAM authentication information: x-sdk-date is missing or more than 15 minutes off";
const NO_SIGNATURE: Refusal =
    "Incorrect IAM authentication information: Authorization header not found or not SDK-HMAC-SHA256";

/// Checks the request's signature against `key` at `now`.
pub fn verify(
    key: &AccessKey,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    now: SystemTime,
) -> Result<(), Refusal> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(Authorization::parse)
        .ok_or(NO_SIGNATURE)?;
    if authorization.access != key.id {
        return Err(UNKNOWN_KEY);
    }
    let date = headers
        .get(DATE_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|_| authorization.signed_headers.contains(&DATE_HEADER))
        .ok_or(BAD_DATE)?;
    let signed_at = parse_sdk_date(date).ok_or(BAD_DATE)?;
    let skew = now
        .duration_since(signed_at)
        .or_else(|_| signed_at.duration_since(now))
        .unwrap_or_default();
    if skew > MAX_CLOCK_SKEW {
        return Err(BAD_DATE);
    }
    let signed: Vec<(&str, &str)> = authorization
        .signed_headers
        .iter()
        .map(|name| {
            let value = headers.get(*name)?.to_str().ok()?;
            Some((*name, value))
        })
        .collect::<Option<_>>()
        .ok_or(BAD_SIGNATURE)?;
    let request = SignedRequest {
        method: method.as_str(),
        path: uri.path(),
        query: uri.query(),
        headers: &signed,
        body,
    };
    if request.has_signature(date, &key.secret, authorization.signature) {
        Ok(())
    } else {
        Err(BAD_SIGNATURE)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::apig_signature::{parse_sdk_date, sdk_date};

    use super::*;

    const SIGNED_AT: &str = "20240507T075421Z";

    fn key(id: &str, secret: &str) -> AccessKey {
        AccessKey {
            id: id.to_owned(),
            secret: secret.to_owned(),
        }
    }

    /// A PATCH signed with `signer`, as the proxy would send it.
    fn signed(signer: &AccessKey, body: &[u8]) -> (Uri, HeaderMap) {
        let uri: Uri = "/api/v1/p/image-servers/actions/batch-delete"
            .parse()
            .unwrap();
        let pairs = [
            ("host", "127.0.0.1:9"),
            ("content-type", "application/json"),
            (DATE_HEADER, SIGNED_AT),
        ];
        let authorization = SignedRequest {
            method: "PATCH",
            path: uri.path(),
            query: None,
            headers: &pairs,
            body,
        }
        .authorization(signer, SIGNED_AT);
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(name, value.parse().unwrap());
        }
        headers.insert(header::AUTHORIZATION, authorization.parse().unwrap());
        (uri, headers)
    }

    #[test]
    fn accepts_a_fresh_signature_and_refuses_every_tampering() {
        let ak = key("AK", "SK");
        let at = parse_sdk_date(SIGNED_AT).unwrap();
        let check = |uri: &Uri, headers: &HeaderMap, body: &[u8], now| {
            verify(&ak, &Method::PATCH, uri, headers, body, now)
        };
        let body = br#"{"items":["1"],"recursive":false}"#;
        let (uri, headers) = signed(&ak, body);
        assert_eq!(check(&uri, &headers, body, at), Ok(()));
        let later = at + Duration::from_secs(14 * 60);
        assert_eq!(check(&uri, &headers, body, later), Ok(()));

        assert_eq!(check(&uri, &headers, b"{}", at), Err(BAD_SIGNATURE));
        let other_path: Uri = "/api/v1/p/image-servers".parse().unwrap();
        assert_eq!(check(&other_path, &headers, body, at), Err(BAD_SIGNATURE));
        let (_, wrong_secret) = signed(&key("AK", "other"), body);
        assert_eq!(check(&uri, &wrong_secret, body, at), Err(BAD_SIGNATURE));
        let (_, unknown) = signed(&key("OTHER", "SK"), body);
        assert_eq!(check(&uri, &unknown, body, at), Err(UNKNOWN_KEY));
        let stale = at + Duration::from_secs(16 * 60);
        assert_eq!(check(&uri, &headers, body, stale), Err(BAD_DATE));
        let early = at - Duration::from_secs(16 * 60);
        assert_eq!(check(&uri, &headers, body, early), Err(BAD_DATE));
        let mut redated = headers.clone();
        redated.insert(DATE_HEADER, sdk_date(later).parse().unwrap());
        assert_eq!(check(&uri, &redated, body, later), Err(BAD_SIGNATURE));
        let mut unsigned = headers.clone();
        unsigned.remove(header::AUTHORIZATION);
        assert_eq!(check(&uri, &unsigned, body, at), Err(NO_SIGNATURE));
    }
}
