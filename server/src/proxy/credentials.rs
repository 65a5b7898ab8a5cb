//! The proxy's cloud credential: an IAM token sent as `X-Auth-Token`, or an access key that
//! signs every request (`SDK-HMAC-SHA256`). Secrets never appear in `Debug` output, logs or
//! error bodies.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use axum::http::{HeaderMap, HeaderName, HeaderValue};

use crate::apig_signature::{sdk_date, AccessKey, SignedRequest, DATE_HEADER};

static X_AUTH_TOKEN: HeaderName = HeaderName::from_static("x-auth-token");
/// The headers a signature covers when present, as the SDKs sign them.
const SIGNED_HEADERS: &[&str] = &["content-type", "host", "x-project-id", DATE_HEADER];
/// Environment variables of `--credentials-env` (the names Huawei Cloud's SDKs read).
pub const AK_VARIABLE: &str = "HUAWEICLOUD_SDK_AK";
/// See [`AK_VARIABLE`].
pub const SK_VARIABLE: &str = "HUAWEICLOUD_SDK_SK";

/// Where the token sent upstream as `X-Auth-Token` comes from.
#[derive(Clone)]
pub enum TokenSource {
    /// Read from this file (trimmed) on every request, so a refreshed token is used at once.
    File(PathBuf),
    /// A fixed value (read from an environment variable at start).
    Value(String),
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File(path) => f.debug_tuple("File").field(path).finish(),
            Self::Value(_) => f.write_str("Value(<redacted>)"),
        }
    }
}

impl TokenSource {
    /// The current token, or why there is none (for the server's log only).
    pub fn read(&self) -> Result<String, String> {
        let token = match self {
            Self::File(path) => std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the token file {}: {e}", path.display()))?,
            Self::Value(value) => value.clone(),
        };
        let token = token.trim();
        if token.is_empty() {
            return Err(match self {
                Self::File(path) => format!("the token file {} is empty", path.display()),
                Self::Value(_) => "the token is empty".to_owned(),
            });
        }
        if HeaderValue::from_str(token).is_err() {
            return Err("the token contains characters a header cannot carry".to_owned());
        }
        Ok(token.to_owned())
    }
}

/// How upstream requests are authorised.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// `X-Auth-Token`.
    Token(TokenSource),
    /// AK/SK signature.
    AccessKey(AccessKey),
}

/// Reads the access key from Huawei Cloud's downloaded `credentials.csv`: a header line
/// `User Name,Access Key Id,Secret Access Key` and one line of values.
pub fn read_credentials_file(path: &Path) -> Result<AccessKey, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the credentials file {}: {e}", path.display()))?;
    parse_credentials_csv(&text).map_err(|why| format!("{}: {why}", path.display()))
}

fn parse_credentials_csv(text: &str) -> Result<AccessKey, String> {
    let mut lines = text
        .trim_start_matches('\u{feff}')
        .lines()
        .filter(|line| !line.trim().is_empty());
    let cells = |line: &str| -> Vec<String> {
        line.split(',')
            .map(|cell| cell.trim().trim_matches('"').to_owned())
            .collect()
    };
    let header = cells(lines.next().ok_or("the file is empty")?);
    let column = |name: &str| {
        header
            .iter()
            .position(|cell| cell.eq_ignore_ascii_case(name))
            .ok_or_else(|| format!("no {name:?} column (expected Huawei Cloud's credentials.csv)"))
    };
    let (id_column, secret_column) = (column("Access Key Id")?, column("Secret Access Key")?);
    let values = cells(lines.next().ok_or("no access key line under the header")?);
    match (values.get(id_column), values.get(secret_column)) {
        (Some(id), Some(secret)) if !id.is_empty() && !secret.is_empty() => Ok(AccessKey {
            id: id.clone(),
            secret: secret.clone(),
        }),
        _ => Err("the access key line lacks the key id or the secret".to_owned()),
    }
}

/// Reads the access key from `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`.
pub fn credentials_from_env() -> Result<AccessKey, String> {
    let read = |name: &str| match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(value.trim().to_owned()),
        _ => Err(format!("--credentials-env: {name} is not set")),
    };
    Ok(AccessKey {
        id: read(AK_VARIABLE)?,
        secret: read(SK_VARIABLE)?,
    })
}

impl Credentials {
    /// Fails at start, not on the first request, when the credential cannot be used.
    pub fn check(&self) -> Result<(), String> {
        match self {
            Self::Token(source) => source.read().map(drop),
            Self::AccessKey(_) => Ok(()),
        }
    }

    /// Adds the token, or signs the request about to be sent: `headers` must already hold
    /// the other signed headers (`Host`, `Content-Type`, `X-Project-Id`).
    pub fn authorise(
        &self,
        method: &str,
        url: &reqwest::Url,
        headers: &mut HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), String> {
        match self {
            Self::Token(source) => {
                let mut token = HeaderValue::from_str(&source.read()?)
                    .map_err(|_| "the token is not a valid header value".to_owned())?;
                token.set_sensitive(true);
                headers.insert(X_AUTH_TOKEN.clone(), token);
            }
            Self::AccessKey(key) => {
                let date = sdk_date(now);
                headers.insert(
                    HeaderName::from_static(DATE_HEADER),
                    HeaderValue::from_str(&date).expect("digits and letters"),
                );
                let signed: Vec<(&str, &str)> = SIGNED_HEADERS
                    .iter()
                    .filter_map(|name| Some((*name, headers.get(*name)?.to_str().ok()?)))
                    .collect();
                let authorization = SignedRequest {
                    method,
                    path: url.path(),
                    query: url.query(),
                    headers: &signed,
                    body,
                }
                .authorization(key, &date);
                let mut value = HeaderValue::from_str(&authorization)
                    .map_err(|_| "the access key id is not a valid header value".to_owned())?;
                value.set_sensitive(true);
                headers.insert(axum::http::header::AUTHORIZATION, value);
            }
        }
        Ok(())
    }
}

/// The browser's own `X-Auth-Token` (used only with `--pass-browser-token`), marked sensitive.
pub fn browser_token(incoming: &HeaderMap) -> Option<HeaderValue> {
    incoming.get(&X_AUTH_TOKEN).cloned().map(|mut token| {
        token.set_sensitive(true);
        token
    })
}

/// Puts the browser's token in place of the server's credential.
pub fn insert_browser_token(headers: &mut HeaderMap, token: HeaderValue) {
    headers.insert(X_AUTH_TOKEN.clone(), token);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_huawei_clouds_credentials_csv() {
        let key = parse_credentials_csv(
            "\u{feff}User Name,Access Key Id,Secret Access Key\r\nops,AKEXAMPLE,SKsecret\r\n",
        )
        .unwrap();
        assert_eq!(key.id, "AKEXAMPLE");
        assert_eq!(key.secret, "SKsecret");
        for bad in [
            "",
            "User Name,Access Key Id\nops,AK",
            "Access Key Id,Secret Access Key\n",
        ] {
            let error = parse_credentials_csv(bad).unwrap_err();
            assert!(!error.contains("SK"), "{error}");
        }
    }

    #[test]
    fn secrets_are_never_printed() {
        let token = TokenSource::Value("MIItoken-value".to_owned());
        let key = Credentials::AccessKey(AccessKey {
            id: "AK".to_owned(),
            secret: "sk-value".to_owned(),
        });
        let printed = format!("{token:?}{key:?}");
        assert!(!printed.contains("MIItoken-value") && !printed.contains("sk-value"));
    }
}
