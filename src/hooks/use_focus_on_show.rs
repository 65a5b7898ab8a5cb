//! Moves keyboard focus to an element when it appears, for a control that replaces the one
//! that had focus (which would otherwise leave focus on the page behind a dialog).
//!
//! ```ignore
//! let next = NodeRef::<leptos::html::Button>::new();
//! use_focus_on_show(next);
//! view! { <button node_ref=next>...</button> }
//! ```

use leptos::prelude::*;

pub fn use_focus_on_show(element: NodeRef<leptos::html::Button>) {
    Effect::new(move |_| {
        if let Some(element) = element.get() {
            let _ = element.focus();
        }
    });
}
