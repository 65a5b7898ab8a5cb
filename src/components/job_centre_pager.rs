//! Previous/Next through the job centre's pages, and what the page shows ("21–40 of 57").

use leptos::prelude::*;

use super::say;
use crate::rules::job_centre::JOBS_PER_PAGE;
use crate::rules::page_span::PageSpan;
use crate::store::Store;

#[component]
pub fn JobCentrePager(shown: usize, total: Option<u64>) -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.words();
    let page = store
        .centre_query()
        .with_untracked(|query| query.as_ref().map_or(1, |query| query.page));
    let span = PageSpan::of(page, shown, total);
    let (has_previous, has_next) = (span.has_previous, span.has_next);
    view! {
        <nav class="pager" aria-label=say(words, |w| w.job_pages_label)>
            <button
                type="button"
                class="secondary"
                disabled=!has_previous
                on:click=move |_| store.go_to_jobs_page(page - 1)
            >
                {say(words, |w| w.previous)}
            </button>
            <p class="page-span" role="status">
                {move || (words.get().jobs_page)(&span, page, JOBS_PER_PAGE)}
            </p>
            <button
                type="button"
                class="secondary"
                disabled=!has_next
                on:click=move |_| store.go_to_jobs_page(page + 1)
            >
                {say(words, |w| w.next)}
            </button>
        </nav>
    }
}
