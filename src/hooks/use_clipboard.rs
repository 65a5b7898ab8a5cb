//! Copies text to the clipboard and says whether it worked.
//!
//! ```ignore
//! let (copied, copy) = use_clipboard();
//! view! { <button on:click=move |_| copy(job_id.clone())>"Copy"</button> {move || copied.get().then_some("Copied")} }
//! ```
//! The write is scoped to the calling view: one dismissed while the clipboard answers is
//! not updated.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use crate::browser::clipboard;

pub fn use_clipboard() -> (ReadSignal<bool>, impl Fn(String) + Clone + 'static) {
    let copied = RwSignal::new(false);
    let copy = move |text: String| {
        spawn_local_scoped_with_cancellation(async move {
            copied.set(clipboard::copy(&text).await);
        });
    };
    (copied.read_only(), copy)
}
