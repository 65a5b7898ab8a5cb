//! The console's reactive state and the actions that change it. Views read these signals
//! and call these methods; the rules themselves live in [`crate::state`], the network in
//! [`crate::api`].

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::types::ServerStatus;
use crate::persist;
use crate::platform;
use crate::state::config::DEFAULT_REQUEST_TIMEOUT_MS;
use crate::state::inventory::{Entry, ViewQuery};
use crate::state::jobs::{interrupted_submissions, JobHistory, JobRecord, PendingSubmission};
use crate::state::selection::{ineligibility, SelectError, Selection, MAX_BATCH};

/// Where the instance list stands.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    /// No valid configuration yet.
    Idle,
    /// `total` is 0 until the first page says how many there are.
    Loading {
        loaded: usize,
        total: u64,
    },
    Ready,
    Failed(ApiError),
}

/// The header checkbox: ticked, indeterminate or unavailable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeaderState {
    /// Every selectable shown row is selected, or the cap is reached among them.
    pub all: bool,
    pub some: bool,
    pub none_selectable: bool,
}

/// All of the console's shared state. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct Store {
    /// `None` until the configuration is valid.
    pub client: RwSignal<Option<Client>>,
    pub entries: RwSignal<Vec<Entry>>,
    pub load: RwSignal<LoadState>,
    pub updated_at: RwSignal<Option<f64>>,
    pub query: RwSignal<ViewQuery>,
    /// The rows the table shows, in order.
    pub visible: Memo<Vec<Entry>>,
    /// The ids of those rows, for O(selected) questions about the selection.
    visible_ids: Memo<HashSet<String>>,
    /// How many visible rows can be selected (not CREATING, BUILDING or DELETING).
    pub visible_eligible: Memo<usize>,
    selection: RwSignal<Selection>,
    /// One signal per row so that a click re-renders one checkbox, not 10,000.
    row_selected: StoredValue<HashMap<String, RwSignal<bool>>>,
    /// Whether [`MAX_BATCH`] are selected: rows read this, which changes only at the cap.
    /// A signal set only when it flips, not a memo: every row reads it, and a memo would
    /// make each selection change re-check 10,000 rows.
    pub at_cap: RwSignal<bool>,
    /// What the last "select all" did, when it did not do everything asked.
    pub bulk_message: RwSignal<Option<String>>,
    pub recursive: RwSignal<bool>,
    pub submitting: RwSignal<bool>,
    pub submit_error: RwSignal<Option<ApiError>>,
    pub jobs: RwSignal<JobHistory>,
    /// Jobs shown as cards in the job panel, newest first.
    pub shown_jobs: RwSignal<Vec<String>>,
    /// A problem saving to localStorage, shown until dismissed.
    pub storage_warning: RwSignal<Option<String>>,
    /// Batch-deletes whose answer never arrived (the page was reloaded or closed while they
    /// were in flight): their outcome is unknown, shown until dismissed.
    pub interrupted: RwSignal<Vec<PendingSubmission>>,
    /// Text for the polite live region.
    pub announcement: RwSignal<String>,
    load_generation: StoredValue<u64>,
    owner: StoredValue<Owner>,
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

impl Store {
    /// Creates the store under the current owner; its tasks end with that owner.
    pub fn new() -> Self {
        let entries = RwSignal::new(Vec::<Entry>::new());
        let query = RwSignal::new(ViewQuery::default());
        let selection = RwSignal::new(Selection::default());
        // Sorting happens when the order or the list changes, not on every keystroke of a
        // search: the filter walks the sorted list.
        let order = Memo::new(move |_| query.with(ViewQuery::order));
        let sorted = Memo::new(move |_| entries.with(|all| order.get().sorted(all)));
        let visible =
            Memo::new(move |_| query.with(|query| sorted.with(|rows| query.filter(rows))));
        let jobs = persist::load_jobs();
        let shown_jobs = jobs
            .unfinished()
            .map(|record| record.job_id.clone())
            .collect();
        Self {
            client: RwSignal::new(None),
            entries,
            load: RwSignal::new(LoadState::Idle),
            updated_at: RwSignal::new(None),
            query,
            visible,
            visible_ids: Memo::new(move |_| {
                visible.with(|rows| rows.iter().map(|entry| entry.server.id.clone()).collect())
            }),
            visible_eligible: Memo::new(move |_| {
                visible.with(|rows| {
                    rows.iter()
                        .filter(|entry| ineligibility(&entry.server.status).is_none())
                        .count()
                })
            }),
            selection,
            row_selected: StoredValue::new(HashMap::new()),
            at_cap: RwSignal::new(false),
            bulk_message: RwSignal::new(None),
            recursive: RwSignal::new(false),
            submitting: RwSignal::new(false),
            submit_error: RwSignal::new(None),
            jobs: RwSignal::new(jobs),
            shown_jobs: RwSignal::new(shown_jobs),
            storage_warning: RwSignal::new(None),
            interrupted: RwSignal::new(interrupted_submissions(
                &persist::load_pending(),
                &persist::tab_id(),
                platform::now_ms() as u64,
                u64::from(DEFAULT_REQUEST_TIMEOUT_MS),
            )),
            announcement: RwSignal::new(String::new()),
            load_generation: StoredValue::new(0),
            owner: StoredValue::new(Owner::current().expect("Store::new runs inside a component")),
        }
    }

    pub fn announce(&self, text: impl Into<String>) {
        self.announcement.set(text.into());
    }

    /// Runs a task under the store's owner, cancelled when the console goes away.
    fn spawn(&self, task: impl std::future::Future<Output = ()> + 'static) {
        self.owner
            .get_value()
            .with(|| spawn_local_scoped_with_cancellation(task));
    }

    // ---- the list -------------------------------------------------------------------

    /// Fetches every page again. A newer refresh supersedes an older one still running.
    pub fn refresh(&self) {
        let Some(client) = self.client.get_untracked() else {
            return;
        };
        let generation = self.load_generation.get_value() + 1;
        self.load_generation.set_value(generation);
        self.load.set(LoadState::Loading {
            loaded: 0,
            total: 0,
        });
        let store = *self;
        let is_current = move || store.load_generation.get_value() == generation;
        self.spawn(async move {
            let result = client
                .list_all(|loaded, total| {
                    if is_current() {
                        store.load.set(LoadState::Loading { loaded, total });
                    }
                })
                .await;
            if !is_current() {
                return;
            }
            match result {
                Ok(servers) => {
                    let count = servers.len();
                    store
                        .entries
                        .set(servers.into_iter().map(Entry::new).collect());
                    store.drop_invalid_selection();
                    store.updated_at.set(Some(platform::now_ms()));
                    store.load.set(LoadState::Ready);
                    store.announce(format!("Loaded {count} image instances."));
                }
                Err(error) => {
                    store.announce(format!("Could not load the instances: {error}"));
                    store.load.set(LoadState::Failed(error));
                }
            }
        });
    }

    // ---- selection ------------------------------------------------------------------

    /// The selection signal of one row (created on first use, under the store's owner so
    /// it outlives the row's own view).
    pub fn row_selected(&self, id: &str) -> RwSignal<bool> {
        if let Some(signal) = self.row_selected.with_value(|rows| rows.get(id).copied()) {
            return signal;
        }
        let selected = self
            .selection
            .with_untracked(|selection| selection.contains(id));
        let signal = self.owner.get_value().with(|| RwSignal::new(selected));
        self.row_selected
            .update_value(|rows| _ = rows.insert(id.to_owned(), signal));
        signal
    }

    /// The header checkbox's state, in O(selected) rather than O(rows): a click on one row
    /// of 10,000 must not walk the table.
    pub fn header_state(&self) -> HeaderState {
        let eligible = self.visible_eligible.get();
        let ids = self.selected_ids();
        let selected_visible = self
            .visible_ids
            .with(|visible| ids.iter().filter(|id| visible.contains(*id)).count());
        let all = eligible > 0
            && (selected_visible == eligible || (ids.len() >= MAX_BATCH && selected_visible > 0));
        HeaderState {
            all,
            some: selected_visible > 0 && !all,
            none_selectable: eligible == 0,
        }
    }

    /// Selected ids the current search or filter hides.
    pub fn selected_hidden(&self) -> usize {
        let ids = self.selected_ids();
        self.visible_ids
            .with(|visible| ids.iter().filter(|id| !visible.contains(*id)).count())
    }

    pub fn selected_count(&self) -> usize {
        self.selection.with(Selection::len)
    }

    pub fn selected_ids(&self) -> Vec<String> {
        self.selection.with(|selection| selection.ids().to_vec())
    }

    /// The selected instances as listed (ids no longer listed are left out).
    pub fn selected_entries(&self) -> Vec<Entry> {
        let ids = self.selected_ids();
        self.entries.with(|entries| {
            ids.iter()
                .filter_map(|id| entries.iter().find(|entry| &entry.server.id == id).cloned())
                .collect()
        })
    }

    /// Applies a change to the selection and updates exactly the rows it touched.
    fn change_selection<R>(&self, change: impl FnOnce(&mut Selection) -> R) -> R {
        let before = self
            .selection
            .with_untracked(|selection| selection.ids().to_vec());
        let mut result = None;
        self.selection
            .update(|selection| result = Some(change(selection)));
        let after = self
            .selection
            .with_untracked(|selection| selection.ids().to_vec());
        for id in before.iter().filter(|id| !after.contains(id)) {
            self.row_selected(id).set(false);
        }
        for id in after.iter().filter(|id| !before.contains(id)) {
            self.row_selected(id).set(true);
        }
        let full = after.len() >= MAX_BATCH;
        if self.at_cap.get_untracked() != full {
            self.at_cap.set(full);
        }
        result.expect("the change ran")
    }

    /// Selects or deselects one row; returns why a selection was refused.
    pub fn toggle(&self, id: &str, status: &ServerStatus) -> Result<(), SelectError> {
        self.bulk_message.set(None);
        if self
            .selection
            .with_untracked(|selection| selection.contains(id))
        {
            self.change_selection(|selection| selection.deselect(id));
            Ok(())
        } else {
            self.change_selection(|selection| selection.select(id, status))
        }
    }

    /// The header checkbox: deselects the visible rows when all selectable ones are
    /// selected, otherwise selects visible eligible rows up to the cap and says when it
    /// stopped short.
    pub fn toggle_all_visible(&self) {
        let visible = self.visible.get_untracked();
        let all_selected = untrack(|| self.header_state()).all;
        if all_selected {
            self.change_selection(|selection| {
                for entry in &visible {
                    selection.deselect(&entry.server.id);
                }
            });
            self.bulk_message.set(None);
            return;
        }
        let outcome = self.change_selection(|selection| {
            selection.select_all(
                visible
                    .iter()
                    .map(|entry| (entry.server.id.as_str(), &entry.server.status)),
            )
        });
        self.bulk_message.set((outcome.left_by_cap > 0).then(|| {
            format!(
                "Selected {} more; stopped at the limit of {MAX_BATCH} per request. {} other \
                 matching instances were not selected.",
                outcome.added.len(),
                outcome.left_by_cap
            )
        }));
    }

    pub fn clear_selection(&self) {
        self.change_selection(Selection::clear);
        self.bulk_message.set(None);
    }

    /// After a refresh: ids that vanished or became ineligible leave the selection.
    fn drop_invalid_selection(&self) {
        let statuses: HashMap<String, ServerStatus> = self.entries.with_untracked(|entries| {
            entries
                .iter()
                .map(|entry| (entry.server.id.clone(), entry.server.status.clone()))
                .collect()
        });
        let dropped = self
            .change_selection(|selection| selection.retain_valid(|id| statuses.get(id).cloned()));
        if !dropped.is_empty() {
            self.bulk_message.set(None);
        }
    }

    // ---- delete and jobs ------------------------------------------------------------

    /// Sends one batch-delete. Returns `false`, sending nothing, while another is in flight.
    /// It is recorded as pending in localStorage before it is sent, so a reload while it is
    /// in flight is reported rather than forgotten; the job ID is saved before anything else
    /// happens with it. Never retried: on failure the person sees the error and decides.
    pub fn submit(&self, ids: Vec<String>, recursive: bool) -> bool {
        let Some(client) = self.client.get_untracked() else {
            return false;
        };
        if self.submitting.get_untracked() || ids.is_empty() || ids.len() > MAX_BATCH {
            return false;
        }
        self.submitting.set(true);
        self.submit_error.set(None);
        let pending = PendingSubmission {
            id: persist::random_id(),
            tab: persist::tab_id(),
            started_at_ms: platform::now_ms() as u64,
            instance_ids: ids.clone(),
            recursive,
        };
        if let Err(problem) = persist::add_pending(&pending) {
            self.storage_warning.set(Some(format!(
                "This browser could not note the delete request before sending it ({problem}). \
                 Do not reload until its job ID is shown."
            )));
        }
        let store = *self;
        self.spawn(async move {
            let result = client.batch_delete(&ids, recursive).await;
            match result {
                Ok(job_id) => {
                    // Saved first, before anything else happens with it.
                    store.accepted(job_id.clone(), &ids, recursive);
                    store.announce(format!(
                        "Delete request accepted for {} instances. Job ID {job_id}.",
                        ids.len()
                    ));
                }
                Err(error) => {
                    store.announce(format!("The delete request failed: {error}"));
                    let outcome_unknown = error.outcome_unknown();
                    store.submit_error.set(Some(error));
                    if outcome_unknown {
                        // It may have been carried out: show the instances as they are now
                        // (a deleted one leaves the selection) before anyone tries again,
                        // and look for its job among the project's delete jobs (reads only;
                        // the Delete button stays unavailable meanwhile).
                        store.refresh();
                        if let Ok(Some(job_id)) = client.find_delete_job(&ids).await {
                            store.accepted(job_id.clone(), &ids, recursive);
                            store.submit_error.set(None);
                            store.announce(format!(
                                "The answer to the delete request was lost, but its job was \
                                 found: job ID {job_id}."
                            ));
                        }
                    }
                }
            }
            persist::remove_pending(&[pending.id]);
            store.submitting.set(false);
        });
        true
    }

    /// A batch-delete was accepted (or its job found): save the job ID before anything else,
    /// show it, and let the deleted instances go from the selection.
    fn accepted(&self, job_id: String, ids: &[String], recursive: bool) {
        self.remember_job(JobRecord {
            job_id,
            submitted_at_ms: platform::now_ms() as u64,
            instance_ids: ids.to_vec(),
            recursive,
            final_status: None,
        });
        self.change_selection(|selection| {
            for id in ids {
                selection.deselect(id);
            }
        });
        self.recursive.set(false);
        self.refresh();
    }

    fn remember_job(&self, record: JobRecord) {
        let job_id = record.job_id.clone();
        let mut history = self.jobs.get_untracked();
        history.add(record);
        self.save_jobs(history);
        self.show_job(&job_id);
    }

    /// Looks for the jobs of delete requests cut off by a reload (reads only): one that the
    /// service did start is saved and followed, and leaves the warning. Runs once a client is
    /// configured; a request whose job is not found stays in the warning.
    pub fn recover_interrupted(&self) {
        let Some(client) = self.client.get_untracked() else {
            return;
        };
        for pending in self.interrupted.get_untracked() {
            let store = *self;
            let client = client.clone();
            self.spawn(async move {
                let Ok(Some(job_id)) = client.find_delete_job(&pending.instance_ids).await else {
                    return;
                };
                if store
                    .jobs
                    .with_untracked(|jobs| jobs.find(&job_id).is_none())
                {
                    store.remember_job(JobRecord {
                        job_id: job_id.clone(),
                        submitted_at_ms: pending.started_at_ms,
                        instance_ids: pending.instance_ids.clone(),
                        recursive: pending.recursive,
                        final_status: None,
                    });
                }
                persist::remove_pending(std::slice::from_ref(&pending.id));
                store
                    .interrupted
                    .update(|interrupted| interrupted.retain(|other| other.id != pending.id));
                store.announce(format!(
                    "A delete request cut off by a reload did go through: job ID {job_id}."
                ));
            });
        }
    }

    /// The person has read the warning about interrupted delete requests.
    pub fn dismiss_interrupted(&self) {
        let ids: Vec<String> = self
            .interrupted
            .get_untracked()
            .into_iter()
            .map(|pending| pending.id)
            .collect();
        persist::remove_pending(&ids);
        self.interrupted.set(Vec::new());
    }

    /// Shows a job's card (again) in the panel.
    pub fn show_job(&self, job_id: &str) {
        self.shown_jobs.update(|shown| {
            shown.retain(|shown_id| shown_id != job_id);
            shown.insert(0, job_id.to_owned());
        });
    }

    pub fn dismiss_job(&self, job_id: &str) {
        self.shown_jobs
            .update(|shown| shown.retain(|shown_id| shown_id != job_id));
    }

    /// A job reached SUCCESS or FAILED: remember it and list again.
    pub fn job_finished(&self, job_id: &str, final_status: &str) {
        let mut history = self.jobs.get_untracked();
        if history.finish(job_id, final_status) {
            self.save_jobs(history);
        }
        self.refresh();
    }

    /// Another tab changed the stored jobs.
    pub fn reload_jobs(&self) {
        let stored = persist::load_jobs();
        let mut merged = self.jobs.get_untracked();
        merged.merge(&stored);
        for record in merged.unfinished() {
            if !self
                .shown_jobs
                .with_untracked(|shown| shown.contains(&record.job_id))
            {
                self.show_job(&record.job_id);
            }
        }
        self.jobs.set(merged);
    }

    fn save_jobs(&self, history: JobHistory) {
        match persist::save_jobs(&history) {
            Ok(merged) => self.jobs.set(merged),
            Err(problem) => {
                self.storage_warning.set(Some(format!(
                    "The job could not be saved in this browser ({problem}). Keep the job ID \
                     shown below: it will be lost if you reload."
                )));
                self.jobs.set(history);
            }
        }
    }
}
