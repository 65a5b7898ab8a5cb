//! The console's view as a shareable URL names it: the list query, the job centre, the open
//! job and the language asked for.

use leptos::prelude::*;

use super::Store;
use crate::rules::url_view::UrlView;

impl Store {
    /// The current view (tracked: an effect reading it reruns when it changes).
    pub fn current_view(&self) -> UrlView {
        UrlView {
            query: self.query().get(),
            centre: self.centre.query.get(),
            job: self.jobs.open_job.get(),
            lang: self.url_lang.get(),
        }
    }

    /// Shows a view from a link, a reload or Back/Forward. Leaving a job's view leaves its
    /// card on screen; only the view stops naming it.
    pub fn open_view(&self, view: UrlView) {
        self.url_lang_changed(view.lang);
        self.list.query.set(view.query);
        self.show_centre(view.centre);
        match view.job {
            Some(job_id) => self.show_job(&job_id),
            None => self.jobs.open_job.set(None),
        }
    }
}
