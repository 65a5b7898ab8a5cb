//! Search, status filter and refresh.

use leptos::prelude::*;

use super::load_status::LoadStatus;
use super::moment::Moment;
use super::say;
use crate::hooks::use_after_paint;
use crate::store::{LoadState, Store};
use crate::wire::ServerStatus;

#[component]
pub fn Toolbar() -> impl IntoView {
    let store = expect_context::<Store>();
    let (query, counts, load) = (store.query(), store.status_counts(), store.load_state());
    // Shown after the rows are painted: see `use_after_paint`.
    let updated_at = use_after_paint(store.updated_at());
    let words = store.words();
    let search = move || query.with(|query| query.search.clone());
    let status_value = move || {
        query
            .with(|query| query.status.as_ref().map(|status| status.raw().to_owned()))
            .unwrap_or_default()
    };
    let loading = move || load.with(|load| matches!(load, LoadState::Loading { .. }));

    view! {
        <section class="toolbar" aria-label=say(words, |w| w.find_instances)>
            <label class="search">
                {say(words, |w| w.search)}
                <input
                    type="search"
                    placeholder=say(words, |w| w.search_placeholder)
                    prop:value=search
                    on:input=move |event| store.set_search(event_target_value(&event))
                />
            </label>
            <label>
                {say(words, |w| w.status)}
                <select
                    prop:value=status_value
                    on:change=move |event| {
                        let raw = event_target_value(&event);
                        store.filter_status((!raw.is_empty()).then(|| ServerStatus::parse(&raw)));
                    }
                >
                    <option value="">{say(words, |w| w.all_statuses)}</option>
                    {move || {
                        counts
                            .get()
                            .into_iter()
                            .map(|(status, count)| {
                                let value = status.raw().to_owned();
                                let selected = status_value() == value;
                                view! {
                                    <option value=value selected=selected>
                                        {format!("{} ({count})", words.get().server_status(&status))}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <button type="button" on:click=move |_| store.refresh() disabled=loading>
                {say(words, |w| w.refresh)}
            </button>
            <span class="updated-at">
                {move || updated_at.get().map(|at| view! { {say(words, |w| w.updated)} <Moment ms=at /> })}
            </span>
        </section>
        <LoadStatus />
    }
}
