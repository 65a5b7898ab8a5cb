//! Jobs this browser started: saved the moment their ID arrives, so a reload, a second tab
//! or a crash never loses one, and kept as a short history.

use serde::{Deserialize, Serialize};

/// How many finished jobs the history keeps; unfinished ones are never dropped.
pub const HISTORY_LEN: usize = 20;

/// One batch-delete job as this console remembers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRecord {
    pub job_id: String,
    /// When the job ID arrived, in ms since the epoch.
    pub submitted_at_ms: u64,
    pub instance_ids: Vec<String>,
    pub recursive: bool,
    /// The terminal status once seen (`SUCCESS` / `FAILED`), raw.
    #[serde(default)]
    pub final_status: Option<String>,
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

    /// Records a job's terminal status; returns whether anything changed.
    pub fn finish(&mut self, job_id: &str, final_status: &str) -> bool {
        match self
            .records
            .iter_mut()
            .find(|record| record.job_id == job_id)
        {
            Some(record) if record.final_status.as_deref() != Some(final_status) => {
                record.final_status = Some(final_status.to_owned());
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
            final_status: None,
        }
    }

    #[test]
    fn round_trips_and_keeps_newest_first() {
        let mut history = JobHistory::default();
        history.add(record("a", 1));
        history.add(record("b", 2));
        history.finish("a", "SUCCESS");
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
            history.finish(&n.to_string(), "SUCCESS");
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
        theirs.finish("a", "FAILED");
        theirs.add(record("b", 2));
        ours.merge(&theirs);
        assert_eq!(
            ours.find("a").unwrap().final_status.as_deref(),
            Some("FAILED")
        );
        assert_eq!(ours.records()[0].job_id, "b");
    }

    proptest! {
        #[test]
        fn reading_any_text_never_panics(text in ".{0,200}") {
            let history = JobHistory::from_json(&text);
            prop_assert!(history.records().iter().all(|r| !r.job_id.is_empty()));
        }
    }
}
