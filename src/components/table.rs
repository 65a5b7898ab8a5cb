//! The instance table: every matching instance in the DOM (no paging, so find-in-page,
//! select-all and screen readers see them all), one keyed row each.

use leptos::prelude::*;

use crate::api::types::ServerStatus;
use crate::state::inventory::{Entry, SortKey};
use crate::state::selection::{ineligibility, MAX_BATCH};
use crate::store::{LoadState, Store};

#[component]
pub fn InstanceTable() -> impl IntoView {
    let store = expect_context::<Store>();
    let has_entries = move || store.entries.with(|entries| !entries.is_empty());
    let has_visible = move || store.visible.with(|visible| !visible.is_empty());
    let ready = move || matches!(store.load.get(), LoadState::Ready);

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
                        each=move || store.visible.get()
                        // A row is rebuilt when its status changes (e.g. to DELETING after a
                        // refresh); keyed by id alone it would keep showing the old status.
                        key=|entry| (entry.server.id.clone(), entry.server.status.clone())
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
                        on:click=move |_| store.query.update(|query| {
                            query.search.clear();
                            query.status = None;
                        })
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
    let direction = move || {
        store.query.with(|query| {
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
                on:click=move |_| {
                    store.query.update(|query| {
                        if query.sort == key {
                            query.descending = !query.descending;
                        } else {
                            query.sort = key;
                            query.descending = false;
                        }
                    })
                }
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

/// Selects up to the cap of the visible eligible rows, or clears them when all are selected.
#[component]
fn SelectAllCheckbox() -> impl IntoView {
    let store = expect_context::<Store>();
    let state = Memo::new(move |_| store.header_state());
    view! {
        <input
            type="checkbox"
            aria-label=format!("Select all shown instances (at most {MAX_BATCH})")
            prop:checked=move || state.get().all
            prop:indeterminate=move || state.get().some
            disabled=move || state.get().none_selectable
            on:click=move |_| store.toggle_all_visible()
        />
    }
}

#[component]
fn Row(entry: Entry) -> impl IntoView {
    let store = expect_context::<Store>();
    let server = entry.server;
    let id = server.id.clone();
    let selected = store.row_selected(&id);
    let reason_id = format!("why-{id}");
    // A plain closure, not a memo: 10,000 rows would mean 10,000 more reactive nodes.
    let ineligible = ineligibility(&server.status);
    let at_cap = store.at_cap;
    let blocked = move || match ineligible {
        Some(reason) => Some(reason.to_owned()),
        None => (at_cap.get() && !selected.get())
            .then(|| format!("Limit reached: at most {MAX_BATCH} instances per request")),
    };
    let status = server.status.clone();
    let toggle = {
        let id = id.clone();
        move |event: leptos::ev::MouseEvent| {
            // A refused change must not leave the box looking checked.
            if untrack(blocked).is_some() || store.toggle(&id, &status).is_err() {
                event.prevent_default();
            }
        }
    };
    view! {
        <tr data-id=id.clone()>
            <td class="select">
                <input
                    type="checkbox"
                    aria-label=format!("Select {}", server.name)
                    prop:checked=move || selected.get()
                    aria-disabled=move || blocked().map(|_| "true")
                    aria-describedby=reason_id.clone()
                    on:click=toggle
                />
                <span class="reason" role="tooltip" id=reason_id>
                    {blocked}
                </span>
            </td>
            <td class="name">{server.name.clone()}</td>
            <td class="id"><code>{id.clone()}</code></td>
            <td class="status">
                <StatusBadge status=server.status.clone() />
            </td>
            <td>{server.image_ref.image_type.clone()}</td>
            <td>{server.authorized_user()}</td>
            <td>
                <time datetime=server.create_time.clone()>{short_time(&server.create_time)}</time>
            </td>
        </tr>
    }
}

/// Status as an icon and words, never colour alone; the raw value in a tooltip.
#[component]
pub fn StatusBadge(status: ServerStatus) -> impl IntoView {
    let (icon, tone) = match status {
        ServerStatus::Active => ("●", "ok"),
        ServerStatus::Built => ("✔", "ok"),
        ServerStatus::Error => ("✖", "bad"),
        ServerStatus::Creating | ServerStatus::Building => ("◔", "busy"),
        ServerStatus::Deleting => ("⌫", "busy"),
        ServerStatus::Unset | ServerStatus::Other(_) => ("○", "none"),
    };
    view! {
        <span class=format!("badge {tone}") title=status.raw().to_owned()>
            <span aria-hidden="true">{icon}" "</span>
            {status.label().to_owned()}
        </span>
    }
}

/// `2024-05-07T07:54:21.009Z` → `2024-05-07 07:54`; anything else as given.
fn short_time(iso: &str) -> String {
    match (iso.get(..10), iso.get(11..16)) {
        (Some(date), Some(time)) if iso.as_bytes().get(10) == Some(&b'T') => {
            format!("{date} {time}")
        }
        _ => iso.to_owned(),
    }
}
