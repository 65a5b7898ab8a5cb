//! The static face: the built app from `dist/` under a base path, a generated `config.json`,
//! security headers, cache rules, and precompressed `.br`/`.gz` siblings.

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Router;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::proxy::AuthenticatedUser;

/// The CSP the app is built to satisfy: no inline script or style, wasm allowed to compile,
/// network only to its own origin.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; \
     base-uri 'none'; form-action 'none'";
const REVALIDATE: &str = "no-cache";
const WHOAMI: &str = "whoami.json";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Where `{base}config.json` comes from.
#[derive(Debug, Clone)]
pub enum AppConfigSource {
    /// Generated from the server's flags.
    Generated {
        /// Where the app sends API calls (`api_base` in the JSON).
        api_base: String,
        /// The project the app works in (`project_id` in the JSON).
        project_id: String,
    },
    /// The `config.json` file inside the dist directory.
    FromDist,
}

/// What the static face serves.
#[derive(Debug, Clone)]
pub struct StaticSite {
    /// The built app.
    pub dist_dir: PathBuf,
    /// Path prefix the app lives under; starts and ends with `/`.
    pub base_path: String,
    /// Source of `{base}config.json`.
    pub app_config: AppConfigSource,
}

/// Checks a base path and gives it a leading and a trailing `/`.
pub fn parse_base_path(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim_matches('/');
    if trimmed.contains("//") || trimmed.contains(['?', '#', '{', '}', '*']) {
        return Err(format!(
            "the base path must be a plain path like /tools/image-console/, not {raw:?}"
        ));
    }
    Ok(if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    })
}

struct Site {
    dist: ServeDir,
    base_path: String,
    generated_config: Option<Bytes>,
}

/// A router whose fallback serves the site, so other routers can be merged in front of it.
pub fn router(site: StaticSite) -> Router {
    let generated_config = match site.app_config {
        AppConfigSource::Generated {
            api_base,
            project_id,
        } => Some(Bytes::from(
            serde_json::json!({ "api_base": api_base, "project_id": project_id }).to_string(),
        )),
        AppConfigSource::FromDist => None,
    };
    let dist = ServeDir::new(site.dist_dir)
        .precompressed_br()
        .precompressed_gzip();
    let state = Arc::new(Site {
        dist,
        base_path: site.base_path,
        generated_config,
    });
    Router::new().fallback(serve).with_state(state)
}

async fn serve(State(site): State<Arc<Site>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = if is_hidden(&path) {
        StatusCode::NOT_FOUND.into_response()
    } else if site.base_path.len() > 1 && path == site.base_path[..site.base_path.len() - 1] {
        let query = request
            .uri()
            .query()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        Redirect::permanent(&format!("{}{query}", site.base_path)).into_response()
    } else if let Some(relative) = path.strip_prefix(site.base_path.as_str()) {
        serve_file(&site, relative, request).await
    } else {
        StatusCode::NOT_FOUND.into_response()
    };
    set_security_headers(response.headers_mut());
    response
}

/// Whether any segment of the path is a dotfile (`.stage`, `.trunk-lock`, `.htpasswd` ...),
/// percent-encoded dots included: those are build leftovers or secrets, never the app.
fn is_hidden(path: &str) -> bool {
    percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .split('/')
        .any(|segment| segment.starts_with('.'))
}

/// The CSP, `X-Frame-Options`, `nosniff` and `no-referrer`: [`crate::app`] sets them on every response of every
/// face (page, assets, API, errors), as the nginx configuration does.
pub fn set_security_headers(headers: &mut HeaderMap) {
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    // For browsers that predate CSP's frame-ancestors.
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

async fn serve_file(site: &Site, relative: &str, request: Request) -> Response {
    if relative == WHOAMI {
        return whoami(&request);
    }
    if relative == "config.json" {
        if let Some(config) = &site.generated_config {
            let mut response =
                ([(header::CONTENT_TYPE, "application/json")], config.clone()).into_response();
            set_cache_control(response.headers_mut(), relative);
            return response;
        }
    }
    let (mut parts, body) = request.into_parts();
    let query = parts
        .uri
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    parts.uri = match format!("/{relative}{query}").parse::<Uri>() {
        Ok(uri) => uri,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    };
    let mut response = match site
        .dist
        .clone()
        .oneshot(Request::from_parts(parts, body))
        .await
    {
        Ok(response) => response.into_response(),
        Err(infallible) => match infallible {},
    };
    let headers = response.headers_mut();
    // ServeDir redirects `dir` to `dir/` relative to the path it saw; put the base back.
    if let Some(location) = headers.get(header::LOCATION).and_then(|l| l.to_str().ok()) {
        if let Ok(value) = HeaderValue::from_str(&format!(
            "{}{}",
            site.base_path,
            location.trim_start_matches('/')
        )) {
            headers.insert(header::LOCATION, value);
        }
    }
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        set_cache_control(response.headers_mut(), relative);
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// `{base}whoami.json`: the signed-in user when the deployment knows one (proxy mode with
/// authentication), 404 otherwise.
fn whoami(request: &Request) -> Response {
    match request.extensions().get::<AuthenticatedUser>() {
        Some(AuthenticatedUser(user)) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::json!({ "user": user }).to_string(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Hashed build outputs never change, so browsers may keep them; everything else (the page,
/// `config.json`, unhashed assets) must be revalidated so a deploy shows up at once.
fn set_cache_control(headers: &mut HeaderMap, relative: &str) {
    let file_name = relative.rsplit('/').next().unwrap_or_default();
    let policy = if has_build_hash(file_name) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
}

/// Whether a file name carries trunk's content hash: `-` and 12 to 16 lowercase hex digits,
/// then the extension (`app-0123456789abcdef.js`) or trunk's `_bg` suffix
/// (`app-0123456789abcdef_bg.wasm`). Trunk writes a 64-bit hash without leading zeros, so one
/// name in sixteen has 15 digits; fewer than 12 happens once in about a million builds (such a
/// file is then only revalidated, never served stale).
fn has_build_hash(file_name: &str) -> bool {
    file_name.match_indices('-').any(|(dash, _)| {
        let rest = &file_name.as_bytes()[dash + 1..];
        let digits = rest
            .iter()
            .take_while(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(*b))
            .count();
        (12..=16).contains(&digits)
            && (rest[digits..].starts_with(b".") || rest[digits..].starts_with(b"_bg."))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_get_both_slashes() {
        assert_eq!(parse_base_path("/").unwrap(), "/");
        assert_eq!(parse_base_path("").unwrap(), "/");
        assert_eq!(
            parse_base_path("tools/image-console").unwrap(),
            "/tools/image-console/"
        );
        assert_eq!(
            parse_base_path("/tools/image-console/").unwrap(),
            "/tools/image-console/"
        );
        assert!(parse_base_path("/a//b/").is_err());
        assert!(parse_base_path("/a?b").is_err());
    }

    #[test]
    fn recognises_trunk_hashed_names_only() {
        assert!(has_build_hash("image-console-0123456789abcdef.js"));
        assert!(has_build_hash("image-console-0123456789abcdef_bg.wasm"));
        assert!(has_build_hash("style-fedcba9876543210.css"));
        assert!(!has_build_hash("index.html"));
        // A hash with leading zeros left out, as trunk writes it.
        assert!(has_build_hash("image-console-cc8560faaee2708_bg.wasm"));
        assert!(has_build_hash("image-console-123456789abc.js"));
        assert!(!has_build_hash("image-console-23456789abc.js"));
        assert!(!has_build_hash("image-console-0123456789ABCDEF.js"));
        assert!(!has_build_hash("image-console-0123456789abcdef0.js"));
        assert!(!has_build_hash("favicon-0123456789abcdef"));
        assert!(!has_build_hash("é-0123456789abcdé.js"));
    }

    #[test]
    fn dotfiles_are_hidden_however_spelled() {
        for hidden in [
            "/.stage/x",
            "/.trunk-lock",
            "/a/.htpasswd",
            "/%2Egit/config",
            "/..",
        ] {
            assert!(is_hidden(hidden), "{hidden}");
        }
        for shown in ["/", "/index.html", "/app-0123.js", "/a.b/c"] {
            assert!(!is_hidden(shown), "{shown}");
        }
    }
}
