//! Why the model refuses a request; `simulator/error.rs` maps each to an HTTP status and code.

use std::fmt;

use serde_json::{Map, Value};

use super::instance::InstanceStatus;

/// A rejected request, in model terms; `error.rs` maps each to an HTTP status and code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// A query parameter or body field breaks a rule; the text says which.
    InvalidParameter(String),
    /// A batch-delete names an instance in a state that forbids deletion.
    NotDeletable {
        /// The first offending instance.
        id: String,
        /// Its status.
        status: InstanceStatus,
        /// How many other named instances are also blocked.
        others: usize,
    },
    /// No instance with this id.
    InstanceNotFound(String),
    /// No job with this id.
    JobNotFound(String),
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidParameter(detail) => write!(f, "The parameter is invalid. {detail}"),
            Self::NotDeletable { id, status, others } => {
                write!(
                    f,
                    "The parameter is invalid. Image instance {id} is {} and cannot be deleted",
                    status.as_str()
                )?;
                match others {
                    0 => f.write_str("."),
                    n => write!(
                        f,
                        " ({n} more of the requested instances are CREATING or BUILDING)."
                    ),
                }
            }
            Self::InstanceNotFound(id) => {
                write!(f, "The image instance {} does not exist.", clipped(id))
            }
            Self::JobNotFound(id) => write!(f, "The job {} does not exist.", clipped(id)),
        }
    }
}

/// An id from a URL path, shortened so error messages stay within the 255 characters the
/// error schema allows.
fn clipped(id: &str) -> String {
    const MAX_CHARS: usize = 64;
    match id.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &id[..cut]),
        None => id.to_owned(),
    }
}

pub(super) fn invalid(detail: impl Into<String>) -> ModelError {
    ModelError::InvalidParameter(detail.into())
}

/// A `/__sim` control's request body as JSON.
pub(super) fn json_body(body: &[u8]) -> Result<Value, ModelError> {
    serde_json::from_slice(body).map_err(|e| invalid(format!("The body is not valid JSON: {e}")))
}

/// A `/__sim` control's body as a JSON object with no field outside `allowed`; `what` says
/// what may not be done to another field ("changed", "set").
pub(super) fn json_object(
    body: &[u8],
    allowed: &[&str],
    what: &str,
) -> Result<Map<String, Value>, ModelError> {
    let Value::Object(object) = json_body(body)? else {
        return Err(invalid("The body must be a JSON object."));
    };
    match object.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(unknown) => Err(invalid(format!("{unknown} cannot be {what}."))),
        None => Ok(object),
    }
}

/// An optional string field of `object` (absent or `null`: `None`); `what` names the object
/// in the message, empty for the body itself.
pub(super) fn optional_text(
    object: &Value,
    field: &str,
    what: &str,
) -> Result<Option<String>, ModelError> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) if what.is_empty() => Err(invalid(format!("{field} must be a string."))),
        Some(_) => Err(invalid(format!("{what}.{field} must be a string."))),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_deletable_names_the_first_instance_and_counts_the_others() {
        let one = ModelError::NotDeletable {
            id: "2".into(),
            status: InstanceStatus::Creating,
            others: 0,
        };
        assert_eq!(
            one.to_string(),
            "The parameter is invalid. Image instance 2 is CREATING and cannot be deleted."
        );
        let more = ModelError::NotDeletable {
            id: "3".into(),
            status: InstanceStatus::Building,
            others: 2,
        };
        assert!(more
            .to_string()
            .ends_with(" (2 more of the requested instances are CREATING or BUILDING)."));
    }

    #[test]
    fn long_ids_are_clipped_in_messages() {
        let long = "x".repeat(300);
        let message = ModelError::JobNotFound(long).to_string();
        assert!(message.chars().count() < 255, "{message}");
        assert!(
            message.contains(&format!("{}…", "x".repeat(64))),
            "{message}"
        );
    }
}
