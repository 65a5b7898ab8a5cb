//! A job's ID as text, with a button that copies it.

use leptos::prelude::*;

use super::say;
use crate::hooks::use_clipboard;
use crate::store::Store;

#[component]
pub fn JobIdLine(job_id: String) -> impl IntoView {
    let words = expect_context::<Store>().words();
    let (copied, copy) = use_clipboard();
    let copied_id = job_id.clone();
    view! {
        <p class="job-id">
            {say(words, |w| w.job_id)}
            " "
            <code>{job_id}</code>
            " "
            <button type="button" class="secondary small" on:click=move |_| copy(copied_id.clone())>
                {say(words, |w| w.copy_job_id)}
            </button>
            <span class="copied" role="status">
                {move || copied.get().then_some(words.get().copied)}
            </span>
        </p>
    }
}
