//! The selection: at most [`MAX_BATCH`] eligible instances, and the "associated resources"
//! flag. The table's rows follow it by comparing the selected ids before and after a change
//! (see `hooks::use_instance_rows`), so a click updates one row, not 10,000.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use super::Store;
use crate::rules::selection::{SelectError, Selection, MAX_BATCH};
use crate::rules::view::Entry;
use crate::wire::{ImageServer, ServerStatus};

/// The header checkbox: ticked, indeterminate or unavailable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeaderState {
    /// Every selectable shown row is selected, or the cap is reached among them.
    pub all: bool,
    pub some: bool,
    pub none_selectable: bool,
}

#[derive(Clone, Copy)]
pub(super) struct SelectionState {
    selection: RwSignal<Selection>,
    /// Whether [`MAX_BATCH`] are selected: rows read this, which changes only at the cap.
    /// A signal set only when it flips, not a memo: every row reads it, and a memo would
    /// make each selection change re-check 10,000 rows.
    at_cap: RwSignal<bool>,
    /// Each selected instance as it was listed when selected: the check before sending
    /// compares it with the instance read again.
    snapshots: StoredValue<Vec<Arc<ImageServer>>>,
    /// What the last "select all" did, when it did not do everything asked.
    bulk_message: RwSignal<Option<String>>,
    pub(super) recursive: RwSignal<bool>,
}

impl SelectionState {
    pub(super) fn new() -> Self {
        Self {
            selection: RwSignal::new(Selection::default()),
            at_cap: RwSignal::new(false),
            snapshots: StoredValue::new(Vec::new()),
            bulk_message: RwSignal::new(None),
            recursive: RwSignal::new(false),
        }
    }
}

impl Store {
    /// Whether [`MAX_BATCH`] are selected.
    pub fn at_cap(&self) -> ReadSignal<bool> {
        self.selection.at_cap.read_only()
    }

    /// What the last "select all" did, when it did not do everything asked.
    pub fn bulk_message(&self) -> ReadSignal<Option<String>> {
        self.selection.bulk_message.read_only()
    }

    /// Whether associated resources are deleted too.
    pub fn recursive(&self) -> ReadSignal<bool> {
        self.selection.recursive.read_only()
    }

    pub fn set_recursive(&self, recursive: bool) {
        self.selection.recursive.set(recursive);
    }

    /// The header checkbox's state, in O(selected) rather than O(rows): a click on one row
    /// of 10,000 must not walk the table.
    pub fn header_state(&self) -> HeaderState {
        let eligible = self.list.visible_eligible.get();
        let ids = self.selected_ids();
        let selected_visible = self.count_visible(&ids);
        let all = eligible > 0
            && (selected_visible == eligible || (ids.len() >= MAX_BATCH && selected_visible > 0));
        HeaderState {
            all,
            some: selected_visible > 0 && !all,
            none_selectable: eligible == 0,
        }
    }

    /// Selected ids the current search or filter hides.
    pub fn selected_hidden(&self) -> usize {
        let ids = self.selected_ids();
        ids.len() - self.count_visible(&ids)
    }

    /// How many of `ids` the table shows. The set of visible ids is only made (and kept)
    /// once something is selected: a 10,000-instance list is shown without it.
    fn count_visible(&self, ids: &[String]) -> usize {
        if ids.is_empty() {
            return 0;
        }
        self.list
            .visible_ids
            .with(|visible| ids.iter().filter(|id| visible.contains(*id)).count())
    }

    pub fn selected_count(&self) -> usize {
        self.selection.selection.with(Selection::len)
    }

    pub fn selected_ids(&self) -> Vec<String> {
        self.selection
            .selection
            .with(|selection| selection.ids().to_vec())
    }

    /// The selected instances as listed (ids no longer listed are left out).
    pub fn selected_entries(&self) -> Vec<Entry> {
        let ids = self.selected_ids();
        self.list.entries.with(|entries| {
            ids.iter()
                .filter_map(|id| entries.iter().find(|entry| &entry.server.id == id).cloned())
                .collect()
        })
    }

    /// How each of `ids` looked when it was selected (an id never selected: only its id).
    pub(super) fn selected_snapshots(&self, ids: &[String]) -> Vec<ImageServer> {
        self.selection.snapshots.with_value(|snapshots| {
            ids.iter()
                .map(|id| {
                    snapshots
                        .iter()
                        .find(|snapshot| &snapshot.id == id)
                        .map_or_else(
                            || ImageServer {
                                id: id.clone(),
                                ..ImageServer::default()
                            },
                            |snapshot| ImageServer::clone(snapshot),
                        )
                })
                .collect()
        })
    }

    /// Selects or deselects one row; returns why a selection was refused.
    pub fn toggle(&self, id: &str, status: &ServerStatus) -> Result<(), SelectError> {
        self.selection.bulk_message.set(None);
        if self
            .selection
            .selection
            .with_untracked(|selection| selection.contains(id))
        {
            self.change_selection(|selection| selection.deselect(id));
            Ok(())
        } else {
            self.change_selection(|selection| selection.select(id, status))
        }
    }

    /// The header checkbox: deselects the visible rows when all selectable ones are
    /// selected, otherwise selects visible eligible rows up to the cap and says when it
    /// stopped short.
    pub fn toggle_all_visible(&self) {
        let visible = self.list.visible.get_untracked();
        let all_selected = untrack(|| self.header_state()).all;
        if all_selected {
            self.change_selection(|selection| {
                for entry in &visible {
                    selection.deselect(&entry.server.id);
                }
            });
            self.selection.bulk_message.set(None);
            return;
        }
        let outcome = self.change_selection(|selection| {
            selection.select_all(
                visible
                    .iter()
                    .map(|entry| (entry.server.id.as_str(), &entry.server.status)),
            )
        });
        self.selection
            .bulk_message
            .set((outcome.left_by_cap > 0).then(|| {
                (self.messages().bulk_stopped)(outcome.added.len(), MAX_BATCH, outcome.left_by_cap)
            }));
    }

    pub fn clear_selection(&self) {
        self.change_selection(Selection::clear);
        self.selection.bulk_message.set(None);
    }

    /// Deleted instances leave the selection.
    pub(super) fn deselect_all(&self, ids: &[String]) {
        self.change_selection(|selection| {
            for id in ids {
                selection.deselect(id);
            }
        });
    }

    /// After a refresh: ids that vanished or became ineligible leave the selection.
    pub(super) fn drop_invalid_selection(&self) {
        let statuses: HashMap<String, ServerStatus> = self.list.entries.with_untracked(|entries| {
            entries
                .iter()
                .map(|entry| (entry.server.id.clone(), entry.server.status.clone()))
                .collect()
        });
        let dropped = self
            .change_selection(|selection| selection.retain_valid(|id| statuses.get(id).cloned()));
        if !dropped.is_empty() {
            self.selection.bulk_message.set(None);
        }
    }

    /// Applies a change to the selection and keeps the snapshots of the ids it touched.
    fn change_selection<R>(&self, change: impl FnOnce(&mut Selection) -> R) -> R {
        let selection = self.selection.selection;
        let before = selection.with_untracked(|selection| selection.ids().to_vec());
        let mut result = None;
        selection.update(|selection| result = Some(change(selection)));
        let after = selection.with_untracked(|selection| selection.ids().to_vec());
        for id in before.iter().filter(|id| !after.contains(id)) {
            self.selection
                .snapshots
                .update_value(|snapshots| snapshots.retain(|snapshot| &snapshot.id != id));
        }
        for id in after.iter().filter(|id| !before.contains(id)) {
            let listed = self.list.entries.with_untracked(|entries| {
                entries
                    .iter()
                    .find(|entry| &entry.server.id == id)
                    .map(|entry| entry.server.clone())
            });
            let snapshot = listed.unwrap_or_else(|| {
                Arc::new(ImageServer {
                    id: id.clone(),
                    ..ImageServer::default()
                })
            });
            self.selection
                .snapshots
                .update_value(|snapshots| snapshots.push(snapshot));
        }
        let full = after.len() >= MAX_BATCH;
        if self.selection.at_cap.get_untracked() != full {
            self.selection.at_cap.set(full);
        }
        result.expect("the change ran")
    }
}
