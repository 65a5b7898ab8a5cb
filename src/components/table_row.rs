//! One instance in the table, its status badge and its creation time.
//!
//! Rows have no listener of their own: the table body listens once for every row's checkbox
//! (see `table.rs`). Only what a click changes is reactive: checked, the row's `selected`
//! class, and whether the box is blocked.

use leptos::prelude::*;

use crate::rules::selection::{ineligibility, MAX_BATCH};
use crate::rules::view::Entry;
use crate::store::Store;
use crate::wire::{ImageType, ServerStatus};

#[component]
pub fn Row(entry: Entry) -> impl IntoView {
    let store = expect_context::<Store>();
    let words = store.messages();
    // Unique even for rows without an id, so each box names its own reason.
    let reason_id = format!("why-{}", entry.row_key());
    let server = entry.server;
    let id = server.id.clone();
    let selected = store.row_selected(&id);
    // A plain closure, not a memo: 10,000 rows would mean 10,000 more reactive nodes.
    let ineligible = ineligibility(&id, &server.status);
    let at_cap = store.at_cap();
    let blocked = move || match ineligible {
        Some(reason) => Some((words.ineligible)(reason).to_owned()),
        None => (at_cap.get() && !selected.get()).then(|| (words.limit_reached)(MAX_BATCH)),
    };
    let (icon, tone) = badge_look(&server.status);
    view! {
        <tr data-id=id.clone() class:selected=move || selected.get()>
            <td class="select">
                <input
                    type="checkbox"
                    aria-label=(words.select_row)(&server.name)
                    prop:checked=move || selected.get()
                    aria-disabled=move || blocked().map(|_| "true")
                    aria-describedby=reason_id.clone()
                />
                <span class="reason" role="tooltip" id=reason_id>
                    {blocked}
                </span>
            </td>
            <td class="name">{server.name.clone()}</td>
            <td class="id"><code>{id.clone()}</code></td>
            <td class="status">
                <span class=tone title=server.status.raw().to_owned()>
                    <span aria-hidden="true">{icon}</span>
                    {words.server_status(&server.status).to_owned()}
                </span>
            </td>
            <td title=server.image_ref.image_type.clone()>
                {words.image_type(&ImageType::parse(&server.image_ref.image_type)).to_owned()}
            </td>
            <td>{server.authorized_user()}</td>
            <td>
                <time datetime=server.create_time.clone()>{short_time(&server.create_time)}</time>
            </td>
        </tr>
    }
}

/// Status as an icon and words, never colour alone (the raw value goes in a tooltip): the
/// icon (with its trailing space) and the badge's classes.
fn badge_look(status: &ServerStatus) -> (&'static str, &'static str) {
    match status {
        ServerStatus::Active => ("● ", "badge ok"),
        ServerStatus::Built => ("✔ ", "badge ok"),
        ServerStatus::Error => ("✖ ", "badge bad"),
        ServerStatus::Creating | ServerStatus::Building => ("◔ ", "badge busy"),
        ServerStatus::Deleting => ("⌫ ", "badge busy"),
        ServerStatus::Unset | ServerStatus::Other(_) => ("○ ", "badge none"),
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
