//! Batch-deletes and their jobs: one submission at a time, noted before it is sent, its job
//! ID saved before anything else, lost answers looked up, and the jobs shown as cards.

use leptos::prelude::*;

use super::persist::refusal_words;
use super::Store;
use crate::api::error::ApiError;
use crate::rules::config::DEFAULT_REQUEST_TIMEOUT_MS;
use crate::rules::jobs::{
    interrupted_submissions, JobHistory, JobRecord, PendingSubmission, SubmittedInstance,
};
use crate::rules::selection::MAX_BATCH;
use crate::wire::ImageJob;

#[derive(Clone, Copy)]
pub(super) struct JobsState {
    submitting: RwSignal<bool>,
    submit_error: RwSignal<Option<ApiError>>,
    jobs: RwSignal<JobHistory>,
    /// Jobs shown as cards in the job panel, newest first.
    shown_jobs: RwSignal<Vec<String>>,
    /// The job the person opened (submitted, picked from the history or linked): the one a
    /// shared view names.
    pub(super) open_job: RwSignal<Option<String>>,
    /// A problem saving to storage, shown until dismissed.
    storage_warning: RwSignal<Option<String>>,
    /// Batch-deletes whose answer never arrived (the page was reloaded or closed while they
    /// were in flight): their outcome is unknown, shown until dismissed.
    interrupted: RwSignal<Vec<PendingSubmission>>,
}

impl JobsState {
    pub(super) fn new(
        jobs: JobHistory,
        pending: &[PendingSubmission],
        tab_id: &str,
        now_ms: f64,
    ) -> Self {
        let shown_jobs = jobs
            .unfinished()
            .map(|record| record.job_id.clone())
            .collect();
        Self {
            submitting: RwSignal::new(false),
            submit_error: RwSignal::new(None),
            jobs: RwSignal::new(jobs),
            shown_jobs: RwSignal::new(shown_jobs),
            open_job: RwSignal::new(None),
            storage_warning: RwSignal::new(None),
            interrupted: RwSignal::new(interrupted_submissions(
                pending,
                tab_id,
                now_ms as u64,
                u64::from(DEFAULT_REQUEST_TIMEOUT_MS),
            )),
        }
    }
}

impl Store {
    pub fn submitting(&self) -> ReadSignal<bool> {
        self.jobs.submitting.read_only()
    }

    pub fn submit_error(&self) -> ReadSignal<Option<ApiError>> {
        self.jobs.submit_error.read_only()
    }

    pub fn jobs(&self) -> ReadSignal<JobHistory> {
        self.jobs.jobs.read_only()
    }

    /// Jobs shown as cards, newest first.
    pub fn shown_jobs(&self) -> ReadSignal<Vec<String>> {
        self.jobs.shown_jobs.read_only()
    }

    pub fn storage_warning(&self) -> ReadSignal<Option<String>> {
        self.jobs.storage_warning.read_only()
    }

    pub fn interrupted(&self) -> ReadSignal<Vec<PendingSubmission>> {
        self.jobs.interrupted.read_only()
    }

    /// Sends one batch-delete. Returns `false`, sending nothing, while another is in flight.
    /// It is recorded as pending in storage before it is sent, so a reload while it is in
    /// flight is reported rather than forgotten; the job ID is saved before anything else
    /// happens with it. Never retried: on failure the person sees the error and decides.
    pub fn submit(&self, ids: Vec<String>, recursive: bool) -> bool {
        let Some(client) = self.client() else {
            return false;
        };
        if self.jobs.submitting.get_untracked() || ids.is_empty() || ids.len() > MAX_BATCH {
            return false;
        }
        self.jobs.submitting.set(true);
        self.jobs.submit_error.set(None);
        let pending = PendingSubmission {
            id: self.env.with_value(|env| env.random_id()),
            tab: self.env.with_value(|env| env.tab_id.clone()),
            started_at_ms: self.now_ms() as u64,
            instance_ids: ids.clone(),
            recursive,
        };
        if let Err(problem) = self.saved(|saved| saved.add_pending(&pending)) {
            let words = self.messages();
            self.jobs
                .storage_warning
                .set(Some((words.storage_pending_failed)(&refusal_words(
                    words, &problem,
                ))));
        }
        let store = *self;
        self.spawn(async move {
            match client.batch_delete(&ids, recursive).await {
                Ok((job_id, request_id)) => {
                    // Saved first, before anything else happens with it.
                    store.accepted(job_id.clone(), request_id, &ids, recursive);
                    store.announce((store.messages().announce_accepted)(ids.len(), &job_id));
                }
                Err(error) => {
                    let words = store.messages();
                    store.announce((words.announce_submit_failed)(&error.describe(words)));
                    let outcome_unknown = error.outcome_unknown();
                    store.jobs.submit_error.set(Some(error));
                    if outcome_unknown {
                        // It may have been carried out: show the instances as they are now
                        // (a deleted one leaves the selection) before anyone tries again,
                        // and look for its job among the project's delete jobs (reads only;
                        // the Delete button stays unavailable meanwhile).
                        store.refresh();
                        if let Some(job_id) =
                            client.find_delete_job(&ids, pending.started_at_ms).await
                        {
                            store.accepted(job_id.clone(), None, &ids, recursive);
                            store.jobs.submit_error.set(None);
                            store.announce((store.messages().announce_lost_answer_found)(&job_id));
                        }
                    }
                }
            }
            store.saved(|saved| saved.remove_pending(&[pending.id]));
            store.jobs.submitting.set(false);
        });
        true
    }

    /// A batch-delete was accepted (or its job found): save the job ID before anything else,
    /// show it, and let the deleted instances go from the selection.
    fn accepted(
        &self,
        job_id: String,
        request_id: Option<String>,
        ids: &[String],
        recursive: bool,
    ) {
        self.remember_job(JobRecord {
            job_id,
            submitted_at_ms: self.now_ms() as u64,
            instance_ids: ids.to_vec(),
            recursive,
            request_id,
            ..self.receipt_context(ids)
        });
        self.deselect_all(ids);
        self.selection.recursive.set(false);
        self.refresh();
    }

    /// What a receipt needs beyond the request: the project, who is signed in, and the
    /// instances as listed now.
    fn receipt_context(&self, ids: &[String]) -> JobRecord {
        let instances = self.list.entries.with_untracked(|entries| {
            ids.iter()
                .map(|id| {
                    let listed = entries.iter().find(|entry| &entry.server.id == id);
                    SubmittedInstance {
                        id: id.clone(),
                        name: listed.map(|e| e.server.name.clone()).unwrap_or_default(),
                        status: listed
                            .map(|e| e.server.status.raw().to_owned())
                            .unwrap_or_default(),
                    }
                })
                .collect()
        });
        JobRecord {
            project_id: self.project_id().get_untracked().unwrap_or_default(),
            user: self.signed_in_as().get_untracked(),
            instances,
            ..JobRecord::default()
        }
    }

    fn remember_job(&self, record: JobRecord) {
        let job_id = record.job_id.clone();
        let mut history = self.jobs.jobs.get_untracked();
        history.add(record);
        self.save_jobs(history);
        self.show_job(&job_id);
    }

    /// Looks for the jobs of delete requests cut off by a reload (reads only): one that the
    /// service did start is saved and followed, and leaves the warning. Runs once a client
    /// is configured; a request whose job is not found stays in the warning.
    pub(super) fn recover_interrupted(&self) {
        let Some(client) = self.client() else {
            return;
        };
        for pending in self.jobs.interrupted.get_untracked() {
            let store = *self;
            let client = client.clone();
            self.spawn(async move {
                let Some(job_id) = client
                    .find_delete_job(&pending.instance_ids, pending.started_at_ms)
                    .await
                else {
                    return;
                };
                if store
                    .jobs
                    .jobs
                    .with_untracked(|jobs| jobs.find(&job_id).is_none())
                {
                    store.remember_job(JobRecord {
                        job_id: job_id.clone(),
                        submitted_at_ms: pending.started_at_ms,
                        instance_ids: pending.instance_ids.clone(),
                        recursive: pending.recursive,
                        ..store.receipt_context(&pending.instance_ids)
                    });
                }
                store.saved(|saved| saved.remove_pending(std::slice::from_ref(&pending.id)));
                store
                    .jobs
                    .interrupted
                    .update(|interrupted| interrupted.retain(|other| other.id != pending.id));
                store.announce((store.messages().announce_interrupted_found)(&job_id));
            });
        }
    }

    /// The person has read the warning about interrupted delete requests.
    pub fn dismiss_interrupted(&self) {
        let ids: Vec<String> = self
            .jobs
            .interrupted
            .get_untracked()
            .into_iter()
            .map(|pending| pending.id)
            .collect();
        self.saved(|saved| saved.remove_pending(&ids));
        self.jobs.interrupted.set(Vec::new());
    }

    pub fn dismiss_storage_warning(&self) {
        self.jobs.storage_warning.set(None);
    }

    /// Opens a job: shows its card (again) in the panel, first.
    pub fn show_job(&self, job_id: &str) {
        self.jobs.open_job.set(Some(job_id.to_owned()));
        self.add_card(job_id);
    }

    fn add_card(&self, job_id: &str) {
        self.jobs.shown_jobs.update(|shown| {
            shown.retain(|shown_id| shown_id != job_id);
            shown.insert(0, job_id.to_owned());
        });
    }

    pub fn dismiss_job(&self, job_id: &str) {
        if self.jobs.open_job.get_untracked().as_deref() == Some(job_id) {
            self.jobs.open_job.set(None);
        }
        self.jobs
            .shown_jobs
            .update(|shown| shown.retain(|shown_id| shown_id != job_id));
    }

    /// A job reached SUCCESS or FAILED: say so, remember how it ended and list again. A job
    /// this browser did not start (opened from the job centre or a link) is only shown:
    /// listing every instance again for it would only cost time.
    pub fn job_finished(&self, job_id: &str, job: &ImageJob) {
        let words = self.messages();
        self.announce((words.announce_job_ended)(
            job_id,
            words.job_status(&job.status),
        ));
        let mut history = self.jobs.jobs.get_untracked();
        if history.find(job_id).is_none() {
            return;
        }
        if history.finish(job_id, job) {
            self.save_jobs(history);
        }
        self.refresh();
    }

    /// Another tab changed the stored jobs.
    pub fn reload_jobs(&self) {
        let stored = self.saved(|saved| saved.jobs());
        let mut merged = self.jobs.jobs.get_untracked();
        merged.merge(&stored);
        for record in merged.unfinished() {
            if !self
                .jobs
                .shown_jobs
                .with_untracked(|shown| shown.contains(&record.job_id))
            {
                // Another tab's job: shown, not opened here.
                self.add_card(&record.job_id);
            }
        }
        self.jobs.jobs.set(merged);
    }

    fn save_jobs(&self, history: JobHistory) {
        match self.saved(|saved| saved.save_jobs(&history)) {
            Ok(merged) => self.jobs.jobs.set(merged),
            Err(problem) => {
                let words = self.messages();
                self.jobs
                    .storage_warning
                    .set(Some((words.storage_job_failed)(&refusal_words(
                        words, &problem,
                    ))));
                self.jobs.jobs.set(history);
            }
        }
    }
}
