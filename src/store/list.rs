//! The instance list: every page loaded, the view query (search, status filter, sort) and
//! the rows it shows.

use std::collections::HashSet;

use leptos::prelude::*;

use super::Store;
use crate::api::error::ApiError;
use crate::rules::selection::ineligibility;
use crate::rules::view::{status_counts, Entry, SortKey, ViewQuery};
use crate::wire::{ImageServer, ServerStatus};

/// Where the instance list stands.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    /// No valid configuration yet.
    Idle,
    /// `total` is 0 until the first page says how many there are.
    Loading {
        loaded: usize,
        total: u64,
    },
    Ready,
    Failed(ApiError),
}

/// A list that came in shorter than the service counted when it began: instances deleted
/// while the pages were read shift the later ones to earlier offsets, so some may have been
/// passed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shortfall {
    pub listed: usize,
    pub counted: u64,
}

impl Shortfall {
    /// `Some` when `listed` is fewer than `counted` (0: the service gave no count).
    pub fn of(listed: usize, counted: u64) -> Option<Self> {
        ((listed as u64) < counted).then_some(Self { listed, counted })
    }
}

#[derive(Clone, Copy)]
pub(super) struct ListState {
    pub(super) entries: RwSignal<Vec<Entry>>,
    load: RwSignal<LoadState>,
    updated_at: RwSignal<Option<f64>>,
    /// The last list, if it came in short.
    shortfall: RwSignal<Option<Shortfall>>,
    pub(super) query: RwSignal<ViewQuery>,
    /// The rows the table shows, in order.
    pub(super) visible: Memo<Vec<Entry>>,
    /// The ids of those rows, for O(selected) questions about the selection.
    pub(super) visible_ids: Memo<HashSet<String>>,
    /// How many visible rows can be selected (not CREATING, BUILDING or DELETING).
    pub(super) visible_eligible: Memo<usize>,
    counts: Memo<Vec<(ServerStatus, usize)>>,
    /// The page of a load that arrived last, before the list is shown: the table can make
    /// its rows while the other pages are on their way.
    arrived: RwSignal<Vec<Entry>>,
    /// A newer refresh supersedes an older one still running.
    generation: StoredValue<u64>,
}

impl ListState {
    pub(super) fn new() -> Self {
        let entries = RwSignal::new(Vec::<Entry>::new());
        let query = RwSignal::new(ViewQuery::default());
        // Sorting happens when the order or the list changes, not on every keystroke of a
        // search: the filter walks the sorted list.
        let order = Memo::new(move |_| query.with(ViewQuery::order));
        let sorted = Memo::new(move |_| entries.with(|all| order.get().sorted(all)));
        let visible =
            Memo::new(move |_| query.with(|query| sorted.with(|rows| query.filter(rows))));
        Self {
            entries,
            load: RwSignal::new(LoadState::Idle),
            updated_at: RwSignal::new(None),
            shortfall: RwSignal::new(None),
            query,
            visible,
            visible_ids: Memo::new(move |_| {
                visible.with(|rows| rows.iter().map(|entry| entry.server.id.clone()).collect())
            }),
            visible_eligible: Memo::new(move |_| {
                visible.with(|rows| {
                    rows.iter()
                        .filter(|entry| {
                            ineligibility(&entry.server.id, &entry.server.status).is_none()
                        })
                        .count()
                })
            }),
            counts: Memo::new(move |_| entries.with(|entries| status_counts(entries))),
            arrived: RwSignal::new(Vec::new()),
            generation: StoredValue::new(0),
        }
    }
}

impl Store {
    pub fn entries(&self) -> ReadSignal<Vec<Entry>> {
        self.list.entries.read_only()
    }

    pub fn shortfall(&self) -> ReadSignal<Option<Shortfall>> {
        self.list.shortfall.read_only()
    }

    pub fn load_state(&self) -> ReadSignal<LoadState> {
        self.list.load.read_only()
    }

    /// The page of the load in progress that arrived last (nothing once the list is shown).
    pub fn arrived_page(&self) -> ReadSignal<Vec<Entry>> {
        self.list.arrived.read_only()
    }

    /// When the list was last loaded (ms since the epoch).
    pub fn updated_at(&self) -> ReadSignal<Option<f64>> {
        self.list.updated_at.read_only()
    }

    pub fn query(&self) -> ReadSignal<ViewQuery> {
        self.list.query.read_only()
    }

    /// The rows the table shows, in order.
    pub fn visible(&self) -> Memo<Vec<Entry>> {
        self.list.visible
    }

    /// Every status in the list with its count, known ones first.
    pub fn status_counts(&self) -> Memo<Vec<(ServerStatus, usize)>> {
        self.list.counts
    }

    pub fn sort_by(&self, key: SortKey) {
        self.list.query.update(|query| query.sort_by(key));
    }

    pub fn set_search(&self, text: String) {
        self.list.query.update(|query| query.search = text);
    }

    /// `None` shows every status.
    pub fn filter_status(&self, status: Option<ServerStatus>) {
        self.list.query.update(|query| query.status = status);
    }

    pub fn clear_filters(&self) {
        self.list.query.update(ViewQuery::clear_filters);
    }

    /// Fetches every page again. A newer refresh supersedes an older one still running.
    pub fn refresh(&self) {
        let Some(client) = self.client() else {
            return;
        };
        let store = *self;
        let generation = self.list.generation.get_value() + 1;
        self.list.generation.set_value(generation);
        // Only the first load may take answers sent at start-up; any later one reads afresh.
        let start_up_over = move || store.env.with_value(|env| env.transport.start_up_over());
        if generation > 1 {
            start_up_over();
        }
        self.list.load.set(LoadState::Loading {
            loaded: 0,
            total: 0,
        });
        self.list.shortfall.set(None);
        let is_current = move || store.list.generation.get_value() == generation;
        self.spawn(async move {
            let first_page_marked = std::cell::Cell::new(false);
            // Every entry made as the pages arrived, in order: the list, unless it had
            // duplicates (which `list_all` leaves out).
            let made = std::cell::RefCell::new(Vec::new());
            // What the service counted when the load began.
            let counted = std::cell::Cell::new(0);
            let result = client
                .list_all(|page, loaded, total| {
                    if !first_page_marked.replace(true) {
                        store.mark("first page");
                    }
                    counted.set(total);
                    if is_current() {
                        store.list.load.set(LoadState::Loading { loaded, total });
                        let entries: Vec<Entry> = page.iter().cloned().map(Entry::new).collect();
                        made.borrow_mut().extend(entries.iter().cloned());
                        store.list.arrived.set(entries);
                    }
                })
                .await;
            start_up_over();
            if !is_current() {
                return;
            }
            match result {
                Ok(servers) => {
                    store.mark("all pages");
                    let count = servers.len();
                    store
                        .list
                        .shortfall
                        .set(Shortfall::of(count, counted.get()));
                    let made = made.into_inner();
                    if made.len() == count {
                        store.show_entries(made);
                    } else {
                        store.show_instances(servers);
                    }
                    store.announce((store.messages().announce_loaded)(count));
                }
                Err(error) => {
                    let words = store.messages();
                    store.announce((words.announce_load_failed)(&error.describe(words)));
                    store.list.load.set(LoadState::Failed(error));
                    store.list.arrived.update_untracked(Vec::clear);
                }
            }
        });
    }

    /// The list arrived: show it, and let ids that vanished or became ineligible leave the
    /// selection.
    pub fn show_instances(&self, servers: Vec<ImageServer>) {
        self.show_entries(servers.into_iter().map(Entry::new).collect());
    }

    /// The list arrived as entries already made (the rows made for them are kept).
    fn show_entries(&self, entries: Vec<Entry>) {
        self.list.entries.set(entries);
        self.drop_invalid_selection();
        self.list.updated_at.set(Some(self.now_ms()));
        self.list.load.set(LoadState::Ready);
        self.list.arrived.update_untracked(Vec::clear);
    }

    /// No valid configuration: nothing is loading.
    pub(super) fn list_idle(&self) {
        self.list.load.set(LoadState::Idle);
    }
}
