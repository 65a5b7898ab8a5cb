//! The page header: title, project, who is signed in, the language switch and the Settings
//! button.

use leptos::prelude::*;

use super::language_switch::LanguageSwitch;
use super::say;
use crate::store::Store;

#[component]
pub fn Masthead(settings_open: RwSignal<bool>) -> impl IntoView {
    let store = expect_context::<Store>();
    let project_id = store.project_id();
    let signed_in_as = store.signed_in_as();
    let words = store.words();
    view! {
        <header class="masthead">
            <h1>{say(words, |w| w.app_title)}</h1>
            <p class="project">
                {move || project_id.get().map(|id| (words.get().project)(&id)).unwrap_or_default()}
            </p>
            {move || {
                signed_in_as
                    .get()
                    .map(|user| view! { <p class="signed-in">{(words.get().signed_in_as)(&user)}</p> })
            }}
            <LanguageSwitch />
            <button type="button" class="secondary" on:click=move |_| settings_open.set(true)>
                {say(words, |w| w.settings_button)}
            </button>
        </header>
    }
}
