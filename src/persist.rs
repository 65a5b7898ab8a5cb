//! What this console keeps in localStorage: settings that override config.json, the jobs
//! it started and the batch-deletes still waiting for their answer. The IAM token is never
//! stored.

use crate::platform::{self, session, storage};
use crate::state::config::RawConfig;
use crate::state::jobs::{pending_from_json, pending_to_json, JobHistory, PendingSubmission};

pub const SETTINGS_KEY: &str = "image-console.settings";
pub const JOBS_KEY: &str = "image-console.jobs";
pub const PENDING_KEY: &str = "image-console.pending";
/// In sessionStorage: this tab's id, the same across reloads of the tab.
const TAB_KEY: &str = "image-console.tab";

pub fn load_settings() -> RawConfig {
    storage::get(SETTINGS_KEY)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

pub fn save_settings(settings: &RawConfig) -> Result<(), String> {
    if settings == &RawConfig::default() {
        storage::remove(SETTINGS_KEY);
        return Ok(());
    }
    let text = serde_json::to_string(settings).expect("settings serialise");
    storage::set(SETTINGS_KEY, &text)
}

pub fn load_jobs() -> JobHistory {
    storage::get(JOBS_KEY)
        .map(|text| JobHistory::from_json(&text))
        .unwrap_or_default()
}

/// Writes the history, first merging what another tab may have written since we read it,
/// so two tabs never erase each other's jobs. Returns the merged history.
pub fn save_jobs(history: &JobHistory) -> Result<JobHistory, String> {
    let mut merged = history.clone();
    merged.merge(&load_jobs());
    storage::set(JOBS_KEY, &merged.to_json())?;
    Ok(merged)
}

/// This tab's id, created on first use.
pub fn tab_id() -> String {
    if let Some(id) = session::get(TAB_KEY).filter(|id| !id.is_empty()) {
        return id;
    }
    let id = random_id();
    session::set(TAB_KEY, &id);
    id
}

/// A random id for a tab or a submission.
pub fn random_id() -> String {
    format!(
        "{:x}-{:08x}",
        platform::now_ms() as u64,
        (platform::random() * f64::from(u32::MAX)) as u32
    )
}

pub fn load_pending() -> Vec<PendingSubmission> {
    storage::get(PENDING_KEY)
        .map(|text| pending_from_json(&text))
        .unwrap_or_default()
}

/// Records a batch-delete about to be sent (other tabs' entries are kept).
pub fn add_pending(pending: &PendingSubmission) -> Result<(), String> {
    let mut all = load_pending();
    all.retain(|stored| stored.id != pending.id);
    all.push(pending.clone());
    storage::set(PENDING_KEY, &pending_to_json(&all))
}

/// Forgets pending submissions once their answer has been handled or shown.
pub fn remove_pending(ids: &[String]) {
    let mut all = load_pending();
    let before = all.len();
    all.retain(|stored| !ids.contains(&stored.id));
    if all.is_empty() {
        storage::remove(PENDING_KEY);
    } else if all.len() != before {
        let _ = storage::set(PENDING_KEY, &pending_to_json(&all));
    }
}
