//! Jobs: their wire types, and how a job's status follows from the time it was read.
//! Jobs need no background task: the simulator settles finished sub-jobs on each operation.

use serde::Serialize;

use super::instance::InstanceStatus;
use super::outcome::{Outcome, SubJobStatus};
use super::time::Timestamp;

/// Share of a job's duration spent in `WAITING` before it starts `RUNNING`, in percent.
const WAITING_PERCENT: i64 = 15;

/// `ImageJobType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobType {
    /// Create an image instance.
    CreateServer,
    /// Build an image from an instance.
    CreateServerImage,
    /// Delete image instances.
    DeleteServer,
}

impl JobType {
    pub(super) fn parse(raw: &str) -> Option<Self> {
        match raw {
            "CREATE_SERVER" => Some(Self::CreateServer),
            "CREATE_SERVER_IMAGE" => Some(Self::CreateServerImage),
            "DELETE_SERVER" => Some(Self::DeleteServer),
            _ => None,
        }
    }
}

/// `ImageJobStatus`: the four values a whole job can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobStatus {
    /// Queued.
    Waiting,
    /// In progress.
    Running,
    /// Finished; every sub-job succeeded.
    Success,
    /// Finished; some sub-job did not succeed.
    Failed,
}

impl JobStatus {
    pub(super) fn parse(raw: &str) -> Option<Self> {
        match raw {
            "WAITING" => Some(Self::Waiting),
            "RUNNING" => Some(Self::Running),
            "SUCCESS" => Some(Self::Success),
            "FAILED" => Some(Self::Failed),
            _ => None,
        }
    }
}

/// What one sub-job acts on and how it will end.
#[derive(Debug, Clone)]
pub(super) struct SubJobPlan {
    pub(super) resource_id: String,
    pub(super) resource_name: String,
    /// Restored when a deletion fails.
    pub(super) status_before: Option<InstanceStatus>,
    pub(super) outcome: Outcome,
}

#[derive(Debug, Clone)]
pub(super) struct SubJob {
    pub(super) id: String,
    pub(super) plan: SubJobPlan,
    pub(super) finish_at: Timestamp,
    /// Its effect on the instance is applied (or, for a recorded job, there is none).
    pub(super) settled: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Job {
    pub(super) id: String,
    job_type: JobType,
    pub(super) begin: Timestamp,
    running_from: Timestamp,
    end: Timestamp,
    pub(super) sub_jobs: Vec<SubJob>,
}

impl Job {
    /// A job that waits for the first 15% of `duration_ms`, then finishes its sub-jobs one
    /// after another, the last at `begin + duration_ms`. Sub-job ids count up from
    /// `first_sub_job_id`. A recorded job (history) has no effect on instances.
    pub(super) fn scheduled(
        id: String,
        job_type: JobType,
        begin: Timestamp,
        duration_ms: i64,
        plans: Vec<SubJobPlan>,
        first_sub_job_id: u64,
        recorded: bool,
    ) -> Self {
        let running_from = begin.plus_millis(duration_ms * WAITING_PERCENT / 100);
        let end = begin.plus_millis(duration_ms);
        let running_span = end.unix_millis() - running_from.unix_millis();
        let total = i64::try_from(plans.len()).unwrap_or(i64::MAX);
        let sub_jobs = (1_i64..)
            .zip(plans)
            .map(|(position, plan)| SubJob {
                id: (first_sub_job_id + position.unsigned_abs() - 1).to_string(),
                plan,
                finish_at: running_from.plus_millis(running_span * position / total),
                settled: recorded,
            })
            .collect();
        Self {
            id,
            job_type,
            begin,
            running_from,
            end,
            sub_jobs,
        }
    }

    fn status_at(&self, now: Timestamp) -> JobStatus {
        if now < self.running_from {
            JobStatus::Waiting
        } else if now < self.end {
            JobStatus::Running
        } else if self
            .sub_jobs
            .iter()
            .all(|sub| sub.plan.outcome.status == SubJobStatus::Success)
        {
            JobStatus::Success
        } else {
            JobStatus::Failed
        }
    }

    pub(super) fn summary(&self, now: Timestamp) -> JobSummary {
        let status = self.status_at(now);
        JobSummary {
            id: self.id.clone(),
            job_type: self.job_type,
            status,
            begin_time: self.begin,
            end_time: matches!(status, JobStatus::Success | JobStatus::Failed).then_some(self.end),
            sub_jobs_total: self.sub_jobs.len(),
        }
    }

    pub(super) fn detail(&self, project_id: &str, now: Timestamp) -> JobDetail {
        let sub_jobs = self
            .sub_jobs
            .iter()
            .map(|sub| {
                let finished = now >= sub.finish_at;
                let status = if now < self.running_from {
                    SubJobStatus::Waiting
                } else if !finished {
                    SubJobStatus::Running
                } else {
                    sub.plan.outcome.status.clone()
                };
                let (error_code, error_message) = if finished {
                    (
                        sub.plan.outcome.error_code.clone(),
                        sub.plan.outcome.error_message.clone(),
                    )
                } else {
                    (String::new(), String::new())
                };
                SubJobView {
                    id: sub.id.clone(),
                    job_id: self.id.clone(),
                    project_id: project_id.to_owned(),
                    job_type: self.job_type,
                    end_time: status.is_terminal().then_some(sub.finish_at),
                    status,
                    begin_time: self.begin,
                    job_resource_info: ResourceInfo {
                        resource_id: sub.plan.resource_id.clone(),
                        resource_name: sub.plan.resource_name.clone(),
                    },
                    job_execute_info: ExecuteInfo {
                        error_code,
                        error_message,
                    },
                }
            })
            .collect();
        JobDetail {
            summary: self.summary(now),
            sub_jobs,
        }
    }
}

/// `ImageJobInfo`: a job without its sub-jobs, as listed.
#[derive(Debug, Clone, Serialize)]
pub struct JobSummary {
    /// Job id (UUID-like, opaque).
    pub id: String,
    /// What the job does.
    pub job_type: JobType,
    /// Status at the time of the read.
    pub status: JobStatus,
    /// Creation time.
    pub begin_time: Timestamp,
    /// Present only once the job has ended (the schema's `date-time` format forbids `""`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Timestamp>,
    /// Number of sub-jobs.
    pub sub_jobs_total: usize,
}

/// `ImageJobResp`: a job with one sub-job per resource it acts on.
#[derive(Debug, Clone, Serialize)]
pub struct JobDetail {
    /// The top-level fields.
    #[serde(flatten)]
    pub summary: JobSummary,
    /// One per instance the job deletes.
    pub sub_jobs: Vec<SubJobView>,
}

/// `ImageJobDetailInfo`.
#[derive(Debug, Clone, Serialize)]
pub struct SubJobView {
    /// Sub-job id (numeric string).
    pub id: String,
    /// Parent job id.
    pub job_id: String,
    /// Project the job belongs to.
    pub project_id: String,
    /// Same as the parent's.
    pub job_type: JobType,
    /// Status at the time of the read.
    pub status: SubJobStatus,
    /// Creation time (the parent's).
    pub begin_time: Timestamp,
    /// Present only once the sub-job has ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Timestamp>,
    /// The instance (or, when building an image, the image) this sub-job acts on.
    pub job_resource_info: ResourceInfo,
    /// Empty strings unless the sub-job failed.
    pub job_execute_info: ExecuteInfo,
}

/// `ImageJobResourceInfo`.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceInfo {
    /// Image instance id.
    pub resource_id: String,
    /// Image instance name.
    pub resource_name: String,
}

/// `ImageJobExecuteInfo`. Note `error_message`, not `error_msg`.
#[derive(Debug, Clone, Serialize)]
pub struct ExecuteInfo {
    /// Failure code or `""`.
    pub error_code: String,
    /// Failure reason or `""`.
    pub error_message: String,
}

/// 128 bits in the 8-4-4-4-12 hex form of a UUID.
pub fn uuid_text(bits: u128) -> String {
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::model::fixtures::{all, ids, params, simulator, DURATION, T0};
    use crate::simulator::model::outcome::RESOURCES_CHANGED_CODE;
    use crate::simulator::model::{BatchDeleteRequest, ListJobsQuery};

    #[test]
    fn job_moves_from_waiting_to_running_to_success_and_instances_disappear() {
        let mut sim = simulator();
        let job_id = sim
            .batch_delete(&BatchDeleteRequest::new(&["1", "nope", "5"], false), T0)
            .unwrap();
        assert_eq!(
            sim.show_instance("1", T0).unwrap().status,
            Some(InstanceStatus::Deleting)
        );
        assert_eq!(
            sim.show_instance("5", T0).unwrap().status,
            Some(InstanceStatus::Deleting)
        );

        let waiting = sim.job(&job_id, T0.plus_millis(1_499)).unwrap();
        assert_eq!(waiting.summary.status, JobStatus::Waiting);
        assert_eq!(waiting.summary.sub_jobs_total, 2);
        assert!(waiting.summary.end_time.is_none());
        assert!(waiting
            .sub_jobs
            .iter()
            .all(|s| s.status == SubJobStatus::Waiting));

        // The first sub-job finishes halfway through the running span.
        let running = sim.job(&job_id, T0.plus_millis(5_750)).unwrap();
        assert_eq!(running.summary.status, JobStatus::Running);
        assert_eq!(running.sub_jobs[0].status, SubJobStatus::Success);
        assert_eq!(running.sub_jobs[1].status, SubJobStatus::Running);
        assert_eq!(sim.list_instances(&all(), T0.plus_millis(5_750)).count, 5);

        let done = sim.job(&job_id, T0.plus_millis(10_000)).unwrap();
        assert_eq!(done.summary.status, JobStatus::Success);
        assert_eq!(done.summary.end_time, Some(T0.plus_millis(10_000)));
        assert_eq!(done.sub_jobs[1].job_resource_info.resource_id, "5");
        assert_eq!(done.sub_jobs[1].job_execute_info.error_code, "");
        assert_eq!(
            ids(&sim.list_instances(&all(), T0.plus_millis(10_000))),
            ["6", "4", "3", "2"]
        );
    }

    #[test]
    fn recursive_delete_of_changed_resources_fails_and_restores_status() {
        let mut sim = simulator();
        let job_id = sim
            .batch_delete(&BatchDeleteRequest::new(&["4", "6"], true), T0)
            .unwrap();
        let done = sim.job(&job_id, T0.plus_millis(20_000)).unwrap();
        assert_eq!(done.summary.status, JobStatus::Failed);
        let failed = &done.sub_jobs[0];
        assert_eq!(failed.status, SubJobStatus::Failed);
        assert_eq!(failed.job_execute_info.error_code, RESOURCES_CHANGED_CODE);
        assert!(!failed.job_execute_info.error_message.is_empty());
        assert_eq!(done.sub_jobs[1].status, SubJobStatus::Success);
        let restored = sim.show_instance("4", T0.plus_millis(20_000)).unwrap();
        assert_eq!(restored.status, Some(InstanceStatus::Built));
        assert!(sim.show_instance("6", T0.plus_millis(20_000)).is_err());
    }

    #[test]
    fn job_ids_are_uuid_like_and_reproducible() {
        let id = simulator()
            .batch_delete(&BatchDeleteRequest::new(&["1"], false), T0)
            .unwrap();
        let again = simulator()
            .batch_delete(&BatchDeleteRequest::new(&["1"], false), T0)
            .unwrap();
        assert_eq!(id, again);
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&id[14..15], "4");
        assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn lists_jobs_newest_first_filtered_by_status() {
        let mut sim = simulator();
        let old = sim
            .batch_delete(&BatchDeleteRequest::new(&["1"], false), T0)
            .unwrap();
        let new = sim
            .batch_delete(
                &BatchDeleteRequest::new(&["6"], false),
                T0.plus_millis(DURATION as i64),
            )
            .unwrap();
        let now = T0.plus_millis(DURATION as i64);
        let all = ListJobsQuery::from_params(&params(&[("job_type", "DELETE_SERVER")])).unwrap();
        let page = sim.list_jobs(&all, now);
        assert_eq!(
            page.items.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(),
            [new.as_str(), old.as_str()]
        );
        let done = ListJobsQuery::from_params(&params(&[
            ("job_type", "DELETE_SERVER"),
            ("status", "SUCCESS"),
        ]))
        .unwrap();
        assert_eq!(sim.list_jobs(&done, now).count, 1);
        let creates =
            ListJobsQuery::from_params(&params(&[("job_type", "CREATE_SERVER")])).unwrap();
        assert_eq!(sim.list_jobs(&creates, now).count, 0);
    }
}
