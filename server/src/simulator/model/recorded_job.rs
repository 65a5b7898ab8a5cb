//! A job from history, started elsewhere (a colleague, Terraform, another machine): seeded at
//! start, or added by a test (`POST /__sim/jobs`) to set up an earlier job that must not be
//! mistaken for a new one.

use serde_json::Value;

use super::error::{invalid, json_body, optional_text, ModelError};
use super::jobs::JobType;
use super::outcome::Outcome;
use super::time::Timestamp;

/// Duration of a recorded job when the request names none.
const DEFAULT_DURATION_MS: i64 = 60_000;

/// A job to add to the history as it was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedJob {
    /// What it did.
    pub job_type: JobType,
    /// When it began.
    pub begin: Timestamp,
    /// From begin to end; its sub-jobs finish one after another across it.
    pub duration_ms: i64,
    /// One per resource it acted on.
    pub sub_jobs: Vec<RecordedSubJob>,
}

/// One resource a recorded job acted on, and how that ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedSubJob {
    /// Instance id (or image id for an image build).
    pub resource_id: String,
    /// Its name; `None` takes the instance's current name, or `""` if there is no instance.
    pub resource_name: Option<String>,
    /// Final status and error.
    pub outcome: Outcome,
}

impl RecordedJob {
    /// Parses `{"job_type"?: T (default DELETE_SERVER), "began_ms_ago": N, "duration_ms"?: D,
    /// "sub_jobs": [{"resource_id", "resource_name"?, "status", "error_code"?,
    /// "error_message"?}]}`, read at `now`. A negative `began_ms_ago` begins in the future (a
    /// cloud clock ahead of the browser's).
    pub fn from_json(body: &[u8], now: Timestamp) -> Result<Self, ModelError> {
        let value = json_body(body)?;
        let job_type = match value.get("job_type") {
            None => JobType::DeleteServer,
            Some(raw) => raw
                .as_str()
                .and_then(JobType::parse)
                .ok_or_else(|| invalid("job_type must be an ImageJobType."))?,
        };
        let began_ms_ago = value
            .get("began_ms_ago")
            .and_then(Value::as_i64)
            .ok_or_else(|| invalid("began_ms_ago must be an integer."))?;
        let duration_ms = match value.get("duration_ms") {
            None => DEFAULT_DURATION_MS,
            Some(raw) => raw
                .as_i64()
                .filter(|ms| *ms >= 0)
                .ok_or_else(|| invalid("duration_ms must be a non-negative integer."))?,
        };
        let sub_jobs = value
            .get("sub_jobs")
            .and_then(Value::as_array)
            .ok_or_else(|| invalid("sub_jobs must be an array."))?
            .iter()
            .enumerate()
            .map(|(index, sub)| RecordedSubJob::from_value(sub, index))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            job_type,
            begin: now.plus_millis(-began_ms_ago),
            duration_ms,
            sub_jobs,
        })
    }
}

impl RecordedSubJob {
    fn from_value(value: &Value, index: usize) -> Result<Self, ModelError> {
        let what = format!("sub_jobs[{index}]");
        Ok(Self {
            resource_id: optional_text(value, "resource_id", &what)?
                .ok_or_else(|| invalid(format!("{what}.resource_id is required.")))?,
            resource_name: optional_text(value, "resource_name", &what)?,
            outcome: Outcome::from_value(value, &what)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::model::fixtures::{all, params, simulator, T0};
    use crate::simulator::model::{BatchDeleteRequest, ListJobsQuery, SubJobStatus};

    #[test]
    fn recorded_jobs_are_history_listed_by_begin_time_and_change_nothing() {
        let mut sim = simulator();
        let new = sim
            .batch_delete(&BatchDeleteRequest::new(&["1"], false), T0)
            .unwrap();
        let earlier = sim.record_job(
            RecordedJob::from_json(
                br#"{"began_ms_ago": 600000, "duration_ms": 1000,
                     "sub_jobs": [{"resource_id": "1", "status": "FAILED"}]}"#,
                T0,
            )
            .unwrap(),
        );
        let build = sim.record_job(
            RecordedJob::from_json(
                br#"{"job_type": "CREATE_SERVER_IMAGE", "began_ms_ago": 60000,
                     "sub_jobs": [{"resource_id": "img-1", "status": "SUCCESS"}]}"#,
                T0,
            )
            .unwrap(),
        );
        let deletes =
            ListJobsQuery::from_params(&params(&[("job_type", "DELETE_SERVER")])).unwrap();
        let listed: Vec<String> = sim
            .list_jobs(&deletes, T0)
            .items
            .into_iter()
            .map(|j| j.id)
            .collect();
        assert_eq!(listed, [new.clone(), earlier.clone()], "newest begin first");
        let old = sim.job(&earlier, T0).unwrap();
        assert_eq!(old.summary.begin_time, T0.plus_millis(-600_000));
        assert_eq!(old.summary.end_time, Some(T0.plus_millis(-599_000)));
        assert_eq!(old.sub_jobs[0].status, SubJobStatus::Failed);
        assert_eq!(old.sub_jobs[0].job_resource_info.resource_name, "name-1");
        let build = sim.job(&build, T0).unwrap();
        assert_eq!(build.summary.job_type, JobType::CreateServerImage);
        assert_eq!(build.sub_jobs[0].job_resource_info.resource_name, "");
        assert_eq!(
            sim.list_instances(&all(), T0).count,
            6,
            "history deletes nothing"
        );
    }

    #[test]
    fn parses_a_recorded_job_relative_to_now() {
        let job = RecordedJob::from_json(
            br#"{"began_ms_ago": 600000, "sub_jobs": [
                {"resource_id": "1", "status": "FAILED", "error_message": "busy"},
                {"resource_id": "x", "resource_name": "old", "status": "SUCCESS"}]}"#,
            T0,
        )
        .unwrap();
        assert_eq!(job.job_type, JobType::DeleteServer);
        assert_eq!(job.begin, T0.plus_millis(-600_000));
        assert_eq!(job.duration_ms, DEFAULT_DURATION_MS);
        assert_eq!(job.sub_jobs[0].outcome.status, SubJobStatus::Failed);
        assert_eq!(job.sub_jobs[0].outcome.error_message, "busy");
        assert!(!job.sub_jobs[0].outcome.error_code.is_empty());
        assert_eq!(job.sub_jobs[1].resource_name.as_deref(), Some("old"));
        let future = RecordedJob::from_json(
            br#"{"job_type": "CREATE_SERVER", "began_ms_ago": -5000, "duration_ms": 0, "sub_jobs": []}"#,
            T0,
        )
        .unwrap();
        assert_eq!(future.begin, T0.plus_millis(5000));
        assert_eq!(future.job_type, JobType::CreateServer);
    }

    #[test]
    fn refuses_malformed_jobs() {
        for body in [
            r#"{"sub_jobs": []}"#,
            r#"{"began_ms_ago": 1}"#,
            r#"{"began_ms_ago": 1, "job_type": "X", "sub_jobs": []}"#,
            r#"{"began_ms_ago": 1, "duration_ms": -1, "sub_jobs": []}"#,
            r#"{"began_ms_ago": 1, "sub_jobs": [{"status": "SUCCESS"}]}"#,
            r#"{"began_ms_ago": 1, "sub_jobs": [{"resource_id": "1"}]}"#,
        ] {
            assert!(
                RecordedJob::from_json(body.as_bytes(), T0).is_err(),
                "{body}"
            );
        }
    }
}
