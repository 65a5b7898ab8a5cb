//! The batch-delete request body and its rules; what a delete does is the simulator's
//! (`simulator.rs`), how its job progresses is `jobs.rs`.

use std::collections::HashSet;

use serde_json::Value;

use super::error::{invalid, ModelError};

/// Most ids a batch-delete may name (`StringSet.maxItems`).
pub const MAX_BATCH_ITEMS: usize = 20;
/// Longest id a batch-delete may name (`StringSet.items.maxLength`).
pub const MAX_ID_LEN: usize = 128;

/// Body of `PATCH …/image-servers/actions/batch-delete`, validated field by field so that
/// each broken rule gets its own message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchDeleteRequest {
    pub(super) ids: Vec<String>,
    pub(super) recursive: bool,
}

impl BatchDeleteRequest {
    /// A request for these ids (used by tests; HTTP bodies go through [`Self::from_json`]).
    #[cfg(test)]
    pub(super) fn new(ids: &[&str], recursive: bool) -> Self {
        Self {
            ids: ids.iter().map(|id| (*id).to_owned()).collect(),
            recursive,
        }
    }

    /// Parses and validates a raw JSON body. Unknown extra keys are allowed.
    pub fn from_json(body: &[u8]) -> Result<Self, ModelError> {
        let value: Value = serde_json::from_slice(body).map_err(|e| {
            invalid(format!(
                "The request body is not valid JSON (line {}, column {}).",
                e.line(),
                e.column()
            ))
        })?;
        let object = value
            .as_object()
            .ok_or_else(|| invalid("The request body must be a JSON object."))?;
        let items = object
            .get("items")
            .ok_or_else(|| invalid("items is required."))?
            .as_array()
            .ok_or_else(|| invalid("items must be an array of image instance ids."))?;
        if items.is_empty() || items.len() > MAX_BATCH_ITEMS {
            return Err(invalid(format!(
                "items must contain 1 to {MAX_BATCH_ITEMS} ids, not {}.",
                items.len()
            )));
        }
        let mut ids = Vec::with_capacity(items.len());
        let mut seen = HashSet::new();
        for (index, item) in items.iter().enumerate() {
            let id = item
                .as_str()
                .ok_or_else(|| invalid(format!("items[{index}] must be a string.")))?;
            if id.is_empty() || id.chars().count() > MAX_ID_LEN {
                return Err(invalid(format!(
                    "items[{index}] must be 1 to {MAX_ID_LEN} characters long."
                )));
            }
            if !seen.insert(id) {
                return Err(invalid(format!(
                    "items must be unique; {id} appears more than once."
                )));
            }
            ids.push(id.to_owned());
        }
        let recursive = object
            .get("recursive")
            .ok_or_else(|| invalid("recursive is required (true or false)."))?
            .as_bool()
            .ok_or_else(|| invalid("recursive must be a boolean."))?;
        Ok(Self { ids, recursive })
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::model::fixtures::{instances, simulator, DURATION, T0};
    use crate::simulator::model::jobs::JobStatus;
    use crate::simulator::model::{InstanceStatus, ListJobsQuery, Simulator};

    #[test]
    fn batch_delete_body_rules_have_specific_messages() {
        let cases: [(&str, &str); 11] = [
            ("{", "not valid JSON"),
            ("[]", "must be a JSON object"),
            (r#"{"recursive":false}"#, "items is required"),
            (
                r#"{"items":"1","recursive":false}"#,
                "items must be an array",
            ),
            (r#"{"items":[],"recursive":false}"#, "1 to 20 ids, not 0"),
            (
                r#"{"items":[1],"recursive":false}"#,
                "items[0] must be a string",
            ),
            (
                r#"{"items":[""],"recursive":false}"#,
                "items[0] must be 1 to 128",
            ),
            (
                r#"{"items":["a","a"],"recursive":false}"#,
                "a appears more than once",
            ),
            (r#"{"items":["a"]}"#, "recursive is required"),
            (
                r#"{"items":["a"],"recursive":"true"}"#,
                "recursive must be a boolean",
            ),
            (
                r#"{"items":["a"],"recursive":null}"#,
                "recursive must be a boolean",
            ),
        ];
        for (body, expected) in cases {
            let error = BatchDeleteRequest::from_json(body.as_bytes())
                .unwrap_err()
                .to_string();
            assert!(error.contains(expected), "{body}: {error}");
        }
        let too_many: Vec<String> = (0..21).map(|n| n.to_string()).collect();
        let body = serde_json::json!({"items": too_many, "recursive": true}).to_string();
        assert!(BatchDeleteRequest::from_json(body.as_bytes())
            .unwrap_err()
            .to_string()
            .contains("not 21"));
        let long = "x".repeat(129);
        let body = serde_json::json!({"items": [long], "recursive": true}).to_string();
        assert!(BatchDeleteRequest::from_json(body.as_bytes()).is_err());
        let ok =
            BatchDeleteRequest::from_json(br#"{"items":["a","b"],"recursive":true,"extra":1}"#)
                .unwrap();
        assert_eq!(ok, BatchDeleteRequest::new(&["a", "b"], true));
    }

    #[test]
    fn refuses_creating_or_building_targets_and_changes_nothing() {
        let mut sim = simulator();
        let error = sim
            .batch_delete(&BatchDeleteRequest::new(&["1", "2", "3"], false), T0)
            .unwrap_err();
        assert_eq!(
            error,
            ModelError::NotDeletable {
                id: "2".into(),
                status: InstanceStatus::Creating,
                others: 1
            }
        );
        assert!(error.to_string().contains("Image instance 2 is CREATING"));
        assert_eq!(
            sim.show_instance("1", T0).unwrap().status,
            Some(InstanceStatus::Active)
        );
        let any_job = ListJobsQuery::from_params(&[("job_type".into(), String::new())]).unwrap();
        assert_eq!(sim.list_jobs(&any_job, T0).count, 0, "no job was created");
    }

    #[test]
    fn non_recursive_delete_of_changed_resources_succeeds() {
        let mut sim = simulator();
        let job_id = sim
            .batch_delete(&BatchDeleteRequest::new(&["4"], false), T0)
            .unwrap();
        assert_eq!(
            sim.job(&job_id, T0.plus_millis(DURATION as i64))
                .unwrap()
                .summary
                .status,
            JobStatus::Success
        );
        assert!(sim
            .show_instance("4", T0.plus_millis(DURATION as i64))
            .is_err());
    }

    #[test]
    fn instance_with_absent_status_can_be_deleted_and_restored_as_absent() {
        let mut seed = instances();
        seed.iter_mut()
            .find(|i| i.has_id("5"))
            .unwrap()
            .associated_resources_changed = true;
        let mut sim = Simulator::new("p", DURATION, seed, 7);
        let job_id = sim
            .batch_delete(&BatchDeleteRequest::new(&["5"], true), T0)
            .unwrap();
        sim.job(&job_id, T0.plus_millis(DURATION as i64)).unwrap();
        assert_eq!(
            sim.show_instance("5", T0.plus_millis(DURATION as i64))
                .unwrap()
                .status,
            None
        );
    }

    #[test]
    fn overlapping_deletes_put_each_instance_in_one_job() {
        let mut sim = simulator();
        let first = sim
            .batch_delete(&BatchDeleteRequest::new(&["1", "6"], false), T0)
            .unwrap();
        let second = sim
            .batch_delete(&BatchDeleteRequest::new(&["6", "5"], false), T0)
            .unwrap();
        assert_ne!(first, second);
        assert_eq!(sim.job(&first, T0).unwrap().summary.sub_jobs_total, 2);
        let second = sim.job(&second, T0).unwrap();
        assert_eq!(second.sub_jobs.len(), 1);
        assert_eq!(second.sub_jobs[0].job_resource_info.resource_id, "5");
    }

    #[test]
    fn job_without_existing_targets_succeeds_empty() {
        let mut sim = simulator();
        let job_id = sim
            .batch_delete(&BatchDeleteRequest::new(&["404"], false), T0)
            .unwrap();
        let done = sim.job(&job_id, T0.plus_millis(DURATION as i64)).unwrap();
        assert_eq!(done.summary.status, JobStatus::Success);
        assert!(done.sub_jobs.is_empty());
        assert_eq!(sim.instance_count(), 6);
    }
}
