//! Settings: the API base and project ID for this browser (saved, overriding config.json)
//! and an optional IAM token (memory only).

use leptos::prelude::*;

use super::dialog::Modal;
use super::SettingsForm;

/// The settings form in a modal dialog, opened by the page's Settings button.
#[component]
pub fn Settings(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <Modal
            open=open
            on_cancel=move |_| open.set(false)
            role="dialog"
            labelledby="settings-title"
            describedby="settings-help"
        >
            <SettingsForm
                shown=open
                id_prefix="settings"
                on_saved=move |_| open.set(false)
                on_cancel=Callback::new(move |_| open.set(false))
            />
        </Modal>
    }
}
