//! Fills the instance table's body with one plain-DOM row per visible instance
//! (`browser::table_rows`) and keeps each row's state, checked and blocked with the reason,
//! in step with the selection. No row has a reactive node of its own: one effect places
//! the rows and one updates the rows a selection change touched (every row only when the
//! cap is reached or left). Rows are kept per instance, so a search, filter, sort or
//! refresh moves or removes rows and builds only instances not shown before or changed;
//! all are rebuilt in the new language when it changes. While a load is in progress, the
//! rows of each page are made as it arrives (not shown yet), so showing the list then
//! mostly places rows already made.
//!
//! ```ignore
//! let body = NodeRef::<leptos::html::Tbody>::new();
//! use_instance_rows(body, row_text);
//! view! { <tbody node_ref=body></tbody> }
//! ```

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

pub use crate::browser::table_rows::RowText;
use crate::browser::table_rows::{self, clear_rows, place_rows, remove_row, Row, RowState};
use crate::i18n::{messages, Locale, Messages};
use crate::rules::selection::{ineligibility, MAX_BATCH};
use crate::rules::view::Entry;
use crate::store::Store;
use crate::wire::ImageServer;

/// What a row says, in the given language.
pub type SayRow = for<'a> fn(&'a Entry, &'static Messages) -> RowText<'a>;

pub fn use_instance_rows(body: NodeRef<leptos::html::Tbody>, say: SayRow) {
    let store = expect_context::<Store>();
    let rows = Rc::new(RefCell::new(Rows::default()));
    let placed = rows.clone();
    let prepared = rows.clone();
    Effect::new(move |_| {
        let locale = store.locale().get_untracked();
        store.arrived_page().with(|page| {
            prepared.borrow_mut().prepare(page, locale, say, &store);
        });
    });
    Effect::new(move |_| {
        let locale = store.locale().get();
        let Some(body) = body.get() else {
            return;
        };
        store.visible().with(|visible| {
            placed
                .borrow_mut()
                .show(&body, visible, locale, say, &store);
        });
    });
    Effect::new(move |before: Option<(Vec<String>, bool)>| {
        let selected = store.selected_ids();
        let at_cap = store.at_cap().get();
        let words = messages(store.locale().get_untracked());
        let rows = rows.borrow();
        let look = |kept: &Kept| kept.show_state(&selected, at_cap, words);
        match &before {
            // Only the rows whose selection changed.
            Some((was_selected, was_at_cap)) if *was_at_cap == at_cap => {
                let changed = selected
                    .iter()
                    .filter(|id| !was_selected.contains(id))
                    .chain(was_selected.iter().filter(|id| !selected.contains(id)));
                changed
                    .filter_map(|id| rows.kept.get(id))
                    .for_each(|kept| look(kept));
            }
            // Reaching or leaving the cap blocks or frees every unselected row.
            _ => rows.kept.values().for_each(|kept| look(kept)),
        }
        (selected, at_cap)
    });
}

/// An instance's row and the listing it was made from.
struct Kept {
    server: Arc<ImageServer>,
    row: Row,
    /// The update that last showed it, and the one that last put it in place.
    shown_in: Cell<u64>,
    placed_in: Cell<u64>,
}

impl Kept {
    fn show_state(&self, selected: &[String], at_cap: bool, words: &'static Messages) {
        self.row
            .show_state(state(&self.server, selected, at_cap, words));
    }
}

/// Checked when selected; blocked when the instance cannot be selected, or when the cap is
/// reached and it is not among the selected.
fn state(
    server: &ImageServer,
    selected: &[String],
    at_cap: bool,
    words: &'static Messages,
) -> RowState {
    let checked = selected.contains(&server.id);
    let blocked = match ineligibility(&server.id, &server.status) {
        Some(reason) => Some((words.ineligible)(reason).to_owned()),
        None => (at_cap && !checked).then(|| (words.limit_reached)(MAX_BATCH)),
    };
    RowState { checked, blocked }
}

/// New rows for `entries`, in one batch (see `table_rows::make_rows`), in their state now.
fn make_rows(entries: &[&Entry], locale: Locale, say: SayRow, store: &Store) -> Option<Vec<Row>> {
    let words = messages(locale);
    let selected = untrack(|| store.selected_ids());
    let at_cap = store.at_cap().get_untracked();
    let texts: Vec<_> = entries
        .iter()
        .map(|entry| {
            (
                say(entry, words),
                state(&entry.server, &selected, at_cap, words),
            )
        })
        .collect();
    table_rows::make_rows(&texts)
}

#[derive(Default)]
struct Rows {
    locale: Option<Locale>,
    /// Rows by instance id, shown or not (an id-less instance's row is not kept).
    kept: HashMap<String, Rc<Kept>>,
    /// The rows in the table body, in order.
    shown: Vec<Rc<Kept>>,
    update: u64,
}

impl Rows {
    /// Makes and keeps rows for those of `entries` that have none, without showing them.
    /// An instance with a kept row keeps it until the list is shown (it may be on screen).
    fn prepare(&mut self, entries: &[Entry], locale: Locale, say: SayRow, store: &Store) {
        self.use_locale(locale);
        let fresh: Vec<&Entry> = entries
            .iter()
            .filter(|entry| {
                !entry.server.id.is_empty() && !self.kept.contains_key(&entry.server.id)
            })
            .collect();
        let Some(made) = make_rows(&fresh, locale, say, store) else {
            return;
        };
        for (row, entry) in made.into_iter().zip(fresh) {
            self.kept.entry(entry.server.id.clone()).or_insert_with(|| {
                Rc::new(Kept {
                    server: entry.server.clone(),
                    row,
                    shown_in: Cell::new(0),
                    placed_in: Cell::new(0),
                })
            });
        }
    }

    /// Lets go of rows kept in another language than `locale`.
    fn use_locale(&mut self, locale: Locale) {
        if self.locale.replace(locale) != Some(locale) {
            self.kept.clear();
        }
    }

    /// Makes the body show a row for each of `entries`, in order, reusing kept rows.
    fn show(
        &mut self,
        body: &web_sys::Element,
        entries: &[Entry],
        locale: Locale,
        say: SayRow,
        store: &Store,
    ) {
        self.update += 1;
        let update = self.update;
        self.use_locale(locale);
        // Rows kept from before, and the servers that need a new one (in a batch: see
        // `table_rows::make_rows`).
        let mut slots: Vec<Option<Rc<Kept>>> = Vec::with_capacity(entries.len());
        let mut new_servers = Vec::new();
        for entry in entries {
            let server = &entry.server;
            let reusable = self.kept.get(&server.id).filter(|kept| {
                kept.shown_in.get() != update
                    && (Arc::ptr_eq(&kept.server, server) || kept.server == *server)
            });
            match reusable {
                Some(kept) => {
                    kept.shown_in.set(update);
                    slots.push(Some(kept.clone()));
                }
                None => {
                    new_servers.push(entry);
                    slots.push(None);
                }
            }
        }
        let Some(made) = make_rows(&new_servers, locale, say, store) else {
            return;
        };
        let mut made = made.into_iter().zip(new_servers);
        let mut next = Vec::with_capacity(slots.len());
        for slot in slots {
            let kept = match slot {
                Some(kept) => kept,
                None => {
                    let Some((row, entry)) = made.next() else {
                        break;
                    };
                    let server = &entry.server;
                    let kept = Rc::new(Kept {
                        server: server.clone(),
                        row,
                        shown_in: Cell::new(update),
                        placed_in: Cell::new(0),
                    });
                    // A second row with the same id (the API repeated it) is shown, not kept.
                    let repeated = self
                        .kept
                        .get(&server.id)
                        .is_some_and(|other| other.shown_in.get() == update);
                    if !server.id.is_empty() && !repeated {
                        self.kept.insert(server.id.clone(), kept.clone());
                    }
                    kept
                }
            };
            next.push(kept);
        }
        self.place(body, next);
        // Instances gone from the list (after a refresh) are not kept.
        let listed = store.entries().with_untracked(Vec::len);
        if self.kept.len() > listed {
            store.entries().with_untracked(|entries| {
                let ids: std::collections::HashSet<&str> = entries
                    .iter()
                    .map(|entry| entry.server.id.as_str())
                    .collect();
                self.kept.retain(|id, _| ids.contains(id.as_str()));
            });
        }
    }

    /// Moves the body from the rows shown to `next`: rows no longer shown leave, rows that
    /// stay keep their place where the order allows, the others are inserted.
    fn place(&mut self, body: &web_sys::Element, next: Vec<Rc<Kept>>) {
        let update = self.update;
        // Rows that stay are not taken out and put back: the browser would style and lay
        // them out again (a search at 10,000 rows paints later that way). When none stays
        // (a new language), the body is emptied in one go.
        if self.shown.iter().all(|kept| kept.shown_in.get() != update) {
            clear_rows(body);
            self.shown.clear();
        }
        let mut staying = Vec::with_capacity(self.shown.len());
        for kept in self.shown.drain(..) {
            if kept.shown_in.get() == update {
                staying.push(kept);
            } else {
                remove_row(&kept.row);
            }
        }
        let mut staying = staying.iter().peekable();
        let mut pending: Vec<&Row> = Vec::new();
        for kept in &next {
            // Rows already moved up are passed over.
            while staying
                .next_if(|row| row.placed_in.get() == update)
                .is_some()
            {}
            match staying.peek() {
                Some(here) if Rc::ptr_eq(here, kept) => {
                    place_rows(body, &pending, Some(here.row.element()));
                    pending.clear();
                    staying.next();
                }
                _ => pending.push(&kept.row),
            }
            kept.placed_in.set(update);
        }
        while staying
            .next_if(|row| row.placed_in.get() == update)
            .is_some()
        {}
        let end = staying.peek().map(|here| here.row.element());
        place_rows(body, &pending, end);
        self.shown = next;
    }
}
