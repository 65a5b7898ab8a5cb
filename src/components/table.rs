//! The instance table: every matching instance in the DOM (no paging, so find-in-page,
//! select-all and screen readers see them all), one keyed row each.

use leptos::prelude::*;

use super::select_all::SelectAllCheckbox;
use super::table_row::Row;
use crate::rules::view::SortKey;
use crate::store::{LoadState, Store};

#[component]
pub fn InstanceTable() -> impl IntoView {
    let store = expect_context::<Store>();
    let (entries, visible, load) = (store.entries(), store.visible(), store.load_state());
    let has_entries = move || entries.with(|entries| !entries.is_empty());
    let has_visible = move || visible.with(|visible| !visible.is_empty());
    let ready = move || load.with(|load| load == &LoadState::Ready);

    view! {
        <div class="table-wrap">
            <table id="instance-table">
                <caption class="visually-hidden">
                    "Image instances. Column headers with buttons sort the table."
                </caption>
                <thead>
                    <tr>
                        <th scope="col" class="select">
                            <SelectAllCheckbox />
                        </th>
                        <SortHeader key=SortKey::Name label="Name" />
                        <SortHeader key=SortKey::Id label="ID" />
                        <SortHeader key=SortKey::Status label="Status" />
                        <SortHeader key=SortKey::ImageType label="Image type" />
                        <SortHeader key=SortKey::User label="Authorized user" />
                        <SortHeader key=SortKey::Created label="Created (UTC)" />
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || visible.get()
                        // A row is rebuilt when its status changes (e.g. to DELETING after a
                        // refresh); keyed by id alone it would keep showing the old status.
                        key=|entry| (entry.row_key(), entry.server.status.clone())
                        children=|entry| view! { <Row entry /> }
                    />
                </tbody>
            </table>
            <Show when=move || ready() && !has_entries()>
                <p class="empty">"There are no image instances in this project."</p>
            </Show>
            <Show when=move || has_entries() && !has_visible()>
                <p class="empty">
                    "No instances match the search and status filter. "
                    <button
                        type="button"
                        on:click=move |_| store.clear_filters()
                    >
                        "Clear filters"
                    </button>
                </p>
            </Show>
        </div>
    }
}

#[component]
fn SortHeader(key: SortKey, label: &'static str) -> impl IntoView {
    let store = expect_context::<Store>();
    let query = store.query();
    let direction = move || {
        query.with(|query| {
            (query.sort == key).then_some(if query.descending {
                "descending"
            } else {
                "ascending"
            })
        })
    };
    view! {
        <th scope="col" aria-sort=move || direction().unwrap_or("none")>
            <button
                type="button"
                class="sort"
                on:click=move |_| store.sort_by(key)
            >
                {label}
                <span class="sort-mark" aria-hidden="true">
                    {move || match direction() {
                        Some("ascending") => "▲",
                        Some(_) => "▼",
                        None => "↕",
                    }}
                </span>
            </button>
        </th>
    }
}
