//! The list load on the fakes: a list that comes in short of what the service counted.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::store::Shortfall;

/// `ids` as a list page that says the service counts `count`.
fn page_json(count: u64, ids: std::ops::Range<u64>) -> String {
    let items: Vec<String> = ids
        .map(|id| format!(r#"{{"id": "{id}", "name": "n{id}", "status": "ACTIVE"}}"#))
        .collect();
    format!(r#"{{"count": {count}, "items": [{}]}}"#, items.join(","))
}

#[test]
fn a_list_that_comes_in_short_of_its_count_says_so_until_a_whole_one_arrives() {
    // 150 counted; two instances were deleted before the second page was read, so the
    // service shifted the rest: 148 come in. The next load is whole.
    let loads = AtomicUsize::new(0);
    let (store, _log, _owner) = started_store(move |line| {
        if line == "GET config.json" {
            ok(CONFIG)
        } else if line.ends_with("/image-servers?offset=0&limit=100") {
            loads.fetch_add(1, Ordering::SeqCst);
            ok(&page_json(150, 0..100))
        } else if line.ends_with("/image-servers?offset=100&limit=100") {
            let whole = loads.load(Ordering::SeqCst) > 1;
            ok(&page_json(150, if whole { 100..150 } else { 102..150 }))
        } else {
            not_found()
        }
    });
    assert_eq!(store.entries().with_untracked(Vec::len), 148);
    assert_eq!(
        store.shortfall().get_untracked(),
        Some(Shortfall {
            listed: 148,
            counted: 150
        })
    );
    store.refresh();
    run();
    assert_eq!(store.entries().with_untracked(Vec::len), 150);
    assert_eq!(store.shortfall().get_untracked(), None);
}
