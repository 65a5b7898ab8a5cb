//! What this console keeps in localStorage: settings that override config.json, and the
//! jobs it started. The IAM token is never stored.

use crate::platform::storage;
use crate::state::config::RawConfig;
use crate::state::jobs::JobHistory;

pub const SETTINGS_KEY: &str = "image-console.settings";
pub const JOBS_KEY: &str = "image-console.jobs";

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
