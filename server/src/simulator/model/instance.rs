//! Image instances, serialized exactly as the API's `ImageServer`.

use serde::Serialize;

use super::time::{Timestamp, WrittenTime};

/// `ImageServerStatus`. The real enum contains the lowercase string `"null"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InstanceStatus {
    /// Being created; cannot be deleted.
    Creating,
    /// Running normally.
    Active,
    /// An image is being built from it; cannot be deleted.
    Building,
    /// The image build has finished.
    Built,
    /// In an error state.
    Error,
    /// Being deleted.
    Deleting,
    /// The literal string `"null"` ("not set").
    #[serde(rename = "null")]
    Null,
}

impl InstanceStatus {
    /// The wire name, as in error messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Creating => "CREATING",
            Self::Active => "ACTIVE",
            Self::Building => "BUILDING",
            Self::Built => "BUILT",
            Self::Error => "ERROR",
            Self::Deleting => "DELETING",
            Self::Null => "null",
        }
    }

    /// The status a wire value names (`"null"` included).
    pub(super) fn parse(raw: &str) -> Option<Self> {
        [
            Self::Creating,
            Self::Active,
            Self::Building,
            Self::Built,
            Self::Error,
            Self::Deleting,
            Self::Null,
        ]
        .into_iter()
        .find(|status| status.as_str() == raw)
    }

    /// The API refuses to delete instances that are being created or imaged.
    pub(super) fn blocks_delete(self) -> bool {
        matches!(self, Self::Creating | Self::Building)
    }
}

/// `ImageRef.image_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageType {
    /// Marketplace image (needs `spce_code` and `product_id`).
    Gold,
    /// Public image.
    Public,
    /// Private image.
    Private,
    /// Image shared from another account.
    Shared,
    /// Anything else.
    Other,
}

impl ImageType {
    /// Every documented type.
    pub const ALL: [Self; 5] = [
        Self::Gold,
        Self::Public,
        Self::Private,
        Self::Shared,
        Self::Other,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gold => "gold",
            Self::Public => "public",
            Self::Private => "private",
            Self::Shared => "shared",
            Self::Other => "other",
        }
    }

    /// The type a wire value names.
    pub(super) fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == raw)
    }
}

/// `ImageRef`: the image the instance was created from.
#[derive(Clone, Debug, Serialize)]
pub struct ImageRef {
    /// Source image id.
    pub id: String,
    /// Source image type.
    pub image_type: ImageType,
    /// Marketplace spec code. The real field name is misspelled `spce_code`.
    pub spce_code: String,
    /// Marketplace product id.
    pub product_id: String,
}

/// `ImageAccountInfo`: the single user an instance is authorised for.
#[derive(Clone, Debug, Serialize)]
pub struct AuthorizedAccount {
    /// User name.
    pub account: String,
    /// Always `USER` for image instances.
    pub account_type: &'static str,
    /// The user's domain, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
}

/// One image instance, serialized exactly as an `ImageServer`.
#[derive(Clone, Debug, Serialize)]
pub struct Instance {
    /// Numeric id above 2^53, kept as a string. Every field is optional in the API: a test
    /// may add an instance whose id is `""` or absent (`None`), which no request can name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Instance name (free text here: seeds include markup, emoji and very long names).
    pub name: String,
    /// Description, often empty.
    pub description: String,
    /// Source image.
    pub image_ref: ImageRef,
    /// APS server group id.
    pub server_group_id: String,
    /// Application group id; empty while creating.
    pub app_group_id: String,
    /// APS server id (`wksapp-…`); empty while creating.
    pub server_id: String,
    /// ECS id; empty while creating.
    pub instance_id: String,
    /// Id of the built image; empty until one is built.
    pub image_id: String,
    /// Status; `None` serializes as an absent field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<InstanceStatus>,
    /// Exactly one authorised user.
    pub authorize_accounts: Vec<AuthorizedAccount>,
    /// Creation time, with as many fractional digits as it was written with.
    pub create_time: WrittenTime,
    /// Last update time.
    pub update_time: Timestamp,
    /// Enterprise project id (`"0"` = default).
    pub enterprise_project_id: String,
    /// The associated APS/app-group resources changed since creation, so a recursive delete
    /// of this instance fails inside the job.
    #[serde(skip)]
    pub associated_resources_changed: bool,
}
impl Instance {
    /// Whether this instance has the id `id` (an instance without one has no id at all).
    pub fn has_id(&self, id: &str) -> bool {
        !id.is_empty() && self.id.as_deref() == Some(id)
    }

    /// The id, or `""` when there is none.
    pub fn id_text(&self) -> &str {
        self.id.as_deref().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::model::fixtures::instance;

    #[test]
    fn instances_serialize_like_image_servers() {
        let mut absent = instance("5", None, false);
        absent.authorize_accounts[0].domain = Some("corp".into());
        let json = serde_json::to_value(&absent).unwrap();
        assert!(json.get("status").is_none());
        assert!(json.get("associated_resources_changed").is_none());
        assert_eq!(json["image_ref"]["image_type"], "private");
        assert_eq!(json["authorize_accounts"][0]["domain"], "corp");
        let null = serde_json::to_value(instance("1", Some(InstanceStatus::Null), false)).unwrap();
        assert_eq!(null["status"], "null");
        assert_eq!(null["create_time"], "2024-05-07T07:54:21.010Z");
    }

    #[test]
    fn an_absent_id_is_left_out_and_a_blank_one_written() {
        let mut nameless = instance("1", None, false);
        nameless.id = None;
        assert!(serde_json::to_value(&nameless).unwrap().get("id").is_none());
        nameless.id = Some(String::new());
        assert_eq!(serde_json::to_value(&nameless).unwrap()["id"], "");
    }

    #[test]
    fn image_types_read_their_wire_names() {
        for image_type in ImageType::ALL {
            assert_eq!(ImageType::parse(image_type.as_str()), Some(image_type));
            assert_eq!(
                serde_json::to_value(image_type).unwrap(),
                image_type.as_str()
            );
        }
        assert_eq!(ImageType::parse("GOLD"), None);
    }
}
