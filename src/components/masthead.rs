//! The page header: title, project, who is signed in, and the Settings button.

use leptos::prelude::*;

use crate::store::Store;

#[component]
pub fn Masthead(settings_open: RwSignal<bool>) -> impl IntoView {
    let store = expect_context::<Store>();
    let project_id = store.project_id();
    let signed_in_as = store.signed_in_as();
    view! {
        <header class="masthead">
            <h1>"Image instances"</h1>
            <p class="project">
                {move || project_id.get().map(|id| format!("Project {id}")).unwrap_or_default()}
            </p>
            {move || {
                signed_in_as
                    .get()
                    .map(|user| view! { <p class="signed-in">{format!("Signed in as {user}")}</p> })
            }}
            <button type="button" class="secondary" on:click=move |_| settings_open.set(true)>
                "Settings"
            </button>
        </header>
    }
}
