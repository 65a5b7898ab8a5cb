//! Opens a `<dialog>` as a modal while a signal is true, and gives focus back where it was
//! when it closes.
//!
//! ```ignore
//! let dialog = NodeRef::<leptos::html::Dialog>::new();
//! use_modal(dialog, open);
//! view! { <dialog node_ref=dialog>...</dialog> }
//! ```

use leptos::prelude::*;

use crate::browser::focus::active_element;

pub fn use_modal(dialog: NodeRef<leptos::html::Dialog>, open: Signal<bool>) {
    let return_focus = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let should_open = open.get();
        let Some(element) = dialog.get() else {
            return;
        };
        if should_open && !element.open() {
            return_focus.set_value(active_element());
            // Fails only if the element is detached, which cannot happen while mounted.
            let _ = element.show_modal();
        } else if !should_open && element.open() {
            element.close();
            if let Some(previous) = return_focus.get_value() {
                let _ = previous.focus();
            }
        }
    });
}
