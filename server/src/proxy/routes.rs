//! The allow-list: exactly the four routes the console uses, for the configured project only,
//! each with its own query keys. Everything else is answered 404/405 here, before any upstream
//! contact, so the proxy is not an open relay for its credential.

use axum::http::Method;

use super::error::ProxyError;

/// A forwarded route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiRoute {
    /// `GET /v1/{P}/image-servers`.
    ListInstances,
    /// `PATCH /v1/{P}/image-servers/actions/batch-delete`.
    BatchDelete,
    /// `GET /v1/{P}/image-server-jobs/{job_id}`.
    ShowJob,
    /// `GET /v1/{P}/image-server-jobs` (the lost-answer recovery).
    ListJobs,
}

impl ApiRoute {
    fn method(self) -> Method {
        if self == Self::BatchDelete {
            Method::PATCH
        } else {
            Method::GET
        }
    }

    fn query_keys(self) -> &'static [&'static str] {
        match self {
            Self::ListInstances => &["offset", "limit", "server_id", "server_name"],
            Self::ListJobs => &["job_type", "status", "offset", "limit"],
            Self::BatchDelete | Self::ShowJob => &[],
        }
    }
}

/// Whether this is an attempt at the batch-delete route, whatever else is wrong with it (for
/// the audit log, which records refused attempts too).
pub fn is_batch_delete_attempt(method: &Method, path: &str) -> bool {
    method == Method::PATCH && path.ends_with("/image-servers/actions/batch-delete")
}

/// The route of a request below the API prefix: `path` starts with `/v1/`, `query` is raw.
pub fn classify(
    method: &Method,
    path: &str,
    query: Option<&str>,
    project_id: &str,
) -> Result<ApiRoute, ProxyError> {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let route = match segments.as_slice() {
        ["v1", p, "image-servers"] if *p == project_id => ApiRoute::ListInstances,
        ["v1", p, "image-servers", "actions", "batch-delete"] if *p == project_id => {
            ApiRoute::BatchDelete
        }
        ["v1", p, "image-server-jobs"] if *p == project_id => ApiRoute::ListJobs,
        ["v1", p, "image-server-jobs", job_id] if *p == project_id && plain_id(job_id) => {
            ApiRoute::ShowJob
        }
        _ => return Err(ProxyError::NotFound),
    };
    if *method != route.method() {
        return Err(ProxyError::MethodNotAllowed);
    }
    if !query_allowed(query, route.query_keys()) {
        return Err(ProxyError::NotFound);
    }
    Ok(route)
}

/// Letters, digits, `-` and `_` only: nothing percent-encoded, no dot segments, so the
/// upstream sees the same route.
fn plain_id(segment: &str) -> bool {
    !segment.is_empty()
        && segment.len() <= 128
        && segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Every parameter's raw name is one of `keys` (an encoded name does not count).
fn query_allowed(query: Option<&str>, keys: &[&str]) -> bool {
    query_pairs(query).all(|pair| {
        let name = pair.split_once('=').map_or(pair, |(name, _)| name);
        keys.contains(&name)
    })
}

/// The raw `name=value` pairs, without the empty ones a trailing `&` leaves (the console's
/// URLs end with one).
fn query_pairs(query: Option<&str>) -> impl Iterator<Item = &str> {
    query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
}

/// The query sent upstream: the checked pairs, without empty ones, so that what is signed
/// and what the gateway parses agree.
pub fn forwarded_query(query: Option<&str>) -> Option<String> {
    let pairs: Vec<&str> = query_pairs(query).collect();
    (!pairs.is_empty()).then(|| pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    fn route(method: Method, path: &str, query: Option<&str>) -> Result<ApiRoute, String> {
        classify(&method, &path.replace("{P}", P), query, P).map_err(|e| e.code().to_owned())
    }

    #[test]
    fn exactly_the_consoles_routes_pass() {
        let ok = [
            (
                Method::GET,
                "/v1/{P}/image-servers",
                Some("offset=0&limit=100&server_name=a"),
            ),
            (
                Method::PATCH,
                "/v1/{P}/image-servers/actions/batch-delete",
                None,
            ),
            (
                Method::GET,
                "/v1/{P}/image-server-jobs/2c9eb2b5-7f0a-4f55",
                None,
            ),
            (
                Method::GET,
                "/v1/{P}/image-server-jobs",
                Some("job_type=DELETE_SERVER&limit=10"),
            ),
        ];
        for (method, path, query) in ok {
            assert!(
                route(method.clone(), path, query).is_ok(),
                "{method} {path}"
            );
        }
    }

    #[test]
    fn everything_else_is_refused() {
        let not_found = [
            (
                Method::GET,
                "/v1/{P}/image-servers/697612196993040384",
                None,
            ),
            (
                Method::GET,
                "/v1/00112233445566778899aabbccddeeff/image-servers",
                None,
            ),
            (
                Method::GET,
                "/v1/{P}/image-servers",
                Some("enterprise_project_id=x"),
            ),
            (Method::GET, "/v1/{P}/image-servers", Some("limit=1&&x")),
            (Method::GET, "/v1/{P}/image-servers", Some("&=1")),
            (Method::GET, "/v1/{P}/image-servers", Some("lim%69t=1")),
            (Method::GET, "/v1/{P}/image-server-jobs/a.b", None),
            (Method::GET, "/v1/{P}/image-server-jobs/a%2Fb", None),
            (Method::GET, "/v1/{P}/image-server-jobs/abc", Some("x=1")),
            (
                Method::PATCH,
                "/v1/{P}/image-servers/actions/batch-delete",
                Some("a=1"),
            ),
            (Method::GET, "/v1/{P}//image-servers", None),
            (Method::GET, "/v2/{P}/image-servers", None),
        ];
        for (method, path, query) in not_found {
            assert_eq!(
                route(method.clone(), path, query),
                Err("PROXY.0404".into()),
                "{path}"
            );
        }
        assert_eq!(
            route(Method::POST, "/v1/{P}/image-servers", None),
            Err("PROXY.0405".into())
        );
    }

    #[test]
    fn empty_query_pairs_are_not_forwarded() {
        assert_eq!(
            forwarded_query(Some("offset=0&limit=100&")).as_deref(),
            Some("offset=0&limit=100")
        );
        assert_eq!(forwarded_query(Some("&")), None);
        assert_eq!(forwarded_query(None), None);
    }
}
