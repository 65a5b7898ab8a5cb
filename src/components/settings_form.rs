//! The settings form: the API base and project ID for this browser (saved, overriding
//! config.json) and an optional IAM token (memory only).

use leptos::prelude::*;

use super::say;
use crate::rules::config::RawConfig;
use crate::store::Store;

/// The form itself: shown in the Settings dialog, and inline under the list of problems when
/// the configuration is not usable.
#[component]
pub fn SettingsForm(
    /// The fields are filled with what is in force whenever this turns true.
    #[prop(into)]
    shown: Signal<bool>,
    /// Prefix of the element ids, unique on the page.
    id_prefix: &'static str,
    /// Runs after the settings were saved.
    #[prop(into)]
    on_saved: Callback<()>,
    /// With a handler, the form has a Cancel button.
    #[prop(optional)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let (settings, token) = (store.settings(), store.token());
    let words = store.words();
    let api_base = RwSignal::new(String::new());
    let project_id = RwSignal::new(String::new());
    let token_text = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<String>::new());

    // Fill the form with what is in force each time it is shown.
    Effect::new(move |_| {
        if shown.get() {
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
        match store.configure(candidate, non_empty(token_text.get_untracked())) {
            Ok(()) => on_saved.run(()),
            Err(found) => problems.set(found),
        }
    };
    let title_id = format!("{id_prefix}-title");
    let labelled_by = title_id.clone();
    let help_id = format!("{id_prefix}-help");

    view! {
        <form class="settings" on:submit=save aria-labelledby=labelled_by>
            <h2 id=title_id>{say(words, |w| w.settings_title)}</h2>
            <p id=help_id>{say(words, |w| w.settings_help)}</p>
            <label>
                {say(words, |w| w.api_base_label)}
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
                {say(words, |w| w.project_id_label)}
                <input
                    type="text"
                    name="project_id"
                    autocomplete="off"
                    spellcheck="false"
                    bind:value=project_id
                />
            </label>
            <label>
                {say(words, |w| w.token_label)}
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
                {on_cancel
                    .map(|cancel| {
                        view! {
                            <button type="button" class="secondary" autofocus on:click=move |_| cancel.run(())>
                                {say(words, |w| w.cancel)}
                            </button>
                        }
                    })}
                <button type="submit" class="primary">{say(words, |w| w.save_settings)}</button>
            </div>
        </form>
    }
}
