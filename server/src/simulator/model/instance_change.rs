//! A test's change to one instance (`PUT /__sim/instances/{id}`): a new status, or new ids of
//! its associated resources, as if someone else had acted on it since the console read it.

use serde_json::Value;

use super::error::{invalid, json_object, optional_text, ModelError};
use super::instance::{Instance, InstanceStatus};
use super::time::Timestamp;

/// Fields to change; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstanceChange {
    /// `Some(None)` removes the status field.
    status: Option<Option<InstanceStatus>>,
    server_group_id: Option<String>,
    server_id: Option<String>,
    app_group_id: Option<String>,
}

impl InstanceChange {
    /// Parses `{"status"?: S|null, "server_group_id"?, "server_id"?, "app_group_id"?}`.
    pub fn from_json(body: &[u8]) -> Result<Self, ModelError> {
        let fields = ["status", "server_group_id", "server_id", "app_group_id"];
        let value = Value::Object(json_object(body, &fields, "changed")?);
        let status = match value.get("status") {
            None => None,
            Some(Value::Null) => Some(None),
            Some(Value::String(raw)) => {
                Some(Some(InstanceStatus::parse(raw).ok_or_else(|| {
                    invalid(format!("status {raw} is not an ImageServerStatus."))
                })?))
            }
            Some(_) => return Err(invalid("status must be a string or null.")),
        };
        Ok(Self {
            status,
            server_group_id: optional_text(&value, "server_group_id", "")?,
            server_id: optional_text(&value, "server_id", "")?,
            app_group_id: optional_text(&value, "app_group_id", "")?,
        })
    }

    /// Applies the change. New associated-resource ids also mean the resources changed, so a
    /// recursive delete of the instance then fails inside its job, as the API documents.
    pub(super) fn apply(&self, instance: &mut Instance, now: Timestamp) {
        if let Some(status) = self.status {
            instance.status = status;
        }
        for (new, field) in [
            (&self.server_group_id, &mut instance.server_group_id),
            (&self.server_id, &mut instance.server_id),
            (&self.app_group_id, &mut instance.app_group_id),
        ] {
            if let Some(new) = new.as_ref().filter(|new| *new != field) {
                new.clone_into(field);
                instance.associated_resources_changed = true;
            }
        }
        instance.update_time = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::model::fixtures::{instance, T0};

    #[test]
    fn changes_status_and_resource_ids() {
        let mut target = instance("1", Some(InstanceStatus::Active), false);
        InstanceChange::from_json(br#"{"status": "BUILDING"}"#)
            .unwrap()
            .apply(&mut target, T0.plus_millis(5));
        assert_eq!(target.status, Some(InstanceStatus::Building));
        assert_eq!(target.update_time, T0.plus_millis(5));
        assert!(!target.associated_resources_changed);

        InstanceChange::from_json(br#"{"app_group_id": "ag-2", "server_id": "wksapp-1"}"#)
            .unwrap()
            .apply(&mut target, T0);
        assert_eq!(target.app_group_id, "ag-2");
        assert!(target.associated_resources_changed, "a new id is a change");

        InstanceChange::from_json(br#"{"status": null}"#)
            .unwrap()
            .apply(&mut target, T0);
        assert_eq!(target.status, None);
    }

    #[test]
    fn same_ids_are_no_change() {
        let mut target = instance("1", Some(InstanceStatus::Active), false);
        InstanceChange::from_json(br#"{"server_group_id": "sg"}"#)
            .unwrap()
            .apply(&mut target, T0);
        assert!(!target.associated_resources_changed);
    }

    #[test]
    fn refuses_unknown_fields_and_statuses() {
        for body in [
            r#"{"name": "x"}"#,
            r#"{"status": "GONE"}"#,
            r#"{"status": 1}"#,
            r#"{"server_id": 1}"#,
            "[]",
        ] {
            assert!(
                InstanceChange::from_json(body.as_bytes()).is_err(),
                "{body}"
            );
        }
        assert_eq!(
            InstanceChange::from_json(b"{}").unwrap(),
            InstanceChange::default()
        );
    }
}
