//! Whether the page is visible, as a signal.
//!
//! ```ignore
//! let visible = use_page_visibility();
//! Effect::watch(move || visible.get(), move |visible, _, _| { /* ... */ }, false);
//! ```
//! The `visibilitychange` listener is removed when the calling view is cleaned up.

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::browser::visibility::{page_hidden, VisibilityListener};

pub fn use_page_visibility() -> ReadSignal<bool> {
    let visible = RwSignal::new(!page_hidden());
    let listener = VisibilityListener::new(move || visible.set(!page_hidden()));
    let listener = SendWrapper::new(listener);
    on_cleanup(move || drop(listener.take()));
    visible.read_only()
}
