//! Runs a callback when another tab changes a storage key.
//!
//! ```ignore
//! use_storage_sync(JOBS_KEY, move || store.reload_jobs());
//! ```
//! The `storage` listener is removed when the calling view is cleaned up.

use leptos::prelude::*;

pub fn use_storage_sync(key: &'static str, on_change: impl Fn() + 'static) {
    let handle = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() == Some(key) {
            on_change();
        }
    });
    on_cleanup(move || handle.remove());
}
