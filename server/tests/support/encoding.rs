//! Decoding of `Content-Encoding: br | gzip` bodies, to check precompressed assets.
#![allow(
    dead_code,
    reason = "each test target uses a different subset of these helpers"
)]

use std::io::Read;

use super::server::Api;

/// The decoded body of a response with this `Content-Encoding` (`br`, `gzip` or none).
pub fn decode(content_encoding: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut decoded = Vec::new();
    match content_encoding {
        None | Some("identity") => decoded.extend_from_slice(body),
        Some("gzip") => {
            flate2::read::GzDecoder::new(body)
                .read_to_end(&mut decoded)
                .expect("valid gzip");
        }
        Some("br") => {
            brotli_decompressor::Decompressor::new(body, 64 * 1024)
                .read_to_end(&mut decoded)
                .expect("valid brotli");
        }
        Some(other) => panic!("unexpected Content-Encoding {other}"),
    }
    decoded
}

/// Fetches `url` (a path in process, a whole URL with a plain client) with
/// `Accept-Encoding: accept` (no automatic decoding) and checks that the answer is encoded as
/// `expected` (None: not encoded), carries `Vary: Accept-Encoding`, and decodes to `original`.
pub async fn assert_served_encoded(
    server: &impl Api,
    url: &str,
    accept: &str,
    expected: Option<&str>,
    original: &[u8],
) {
    let response = server
        .get(url)
        .header("accept-encoding", accept)
        .send()
        .await;
    assert_eq!(response.status(), reqwest::StatusCode::OK, "{url}");
    let encoding = response
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().expect("ascii").to_owned());
    assert_eq!(
        encoding.as_deref(),
        expected,
        "Content-Encoding of {url} for Accept-Encoding: {accept}"
    );
    let vary = response
        .headers()
        .get_all("vary")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",")
        .to_ascii_lowercase();
    assert!(
        vary.contains("accept-encoding"),
        "{url} varies on Accept-Encoding (Vary: {vary:?})"
    );
    let body = response.bytes().await.expect("body arrives");
    if expected.is_some() {
        assert!(
            body.len() < original.len(),
            "{url}: encoded body is smaller"
        );
    }
    assert!(
        decode(expected, &body) == original,
        "{url} ({accept}) decodes to the original bytes"
    );
}
