//! Search, status filter, refresh and the list's loading state.

use leptos::prelude::*;

use super::ErrorNotice;
use crate::api::types::ServerStatus;
use crate::platform;
use crate::state::inventory::status_counts;
use crate::store::{LoadState, Store};

#[component]
pub fn Toolbar() -> impl IntoView {
    let store = expect_context::<Store>();
    let counts = Memo::new(move |_| store.entries.with(|entries| status_counts(entries)));
    let search = move || store.query.with(|query| query.search.clone());
    let status_value = move || {
        store
            .query
            .with(|query| query.status.as_ref().map(|status| status.raw().to_owned()))
            .unwrap_or_default()
    };
    let loading = move || matches!(store.load.get(), LoadState::Loading { .. });

    view! {
        <section class="toolbar" aria-label="Find instances">
            <label class="search">
                "Search"
                <input
                    type="search"
                    placeholder="Name or ID"
                    prop:value=search
                    on:input=move |event| {
                        let text = event_target_value(&event);
                        store.query.update(|query| query.search = text);
                    }
                />
            </label>
            <label>
                "Status"
                <select
                    prop:value=status_value
                    on:change=move |event| {
                        let raw = event_target_value(&event);
                        store
                            .query
                            .update(|query| {
                                query.status = (!raw.is_empty()).then(|| ServerStatus::parse(&raw));
                            });
                    }
                >
                    <option value="">"All statuses"</option>
                    {move || {
                        counts
                            .get()
                            .into_iter()
                            .map(|(status, count)| {
                                let value = status.raw().to_owned();
                                let selected = status_value() == value;
                                view! {
                                    <option value=value selected=selected>
                                        {format!("{} ({count})", status.label())}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <button type="button" on:click=move |_| store.refresh() disabled=loading>
                "Refresh"
            </button>
            <span class="updated-at">
                {move || {
                    store
                        .updated_at
                        .get()
                        .map(|at| format!("Updated {}", platform::local_time(at)))
                }}
            </span>
        </section>
        {move || match store.load.get() {
            LoadState::Loading { loaded, total } => {
                let label = if total == 0 {
                    "Loading image instances…".to_owned()
                } else {
                    format!("Loading image instances: {loaded} of {total}")
                };
                view! {
                    <div class="loading" role="status">
                        <progress
                            max=total.max(1) as f64
                            value=(total > 0).then_some(loaded as f64)
                            aria-label="Loading image instances"
                        ></progress>
                        <span>{label}</span>
                    </div>
                }
                    .into_any()
            }
            LoadState::Failed(error) => {
                view! { <ErrorNotice title="Could not load the instances".into() error /> }
                    .into_any()
            }
            LoadState::Idle | LoadState::Ready => ().into_any(),
        }}
    }
}
