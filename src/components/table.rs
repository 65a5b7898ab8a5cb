//! The instance table: every matching instance in the DOM (no paging, so find-in-page,
//! select-all and screen readers see them all), one keyed row each.

use leptos::prelude::*;

use super::say;
use super::select_all::SelectAllCheckbox;
use super::table_row::row_text;
use crate::hooks::{use_instance_rows, use_reason_tip, ReasonTips};
use crate::rules::view::SortKey;
use crate::store::{LoadState, Store};

#[component]
pub fn InstanceTable() -> impl IntoView {
    let store = expect_context::<Store>();
    let (entries, visible, load) = (store.entries(), store.visible(), store.load_state());
    let has_entries = move || entries.with(|entries| !entries.is_empty());
    let has_visible = move || visible.with(|visible| !visible.is_empty());
    let ready = move || load.with(|load| load == &LoadState::Ready);
    let words = store.words();
    let body = NodeRef::<leptos::html::Tbody>::new();
    use_instance_rows(body, row_text);
    let reasons = use_reason_tip();

    view! {
        <div class="table-wrap">
            <table id="instance-table">
                <caption class="visually-hidden">
                    {say(words, |w| w.table_caption)}
                </caption>
                <thead>
                    <tr>
                        <th scope="col" class="select">
                            <SelectAllCheckbox />
                        </th>
                        <SortHeader key=SortKey::Name label=say(words, |w| w.column_name) />
                        <SortHeader key=SortKey::Id label=say(words, |w| w.column_id) />
                        <SortHeader key=SortKey::Status label=say(words, |w| w.column_status) />
                        <SortHeader key=SortKey::ImageType label=say(words, |w| w.column_image_type) />
                        <SortHeader key=SortKey::User label=say(words, |w| w.column_user) />
                        <SortHeader key=SortKey::Created label=say(words, |w| w.column_created) />
                    </tr>
                </thead>
                // Rows are plain DOM (see `use_instance_rows`); one listener of each kind
                // serves them all.
                <tbody
                    node_ref=body
                    on:click=move |event| toggle_clicked_row(store, &event)
                    on:mouseover=move |event| reasons.hover(&event)
                    on:mouseleave=move |_| reasons.unhover()
                    on:focusin=move |event| reasons.focus(&event)
                    on:focusout=move |_| reasons.unfocus()
                ></tbody>
            </table>
            <Show when=move || ready() && !has_entries()>
                <p class="empty">{say(words, |w| w.no_instances)}</p>
            </Show>
            <Show when=move || has_entries() && !has_visible()>
                <p class="empty">
                    {say(words, |w| w.no_match)}
                    " "
                    <button
                        type="button"
                        on:click=move |_| store.clear_filters()
                    >
                        {say(words, |w| w.clear_filters)}
                    </button>
                </p>
            </Show>
        </div>
        <RowReason reasons />
    }
}

/// The reason of the unavailable box the pointer or focus is on, beside it. Screen readers
/// hear it as the box's description already.
#[component]
fn RowReason(reasons: ReasonTips) -> impl IntoView {
    let tip = reasons.tip();
    move || {
        tip.get().map(|tip| {
            view! {
                <div
                    class="reason-tip"
                    aria-hidden="true"
                    style:left=format!("{}px", tip.left)
                    style:top=format!("{}px", tip.top)
                >
                    {tip.text}
                </div>
            }
        })
    }
}

/// One listener for every row's checkbox: a click ticks or unticks the row it is in; a refused
/// change must not leave the box looking checked.
fn toggle_clicked_row(store: Store, event: &leptos::ev::MouseEvent) {
    let target = event_target::<web_sys::Element>(event);
    if target.get_attribute("type").as_deref() != Some("checkbox") {
        return;
    }
    let Some(id) = target
        .closest("tr[data-id]")
        .ok()
        .flatten()
        .and_then(|row| row.get_attribute("data-id"))
    else {
        return;
    };
    let status = store.visible().with_untracked(|rows| {
        rows.iter()
            .find(|entry| entry.server.id == id)
            .map(|entry| entry.server.status.clone())
    });
    if status.is_none_or(|status| store.toggle(&id, &status).is_err()) {
        event.prevent_default();
    }
}

#[component]
fn SortHeader(key: SortKey, #[prop(into)] label: Signal<&'static str>) -> impl IntoView {
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
