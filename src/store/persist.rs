//! What this console keeps in storage: settings that override config.json, the language
//! chosen in the page, the jobs it started and the batch-deletes still waiting for their answer. The IAM token is never
//! stored.

use super::env::KeyValueStore;
use crate::browser::storage::Refusal;
use crate::i18n::Messages;
use crate::rules::config::RawConfig;
use crate::rules::jobs::{pending_from_json, pending_to_json, JobHistory, PendingSubmission};

pub const SETTINGS_KEY: &str = "image-console.settings";
pub const JOBS_KEY: &str = "image-console.jobs";
pub const PENDING_KEY: &str = "image-console.pending";
/// The language chosen in the page (its tag).
pub const LANG_KEY: &str = "image-console.lang";

/// The console's records in one key-value store.
pub struct Saved<'a>(pub &'a dyn KeyValueStore);

impl Saved<'_> {
    pub fn settings(&self) -> RawConfig {
        self.0
            .get(SETTINGS_KEY)
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    pub fn save_settings(&self, settings: &RawConfig) -> Result<(), Refusal> {
        if settings == &RawConfig::default() {
            self.0.remove(SETTINGS_KEY);
            return Ok(());
        }
        let text = serde_json::to_string(settings).expect("settings serialise");
        self.0.set(SETTINGS_KEY, &text)
    }

    pub fn jobs(&self) -> JobHistory {
        self.0
            .get(JOBS_KEY)
            .map(|text| JobHistory::from_json(&text))
            .unwrap_or_default()
    }

    /// Writes the history, first merging what another tab may have written since we read
    /// it, so two tabs never erase each other's jobs. Returns the merged history.
    pub fn save_jobs(&self, history: &JobHistory) -> Result<JobHistory, Refusal> {
        let mut merged = history.clone();
        merged.merge(&self.jobs());
        self.0.set(JOBS_KEY, &merged.to_json())?;
        Ok(merged)
    }

    pub fn pending(&self) -> Vec<PendingSubmission> {
        self.0
            .get(PENDING_KEY)
            .map(|text| pending_from_json(&text))
            .unwrap_or_default()
    }

    /// Records a batch-delete about to be sent (other tabs' entries are kept).
    pub fn add_pending(&self, pending: &PendingSubmission) -> Result<(), Refusal> {
        let mut all = self.pending();
        all.retain(|stored| stored.id != pending.id);
        all.push(pending.clone());
        self.0.set(PENDING_KEY, &pending_to_json(&all))
    }

    /// Forgets pending submissions once their answer has been handled or shown.
    pub fn remove_pending(&self, ids: &[String]) {
        let mut all = self.pending();
        let before = all.len();
        all.retain(|stored| !ids.contains(&stored.id));
        if all.is_empty() {
            self.0.remove(PENDING_KEY);
        } else if all.len() != before {
            let _ = self.0.set(PENDING_KEY, &pending_to_json(&all));
        }
    }
}

/// Why this browser did not store something, in words.
pub fn refusal_words(words: &Messages, refusal: &Refusal) -> String {
    match refusal {
        Refusal::NoStorage => words.no_storage.to_owned(),
        Refusal::Refused(detail) => (words.storage_refused)(detail),
    }
}
