//! What one instance's row in the table says: its cells, its status badge and its creation
//! time, in the language shown. The rows themselves are plain DOM built by
//! `hooks::use_instance_rows`; the table body listens once for every row's checkbox (see
//! `table.rs`).

use crate::hooks::RowText;
use crate::i18n::Messages;
use crate::rules::view::Entry;
use crate::wire::{ImageType, ServerStatus};

pub fn row_text<'a>(entry: &'a Entry, words: &'static Messages) -> RowText<'a> {
    let server = &entry.server;
    let (status_icon, status_class) = badge_look(&server.status);
    RowText {
        id: &server.id,
        key: entry.row_key(),
        select_label: (words.select_row)(&server.name),
        name: &server.name,
        status_class,
        status_title: server.status.raw(),
        status_icon,
        status_words: words.server_status(&server.status),
        image_type_title: &server.image_ref.image_type,
        image_type_words: words
            .image_type(&ImageType::parse(&server.image_ref.image_type))
            .to_owned(),
        user: server.authorized_user(),
        created: &server.create_time,
        created_text: short_time(&server.create_time),
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
