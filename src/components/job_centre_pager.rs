//! Previous/Next through the job centre's pages, and what the page shows ("21–40 of 57").

use leptos::prelude::*;

use crate::rules::job_centre::JOBS_PER_PAGE;
use crate::rules::page_span::PageSpan;
use crate::store::Store;

#[component]
pub fn JobCentrePager(shown: usize, total: Option<u64>) -> impl IntoView {
    let store = expect_context::<Store>();
    let page = store
        .centre_query()
        .with_untracked(|query| query.as_ref().map_or(1, |query| query.page));
    let span = PageSpan::of(page, shown, total);
    view! {
        <nav class="pager" aria-label="Job pages">
            <button
                type="button"
                class="secondary"
                disabled=!span.has_previous
                on:click=move |_| store.go_to_jobs_page(page - 1)
            >
                "Previous"
            </button>
            <p class="page-span" role="status">
                {format!("Jobs {} · page {page} · {JOBS_PER_PAGE} per page", span.describe())}
            </p>
            <button
                type="button"
                class="secondary"
                disabled=!span.has_next
                on:click=move |_| store.go_to_jobs_page(page + 1)
            >
                "Next"
            </button>
        </nav>
    }
}
