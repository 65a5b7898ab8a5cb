//! The console's configuration: `config.json` beside `index.html`, overridden by settings
//! saved in this browser.
//!
//! `api_base` must resolve to the page's own origin: the cloud API sends no CORS headers,
//! so the console only works through a same-origin proxy, and a token must never be sent
//! to another origin.

use serde::{Deserialize, Serialize};

pub use super::config_problem::{ConfigProblem, JsonType, NotJson, ProjectIdProblem, UrlProblem};

/// A configuration that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Absolute URL of the API proxy, same origin as the page, without a trailing slash.
    pub api_base: String,
    /// 32 lowercase hex characters.
    pub project_id: String,
    /// How long one request may take before it is abandoned.
    pub request_timeout_ms: u32,
}

/// The API gateway's backend timeout: waiting longer for an answer cannot help.
pub const DEFAULT_REQUEST_TIMEOUT_MS: u32 = 30_000;
/// The largest `request_timeout_ms` accepted (the default is the useful maximum; a little
/// slack allows a slow proxy in front of the gateway).
pub const MAX_REQUEST_TIMEOUT_MS: u32 = 120_000;

/// Values as typed by a person or read from a file, before any check.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_base: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// Optional, config.json only: a shorter request time limit (tests use it so that a
    /// hanging upstream is noticed in seconds). Defaults to [`DEFAULT_REQUEST_TIMEOUT_MS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_timeout_ms: Option<u32>,
}

impl RawConfig {
    /// Settings saved in this browser win over the file, field by field.
    pub fn overridden_by(self, settings: &RawConfig) -> RawConfig {
        RawConfig {
            api_base: settings.api_base.clone().or(self.api_base),
            project_id: settings.project_id.clone().or(self.project_id),
            request_timeout_ms: settings.request_timeout_ms.or(self.request_timeout_ms),
        }
    }

    /// Checks both fields against the page URL; reports every problem, not just the first.
    pub fn validate(&self, page_url: &str) -> Result<Config, Vec<ConfigProblem>> {
        let api_base = match self.api_base.as_deref() {
            None => Err(ConfigProblem::Missing("api_base")),
            Some(raw) => resolve_api_base(raw, page_url).map_err(ConfigProblem::ApiBase),
        };
        let project_id = match self.project_id.as_deref() {
            None => Err(ConfigProblem::Missing("project_id")),
            Some(raw) => validate_project_id(raw).map_err(ConfigProblem::ProjectId),
        };
        match (api_base, project_id) {
            (Ok(api_base), Ok(project_id)) => Ok(Config {
                api_base,
                project_id,
                request_timeout_ms: self
                    .request_timeout_ms
                    .unwrap_or(DEFAULT_REQUEST_TIMEOUT_MS)
                    .clamp(1, MAX_REQUEST_TIMEOUT_MS),
            }),
            (api_base, project_id) => Err([api_base.err(), project_id.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }

    /// Checks the fields that are set, as settings typed in the form: an empty field falls
    /// back to config.json, so only what was typed can be wrong. Nothing may be saved while
    /// this reports a problem.
    pub fn check_overrides(&self, page_url: &str) -> Vec<ConfigProblem> {
        let api_base = self.api_base.as_deref().map(|raw| {
            resolve_api_base(raw, page_url)
                .err()
                .map(ConfigProblem::ApiBase)
        });
        let project_id = self
            .project_id
            .as_deref()
            .map(|raw| validate_project_id(raw).err().map(ConfigProblem::ProjectId));
        [api_base, project_id]
            .into_iter()
            .flatten()
            .flatten()
            .collect()
    }
}

/// Reads config.json's text. Unknown keys are allowed; `api_base` and `project_id` must be
/// strings, the optional `request_timeout_ms` a whole number of milliseconds.
pub fn parse_config_file(text: &str) -> Result<RawConfig, ConfigProblem> {
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(ConfigProblem::NotJson(NotJson::Empty));
    }
    let json: serde_json::Value = serde_json::from_str(text).map_err(|error| {
        ConfigProblem::NotJson(if trimmed.starts_with('<') {
            NotJson::Html
        } else {
            NotJson::Syntax(error.to_string())
        })
    })?;
    let object = json
        .as_object()
        .ok_or_else(|| ConfigProblem::NotJson(NotJson::Found(JsonType::of(&json))))?;
    let string_key = |key: &'static str| match object.get(key) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(ConfigProblem::WrongType {
            key,
            found: JsonType::of(other),
        }),
    };
    let request_timeout_ms = match object.get("request_timeout_ms") {
        None | Some(serde_json::Value::Null) => None,
        Some(value) => Some(
            value
                .as_u64()
                .filter(|ms| (1..=u64::from(MAX_REQUEST_TIMEOUT_MS)).contains(ms))
                .and_then(|ms| u32::try_from(ms).ok())
                .ok_or_else(|| ConfigProblem::Timeout(value.to_string()))?,
        ),
    };
    Ok(RawConfig {
        api_base: string_key("api_base")?,
        project_id: string_key("project_id")?,
        request_timeout_ms,
    })
}

/// A Huawei Cloud project id: 32 hex characters (lowercased here).
pub fn validate_project_id(raw: &str) -> Result<String, ProjectIdProblem> {
    let id = raw.trim();
    if id.is_empty() {
        return Err(ProjectIdProblem::Empty);
    }
    if id.len() != 32 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(ProjectIdProblem::NotHex {
            id: id.to_owned(),
            chars: id.chars().count(),
        });
    }
    Ok(id.to_ascii_lowercase())
}

/// Resolves `raw` against the page URL like a browser resolves a link, then insists on the
/// page's origin. Returns an absolute URL with no trailing slash, no empty or dot segments.
pub fn resolve_api_base(raw: &str, page_url: &str) -> Result<String, UrlProblem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(UrlProblem::Empty);
    }
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(UrlProblem::WhiteSpace(raw.to_owned()));
    }
    if raw.contains(['?', '#', '\\']) {
        return Err(UrlProblem::NotPlain(raw.to_owned()));
    }
    let page = Origin::of(page_url).ok_or_else(|| UrlProblem::PageNotHttp(page_url.to_owned()))?;

    let (origin, path) = if raw.starts_with("//") {
        split_absolute(&format!("{}:{raw}", page.scheme))?
    } else if has_scheme(raw) {
        split_absolute(raw)?
    } else if raw.starts_with('/') {
        (page.clone(), raw.to_owned())
    } else {
        let page_path = path_of(page_url);
        let directory = &page_path[..page_path.rfind('/').map_or(0, |slash| slash + 1)];
        (page.clone(), format!("{directory}{raw}"))
    };

    if origin != page {
        return Err(UrlProblem::OtherOrigin {
            found: origin.serialize(),
            page: page.serialize(),
        });
    }
    Ok(format!("{}{}", origin.serialize(), normalize_path(&path)))
}

/// scheme + host + port, compared the way browsers compare origins.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    fn of(url: &str) -> Option<Origin> {
        split_absolute(url).ok().map(|(origin, _)| origin)
    }

    fn serialize(&self) -> String {
        let default_port = if self.scheme == "https" { 443 } else { 80 };
        if self.port == default_port {
            format!("{}://{}", self.scheme, self.host)
        } else {
            format!("{}://{}:{}", self.scheme, self.host, self.port)
        }
    }
}

fn has_scheme(raw: &str) -> bool {
    match raw.find(':') {
        Some(colon) => {
            let scheme = &raw[..colon];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Splits `scheme://authority/path` into its origin and path (query and fragment dropped).
fn split_absolute(url: &str) -> Result<(Origin, String), UrlProblem> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| UrlProblem::NotHttp(url.to_owned()))?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => {
            return Err(UrlProblem::Scheme {
                url: url.to_owned(),
                scheme,
            })
        }
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    if authority.contains('@') {
        return Err(UrlProblem::Credentials(url.to_owned()));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => {
            let port = if port.is_empty() {
                default_port
            } else {
                port.parse().map_err(|_| UrlProblem::Port(url.to_owned()))?
            };
            (host, port)
        }
        _ => (authority, default_port),
    };
    if host.is_empty() {
        return Err(UrlProblem::NoHost(url.to_owned()));
    }
    let path = path_of_rest(&rest[authority_end..]);
    Ok((
        Origin {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
        },
        path,
    ))
}

fn path_of(url: &str) -> String {
    url.split_once("://")
        .map(|(_, rest)| {
            let start = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            path_of_rest(&rest[start..])
        })
        .unwrap_or_else(|| "/".into())
}

fn path_of_rest(rest: &str) -> String {
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    match &rest[..end] {
        "" => "/".into(),
        path => path.into(),
    }
}

/// Removes empty and `.` segments, applies `..`, and drops the trailing slash.
fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    segments
        .iter()
        .map(|segment| format!("/{segment}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PAGE: &str = "https://console.example.com/tools/image-console/index.html?x=1#top";

    #[test]
    fn resolves_paths_like_a_browser() {
        let cases = [
            ("/api", "https://console.example.com/api"),
            ("/api/", "https://console.example.com/api"),
            ("api", "https://console.example.com/tools/image-console/api"),
            (
                "./api/",
                "https://console.example.com/tools/image-console/api",
            ),
            (
                "../proxy//api",
                "https://console.example.com/tools/proxy/api",
            ),
            (
                "https://console.example.com:443/x",
                "https://console.example.com/x",
            ),
            ("//Console.Example.com/x", "https://console.example.com/x"),
            (".", "https://console.example.com/tools/image-console"),
            ("/", "https://console.example.com"),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                resolve_api_base(raw, PAGE).as_deref(),
                Ok(expected),
                "{raw}"
            );
        }
    }

    #[test]
    fn keeps_a_non_default_port() {
        assert_eq!(
            resolve_api_base("api", "http://127.0.0.1:8080/").as_deref(),
            Ok("http://127.0.0.1:8080/api")
        );
    }

    #[test]
    fn refuses_other_origins_with_the_reason() {
        for raw in [
            "https://workspace.ap-southeast-1.myhuaweicloud.com",
            "http://console.example.com/api",
            "https://console.example.com:8443/api",
            "//evil.example.com/api",
        ] {
            let error = resolve_api_base(raw, PAGE).unwrap_err();
            assert!(
                matches!(error, UrlProblem::OtherOrigin { .. }),
                "{raw}: {error:?}"
            );
        }
    }

    #[test]
    fn refuses_malformed_values() {
        for raw in [
            "",
            "  ",
            "javascript:alert(1)",
            "/api?x=1",
            "/a pi",
            "https://user@console.example.com/api",
            "ftp://console.example.com/api",
            "https:///api",
        ] {
            assert!(resolve_api_base(raw, PAGE).is_err(), "{raw}");
        }
    }

    #[test]
    fn project_ids_are_32_hex_characters() {
        assert_eq!(
            validate_project_id(" 0F1E2D3C4B5A69788796A5B4C3D2E1F0 ").as_deref(),
            Ok("0f1e2d3c4b5a69788796a5b4c3d2e1f0")
        );
        assert!(validate_project_id("").is_err());
        assert!(validate_project_id("0f1e2d3c4b5a69788796a5b4c3d2e1f").is_err());
        assert!(validate_project_id("0f1e2d3c4b5a69788796a5b4c3d2e1fg").is_err());
    }

    #[test]
    fn reads_config_files_and_names_each_problem() {
        let raw = parse_config_file(
            r#"{"api_base": "/api", "project_id": "0f1e2d3c4b5a69788796a5b4c3d2e1f0", "extra": 1}"#,
        )
        .unwrap();
        assert_eq!(raw.api_base.as_deref(), Some("/api"));

        assert!(matches!(
            parse_config_file(""),
            Err(ConfigProblem::NotJson(_))
        ));
        let html = parse_config_file("<!DOCTYPE html><html>").unwrap_err();
        assert!(
            matches!(html, ConfigProblem::NotJson(NotJson::Html)),
            "{html:?}"
        );
        assert!(matches!(
            parse_config_file("[1]"),
            Err(ConfigProblem::NotJson(_))
        ));
        assert_eq!(
            parse_config_file(r#"{"api_base": 5}"#),
            Err(ConfigProblem::WrongType {
                key: "api_base",
                found: JsonType::Number
            })
        );
    }

    #[test]
    fn validation_reports_every_problem_and_settings_override_the_file() {
        let file = RawConfig {
            api_base: Some("https://elsewhere.example.com".into()),
            project_id: Some("nope".into()),
            request_timeout_ms: Some(2_000),
        };
        let problems = file.clone().validate(PAGE).unwrap_err();
        assert_eq!(problems.len(), 2);

        let settings = RawConfig {
            api_base: Some("/api".into()),
            project_id: Some("0f1e2d3c4b5a69788796a5b4c3d2e1f0".into()),
            request_timeout_ms: None,
        };
        let config = file.overridden_by(&settings).validate(PAGE).unwrap();
        assert_eq!(config.api_base, "https://console.example.com/api");
        assert_eq!(config.request_timeout_ms, 2_000);
    }

    #[test]
    fn the_request_timeout_is_optional_and_checked() {
        let valid = r#"{"api_base": "/api", "project_id": "0f1e2d3c4b5a69788796a5b4c3d2e1f0"}"#;
        let config = parse_config_file(valid).unwrap().validate(PAGE).unwrap();
        assert_eq!(config.request_timeout_ms, DEFAULT_REQUEST_TIMEOUT_MS);
        let short = parse_config_file(r#"{"request_timeout_ms": 1500}"#).unwrap();
        assert_eq!(short.request_timeout_ms, Some(1_500));
        for bad in ["0", "-5", "1.5", "\"3000\"", "true", "999999999999"] {
            let problem =
                parse_config_file(&format!(r#"{{"request_timeout_ms": {bad}}}"#)).unwrap_err();
            assert!(matches!(problem, ConfigProblem::Timeout(_)), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn resolution_never_panics_and_stays_on_the_page_origin(raw in ".{0,60}") {
            if let Ok(base) = resolve_api_base(&raw, PAGE) {
                prop_assert!(base.starts_with("https://console.example.com"));
                prop_assert!(!base.ends_with('/'));
                prop_assert!(!base["https://".len()..].contains("//"));
            }
        }

        #[test]
        fn config_parsing_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let result = parse_config_file(&String::from_utf8_lossy(&bytes));
            prop_assert!(result.is_ok() || !(crate::i18n::EN.config_problem)(&result.unwrap_err()).is_empty());
        }

        #[test]
        fn config_parsing_of_any_json_never_panics(json in crate::wire::test_support::arbitrary_json()) {
            let result = parse_config_file(&json.to_string());
            prop_assert!(result.is_ok() || !(crate::i18n::EN.config_problem)(&result.unwrap_err()).is_empty());
        }
    }

    #[test]
    fn typed_settings_are_checked_only_where_set() {
        let page = "https://console.example.com/tools/ic/";
        assert!(RawConfig::default().check_overrides(page).is_empty());
        let good = RawConfig {
            api_base: Some("/api".into()),
            project_id: Some("0f1e2d3c4b5a69788796a5b4c3d2e1f0".into()),
            request_timeout_ms: None,
        };
        assert!(good.check_overrides(page).is_empty());
        let cross_origin = RawConfig {
            api_base: Some("https://workspace.example.com/api".into()),
            ..RawConfig::default()
        };
        let problems = cross_origin.check_overrides(page);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(matches!(
            &problems[0],
            ConfigProblem::ApiBase(UrlProblem::OtherOrigin { .. })
        ));
        let both = RawConfig {
            api_base: Some("//evil.example/api".into()),
            project_id: Some("not-hex".into()),
            request_timeout_ms: None,
        };
        let problems = both.check_overrides(page);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(matches!(problems[1], ConfigProblem::ProjectId(_)));
    }
}
