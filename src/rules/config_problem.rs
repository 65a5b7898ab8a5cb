//! What can be wrong with the configuration, as data: [`crate::i18n`] words it in the
//! language shown. Values are kept as typed or found, to be quoted.

/// One thing wrong with the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// config.json could not be fetched: the error, described.
    Unreachable(String),
    /// config.json answered with this HTTP status instead of 200.
    Status(u16),
    /// config.json is not a JSON object.
    NotJson(NotJson),
    /// A key has the wrong JSON type.
    WrongType {
        key: &'static str,
        found: JsonType,
    },
    Missing(&'static str),
    /// `request_timeout_ms` is not a whole number of milliseconds in range: the value found,
    /// as JSON.
    Timeout(String),
    ApiBase(UrlProblem),
    ProjectId(ProjectIdProblem),
}

/// Why config.json is not a JSON object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotJson {
    Empty,
    /// It starts with `<`: an HTML page, most likely a missing file's error page.
    Html,
    /// The JSON parser's own message.
    Syntax(String),
    /// Valid JSON of another type.
    Found(JsonType),
}

/// The type of a JSON value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl JsonType {
    pub fn of(value: &serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Self::Null,
            serde_json::Value::Bool(_) => Self::Boolean,
            serde_json::Value::Number(_) => Self::Number,
            serde_json::Value::String(_) => Self::String,
            serde_json::Value::Array(_) => Self::Array,
            serde_json::Value::Object(_) => Self::Object,
        }
    }
}

/// Why an API base URL cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlProblem {
    Empty,
    WhiteSpace(String),
    /// Has `?`, `#` or `\`.
    NotPlain(String),
    /// The page itself is not on http(s): its URL.
    PageNotHttp(String),
    NotHttp(String),
    Scheme {
        url: String,
        scheme: String,
    },
    Credentials(String),
    Port(String),
    NoHost(String),
    /// Another origin than the page's: the cloud API allows no cross-origin requests.
    OtherOrigin {
        found: String,
        page: String,
    },
}

/// Why a project ID cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProjectIdProblem {
    Empty,
    NotHex { id: String, chars: usize },
}
