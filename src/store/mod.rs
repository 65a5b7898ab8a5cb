//! The console's reactive state and the named actions that change it, split by domain:
//! `config` (configuration, the client, who is signed in), `list` (the instances and the
//! view of them), `selection`, `precheck` (the check before a delete is sent), `jobs`
//! (batch-deletes and their jobs) and `job_centre` (the project's jobs from the API). Outside the
//! store every signal is read-only. Clock, storage and network come in through [`Env`], so
//! the store is built and tested on the host.

mod config;
mod env;
mod job_centre;
mod jobs;
mod list;
mod locale;
mod persist;
mod precheck;
mod receipts;
mod selection;
#[cfg(test)]
mod tests;
mod view;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

pub use config::ConfigStatus;
pub use env::{Clock, Env, KeyValueStore};
pub use job_centre::CentreLoad;
pub use list::{LoadState, Shortfall};
pub use persist::JOBS_KEY;
pub use precheck::DeleteCheck;
pub use selection::HeaderState;

use persist::Saved;

/// All of the console's shared state. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct Store {
    config: config::ConfigState,
    list: list::ListState,
    selection: selection::SelectionState,
    jobs: jobs::JobsState,
    precheck: precheck::PrecheckState,
    centre: job_centre::CentreState,
    /// Text for the polite live region.
    announcement: RwSignal<String>,
    /// The language shown.
    locale: RwSignal<crate::i18n::Locale>,
    /// The language the URL's `?lang=` asks for, kept in the URL as the view changes.
    url_lang: RwSignal<Option<crate::i18n::Locale>>,
    env: StoredValue<Env>,
    owner: StoredValue<Owner>,
}

impl Store {
    /// Creates the store under the current owner; its tasks end with that owner.
    pub fn new(env: Env) -> Self {
        let list = list::ListState::new();
        let saved = Saved(env.storage.as_ref());
        let jobs = jobs::JobsState::new(
            saved.jobs(),
            &saved.pending(),
            &env.tab_id,
            env.clock.now_ms(),
        );
        let config = config::ConfigState::new(saved.settings());
        let url_lang = locale::url_lang(&env.page_url);
        let initial_locale = locale::initial_locale(&env, url_lang);
        Self {
            config,
            list,
            selection: selection::SelectionState::new(),
            jobs,
            precheck: precheck::PrecheckState::new(),
            centre: job_centre::CentreState::new(),
            announcement: RwSignal::new(String::new()),
            locale: RwSignal::new(initial_locale),
            url_lang: RwSignal::new(url_lang),
            env: StoredValue::new(env),
            owner: StoredValue::new(Owner::current().expect("Store::new runs inside an owner")),
        }
    }

    /// Loads the configuration and asks who is signed in; the list follows once the
    /// configuration is valid.
    pub fn start(&self) {
        let store = *self;
        let transport = self.env.with_value(|env| env.transport.clone());
        self.spawn(async move {
            let words = store.messages();
            let file = crate::api::client::fetch_config_file(transport.as_ref(), words).await;
            store.config_file_loaded(file);
        });
        let transport = self.env.with_value(|env| env.transport.clone());
        self.spawn(async move {
            let user = crate::api::client::fetch_signed_in_user(transport.as_ref()).await;
            store.config.signed_in_as.set(user);
        });
    }

    /// Text for the polite live region.
    pub fn announcement(&self) -> ReadSignal<String> {
        self.announcement.read_only()
    }

    fn announce(&self, text: impl Into<String>) {
        self.announcement.set(text.into());
    }

    fn mark(&self, phase: &str) {
        self.env.with_value(|env| env.clock.mark(phase));
    }

    fn now_ms(&self) -> f64 {
        self.env.with_value(|env| env.clock.now_ms())
    }

    /// Runs `read` over the console's saved records.
    fn saved<R>(&self, read: impl FnOnce(&Saved) -> R) -> R {
        self.env
            .with_value(|env| read(&Saved(env.storage.as_ref())))
    }

    /// Runs a task under the store's owner, cancelled when the console goes away.
    fn spawn(&self, task: impl std::future::Future<Output = ()> + 'static) {
        self.owner
            .get_value()
            .with(|| spawn_local_scoped_with_cancellation(task));
    }
}
