//! What a delete job did, counted honestly: only SUCCESS is "deleted", FAILED and ABNORMAL
//! are "failed", and every other status (rolling back, aborting, still waiting or running,
//! unknown) is counted as such, never as deleted. Ids submitted but covered by no sub-job
//! were ignored by the service (it skips instances it cannot find). Jobs of other types
//! (create, build, opened from the job centre) are counted the same way in neutral words.

use crate::wire::{ImageJob, JobType, SubJobStatus};

/// Whether a job's outcomes are deletions: a delete job, or one whose type is not given (the
/// console's own jobs before the API named their type). A type this console does not know
/// (the job list's spec also names `BUILD_IMAGE`, `DELETE_IMAGE`, ...) gets neutral words.
pub fn deletes(job_type: &JobType) -> bool {
    matches!(job_type, JobType::DeleteServer) || job_type.raw().is_empty()
}

/// What one sub-job's status means for its instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutcomeKind {
    Deleted,
    Failed,
    Other,
}

impl OutcomeKind {
    pub fn of(status: &SubJobStatus) -> Self {
        match status {
            SubJobStatus::Success => Self::Deleted,
            status if status.is_failure() => Self::Failed,
            _ => Self::Other,
        }
    }
}

/// The heading numbers and the ids the service did not find.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutcomeSummary {
    pub deleted: usize,
    pub failed: usize,
    pub other: usize,
    /// Submitted ids no sub-job covers, in submission order; only once the job has ended
    /// (a running job may not have listed every sub-job yet).
    pub not_found: Vec<String>,
}

impl OutcomeSummary {
    pub fn of(job: &ImageJob, submitted: &[String]) -> Self {
        let mut summary = Self::default();
        for sub in &job.sub_jobs {
            match OutcomeKind::of(&sub.status) {
                OutcomeKind::Deleted => summary.deleted += 1,
                OutcomeKind::Failed => summary.failed += 1,
                OutcomeKind::Other => summary.other += 1,
            }
        }
        if job.status.is_terminal() {
            summary.not_found = submitted
                .iter()
                .filter(|id| {
                    !job.sub_jobs
                        .iter()
                        .any(|sub| &sub.job_resource_info.resource_id == *id)
                })
                .cloned()
                .collect();
        }
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{JobStatus, SubJob};

    fn job(status: JobStatus, subs: &[(&str, &str)]) -> ImageJob {
        ImageJob {
            status,
            sub_jobs: subs
                .iter()
                .map(|(id, status)| {
                    let mut sub = SubJob {
                        status: SubJobStatus::parse(status),
                        ..SubJob::default()
                    };
                    sub.job_resource_info.resource_id = (*id).to_owned();
                    sub
                })
                .collect(),
            ..ImageJob::default()
        }
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|id| id.to_string()).collect()
    }

    #[test]
    fn only_success_counts_as_deleted_and_every_other_status_is_counted_apart() {
        let job = job(
            JobStatus::Failed,
            &[
                ("1", "SUCCESS"),
                ("2", "FAILED"),
                ("3", "ABNORMAL"),
                ("4", "ROLLBACK"),
                ("5", "ABORTING"),
                ("6", "WAITING"),
                ("7", "RUNNING"),
                ("8", "PAUSED"),
            ],
        );
        let summary = OutcomeSummary::of(&job, &ids(&["1", "2", "3", "4", "5", "6", "7", "8"]));
        assert_eq!((summary.deleted, summary.failed, summary.other), (1, 2, 5));
        assert!(summary.not_found.is_empty());
    }

    #[test]
    fn other_jobs_are_counted_the_same_and_only_delete_jobs_delete() {
        let built = job(JobStatus::Failed, &[("1", "SUCCESS"), ("2", "FAILED")]);
        let summary = OutcomeSummary::of(&built, &[]);
        assert_eq!((summary.deleted, summary.failed, summary.other), (1, 1, 0));
        assert!(!deletes(&JobType::CreateServerImage) && !deletes(&JobType::CreateServer));
        assert!(deletes(&JobType::DeleteServer) && deletes(&JobType::default()));
        for other in ["BUILD_IMAGE", "DELETE_IMAGE", "DELETE_IMAGE_BUILD_SERVER"] {
            assert!(!deletes(&JobType::parse(other)), "{other}");
        }
    }

    #[test]
    fn submitted_ids_no_sub_job_covers_are_not_found_once_the_job_ended() {
        let submitted = ids(&["gone", "1", "also-gone"]);
        let running = job(JobStatus::Running, &[("1", "RUNNING")]);
        assert!(OutcomeSummary::of(&running, &submitted)
            .not_found
            .is_empty());
        let ended = job(JobStatus::Success, &[("1", "SUCCESS")]);
        let summary = OutcomeSummary::of(&ended, &submitted);
        assert_eq!(summary.not_found, ["gone", "also-gone"]);
    }
}
