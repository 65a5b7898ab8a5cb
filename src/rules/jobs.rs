//! Jobs this browser started: saved the moment their ID arrives, so a reload, a second tab
//! or a crash never loses one, and kept as a short history.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::wire::{ImageJob, ImageJobSummary};

/// How many finished jobs the history keeps; unfinished ones are never dropped.
pub const HISTORY_LEN: usize = 20;

/// One batch-delete job as this console remembers it. The fields after `final_status` make
/// its deletion receipt; records saved before they existed read as empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRecord {
    pub job_id: String,
    /// When the job ID arrived, in ms since the epoch.
    pub submitted_at_ms: u64,
    pub instance_ids: Vec<String>,
    pub recursive: bool,
    /// The terminal status once seen (`SUCCESS` / `FAILED`), raw.
    #[serde(default)]
    pub final_status: Option<String>,
    #[serde(default)]
    pub project_id: String,
    /// The batch-delete response's `X-Request-Id`.
    #[serde(default)]
    pub request_id: Option<String>,
    /// Who `whoami.json` said was signed in when it was sent.
    #[serde(default)]
    pub user: Option<String>,
    /// The instances as listed when the request was sent.
    #[serde(default)]
    pub instances: Vec<SubmittedInstance>,
    /// Per instance, as the ended job reported it.
    #[serde(default)]
    pub outcomes: Vec<InstanceOutcome>,
}

/// An instance as the list showed it when its delete was sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedInstance {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The raw status.
    #[serde(default)]
    pub status: String,
}

/// One sub-job of an ended job: its instance, raw status and error verbatim.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceOutcome {
    pub id: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub error_code: String,
    #[serde(default)]
    pub error_message: String,
}

impl InstanceOutcome {
    pub fn of_job(job: &ImageJob) -> Vec<Self> {
        job.sub_jobs
            .iter()
            .map(|sub| Self {
                id: sub.job_resource_info.resource_id.clone(),
                status: sub.status.raw().to_owned(),
                error_code: sub.job_execute_info.error_code.clone(),
                error_message: sub.job_execute_info.error_message.clone(),
            })
            .collect()
    }
}

impl JobRecord {
    pub fn is_finished(&self) -> bool {
        self.final_status.is_some()
    }
}

/// The remembered jobs, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobHistory {
    records: Vec<JobRecord>,
}

impl JobHistory {
    /// Reads the stored form. Unreadable entries are skipped, not fatal: a damaged store
    /// must not hide the jobs that can still be read.
    pub fn from_json(text: &str) -> Self {
        let values: Vec<serde_json::Value> = serde_json::from_str(text).unwrap_or_default();
        let mut history = Self::default();
        for record in values
            .into_iter()
            .filter_map(|value| serde_json::from_value::<JobRecord>(value).ok())
        {
            if !record.job_id.is_empty() && history.find(&record.job_id).is_none() {
                history.records.push(record);
            }
        }
        history
            .records
            .sort_by_key(|record| std::cmp::Reverse(record.submitted_at_ms));
        history
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.records).expect("job records serialise")
    }

    pub fn records(&self) -> &[JobRecord] {
        &self.records
    }

    pub fn find(&self, job_id: &str) -> Option<&JobRecord> {
        self.records.iter().find(|record| record.job_id == job_id)
    }

    /// Adds a new job at the top, then trims old finished ones.
    pub fn add(&mut self, record: JobRecord) {
        self.records
            .retain(|existing| existing.job_id != record.job_id);
        self.records.insert(0, record);
        self.trim();
    }

    /// Records how a job ended; returns whether anything changed.
    pub fn finish(&mut self, job_id: &str, job: &ImageJob) -> bool {
        let final_status = job.status.raw();
        match self
            .records
            .iter_mut()
            .find(|record| record.job_id == job_id)
        {
            Some(record) if record.final_status.as_deref() != Some(final_status) => {
                record.final_status = Some(final_status.to_owned());
                record.outcomes = InstanceOutcome::of_job(job);
                self.trim();
                true
            }
            _ => false,
        }
    }

    /// Jobs still to follow.
    pub fn unfinished(&self) -> impl Iterator<Item = &JobRecord> {
        self.records.iter().filter(|record| !record.is_finished())
    }

    /// Merges another tab's view: records unknown here are added, and a terminal status
    /// seen anywhere wins.
    pub fn merge(&mut self, other: &JobHistory) {
        for theirs in &other.records {
            match self
                .records
                .iter_mut()
                .find(|ours| ours.job_id == theirs.job_id)
            {
                Some(ours) => {
                    if ours.final_status.is_none() {
                        ours.final_status.clone_from(&theirs.final_status);
                        ours.outcomes.clone_from(&theirs.outcomes);
                    }
                }
                None => self.records.push(theirs.clone()),
            }
        }
        self.records
            .sort_by_key(|record| std::cmp::Reverse(record.submitted_at_ms));
        self.trim();
    }

    fn trim(&mut self) {
        let mut finished_kept = 0;
        self.records.retain(|record| {
            if record.is_finished() {
                finished_kept += 1;
                finished_kept <= HISTORY_LEN
            } else {
                true
            }
        });
    }
}

/// How much of a batch-delete's instances a job's sub-jobs are for: how a batch-delete whose
/// answer was lost is recognised among the project's delete jobs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coverage {
    /// Exactly these instances, in any order.
    All,
    /// Some of them and no other: the service skips ids it cannot find, so an instance
    /// deleted meanwhile has no sub-job.
    Part,
    /// Another instance, or none listed (yet).
    Nothing,
}

pub fn coverage(resource_ids: &[String], instance_ids: &[String]) -> Coverage {
    let theirs: BTreeSet<&str> = resource_ids.iter().map(String::as_str).collect();
    let ours: BTreeSet<&str> = instance_ids.iter().map(String::as_str).collect();
    if theirs.is_empty() || !theirs.is_subset(&ours) {
        Coverage::Nothing
    } else if theirs == ours {
        Coverage::All
    } else {
        Coverage::Part
    }
}

/// The jobs of `listed` that can be a request's sent at `sent_at_ms` ([`begin_if_after_sent`]),
/// each once, newest first: the API names no order for its job list.
pub fn new_jobs_newest_first(
    listed: Vec<ImageJobSummary>,
    sent_at_ms: u64,
) -> Vec<ImageJobSummary> {
    let mut jobs: Vec<(i64, ImageJobSummary)> = listed
        .into_iter()
        .filter(|job| !job.id.is_empty())
        .filter_map(|job| Some((begin_if_after_sent(&job.begin_time, sent_at_ms)?, job)))
        .collect();
    jobs.sort_by(|(a, _), (b, _)| b.cmp(a));
    let mut seen = BTreeSet::new();
    jobs.retain(|(_, job)| seen.insert(job.id.clone()));
    jobs.into_iter().map(|(_, job)| job).collect()
}

/// How much earlier than the browser's clock said the request was sent a job may have begun
/// and still be its job: the browser's clock and the cloud's are not the same clock. A
/// minute covers the drift of an unsynchronised laptop clock over weeks; an earlier job for
/// the same instances that lies within it is still passed over, because the newest match is
/// taken.
pub const CLOCK_SKEW_ALLOWANCE_MS: i64 = 60_000;

/// `begin_time` (the API's date-time) in ms, if a job that began then can be the job of a
/// request sent at `sent_at_ms` by the browser's clock. A job without a readable begin
/// time cannot be shown to be new, so it is not taken.
pub fn begin_if_after_sent(begin_time: &str, sent_at_ms: u64) -> Option<i64> {
    crate::rules::time::parse_utc_ms(begin_time)
        .filter(|&begin| begin >= sent_at_ms as i64 - CLOCK_SKEW_ALLOWANCE_MS)
}

/// A batch-delete on its way: saved before the request is sent and removed when its answer
/// (a job ID or an error) has been handled. One still stored after that was cut off (the
/// page was reloaded or closed, or crashed, while waiting), so its outcome is unknown and
/// the person must be told instead of the console silently forgetting it or sending it again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSubmission {
    /// Unique per submission.
    pub id: String,
    /// The browser tab that sent it (kept in sessionStorage, so it survives a reload).
    pub tab: String,
    pub started_at_ms: u64,
    pub instance_ids: Vec<String>,
    pub recursive: bool,
}

/// The stored pending submissions, leniently read (unreadable entries are skipped).
pub fn pending_from_json(text: &str) -> Vec<PendingSubmission> {
    let values: Vec<serde_json::Value> = serde_json::from_str(text).unwrap_or_default();
    values
        .into_iter()
        .filter_map(|value| serde_json::from_value::<PendingSubmission>(value).ok())
        .filter(|pending| !pending.id.is_empty())
        .collect()
}

pub fn pending_to_json(pending: &[PendingSubmission]) -> String {
    serde_json::to_string(pending).expect("pending submissions serialise")
}

/// The pending submissions that can no longer be waiting for their answer: this tab's own
/// (this page was loaded after it was sent, so the request was cut off) and another tab's
/// older than the request time limit plus a margin (that tab would have removed it by now).
/// Another tab's recent one may still be in flight and is left alone.
pub fn interrupted_submissions(
    pending: &[PendingSubmission],
    this_tab: &str,
    now_ms: u64,
    request_timeout_ms: u64,
) -> Vec<PendingSubmission> {
    const MARGIN_MS: u64 = 5_000;
    pending
        .iter()
        .filter(|pending| {
            pending.tab == this_tab
                || now_ms.saturating_sub(pending.started_at_ms) > request_timeout_ms + MARGIN_MS
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn record(job_id: &str, at: u64) -> JobRecord {
        JobRecord {
            job_id: job_id.into(),
            submitted_at_ms: at,
            instance_ids: vec!["627989489700044800".into()],
            recursive: false,
            ..JobRecord::default()
        }
    }

    fn ended(status: &str) -> ImageJob {
        ImageJob {
            status: crate::wire::JobStatus::parse(status),
            ..ImageJob::default()
        }
    }

    #[test]
    fn round_trips_and_keeps_newest_first() {
        let mut history = JobHistory::default();
        history.add(record("a", 1));
        history.add(record("b", 2));
        history.finish("a", &ended("SUCCESS"));
        let restored = JobHistory::from_json(&history.to_json());
        assert_eq!(restored, history);
        assert_eq!(restored.records()[0].job_id, "b");
        assert_eq!(
            restored
                .unfinished()
                .map(|r| r.job_id.as_str())
                .collect::<Vec<_>>(),
            ["b"]
        );
    }

    #[test]
    fn never_drops_an_unfinished_job_when_trimming() {
        let mut history = JobHistory::default();
        history.add(record("running", 0));
        for n in 1..=HISTORY_LEN as u64 + 5 {
            history.add(record(&n.to_string(), n));
            history.finish(&n.to_string(), &ended("SUCCESS"));
        }
        assert!(history.find("running").is_some());
        assert_eq!(history.records().len(), HISTORY_LEN + 1);
    }

    #[test]
    fn a_damaged_store_keeps_what_can_be_read() {
        let history = JobHistory::from_json(
            r#"[{"job_id": "ok", "submitted_at_ms": 5, "instance_ids": [], "recursive": true},
                {"job_id": 7}, "junk", {"job_id": "", "submitted_at_ms": 1, "instance_ids": [], "recursive": false}]"#,
        );
        assert_eq!(history.records().len(), 1);
        assert_eq!(JobHistory::from_json("not json").records().len(), 0);
    }

    #[test]
    fn merging_another_tab_adds_jobs_and_keeps_final_statuses() {
        let mut ours = JobHistory::default();
        ours.add(record("a", 1));
        let mut theirs = ours.clone();
        theirs.finish("a", &ended("FAILED"));
        theirs.add(record("b", 2));
        ours.merge(&theirs);
        assert_eq!(
            ours.find("a").unwrap().final_status.as_deref(),
            Some("FAILED")
        );
        assert_eq!(ours.records()[0].job_id, "b");
    }

    fn pending(id: &str, tab: &str, at: u64) -> PendingSubmission {
        PendingSubmission {
            id: id.into(),
            tab: tab.into(),
            started_at_ms: at,
            instance_ids: vec!["627989489700044800".into()],
            recursive: true,
        }
    }

    #[test]
    fn a_job_is_recognised_by_its_instances_all_or_some_and_no_other() {
        let ids = |list: &[&str]| list.iter().map(|id| id.to_string()).collect::<Vec<_>>();
        let sent = ids(&["1", "2"]);
        assert_eq!(coverage(&ids(&["2", "1"]), &sent), Coverage::All);
        assert_eq!(coverage(&ids(&["1", "1", "2"]), &sent), Coverage::All);
        assert_eq!(coverage(&ids(&["1"]), &sent), Coverage::Part);
        assert_eq!(coverage(&ids(&["1", "2", "3"]), &sent), Coverage::Nothing);
        assert_eq!(coverage(&ids(&["3"]), &sent), Coverage::Nothing);
        assert_eq!(coverage(&[], &sent), Coverage::Nothing);
        assert_eq!(coverage(&[], &[]), Coverage::Nothing);
    }

    #[test]
    fn new_jobs_come_newest_first_once_each_whatever_the_list_order() {
        let job = |id: &str, begin: &str| ImageJobSummary {
            id: id.into(),
            begin_time: begin.into(),
            ..ImageJobSummary::default()
        };
        let sent = 1_700_000_000_000; // 2023-11-14T22:13:20Z
        let listed = vec![
            job("old", "2023-11-14T20:00:00Z"),
            job("a", "2023-11-14T22:13:21Z"),
            job("b", "2023-11-14T22:13:25.5Z"),
            job("a", "2023-11-14T22:13:21Z"),
            job("", "2023-11-14T22:13:30Z"),
            job("no-time", ""),
        ];
        let ids: Vec<String> = new_jobs_newest_first(listed, sent)
            .into_iter()
            .map(|job| job.id)
            .collect();
        assert_eq!(ids, ["b", "a"]);
    }

    #[test]
    fn a_job_is_the_request_s_only_when_it_began_after_it_was_sent_less_the_allowance() {
        let sent = 1_700_000_000_000; // 2023-11-14T22:13:20Z
        assert_eq!(
            begin_if_after_sent("2023-11-14T22:13:21.5Z", sent),
            Some(1_700_000_001_500)
        );
        assert!(
            begin_if_after_sent("2023-11-14T22:12:20Z", sent).is_some(),
            "within the allowance"
        );
        assert_eq!(begin_if_after_sent("2023-11-14T22:12:19.999Z", sent), None);
        assert_eq!(begin_if_after_sent("", sent), None);
        assert_eq!(begin_if_after_sent("not a time", sent), None);
    }

    #[test]
    fn pending_submissions_round_trip_and_skip_damage() {
        let stored = vec![pending("p1", "tab-a", 10), pending("p2", "tab-b", 20)];
        assert_eq!(pending_from_json(&pending_to_json(&stored)), stored);
        let damaged = r#"[{"id": "x"}, 5, {"id": "", "tab": "t", "started_at_ms": 1,
            "instance_ids": [], "recursive": false}]"#;
        assert!(pending_from_json(damaged).is_empty());
        assert!(pending_from_json("<html>").is_empty());
    }

    #[test]
    fn a_submission_is_interrupted_when_its_tab_reloaded_or_its_answer_is_overdue() {
        let stored = vec![
            pending("mine", "tab-a", 1_000),
            pending("theirs-recent", "tab-b", 90_000),
            pending("theirs-old", "tab-b", 1_000),
        ];
        let found = interrupted_submissions(&stored, "tab-a", 100_000, 30_000);
        let ids: Vec<&str> = found.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["mine", "theirs-old"]);
    }

    proptest! {
        #[test]
        fn reading_any_text_never_panics(text in ".{0,200}") {
            let history = JobHistory::from_json(&text);
            prop_assert!(history.records().iter().all(|r| !r.job_id.is_empty()));
        }

        #[test]
        fn reading_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let text = String::from_utf8_lossy(&bytes);
            let history = JobHistory::from_json(&text);
            prop_assert!(history.records().iter().all(|r| !r.job_id.is_empty()));
            prop_assert!(pending_from_json(&text).iter().all(|p| !p.id.is_empty()));
        }

        #[test]
        fn reading_any_json_never_panics_and_keeps_readable_records(
            json in crate::wire::test_support::arbitrary_json()
        ) {
            let text = json.to_string();
            let history = JobHistory::from_json(&text);
            prop_assert!(history.records().iter().all(|r| !r.job_id.is_empty()));
            // What was read survives a round trip unchanged.
            prop_assert_eq!(JobHistory::from_json(&history.to_json()), history);
            prop_assert!(pending_from_json(&text).iter().all(|p| !p.id.is_empty()));
        }
    }
}
