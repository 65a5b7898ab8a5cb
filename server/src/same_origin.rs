//! What the browser says about where a request comes from (`Sec-Fetch-Site`, `Origin`),
//! compared with the site's own origin (its `Host`). Used by the proxy, which demands proof of
//! same origin for changes, and by the simulator, which refuses what is declared cross-site.

use axum::http::{header, HeaderMap, HeaderName};

static SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// Whether the `Origin` header names this site (scheme aside: TLS may end in front of it);
/// `None` without an `Origin`.
fn origin_is_own(headers: &HeaderMap) -> Option<bool> {
    let origin = headers.get(header::ORIGIN)?.to_str().ok()?;
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    Some(matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h)))
}

fn fetch_site(headers: &HeaderMap) -> Option<&str> {
    headers.get(&SEC_FETCH_SITE)?.to_str().ok()
}

/// The browser proved the request comes from this site's own pages.
pub fn proven_same_origin(headers: &HeaderMap) -> bool {
    fetch_site(headers) == Some("same-origin") || origin_is_own(headers) == Some(true)
}

/// The browser declared the request as coming from another site (tools that send neither
/// header, like curl or the tests' HTTP client, are not refused by this).
pub fn declared_cross_site(headers: &HeaderMap) -> bool {
    matches!(fetch_site(headers), Some("cross-site" | "same-site"))
        || origin_is_own(headers) == Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(header::HOST, "console.example:8080".parse().unwrap());
        for (name, value) in pairs {
            map.insert(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        map
    }

    #[test]
    fn same_origin_needs_proof_and_cross_site_needs_a_claim() {
        let own = headers(&[("origin", "http://console.example:8080")]);
        let foreign = headers(&[("origin", "https://evil.example")]);
        let fetch_same = headers(&[("sec-fetch-site", "same-origin")]);
        let fetch_cross = headers(&[("sec-fetch-site", "cross-site")]);
        let fetch_sibling = headers(&[("sec-fetch-site", "same-site")]);
        let silent = headers(&[]);
        assert!(proven_same_origin(&own) && proven_same_origin(&fetch_same));
        for refused in [&foreign, &fetch_cross, &fetch_sibling, &silent] {
            assert!(!proven_same_origin(refused));
        }
        for claimed in [&foreign, &fetch_cross, &fetch_sibling] {
            assert!(declared_cross_site(claimed));
        }
        for quiet in [&own, &fetch_same, &silent] {
            assert!(!declared_cross_site(quiet));
        }
        assert!(declared_cross_site(&headers(&[("origin", "null")])));
    }
}
