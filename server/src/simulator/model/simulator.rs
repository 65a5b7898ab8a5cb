//! The simulated service as a plain state machine over instances and delete jobs. Every
//! operation takes `now`, so job progress is a pure function of time and tests control it.
//!
//! Each operation first *settles* the sub-jobs whose finish time has passed (removing deleted
//! instances, restoring failed ones), then answers.

use std::collections::{HashMap, HashSet};

use super::batch_delete::BatchDeleteRequest;
use super::error::{invalid, ModelError};
use super::instance::{Instance, InstanceStatus};
use super::instance_change::InstanceChange;
use super::jobs::{uuid_text, Job, JobDetail, JobSummary, JobType, SubJobPlan};
use super::new_instance::{NewId, NewInstance};
use super::outcome::{Outcome, SubJobStatus};
use super::query::{ListInstancesQuery, ListJobsQuery, Page};
use super::recorded_job::RecordedJob;
use super::time::Timestamp;

/// The id before the first added instance's when there is no numeric id to follow.
const FIRST_ADDED_ID: u64 = 700_000_000_000_000_000;

/// The order lists are served in: newest first, then by id (larger first).
fn newest_first(a: &Instance, b: &Instance) -> std::cmp::Ordering {
    b.create_time
        .cmp(&a.create_time)
        .then_with(|| b.id.cmp(&a.id))
}

/// The whole simulated service for one project.
#[derive(Debug)]
pub struct Simulator {
    project_id: String,
    job_duration_ms: i64,
    /// Newest first: the order lists are served in.
    instances: Vec<Instance>,
    /// In the order they were added (recorded history may be older than what follows it).
    jobs: Vec<Job>,
    /// Outcomes tests planned for the next delete of these instance ids.
    planned: HashMap<String, Outcome>,
    rng: fastrand::Rng,
    next_sub_job_id: u64,
}

impl Simulator {
    /// A service holding `instances` (any order) whose delete jobs take `job_duration_ms`.
    /// `seed` makes job ids reproducible.
    pub fn new(
        project_id: &str,
        job_duration_ms: u64,
        mut instances: Vec<Instance>,
        seed: u64,
    ) -> Self {
        instances.sort_by(newest_first);
        Self {
            project_id: project_id.to_owned(),
            job_duration_ms: i64::try_from(job_duration_ms).unwrap_or(i64::MAX / 4),
            instances,
            jobs: Vec::new(),
            planned: HashMap::new(),
            rng: fastrand::Rng::with_seed(seed ^ 0x6a6f_6273),
            next_sub_job_id: 702_364_884_037_271_552,
        }
    }

    /// The instances matching `query`, newest first, paged.
    pub fn list_instances(&mut self, query: &ListInstancesQuery, now: Timestamp) -> Page<Instance> {
        self.settle(now);
        let matches: Vec<&Instance> = self.instances.iter().filter(|i| query.matches(i)).collect();
        query.paging.page(&matches)
    }

    /// One instance by id.
    pub fn show_instance(&mut self, id: &str, now: Timestamp) -> Result<Instance, ModelError> {
        self.settle(now);
        self.instances
            .iter()
            .find(|i| i.has_id(id))
            .cloned()
            .ok_or_else(|| ModelError::InstanceNotFound(id.to_owned()))
    }

    /// Starts a delete job and returns its id.
    ///
    /// All-or-nothing: if any named instance is CREATING or BUILDING, nothing changes. Unknown
    /// ids are ignored, and so are instances already DELETING, so each instance belongs to at
    /// most one unfinished job however many overlapping requests arrive. Targets go to DELETING
    /// at once; a target whose associated resources changed fails when `recursive` is set,
    /// and a target with a planned outcome ([`Self::plan_outcomes`]) ends with that one.
    pub fn batch_delete(
        &mut self,
        request: &BatchDeleteRequest,
        now: Timestamp,
    ) -> Result<String, ModelError> {
        self.settle(now);
        // Keep the order of the request so sub-jobs follow it.
        let mut target_indexes: Vec<usize> = Vec::new();
        for id in &request.ids {
            if let Some(index) = self.instances.iter().position(|i| i.has_id(id)) {
                target_indexes.push(index);
            }
        }
        let blocked: Vec<(&str, InstanceStatus)> = target_indexes
            .iter()
            .map(|&index| &self.instances[index])
            .filter_map(|i| {
                i.status
                    .filter(|s| s.blocks_delete())
                    .map(|s| (i.id_text(), s))
            })
            .collect();
        if let Some(&(id, status)) = blocked.first() {
            return Err(ModelError::NotDeletable {
                id: id.to_owned(),
                status,
                others: blocked.len() - 1,
            });
        }
        target_indexes
            .retain(|&index| self.instances[index].status != Some(InstanceStatus::Deleting));

        let plans: Vec<SubJobPlan> = target_indexes
            .iter()
            .map(|&index| {
                let instance = &mut self.instances[index];
                let outcome = self.planned.remove(instance.id_text()).unwrap_or_else(|| {
                    if request.recursive && instance.associated_resources_changed {
                        Outcome::resources_changed()
                    } else {
                        Outcome::success()
                    }
                });
                let plan = SubJobPlan {
                    resource_id: instance.id_text().to_owned(),
                    resource_name: instance.name.clone(),
                    status_before: instance.status,
                    outcome,
                };
                instance.status = Some(InstanceStatus::Deleting);
                instance.update_time = now;
                plan
            })
            .collect();
        Ok(self.add_job(
            JobType::DeleteServer,
            now,
            self.job_duration_ms,
            plans,
            false,
        ))
    }

    /// Outcomes for the next delete of each named instance, replacing earlier plans: a
    /// sub-job for the instance ends with its planned outcome instead of the usual one.
    pub fn plan_outcomes(&mut self, plans: HashMap<String, Outcome>) {
        self.planned = plans;
    }

    /// Adds a job from history (started elsewhere, possibly long ago) and returns its id.
    /// It reports its sub-jobs as recorded and changes no instance.
    pub fn record_job(&mut self, job: RecordedJob) -> String {
        let plans = job
            .sub_jobs
            .into_iter()
            .map(|sub| SubJobPlan {
                resource_name: sub.resource_name.unwrap_or_else(|| {
                    self.instances
                        .iter()
                        .find(|i| i.has_id(&sub.resource_id))
                        .map(|i| i.name.clone())
                        .unwrap_or_default()
                }),
                resource_id: sub.resource_id,
                status_before: None,
                outcome: sub.outcome,
            })
            .collect();
        self.add_job(job.job_type, job.begin, job.duration_ms, plans, true)
    }

    fn add_job(
        &mut self,
        job_type: JobType,
        begin: Timestamp,
        duration_ms: i64,
        plans: Vec<SubJobPlan>,
        recorded: bool,
    ) -> String {
        let id = self.next_job_id();
        let first_sub_job_id = self.next_sub_job_id;
        self.next_sub_job_id += plans.len() as u64;
        self.jobs.push(Job::scheduled(
            id.clone(),
            job_type,
            begin,
            duration_ms,
            plans,
            first_sub_job_id,
            recorded,
        ));
        id
    }

    /// A job with its sub-jobs, as of `now`.
    pub fn job(&mut self, id: &str, now: Timestamp) -> Result<JobDetail, ModelError> {
        self.settle(now);
        self.jobs
            .iter()
            .find(|job| job.id == id)
            .map(|job| job.detail(&self.project_id, now))
            .ok_or_else(|| ModelError::JobNotFound(id.to_owned()))
    }

    /// Jobs matching `query`, newest first, paged.
    pub fn list_jobs(&mut self, query: &ListJobsQuery, now: Timestamp) -> Page<JobSummary> {
        self.settle(now);
        // Newest first by begin time; among equal times, the later added first.
        let mut newest_first: Vec<&Job> = self.jobs.iter().rev().collect();
        newest_first.sort_by_key(|job| std::cmp::Reverse(job.begin));
        let summaries: Vec<JobSummary> = newest_first
            .into_iter()
            .map(|job| job.summary(now))
            .filter(|s| query.job_type.is_none_or(|t| t == s.job_type))
            .filter(|s| query.status.is_none_or(|status| status == s.status))
            .collect();
        query.paging.page(&summaries.iter().collect::<Vec<_>>())
    }

    /// Changes one instance as a test asks (`/__sim`), and returns it as shown.
    pub fn change_instance(
        &mut self,
        id: &str,
        change: &InstanceChange,
        now: Timestamp,
    ) -> Result<Instance, ModelError> {
        self.settle(now);
        let instance = self
            .instances
            .iter_mut()
            .find(|i| i.has_id(id))
            .ok_or_else(|| ModelError::InstanceNotFound(id.to_owned()))?;
        change.apply(instance, now);
        Ok(instance.clone())
    }

    /// Removes one instance as if it had been deleted elsewhere (`/__sim`).
    pub fn remove_instance(&mut self, id: &str, now: Timestamp) -> Result<(), ModelError> {
        self.settle(now);
        let before = self.instances.len();
        self.instances.retain(|i| !i.has_id(id));
        if self.instances.len() == before {
            return Err(ModelError::InstanceNotFound(id.to_owned()));
        }
        Ok(())
    }

    /// Adds an instance as a test asks (`/__sim`), in its place among the newest-first list,
    /// and returns it as shown. A given id must not be taken (a blank one may repeat).
    pub fn add_instance(
        &mut self,
        new: &NewInstance,
        now: Timestamp,
    ) -> Result<Instance, ModelError> {
        self.settle(now);
        let id = match &new.id {
            NewId::Next => Some(self.next_instance_id()),
            NewId::Absent => None,
            NewId::Given(id) if self.instances.iter().any(|i| i.has_id(id)) => {
                return Err(invalid(format!("id {id} is taken.")));
            }
            NewId::Given(id) => Some(id.clone()),
        };
        let instance = new.instance(id, &mut self.rng, now);
        let at = self
            .instances
            .partition_point(|i| newest_first(i, &instance).is_lt());
        self.instances.insert(at, instance.clone());
        Ok(instance)
    }

    /// One above the largest numeric id, as the service's ids grow.
    fn next_instance_id(&self) -> String {
        let largest = self
            .instances
            .iter()
            .filter_map(|i| i.id.as_deref()?.parse::<u64>().ok())
            .max()
            .unwrap_or(FIRST_ADDED_ID);
        (largest + 1).to_string()
    }

    /// Number of instances that currently exist.
    pub fn instance_count(&self) -> usize {
        self.instances.len()
    }

    /// Applies the effects of every sub-job that has finished by `now`.
    fn settle(&mut self, now: Timestamp) {
        let mut deleted: HashSet<String> = HashSet::new();
        for job in &mut self.jobs {
            for sub in job
                .sub_jobs
                .iter_mut()
                .filter(|s| !s.settled && s.finish_at <= now)
            {
                sub.settled = true;
                let status = &sub.plan.outcome.status;
                if *status == SubJobStatus::Success {
                    deleted.insert(sub.plan.resource_id.clone());
                } else if status.is_failure() {
                    if let Some(instance) = self
                        .instances
                        .iter_mut()
                        .find(|i| i.has_id(&sub.plan.resource_id))
                    {
                        instance.status = sub.plan.status_before;
                        instance.update_time = sub.finish_at;
                    }
                }
                // Any other final status leaves the instance DELETING.
            }
        }
        if !deleted.is_empty() {
            self.instances
                .retain(|i| !deleted.iter().any(|id| i.has_id(id)));
        }
    }

    /// A random UUID (version 4 layout), reproducible from the seed.
    fn next_job_id(&mut self) -> String {
        let bits = self.rng.u128(..);
        uuid_text((bits & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62))
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::model::fixtures::{all, ids, params, simulator, T0};

    #[test]
    fn lists_newest_first_with_total_count() {
        let mut sim = simulator();
        let query =
            ListInstancesQuery::from_params(&params(&[("offset", "1"), ("limit", "2")])).unwrap();
        let page = sim.list_instances(&query, T0);
        assert_eq!(page.count, 6);
        assert_eq!(ids(&page), ["5", "4"]);
    }

    #[test]
    fn filters_by_name_substring_and_exact_id() {
        let mut sim = simulator();
        let by_name = ListInstancesQuery::from_params(&params(&[("server_name", "me-3")])).unwrap();
        assert_eq!(ids(&sim.list_instances(&by_name, T0)), ["3"]);
        let by_id = ListInstancesQuery::from_params(&params(&[("server_id", "4")])).unwrap();
        assert_eq!(ids(&sim.list_instances(&by_id, T0)), ["4"]);
        let unknown = ListInstancesQuery::from_params(&params(&[("server_id", "44")])).unwrap();
        assert_eq!(sim.list_instances(&unknown, T0).count, 0);
        let other_eps =
            ListInstancesQuery::from_params(&params(&[("enterprise_project_id", "x")])).unwrap();
        assert_eq!(sim.list_instances(&other_eps, T0).count, 0);
        let default_eps =
            ListInstancesQuery::from_params(&params(&[("enterprise_project_id", "")])).unwrap();
        assert_eq!(sim.list_instances(&default_eps, T0).count, 6);
    }

    #[test]
    fn changed_instances_are_refused_or_skipped_and_removed_ones_ignored() {
        let mut sim = simulator();
        let building = InstanceChange::from_json(br#"{"status": "BUILDING"}"#).unwrap();
        sim.change_instance("1", &building, T0).unwrap();
        assert!(matches!(
            sim.batch_delete(&BatchDeleteRequest::new(&["1"], false), T0),
            Err(ModelError::NotDeletable { .. })
        ));
        let deleting = InstanceChange::from_json(br#"{"status": "DELETING"}"#).unwrap();
        sim.change_instance("1", &deleting, T0).unwrap();
        sim.remove_instance("6", T0).unwrap();
        assert_eq!(
            sim.remove_instance("6", T0),
            Err(ModelError::InstanceNotFound("6".into()))
        );
        let job = sim
            .batch_delete(&BatchDeleteRequest::new(&["1", "6", "5"], false), T0)
            .unwrap();
        let detail = sim.job(&job, T0).unwrap();
        let covered: Vec<&str> = detail
            .sub_jobs
            .iter()
            .map(|s| s.job_resource_info.resource_id.as_str())
            .collect();
        assert_eq!(covered, ["5"], "DELETING and gone instances get no sub-job");
        assert!(sim.change_instance("6", &building, T0).is_err());
    }

    #[test]
    fn added_instances_are_listed_in_time_order_with_or_without_an_id() {
        let mut sim = simulator();
        let add = |sim: &mut Simulator, body: &str| {
            sim.add_instance(&NewInstance::from_json(body.as_bytes()).unwrap(), T0)
                .unwrap()
        };
        // As old as instance "2" (T0 + 2 ms); the larger id comes first.
        let between = add(
            &mut sim,
            r#"{"name": "between", "create_time": "2024-05-07T07:54:21.011Z"}"#,
        );
        assert_eq!(between.id.as_deref(), Some("7"), "the next numeric id");
        let blank = add(
            &mut sim,
            r#"{"name": "blank", "id": "", "create_time": "2024-05-07T07:54:22Z"}"#,
        );
        let absent = add(
            &mut sim,
            r#"{"name": "absent", "id": null, "create_time": "2024-05-07T07:54:21.9Z"}"#,
        );
        let page = sim.list_instances(&all(), T0);
        let names: Vec<&str> = page.items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "blank", "absent", "name-6", "name-5", "name-4", "name-3", "between", "name-2",
                "name-1"
            ]
        );
        let json = serde_json::to_value(&page).unwrap();
        assert_eq!(json["items"][0]["id"], "");
        assert!(json["items"][1].get("id").is_none());
        assert_eq!(json["items"][1]["create_time"], "2024-05-07T07:54:21.9Z");

        // Nothing can name an instance without an id.
        for id in ["", " "] {
            assert!(sim.show_instance(id, T0).is_err());
            assert!(sim.remove_instance(id, T0).is_err());
        }
        let by_blank =
            ListInstancesQuery::from_params(&params(&[("server_id", ""), ("limit", "100")]))
                .unwrap();
        assert_eq!(sim.list_instances(&by_blank, T0).count, 9, "no filter");
        assert_eq!(blank.id_text(), absent.id_text());

        let taken = NewInstance::from_json(br#"{"name": "again", "id": "7"}"#).unwrap();
        assert!(matches!(
            sim.add_instance(&taken, T0),
            Err(ModelError::InvalidParameter(_))
        ));
        let second_blank = NewInstance::from_json(br#"{"name": "again", "id": ""}"#).unwrap();
        assert!(sim.add_instance(&second_blank, T0).is_ok());
    }

    #[test]
    fn unknown_ids_are_not_found() {
        let mut sim = simulator();
        assert_eq!(
            sim.show_instance("9", T0).unwrap_err(),
            ModelError::InstanceNotFound("9".into())
        );
        assert_eq!(
            sim.job("j", T0).unwrap_err(),
            ModelError::JobNotFound("j".into())
        );
    }
}
