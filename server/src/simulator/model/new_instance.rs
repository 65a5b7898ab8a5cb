//! An instance a test adds (`POST /__sim/instances`), with the fields a console shows chosen,
//! including the faults the API allows: an id that is blank or absent (every `ImageServer`
//! field is optional), and a creation time written with fewer fractional digits.

use serde_json::Value;

use super::draft::Draft;
use super::error::{invalid, json_object, optional_text, ModelError};
use super::instance::{ImageType, Instance, InstanceStatus};
use super::time::{Timestamp, WrittenTime};

/// What the id of an added instance is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewId {
    /// The next free numeric id, like every other instance's.
    Next,
    /// This text (`""`: blank).
    Given(String),
    /// No `id` field at all.
    Absent,
}

/// An instance to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInstance {
    pub(super) id: NewId,
    name: String,
    status: Option<InstanceStatus>,
    image_type: ImageType,
    create_time: Option<WrittenTime>,
}

const FIELDS: [&str; 5] = ["name", "id", "status", "image_type", "create_time"];

impl NewInstance {
    /// Parses `{"name": S, "id"?: S|null, "status"?: S|null (default ACTIVE), "image_type"?: T
    /// (default private), "create_time"?: "YYYY-MM-DDTHH:MM:SS[.f]Z"}`. An absent `id` is the
    /// next one; `null` leaves the field out; `null` status leaves the status out.
    pub fn from_json(body: &[u8]) -> Result<Self, ModelError> {
        let object = Value::Object(json_object(body, &FIELDS, "set")?);
        let text = |field| optional_text(&object, field, "");
        let name = text("name")?.ok_or_else(|| invalid("name is required."))?;
        let id = match object.get("id") {
            None => NewId::Next,
            Some(Value::Null) => NewId::Absent,
            Some(Value::String(id)) => NewId::Given(id.clone()),
            Some(_) => return Err(invalid("id must be a string or null.")),
        };
        let status = match object.get("status") {
            None => Some(InstanceStatus::Active),
            Some(Value::Null) => None,
            Some(raw) => {
                let named = raw.as_str().and_then(InstanceStatus::parse);
                Some(named.ok_or_else(|| invalid(format!("status {raw} is not a status.")))?)
            }
        };
        let image_type = match text("image_type")? {
            None => ImageType::Private,
            Some(raw) => ImageType::parse(&raw).ok_or_else(|| {
                invalid(format!(
                    "image_type {raw} is not one of gold, public, private, shared, other."
                ))
            })?,
        };
        let create_time = text("create_time")?
            .map(|raw| {
                WrittenTime::parse(&raw).ok_or_else(|| {
                    invalid(format!(
                        "create_time {raw} is not YYYY-MM-DDTHH:MM:SS[.f]Z with at most 3 \
                         fractional digits."
                    ))
                })
            })
            .transpose()?;
        Ok(Self {
            id,
            name,
            status,
            image_type,
            create_time,
        })
    }

    /// The instance with `id`, its other fields drawn from `rng` as the seed's are.
    pub(super) fn instance(
        &self,
        id: Option<String>,
        rng: &mut fastrand::Rng,
        now: Timestamp,
    ) -> Instance {
        let draft = Draft {
            name: &self.name,
            status: self.status,
            image_type: self.image_type,
            associated_resources_changed: false,
        };
        let mut instance = draft.instance(rng, now);
        instance.id = id;
        if let Some(create_time) = self.create_time {
            instance.create_time = create_time;
            instance.update_time = instance.update_time.max(create_time.at);
        }
        instance
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::model::fixtures::T0;

    #[test]
    fn reads_every_field_and_defaults_the_rest() {
        let full = NewInstance::from_json(
            br#"{"name": "n", "id": "", "status": "BUILDING", "image_type": "gold",
                 "create_time": "2024-05-07T10:00:00.9Z"}"#,
        )
        .unwrap();
        let instance = full.instance(Some(String::new()), &mut fastrand::Rng::with_seed(1), T0);
        let json = serde_json::to_value(&instance).unwrap();
        assert_eq!(json["id"], "");
        assert_eq!(json["name"], "n");
        assert_eq!(json["status"], "BUILDING");
        assert_eq!(json["image_ref"]["image_type"], "gold");
        assert_eq!(json["create_time"], "2024-05-07T10:00:00.9Z");
        assert!(instance.update_time >= instance.create_time.at);

        let plain = NewInstance::from_json(br#"{"name": "p"}"#).unwrap();
        assert_eq!(plain.id, NewId::Next);
        let instance = plain.instance(None, &mut fastrand::Rng::with_seed(1), T0);
        assert_eq!(instance.status, Some(InstanceStatus::Active));
        assert_eq!(instance.image_ref.image_type, ImageType::Private);
        assert!(instance.create_time.at < T0);

        let bare = NewInstance::from_json(br#"{"name": "b", "id": null, "status": null}"#).unwrap();
        assert_eq!(bare.id, NewId::Absent);
        assert_eq!(bare.status, None);
    }

    #[test]
    fn refuses_what_the_api_could_not_answer() {
        for body in [
            r#"{}"#,
            r#"{"name": 1}"#,
            r#"{"name": "n", "id": 5}"#,
            r#"{"name": "n", "status": "GONE"}"#,
            r#"{"name": "n", "image_type": "GOLD"}"#,
            r#"{"name": "n", "create_time": "2024-05-07T10:00:00.1234Z"}"#,
            r#"{"name": "n", "create_time": "yesterday"}"#,
            r#"{"name": "n", "description": "x"}"#,
            "[]",
        ] {
            let error = NewInstance::from_json(body.as_bytes()).unwrap_err();
            assert!(matches!(error, ModelError::InvalidParameter(_)), "{body}");
        }
    }
}
