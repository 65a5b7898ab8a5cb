//! The job centre: the project's jobs read from the list-jobs API (not only this browser's),
//! one type, status and page at a time. Opening one shows it as a job card, like a job
//! started here.

use leptos::prelude::*;

use super::Store;
use crate::api::error::ApiError;
use crate::rules::job_centre::CentreQuery;
use crate::wire::{ImageJobPage, JobStatus, JobType};

/// Where the job centre's page stands.
#[derive(Clone, Debug, PartialEq)]
pub enum CentreLoad {
    /// Not asked for yet (no configuration, or the job centre was never opened).
    Idle,
    Loading,
    Loaded(ImageJobPage),
    Failed(ApiError),
}

#[derive(Clone, Copy)]
pub(super) struct CentreState {
    /// `Some` while the job centre is the view shown.
    pub(super) query: RwSignal<Option<CentreQuery>>,
    load: RwSignal<CentreLoad>,
    /// A newer load supersedes an older one still running.
    generation: StoredValue<u64>,
}

impl CentreState {
    pub(super) fn new() -> Self {
        Self {
            query: RwSignal::new(None),
            load: RwSignal::new(CentreLoad::Idle),
            generation: StoredValue::new(0),
        }
    }
}

impl Store {
    /// What the job centre shows; `None` while the instances are shown instead.
    pub fn centre_query(&self) -> ReadSignal<Option<CentreQuery>> {
        self.centre.query.read_only()
    }

    pub fn centre_load(&self) -> ReadSignal<CentreLoad> {
        self.centre.load.read_only()
    }

    /// Shows the job centre (as it was last, or its first page of delete jobs).
    pub fn open_job_centre(&self) {
        if self.centre.query.with_untracked(Option::is_none) {
            self.show_centre(Some(CentreQuery::default()));
        }
    }

    /// Shows the instances again.
    pub fn close_job_centre(&self) {
        self.show_centre(None);
    }

    /// `None` shows every type, merged newest first.
    pub fn filter_jobs_by_type(&self, job_type: Option<JobType>) {
        self.change_centre(|query| query.with_type(job_type));
    }

    /// `None` shows every status.
    pub fn filter_jobs_by_status(&self, status: Option<JobStatus>) {
        self.change_centre(|query| query.with_status(status));
    }

    pub fn go_to_jobs_page(&self, page: u64) {
        self.change_centre(|query| query.with_page(page));
    }

    /// Reads the shown page again (after an error, or to see newer jobs).
    pub fn reload_job_centre(&self) {
        self.load_job_centre();
    }

    /// Shows `query` (from a link, a reload or Back/Forward); reads it if it changed.
    pub(super) fn show_centre(&self, query: Option<CentreQuery>) {
        if self
            .centre
            .query
            .with_untracked(|current| current == &query)
        {
            return;
        }
        self.centre.query.set(query);
        self.load_job_centre();
    }

    fn change_centre(&self, change: impl FnOnce(&CentreQuery) -> CentreQuery) {
        let current = self.centre.query.get_untracked().unwrap_or_default();
        self.show_centre(Some(change(&current)));
    }

    /// Reads the page the job centre shows, if it is shown and a client is configured.
    pub(super) fn load_job_centre(&self) {
        let (Some(query), Some(client)) = (self.centre.query.get_untracked(), self.client()) else {
            return;
        };
        let generation = self.centre.generation.get_value() + 1;
        self.centre.generation.set_value(generation);
        self.centre.load.set(CentreLoad::Loading);
        let store = *self;
        self.spawn(async move {
            let result = client.list_jobs(&query).await;
            if store.centre.generation.get_value() != generation {
                return;
            }
            match result {
                Ok(page) => {
                    store.announce((store.messages().announce_jobs_loaded)(page.items.len()));
                    store.centre.load.set(CentreLoad::Loaded(page));
                }
                Err(error) => {
                    let words = store.messages();
                    store.announce((words.announce_jobs_failed)(&error.describe(words)));
                    store.centre.load.set(CentreLoad::Failed(error));
                }
            }
        });
    }
}
