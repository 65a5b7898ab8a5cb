//! The whole page: the configuration, then the console.

use leptos::prelude::*;

use super::config_problems::ConfigProblems;
use super::console::Console;
use super::say;
use super::{Masthead, Settings};
use crate::hooks::{use_document_language, use_storage_sync, use_url_view};
use crate::store::{ConfigStatus, Env, Store, JOBS_KEY};

#[component]
pub fn App() -> impl IntoView {
    let store = Store::new(Env::browser());
    provide_context(store);
    store.start();
    use_storage_sync(JOBS_KEY, move || store.reload_jobs());
    use_url_view();
    use_document_language();

    let status = store.config_status();
    let words = store.words();
    let settings_open = RwSignal::new(false);
    view! {
        <Masthead settings_open />
        <div class="visually-hidden" role="status" aria-live="polite">
            {move || store.announcement().get()}
        </div>
        <Settings open=settings_open />
        <main>
            <Show when=move || status.with(|status| status == &ConfigStatus::Loading)>
                <p class="loading">{say(words, |w| w.loading_configuration)}</p>
            </Show>
            {move || match status.get() {
                ConfigStatus::Invalid(problems) => Some(view! { <ConfigProblems problems /> }),
                _ => None,
            }}
            // Mounted once while the configuration is valid, so job pollers are not restarted
            // by a settings change that keeps it valid.
            <Show when=move || status.with(|status| status == &ConfigStatus::Ready)>
                <Console />
            </Show>
        </main>
    }
}
