//! How one sub-job ends: its final status (any of the seven the API documents, or a value it
//! does not) with the error it reports, and which outcomes tests planned for which instances.

use std::collections::HashMap;

use serde::{Serialize, Serializer};
use serde_json::Value;

use super::error::{invalid, json_body, optional_text, ModelError};

/// The code a sub-job reports when the associated resources cannot be deleted (the code the
/// job APIs' own examples use).
pub const RESOURCES_CHANGED_CODE: &str = "WKS.00129901";
const RESOURCES_CHANGED_MESSAGE: &str = "Failed to delete the associated resources: the APS \
     server group or application group changed after the image instance was created.";
/// What a planned failure reports when the plan names no error.
const DEFAULT_FAILURE_MESSAGE: &str = "The service is now unavailable to process the request.";

/// `ImageJobDetailStatus`, plus any value the API does not document (the console must show
/// those too; they are the one deliberate departure from the vendored schema).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubJobStatus {
    /// Queued.
    Waiting,
    /// In progress.
    Running,
    /// Done.
    Success,
    /// Failed.
    Failed,
    /// Ended abnormally.
    Abnormal,
    /// Rolling back.
    Rollback,
    /// Being aborted.
    Aborting,
    /// Anything else, sent as is.
    Undocumented(String),
}

impl SubJobStatus {
    /// The status a wire value names; unknown values are kept as they are.
    pub fn parse(raw: &str) -> Self {
        match raw {
            "WAITING" => Self::Waiting,
            "RUNNING" => Self::Running,
            "SUCCESS" => Self::Success,
            "FAILED" => Self::Failed,
            "ABNORMAL" => Self::Abnormal,
            "ROLLBACK" => Self::Rollback,
            "ABORTING" => Self::Aborting,
            other => Self::Undocumented(other.to_owned()),
        }
    }

    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Waiting => "WAITING",
            Self::Running => "RUNNING",
            Self::Success => "SUCCESS",
            Self::Failed => "FAILED",
            Self::Abnormal => "ABNORMAL",
            Self::Rollback => "ROLLBACK",
            Self::Aborting => "ABORTING",
            Self::Undocumented(raw) => raw,
        }
    }

    /// Whether the sub-job is over (it then has an `end_time`).
    pub(super) fn is_terminal(&self) -> bool {
        matches!(self, Self::Success | Self::Failed | Self::Abnormal)
    }

    /// Whether the deletion failed for good (the instance gets its status back).
    pub(super) fn is_failure(&self) -> bool {
        matches!(self, Self::Failed | Self::Abnormal)
    }
}

impl Serialize for SubJobStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A sub-job's final status and the error it reports (empty strings unless it failed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Status once the sub-job has run.
    pub status: SubJobStatus,
    /// `job_execute_info.error_code`.
    pub error_code: String,
    /// `job_execute_info.error_message`.
    pub error_message: String,
}

impl Outcome {
    /// Deleted.
    pub fn success() -> Self {
        Self::with_status(SubJobStatus::Success)
    }

    /// A recursive delete whose associated resources changed.
    pub(super) fn resources_changed() -> Self {
        Self {
            status: SubJobStatus::Failed,
            error_code: RESOURCES_CHANGED_CODE.to_owned(),
            error_message: RESOURCES_CHANGED_MESSAGE.to_owned(),
        }
    }

    /// `status` with the error a failure of that kind reports by default.
    fn with_status(status: SubJobStatus) -> Self {
        let (code, message) = if status.is_failure() {
            (RESOURCES_CHANGED_CODE, DEFAULT_FAILURE_MESSAGE)
        } else {
            ("", "")
        };
        Self {
            status,
            error_code: code.to_owned(),
            error_message: message.to_owned(),
        }
    }

    /// Parses `{"status": S, "error_code"?: C, "error_message"?: M}`; a failure without a code
    /// or message gets the defaults, other statuses keep empty ones unless given.
    pub(super) fn from_value(value: &Value, what: &str) -> Result<Self, ModelError> {
        let status = value
            .get("status")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| invalid(format!("{what}.status must be a non-empty string.")))?;
        let mut outcome = Self::with_status(SubJobStatus::parse(status));
        if let Some(code) = optional_text(value, "error_code", what)? {
            outcome.error_code = code;
        }
        if let Some(message) = optional_text(value, "error_message", what)? {
            outcome.error_message = message;
        }
        Ok(outcome)
    }
}

/// Outcomes planned per instance id for the next delete that includes it
/// (`PUT /__sim/outcomes` with `{"<id>": {"status": …}, …}`).
pub fn parse_planned_outcomes(body: &[u8]) -> Result<HashMap<String, Outcome>, ModelError> {
    let value = json_body(body)?;
    let object = value
        .as_object()
        .ok_or_else(|| invalid("The body must map instance ids to outcomes."))?;
    object
        .iter()
        .map(|(id, outcome)| Ok((id.clone(), Outcome::from_value(outcome, id)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::model::fixtures::{all, ids, simulator, DURATION, T0};
    use crate::simulator::model::{BatchDeleteRequest, InstanceStatus};

    #[test]
    fn each_planned_status_is_reported_once_the_sub_job_has_run() {
        let mut sim = simulator();
        sim.plan_outcomes(
            parse_planned_outcomes(
                br#"{"1": {"status": "ROLLBACK"}, "4": {"status": "ABNORMAL"},
                     "5": {"status": "PAUSED"}, "6": {"status": "FAILED",
                     "error_code": "WKS.9", "error_message": "locked"}, "404": {"status": "FAILED"}}"#,
            )
            .unwrap(),
        );
        let job_id = sim
            .batch_delete(
                &BatchDeleteRequest::new(&["1", "4", "5", "6", "404"], false),
                T0,
            )
            .unwrap();
        let early = sim.job(&job_id, T0).unwrap();
        assert!(
            early
                .sub_jobs
                .iter()
                .all(|s| s.status == SubJobStatus::Waiting
                    && s.job_execute_info.error_code.is_empty())
        );
        let end = T0.plus_millis(DURATION as i64);
        let done = sim.job(&job_id, end).unwrap();
        let seen: Vec<(&str, &str, bool)> = done
            .sub_jobs
            .iter()
            .map(|s| {
                (
                    s.job_resource_info.resource_id.as_str(),
                    s.status.as_str(),
                    s.end_time.is_some(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("1", "ROLLBACK", false),
                ("4", "ABNORMAL", true),
                ("5", "PAUSED", false),
                ("6", "FAILED", true)
            ],
            "the unknown id 404 gets no sub-job"
        );
        assert_eq!(done.sub_jobs[3].job_execute_info.error_message, "locked");
        assert_eq!(done.summary.status, super::super::jobs::JobStatus::Failed);
        // Failures restore the instance; unfinished outcomes leave it DELETING.
        let after = sim.list_instances(&all(), end);
        assert_eq!(ids(&after), ["6", "5", "4", "3", "2", "1"]);
        let mut status = |id: &str| sim.show_instance(id, end).unwrap().status;
        assert_eq!(status("4"), Some(InstanceStatus::Built));
        assert_eq!(status("6"), Some(InstanceStatus::Error));
        assert_eq!(status("1"), Some(InstanceStatus::Deleting));
        assert_eq!(status("5"), Some(InstanceStatus::Deleting));

        // Plans are used once: the next delete of 6 succeeds.
        let again = sim
            .batch_delete(&BatchDeleteRequest::new(&["6"], false), end)
            .unwrap();
        let later = end.plus_millis(DURATION as i64);
        assert_eq!(
            sim.job(&again, later).unwrap().sub_jobs[0].status,
            SubJobStatus::Success
        );
    }

    #[test]
    fn every_documented_status_round_trips_and_others_are_kept() {
        for raw in [
            "WAITING", "RUNNING", "SUCCESS", "FAILED", "ABNORMAL", "ROLLBACK", "ABORTING",
        ] {
            assert_eq!(SubJobStatus::parse(raw).as_str(), raw);
        }
        let odd = SubJobStatus::parse("PAUSED");
        assert_eq!(odd, SubJobStatus::Undocumented("PAUSED".into()));
        assert_eq!(serde_json::to_value(&odd).unwrap(), "PAUSED");
        assert!(!odd.is_terminal() && !odd.is_failure());
    }

    #[test]
    fn planned_failures_get_default_errors_unless_given() {
        let plans = parse_planned_outcomes(
            br#"{"1": {"status": "ABNORMAL"},
                 "2": {"status": "FAILED", "error_code": "WKS.1", "error_message": "no"},
                 "3": {"status": "ROLLBACK"}}"#,
        )
        .unwrap();
        assert_eq!(plans["1"].error_code, RESOURCES_CHANGED_CODE);
        assert!(!plans["1"].error_message.is_empty());
        assert_eq!(
            (
                plans["2"].error_code.as_str(),
                plans["2"].error_message.as_str()
            ),
            ("WKS.1", "no")
        );
        assert_eq!(plans["3"].status, SubJobStatus::Rollback);
        assert_eq!(plans["3"].error_code, "");
    }

    #[test]
    fn malformed_plans_are_refused() {
        for body in [
            "[]",
            "{",
            r#"{"1": {}}"#,
            r#"{"1": {"status": ""}}"#,
            r#"{"1": {"status": "FAILED", "error_code": 7}}"#,
        ] {
            assert!(parse_planned_outcomes(body.as_bytes()).is_err(), "{body}");
        }
    }
}
