//! Configuration: config.json overridden by settings saved in this browser, the client built
//! from it, and who the deployment says is signed in.

use leptos::prelude::*;

use super::persist::refusal_words;
use super::Store;
use crate::api::client::Client;
use crate::rules::config::{ConfigProblem, RawConfig};

/// Where the configuration stands.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigStatus {
    /// config.json has not answered yet.
    Loading,
    /// What is wrong, worded for the person who must fix it.
    Invalid(Vec<ConfigProblem>),
    Ready,
}

#[derive(Clone, Copy)]
pub(super) struct ConfigState {
    /// config.json as read, once it answered.
    file: RwSignal<Option<Result<RawConfig, ConfigProblem>>>,
    settings: RwSignal<RawConfig>,
    /// An IAM token typed into Settings: memory only.
    token: RwSignal<Option<String>>,
    status: RwSignal<ConfigStatus>,
    /// `None` until the configuration is valid.
    client: RwSignal<Option<Client>>,
    pub(super) signed_in_as: RwSignal<Option<String>>,
}

impl ConfigState {
    pub(super) fn new(settings: RawConfig) -> Self {
        Self {
            file: RwSignal::new(None),
            settings: RwSignal::new(settings),
            token: RwSignal::new(None),
            status: RwSignal::new(ConfigStatus::Loading),
            client: RwSignal::new(None),
            signed_in_as: RwSignal::new(None),
        }
    }
}

impl Store {
    pub fn config_status(&self) -> ReadSignal<ConfigStatus> {
        self.config.status.read_only()
    }

    /// Settings saved in this browser.
    pub fn settings(&self) -> ReadSignal<RawConfig> {
        self.config.settings.read_only()
    }

    pub fn token(&self) -> ReadSignal<Option<String>> {
        self.config.token.read_only()
    }

    /// The user `whoami.json` names, if the deployment knows one.
    pub fn signed_in_as(&self) -> ReadSignal<Option<String>> {
        self.config.signed_in_as.read_only()
    }

    /// The project in use, once configured.
    pub fn project_id(&self) -> Signal<Option<String>> {
        let client = self.config.client;
        Signal::derive(move || {
            client.with(|client| client.as_ref().map(|client| client.project_id().to_owned()))
        })
    }

    /// The client as configured now (read at each use: settings may change).
    pub fn client(&self) -> Option<Client> {
        self.config.client.get_untracked()
    }

    /// Saves settings for this browser and uses them with `token` (kept in memory only).
    /// Only what was typed is checked (empty fields fall back to config.json), and nothing
    /// is saved while anything is wrong: the problems are returned as text.
    pub fn configure(&self, settings: RawConfig, token: Option<String>) -> Result<(), Vec<String>> {
        let page_url = self.env.with_value(|env| env.page_url.clone());
        let words = self.messages();
        let mut problems: Vec<String> = settings
            .check_overrides(&page_url)
            .iter()
            .map(words.config_problem)
            .collect();
        if problems.is_empty() {
            if let Err(problem) = self.saved(|saved| saved.save_settings(&settings)) {
                problems.push((words.settings_not_saved)(&refusal_words(words, &problem)));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        self.config.settings.set(settings);
        self.config.token.set(token);
        self.apply_configuration();
        Ok(())
    }

    pub(super) fn config_file_loaded(&self, file: Result<RawConfig, ConfigProblem>) {
        self.mark("config");
        self.config.file.set(Some(file));
        self.apply_configuration();
    }

    /// Resolves the configuration in force; a new valid one gets a client, which lists the
    /// instances (and the job centre's jobs, if it is open) and looks for interrupted
    /// deletes' jobs.
    fn apply_configuration(&self) {
        let Some(file) = self.config.file.get_untracked() else {
            return;
        };
        let (file, file_problem) = match file {
            Ok(raw) => (raw, None),
            Err(problem) => (RawConfig::default(), Some(problem)),
        };
        let merged = file.overridden_by(&self.config.settings.get_untracked());
        let (page_url, transport) = self
            .env
            .with_value(|env| (env.page_url.clone(), env.transport.clone()));
        match merged.validate(&page_url) {
            Ok(config) => {
                let client = Client::new(config, self.config.token.get_untracked(), transport);
                if self
                    .config
                    .status
                    .with_untracked(|status| status != &ConfigStatus::Ready)
                {
                    self.config.status.set(ConfigStatus::Ready);
                }
                if self
                    .config
                    .client
                    .with_untracked(|current| current.as_ref() != Some(&client))
                {
                    self.config.client.set(Some(client));
                    self.refresh();
                    self.load_job_centre();
                    self.recover_interrupted();
                }
            }
            Err(mut problems) => {
                // The file's own problem explains a missing key better than "not set".
                if let Some(file_problem) = file_problem {
                    problems.retain(|problem| !matches!(problem, ConfigProblem::Missing(_)));
                    problems.insert(0, file_problem);
                }
                self.config.status.set(ConfigStatus::Invalid(problems));
                self.config.client.set(None);
                self.list_idle();
            }
        }
    }
}
