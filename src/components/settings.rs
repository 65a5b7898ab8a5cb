//! Settings: the API base and project ID for this browser (saved, overriding config.json)
//! and an optional IAM token (memory only).

use leptos::prelude::*;

use super::dialog::Modal;
use crate::persist;
use crate::platform;
use crate::state::config::RawConfig;

#[component]
pub fn Settings(
    open: RwSignal<bool>,
    settings: RwSignal<RawConfig>,
    token: RwSignal<Option<String>>,
) -> impl IntoView {
    let api_base = RwSignal::new(String::new());
    let project_id = RwSignal::new(String::new());
    let token_text = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<String>::new());

    // Fill the form with what is in force each time it opens.
    Effect::new(move |_| {
        if open.get() {
            let saved = settings.get_untracked();
            api_base.set(saved.api_base.unwrap_or_default());
            project_id.set(saved.project_id.unwrap_or_default());
            token_text.set(token.get_untracked().unwrap_or_default());
            problems.set(Vec::new());
        }
    });

    let non_empty = |text: String| {
        let text = text.trim().to_owned();
        (!text.is_empty()).then_some(text)
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let candidate = RawConfig {
            api_base: non_empty(api_base.get_untracked()),
            project_id: non_empty(project_id.get_untracked()),
            request_timeout_ms: None,
        };
        // Only check what was typed; empty fields fall back to config.json.
        let mut found = Vec::new();
        if let Some(raw) = &candidate.api_base {
            if let Err(problem) = crate::state::config::resolve_api_base(raw, &platform::page_url())
            {
                found.push(format!("API base URL: {problem}"));
            }
        }
        if let Some(raw) = &candidate.project_id {
            if let Err(problem) = crate::state::config::validate_project_id(raw) {
                found.push(format!("Project ID: {problem}"));
            }
        }
        if let Err(problem) = persist::save_settings(&candidate) {
            found.push(format!(
                "Settings could not be saved in this browser: {problem}"
            ));
        }
        if !found.is_empty() {
            problems.set(found);
            return;
        }
        settings.set(candidate);
        token.set(non_empty(token_text.get_untracked()));
        open.set(false);
    };

    view! {
        <Modal
            open=open
            on_cancel=move |_| open.set(false)
            role="dialog"
            labelledby="settings-title"
            describedby="settings-help"
        >
            <form class="settings" on:submit=save>
                <h2 id="settings-title">"Settings"</h2>
                <p id="settings-help">
                    "Values saved here apply to this browser and override config.json. Leave a field empty to use config.json."
                </p>
                <label>
                    "API base URL (same origin as this page)"
                    <input
                        type="text"
                        name="api_base"
                        placeholder="/api"
                        autocomplete="off"
                        spellcheck="false"
                        bind:value=api_base
                    />
                </label>
                <label>
                    "Project ID (32 hexadecimal characters)"
                    <input
                        type="text"
                        name="project_id"
                        autocomplete="off"
                        spellcheck="false"
                        bind:value=project_id
                    />
                </label>
                <label>
                    "IAM token (optional; kept in memory only, sent as X-Auth-Token)"
                    <input type="password" name="token" autocomplete="off" bind:value=token_text />
                </label>
                <Show when=move || !problems.with(Vec::is_empty)>
                    <ul class="form-problems" role="alert">
                        {move || {
                            problems
                                .get()
                                .into_iter()
                                .map(|problem| view! { <li>{problem}</li> })
                                .collect_view()
                        }}
                    </ul>
                </Show>
                <div class="actions">
                    <button type="button" class="secondary" autofocus on:click=move |_| open.set(false)>
                        "Cancel"
                    </button>
                    <button type="submit" class="primary">"Save settings"</button>
                </div>
            </form>
        </Modal>
    }
}
