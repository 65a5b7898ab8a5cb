//! What is wrong with the configuration, and the form to fix it for this browser.

use leptos::prelude::*;

use super::SettingsForm;
use crate::rules::config::ConfigProblem;

#[component]
pub fn ConfigProblems(problems: Vec<ConfigProblem>) -> impl IntoView {
    view! {
        <section class="notice error" role="alert" aria-labelledby="config-problems-title">
            <h2 id="config-problems-title">"The console is not configured correctly"</h2>
            <ul>
                {problems
                    .into_iter()
                    .map(|problem| view! { <li>{problem.to_string()}</li> })
                    .collect_view()}
            </ul>
            <p>
                "Fix config.json beside index.html (see the README), or set the values for this browser below."
            </p>
        </section>
        <section class="inline-settings" aria-label="Settings for this browser">
            <SettingsForm shown=true id_prefix="inline-settings" on_saved=|_| () />
        </section>
    }
}
