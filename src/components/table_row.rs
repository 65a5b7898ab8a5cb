//! One instance in the table, its status badge and its creation time.

use leptos::prelude::*;

use crate::rules::selection::{ineligibility, MAX_BATCH};
use crate::rules::view::Entry;
use crate::store::Store;
use crate::wire::{ImageType, ServerStatus};

#[component]
pub fn Row(entry: Entry) -> impl IntoView {
    let store = expect_context::<Store>();
    // Unique even for rows without an id, so each box names its own reason.
    let reason_id = format!("why-{}", entry.row_key());
    let server = entry.server;
    let id = server.id.clone();
    let selected = store.row_selected(&id);
    // A plain closure, not a memo: 10,000 rows would mean 10,000 more reactive nodes.
    let ineligible = ineligibility(&id, &server.status);
    let at_cap = store.at_cap();
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
            <td title=server.image_ref.image_type.clone()>
                {ImageType::parse(&server.image_ref.image_type).label().to_owned()}
            </td>
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
