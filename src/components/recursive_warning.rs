//! The warning shown before "also delete associated resources" is ticked.

use leptos::prelude::*;

use super::dialog::Modal;
use super::say;
use crate::store::Store;

#[component]
pub fn RecursiveWarning(open: RwSignal<bool>) -> impl IntoView {
    let store = expect_context::<Store>();
    let cancel = move || open.set(false);
    let words = store.words();
    view! {
        <Modal
            open=open
            on_cancel=move |_| cancel()
            role="alertdialog"
            labelledby="recursive-title"
            describedby="recursive-text"
            class="warning"
        >
            <h2 id="recursive-title">{say(words, |w| w.recursive_title)}</h2>
            <div class="notice warning" role="alert" id="recursive-text">
                <p>
                    {say(words, |w| w.recursive_text)}
                    <strong>{say(words, |w| w.recursive_text_strong)}</strong>
                    {say(words, |w| w.recursive_text_end)}
                </p>
            </div>
            <div class="actions">
                <button type="button" class="secondary" autofocus on:click=move |_| cancel()>
                    {say(words, |w| w.cancel)}
                </button>
                <button
                    type="button"
                    class="danger"
                    on:click=move |_| {
                        store.set_recursive(true);
                        open.set(false);
                    }
                >
                    {say(words, |w| w.recursive_confirm)}
                </button>
            </div>
        </Modal>
    }
}
