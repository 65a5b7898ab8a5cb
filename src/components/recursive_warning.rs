//! The warning shown before "also delete associated resources" is ticked.

use leptos::prelude::*;

use super::dialog::Modal;
use crate::store::Store;

#[component]
pub fn RecursiveWarning(open: RwSignal<bool>) -> impl IntoView {
    let store = expect_context::<Store>();
    let cancel = move || open.set(false);
    view! {
        <Modal
            open=open
            on_cancel=move |_| cancel()
            role="alertdialog"
            labelledby="recursive-title"
            describedby="recursive-text"
            class="warning"
        >
            <h2 id="recursive-title">"Delete associated resources too?"</h2>
            <div class="notice warning" role="alert" id="recursive-text">
                <p>
                    "The associated server groups, servers and application groups of each selected image instance will be deleted as well. "
                    <strong>"Their applications become unavailable to users."</strong>
                    " The images already built are kept."
                </p>
            </div>
            <div class="actions">
                <button type="button" class="secondary" autofocus on:click=move |_| cancel()>
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="danger"
                    on:click=move |_| {
                        store.set_recursive(true);
                        open.set(false);
                    }
                >
                    "Confirm: delete associated resources"
                </button>
            </div>
        </Modal>
    }
}
