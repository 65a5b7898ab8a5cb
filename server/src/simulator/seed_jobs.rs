//! Deterministic job history, as a project has it before this console ever ran: instances
//! created, images built and instances deleted by others (a colleague, Terraform, another
//! machine), some of them failed. Built from the seeded instances so that ids, names and times
//! agree with them; every job ended well before `now`.

use super::model::{
    uuid_text, Instance, InstanceStatus, JobType, Outcome, RecordedJob, RecordedSubJob,
    SubJobStatus, Timestamp,
};

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;
/// Ids of instances deleted before the seed data was taken (below every seeded instance's).
const GONE_ID_BASE: u64 = 600_112_233_445_566_700;
const RESOURCES_CHANGED: (&str, &str) = (
    "WKS.00129901",
    "Failed to delete the associated resources: the APS server group or application group \
     changed after the image instance was created.",
);
const NO_CAPACITY: (&str, &str) = (
    "WKS.00129901",
    "The flavor is sold out in the selected availability zone.",
);
const BUILD_TIMEOUT: (&str, &str) = (
    "WKS.00129901",
    "The image build timed out: the image instance did not finish preparing within 60 minutes.",
);
const AGENT_LOST: (&str, &str) = (
    "WKS.00211401",
    "The requested operation failed. Please try again later.",
);

/// The seeded history. Delete jobs name at least one instance that no longer exists, so none
/// covers exactly a set of instances a console can still select.
pub fn default_jobs(instances: &[Instance], seed: u64, now: Timestamp) -> Vec<RecordedJob> {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x6869_7374);
    let mut jobs = Vec::new();
    let with_status = |status| instances.iter().filter(move |i| i.status == Some(status));

    for instance in with_status(InstanceStatus::Active).take(3) {
        jobs.push(job(
            JobType::CreateServer,
            instance.create_time.at,
            rng.i64(4 * MINUTE_MS..9 * MINUTE_MS),
            vec![sub(seeded_id(instance), &instance.name, ok())],
        ));
    }
    jobs.push(job(
        JobType::CreateServer,
        now.plus_millis(-2 * DAY_MS - 3 * HOUR_MS),
        11 * MINUTE_MS,
        vec![sub(&gone_id(0), "gis-pilot-trial", failed(NO_CAPACITY))],
    ));
    for instance in with_status(InstanceStatus::Built).take(2) {
        jobs.push(job(
            JobType::CreateServerImage,
            instance.update_time.plus_millis(-35 * MINUTE_MS),
            rng.i64(25 * MINUTE_MS..35 * MINUTE_MS),
            vec![sub(&instance.image_id, &image_name(instance), ok())],
        ));
    }
    if let Some(instance) = with_status(InstanceStatus::Active).nth(3) {
        jobs.push(job(
            JobType::CreateServerImage,
            now.plus_millis(-26 * HOUR_MS),
            60 * MINUTE_MS,
            vec![sub(
                &uuid_text(rng.u128(..)),
                &image_name(instance),
                failed(BUILD_TIMEOUT),
            )],
        ));
    }
    jobs.push(job(
        JobType::DeleteServer,
        now.plus_millis(-3 * DAY_MS - 5 * HOUR_MS),
        2 * MINUTE_MS,
        vec![
            sub(&gone_id(1), "win2019-golden-retired", ok()),
            sub(&gone_id(2), "office-2016-base", ok()),
        ],
    ));
    let changed = instances
        .iter()
        .find(|i| i.associated_resources_changed && i.status != Some(InstanceStatus::Deleting));
    let mut partly_failed = vec![sub(&gone_id(3), "qa-test-old-01", ok())];
    if let Some(instance) = changed {
        partly_failed.push(sub(
            seeded_id(instance),
            &instance.name,
            failed(RESOURCES_CHANGED),
        ));
    }
    jobs.push(job(
        JobType::DeleteServer,
        now.plus_millis(-DAY_MS - 2 * HOUR_MS),
        3 * MINUTE_MS,
        partly_failed,
    ));
    jobs.push(job(
        JobType::DeleteServer,
        now.plus_millis(-5 * HOUR_MS),
        4 * MINUTE_MS,
        vec![
            sub(&gone_id(4), "sales-pilot-2023", ok()),
            sub(
                &gone_id(5),
                "ops-base-stale",
                ended(SubJobStatus::Abnormal, AGENT_LOST),
            ),
        ],
    ));
    jobs
}

fn job(
    job_type: JobType,
    begin: Timestamp,
    duration_ms: i64,
    sub_jobs: Vec<RecordedSubJob>,
) -> RecordedJob {
    RecordedJob {
        job_type,
        begin,
        duration_ms,
        sub_jobs,
    }
}

fn sub(id: &str, name: &str, outcome: Outcome) -> RecordedSubJob {
    RecordedSubJob {
        resource_id: id.to_owned(),
        resource_name: Some(name.to_owned()),
        outcome,
    }
}

fn ok() -> Outcome {
    Outcome::success()
}

fn failed(error: (&str, &str)) -> Outcome {
    ended(SubJobStatus::Failed, error)
}

fn ended(status: SubJobStatus, (code, message): (&str, &str)) -> Outcome {
    Outcome {
        status,
        error_code: code.to_owned(),
        error_message: message.to_owned(),
    }
}

/// Every seeded instance has an id (only a test adds one without).
fn seeded_id(instance: &Instance) -> &str {
    instance.id.as_deref().unwrap_or_default()
}

fn gone_id(n: u64) -> String {
    (GONE_ID_BASE + n * 7_919_113).to_string()
}

/// The name of an image built from `instance`: image names are short, so the instance's is cut.
fn image_name(instance: &Instance) -> String {
    let stem: String = instance.name.chars().take(40).collect();
    format!("{stem}-image")
}

#[cfg(test)]
mod tests {
    use super::super::seed::default_instances;
    use super::*;

    const NOW: Timestamp = Timestamp::from_unix_millis(1_715_068_461_009);

    #[test]
    fn history_has_every_type_some_failed_and_ended_before_now() {
        let instances = default_instances(1, NOW);
        let jobs = default_jobs(&instances, 1, NOW);
        for job_type in [
            JobType::CreateServer,
            JobType::CreateServerImage,
            JobType::DeleteServer,
        ] {
            let of_type: Vec<&RecordedJob> =
                jobs.iter().filter(|j| j.job_type == job_type).collect();
            assert!(of_type.len() >= 2, "{job_type:?}");
            assert!(
                of_type.iter().any(|j| j
                    .sub_jobs
                    .iter()
                    .any(|s| s.outcome.status != SubJobStatus::Success
                        && !s.outcome.error_code.is_empty()
                        && !s.outcome.error_message.is_empty())),
                "{job_type:?} has a failure with its error"
            );
        }
        assert!(jobs
            .iter()
            .all(|j| j.begin.plus_millis(j.duration_ms) < NOW && j.duration_ms > 0));
    }

    #[test]
    fn delete_jobs_always_name_an_instance_that_is_gone() {
        let instances = default_instances(1, NOW);
        for job in default_jobs(&instances, 1, NOW)
            .iter()
            .filter(|j| j.job_type == JobType::DeleteServer)
        {
            assert!(job
                .sub_jobs
                .iter()
                .any(|s| instances.iter().all(|i| seeded_id(i) != s.resource_id)));
        }
        assert!(
            default_jobs(&[], 1, NOW).len() >= 4,
            "no instances, still history"
        );
    }
}
