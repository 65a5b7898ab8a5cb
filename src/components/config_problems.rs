//! What is wrong with the configuration, and the form to fix it for this browser.

use leptos::prelude::*;

use super::say;
use super::SettingsForm;
use crate::rules::config::ConfigProblem;
use crate::store::Store;

#[component]
pub fn ConfigProblems(problems: Vec<ConfigProblem>) -> impl IntoView {
    let words = expect_context::<Store>().words();
    view! {
        <section class="notice error" role="alert" aria-labelledby="config-problems-title">
            <h2 id="config-problems-title">{say(words, |w| w.config_invalid_title)}</h2>
            <ul>
                {problems
                    .into_iter()
                    .map(|problem| view! { <li>{move || (words.get().config_problem)(&problem)}</li> })
                    .collect_view()}
            </ul>
            <p>{say(words, |w| w.config_fix_hint)}</p>
        </section>
        <section class="inline-settings" aria-label=say(words, |w| w.inline_settings_label)>
            <SettingsForm shown=true id_prefix="inline-settings" on_saved=|_| () />
        </section>
    }
}
