//! The listed instances and the view of them: search, status filter and sort.
//!
//! The API has no status filter and no sort, so both happen here, over every page.

use std::sync::Arc;

use crate::rules::time::parse_utc_ms;
use crate::wire::{ImageServer, ImageType, ServerStatus};

/// One listed instance, with its search text lowered once rather than on every keystroke.
/// Cheap to clone (a load keeps each page's entries twice, a sort copies every entry).
#[derive(Clone, Debug)]
pub struct Entry {
    pub server: Arc<ImageServer>,
    search_text: Arc<str>,
}

/// Entries are equal when they are the same listing of an instance: comparing pointers
/// keeps memos over 10,000 entries cheap, and a refresh makes new entries anyway.
impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.server, &other.server)
    }
}

impl Entry {
    pub fn new(server: ImageServer) -> Self {
        let search_text = format!(
            "{}\n{}",
            server.name.to_lowercase(),
            server.id.to_lowercase()
        );
        Self {
            server: Arc::new(server),
            search_text: search_text.into(),
        }
    }

    /// What tells this row apart from every other on the page: its id, or for one without an
    /// id (the API may leave it out) this listing of it. The two kinds never collide.
    pub fn row_key(&self) -> String {
        let id = &self.server.id;
        if id.trim().is_empty() {
            format!("listing:{:x}", Arc::as_ptr(&self.server) as usize)
        } else {
            format!("id:{id}")
        }
    }

    fn matches(&self, needle: &str) -> bool {
        needle.is_empty() || self.search_text.contains(needle)
    }
}

/// Sortable columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Id,
    Status,
    ImageType,
    User,
    #[default]
    Created,
}

/// What one entry is sorted by, computed once per entry (a sort of 10,000 entries compares
/// each about 14 times: parsing a time or lowering a name at each comparison was most of it).
/// Entries are only ever compared under the same key, so variants never meet.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum SortValue<'a> {
    Text(String),
    /// Numeric ids of equal length compare like numbers; shorter ones first.
    Id(usize, &'a str),
    /// In their tables' order (the status filter's), the same in every language; values the
    /// console does not know come last, by their raw text.
    Status(&'a ServerStatus),
    ImageType(ImageType),
    /// As times: the number of fractional digits varies, so text order is wrong. Unreadable
    /// times sort before every readable one, then as text.
    Created(Option<i64>, &'a str),
}

impl SortKey {
    fn value(self, server: &ImageServer) -> SortValue<'_> {
        match self {
            Self::Name => SortValue::Text(server.name.to_lowercase()),
            Self::Id => SortValue::Id(server.id.len(), &server.id),
            Self::Status => SortValue::Status(&server.status),
            Self::ImageType => SortValue::ImageType(ImageType::parse(&server.image_ref.image_type)),
            Self::User => SortValue::Text(server.authorized_user()),
            Self::Created => {
                SortValue::Created(parse_utc_ms(&server.create_time), &server.create_time)
            }
        }
    }
}

/// What the table shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewQuery {
    /// Case-insensitive substring of the name or id.
    pub search: String,
    /// `None` shows every status.
    pub status: Option<ServerStatus>,
    pub sort: SortKey,
    pub descending: bool,
}

impl Default for ViewQuery {
    fn default() -> Self {
        Self {
            search: String::new(),
            status: None,
            sort: SortKey::Created,
            descending: true,
        }
    }
}

impl ViewQuery {
    pub fn order(&self) -> SortOrder {
        SortOrder {
            key: self.sort,
            descending: self.descending,
        }
    }

    /// A click on a column header: the same column reverses, another starts ascending.
    pub fn sort_by(&mut self, key: SortKey) {
        if self.sort == key {
            self.descending = !self.descending;
        } else {
            self.sort = key;
            self.descending = false;
        }
    }

    /// Shows every instance again, keeping the order.
    pub fn clear_filters(&mut self) {
        self.search.clear();
        self.status = None;
    }

    pub fn is_filtered(&self) -> bool {
        !self.search.trim().is_empty() || self.status.is_some()
    }

    /// The entries to show, in order. Ties keep the API's order, so the view is stable.
    pub fn apply(&self, entries: &[Entry]) -> Vec<Entry> {
        self.filter(&self.order().sorted(entries))
    }

    /// The entries that match the search and status filter, keeping their order. Cheaper
    /// than [`ViewQuery::apply`] when only the search changed: no sorting.
    pub fn filter(&self, sorted: &[Entry]) -> Vec<Entry> {
        let needle = self.search.trim().to_lowercase();
        sorted
            .iter()
            .filter(|entry| {
                entry.matches(&needle)
                    && self
                        .status
                        .as_ref()
                        .is_none_or(|status| &entry.server.status == status)
            })
            .cloned()
            .collect()
    }
}

/// A column and a direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortOrder {
    pub key: SortKey,
    pub descending: bool,
}

impl SortOrder {
    /// The entries in this order; ties keep the API's order.
    pub fn sorted(self, entries: &[Entry]) -> Vec<Entry> {
        let values: Vec<SortValue> = entries
            .iter()
            .map(|entry| self.key.value(&entry.server))
            .collect();
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by(|&a, &b| {
            let order = values[a].cmp(&values[b]);
            if self.descending {
                order.reverse()
            } else {
                order
            }
        });
        order.into_iter().map(|at| entries[at].clone()).collect()
    }
}

/// Every status present in the list with how many instances have it, known ones first.
pub fn status_counts(entries: &[Entry]) -> Vec<(ServerStatus, usize)> {
    let mut counts: Vec<(ServerStatus, usize)> = Vec::new();
    for entry in entries {
        match counts
            .iter_mut()
            .find(|(status, _)| status == &entry.server.status)
        {
            Some((_, count)) => *count += 1,
            None => counts.push((entry.server.status.clone(), 1)),
        }
    }
    let rank = |status: &ServerStatus| {
        ServerStatus::KNOWN
            .iter()
            .position(|known| known == status)
            .unwrap_or(ServerStatus::KNOWN.len())
    };
    counts.sort_by(|(a, _), (b, _)| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cmp::Ordering;

    proptest! {
        /// Each order is the stable sort by the key's value, either way: keys computed once
        /// per entry give what a comparison of the instances gives.
        #[test]
        fn every_order_is_a_stable_sort_by_its_key(
            rows in prop::collection::vec(("[a-cA-C]{0,2}", "[0-9]{1,3}", "2024-0[1-2]-0[1-2]T00:00:0[0-2](\\.[0-9]{1,3})?Z|soon"), 0..24),
            descending: bool,
        ) {
            let entries: Vec<Entry> = rows
                .iter()
                .map(|(name, id, created)| entry(id, name, ServerStatus::Active, created))
                .collect();
            for key in [SortKey::Name, SortKey::Id, SortKey::Created] {
                let sorted = SortOrder { key, descending }.sorted(&entries);
                prop_assert_eq!(sorted.len(), entries.len());
                for pair in sorted.windows(2) {
                    let (a, b) = (key.value(&pair[0].server), key.value(&pair[1].server));
                    let position = |entry: &Entry| entries.iter().position(|e| e == entry);
                    match (a.cmp(&b), descending) {
                        (Ordering::Equal, _) => prop_assert!(position(&pair[0]) < position(&pair[1]), "ties keep the API's order"),
                        (order, false) => prop_assert_eq!(order, Ordering::Less),
                        (order, true) => prop_assert_eq!(order, Ordering::Greater),
                    }
                }
            }
        }
    }

    fn entry(id: &str, name: &str, status: ServerStatus, created: &str) -> Entry {
        Entry::new(ImageServer {
            id: id.into(),
            name: name.into(),
            status,
            create_time: created.into(),
            ..ImageServer::default()
        })
    }

    fn sample() -> Vec<Entry> {
        vec![
            entry(
                "627989489700044800",
                "test_instance_2",
                ServerStatus::Active,
                "2024-01-02T00:00:00.000Z",
            ),
            entry(
                "697612196993040384",
                "Build-Box",
                ServerStatus::Building,
                "2024-03-01T00:00:00.000Z",
            ),
            entry(
                "99",
                "数据 🚀",
                ServerStatus::Unset,
                "2023-12-31T00:00:00.000Z",
            ),
        ]
    }

    fn ids(entries: &[Entry]) -> Vec<&str> {
        entries.iter().map(|e| e.server.id.as_str()).collect()
    }

    #[test]
    fn rows_without_an_id_are_told_apart() {
        let blank = entry("", "a", ServerStatus::Active, "");
        let spaces = entry("  ", "a", ServerStatus::Active, "");
        let again = entry("", "a", ServerStatus::Active, "");
        let keys: std::collections::HashSet<String> = [&blank, &spaces, &again]
            .iter()
            .map(|e| e.row_key())
            .collect();
        assert_eq!(keys.len(), 3);
        assert_eq!(
            blank.row_key(),
            blank.clone().row_key(),
            "stable per listing"
        );
        assert_eq!(entry("7", "a", ServerStatus::Active, "").row_key(), "id:7");
        assert_ne!(
            blank.row_key(),
            entry("listing", "a", ServerStatus::Active, "").row_key()
        );
    }

    #[test]
    fn creation_times_sort_as_times_whatever_their_fraction_digits() {
        let entries = vec![
            entry("a", "a", ServerStatus::Active, "2024-05-20T10:39:49.9Z"),
            entry("b", "b", ServerStatus::Active, "2024-05-20T10:39:50Z"),
            entry("c", "c", ServerStatus::Active, "2024-05-20T10:39:49.61Z"),
            entry("d", "d", ServerStatus::Active, ""),
        ];
        let query = ViewQuery {
            descending: false,
            ..ViewQuery::default()
        };
        assert_eq!(ids(&query.apply(&entries)), ["d", "c", "a", "b"]);
    }

    #[test]
    fn statuses_and_image_types_sort_in_table_order_whatever_the_language() {
        let typed = |id: &str, image_type: &str| {
            let mut server = ImageServer {
                id: id.into(),
                ..ImageServer::default()
            };
            server.image_ref.image_type = image_type.into();
            Entry::new(server)
        };
        let query = ViewQuery {
            sort: SortKey::ImageType,
            descending: false,
            ..ViewQuery::default()
        };
        // gold < public < private < other < not set < unknown values.
        let entries = vec![
            typed("1", "private"),
            typed("2", "gold"),
            typed("3", "zz-new"),
            typed("4", ""),
            typed("5", "public"),
            typed("6", "other"),
        ];
        assert_eq!(ids(&query.apply(&entries)), ["2", "5", "1", "6", "4", "3"]);
        let by_status = ViewQuery {
            sort: SortKey::Status,
            descending: false,
            ..ViewQuery::default()
        };
        let entries = vec![
            entry("1", "a", ServerStatus::Deleting, ""),
            entry("2", "b", ServerStatus::parse("MIGRATING"), ""),
            entry("3", "c", ServerStatus::Active, ""),
            entry("4", "d", ServerStatus::Error, ""),
        ];
        assert_eq!(ids(&by_status.apply(&entries)), ["3", "4", "1", "2"]);
    }

    #[test]
    fn newest_first_by_default() {
        let shown = ViewQuery::default().apply(&sample());
        assert_eq!(
            ids(&shown),
            ["697612196993040384", "627989489700044800", "99"]
        );
    }

    #[test]
    fn searches_name_and_id_case_insensitively() {
        let query = |search: &str| ViewQuery {
            search: search.into(),
            ..ViewQuery::default()
        };
        assert_eq!(
            ids(&query("BUILD").apply(&sample())),
            ["697612196993040384"]
        );
        assert_eq!(
            ids(&query(" 0044800 ").apply(&sample())),
            ["627989489700044800"]
        );
        assert_eq!(ids(&query("数据").apply(&sample())), ["99"]);
        assert!(query("nothing").apply(&sample()).is_empty());
    }

    #[test]
    fn filters_by_status_including_unset() {
        let query = ViewQuery {
            status: Some(ServerStatus::Unset),
            ..ViewQuery::default()
        };
        assert_eq!(ids(&query.apply(&sample())), ["99"]);
        assert!(query.is_filtered());
    }

    #[test]
    fn sorts_ids_numerically_and_names_without_case() {
        let by = |sort, descending| ViewQuery {
            sort,
            descending,
            ..ViewQuery::default()
        };
        assert_eq!(
            ids(&by(SortKey::Id, false).apply(&sample())),
            ["99", "627989489700044800", "697612196993040384"]
        );
        assert_eq!(
            ids(&by(SortKey::Name, false).apply(&sample())),
            ["697612196993040384", "627989489700044800", "99"]
        );
    }

    #[test]
    fn a_second_click_on_a_column_reverses_it() {
        let mut query = ViewQuery::default();
        query.sort_by(SortKey::Name);
        assert_eq!((query.sort, query.descending), (SortKey::Name, false));
        query.sort_by(SortKey::Name);
        assert!(query.descending);
        query.sort_by(SortKey::Id);
        assert_eq!((query.sort, query.descending), (SortKey::Id, false));
    }

    #[test]
    fn counts_statuses_known_first() {
        let counts = status_counts(&sample());
        assert_eq!(
            counts,
            [
                (ServerStatus::Active, 1),
                (ServerStatus::Building, 1),
                (ServerStatus::Unset, 1)
            ]
        );
    }
}
