//! Small fidelity points, on instances a test adds to the simulator (`POST /__sim/instances`):
//! a row without an id is shown but can never be selected or sent, and says why; creation
//! times sort as times whatever their fractional digits; image types show their labels.

use std::collections::BTreeSet;

use fantoccini::Locator;
use serde_json::{json, Value};

use super::console_server;
use crate::support::axe::assert_accessible;
use crate::support::console::seed::{id, name};
use crate::support::console::table::{image_type_label, image_type_rank};
use crate::support::console::{with_console, HEADER_CHECKBOX, UI_TIMEOUT};
use crate::support::page::is_checked;
use crate::support::server::sim::{add_instance, month_ms, patches, wait_for_requests};
use crate::support::server::{all_instances, TestServer};

/// What every added instance's name starts with, so a search shows only them.
const PREFIX: &str = "fidelity-";

/// The server with `added` instances added to its seed; the added ones as the API lists them,
/// and how many instances it lists in all.
async fn console_with(added: &[Value]) -> (TestServer, Vec<Value>, usize) {
    let server = console_server(&["--job-duration-ms", "1500"]);
    for instance in added {
        add_instance(&server, instance).await;
    }
    let all = all_instances(&server).await;
    let listed: Vec<Value> = all
        .iter()
        .filter(|i| name(i).starts_with(PREFIX))
        .cloned()
        .collect();
    assert_eq!(listed.len(), added.len(), "every added instance is listed");
    (server, listed, all.len())
}

#[tokio::test]
async fn a_row_without_an_id_is_shown_says_why_and_is_never_selected_or_sent() {
    let (server, added, total) = console_with(&[
        json!({"name": "fidelity-no-id-field", "id": null}),
        json!({"name": "fidelity-blank-id", "id": ""}),
        json!({"name": "fidelity-first"}),
        json!({"name": "fidelity-second"}),
    ])
    .await;
    let without_id: Vec<String> = added
        .iter()
        .filter(|i| i["id"].as_str().unwrap_or_default().is_empty())
        .map(name)
        .collect();
    assert_eq!(without_id.len(), 2, "the simulator lists both: {added:?}");
    assert!(
        added.iter().any(|i| i.get("id").is_none()),
        "one has no id field"
    );
    let with_id: BTreeSet<String> = added
        .iter()
        .filter(|i| !i["id"].as_str().unwrap_or_default().is_empty())
        .map(id)
        .collect();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        console.search(PREFIX).await;
        console.wait_rows(added.len(), UI_TIMEOUT).await;
        for nameless in &without_id {
            let checkbox = console.row_checkbox(nameless).await;
            assert_eq!(
                checkbox.attr("aria-disabled").await.unwrap().as_deref(),
                Some("true"),
                "{nameless} is unavailable"
            );
            checkbox.click().await.unwrap();
            assert!(!is_checked(&checkbox).await, "{nameless} cannot be ticked");
            let reason = console.reason_on_focus(&checkbox).await;
            assert!(reason.contains("no ID"), "{nameless}: {reason}");
        }
        console.wait_counter(0).await;
        assert_accessible(&console, "rows without an id").await;

        // Select all takes only the rows with an id.
        console
            .element(Locator::Css(HEADER_CHECKBOX))
            .await
            .click()
            .await
            .unwrap();
        console.wait_counter(with_id.len()).await;
        let checked: BTreeSet<String> = console.checked_ids().await.into_iter().collect();
        assert_eq!(checked, with_id);

        console.delete_selection().await;
        let sent = wait_for_requests(&server, 0, "delete", 1, |_| true).await;
        let items: BTreeSet<String> =
            serde_json::from_value(sent[0]["body"]["items"].clone()).expect("PATCH items");
        assert_eq!(items, with_id, "only ids are sent, never an empty one");
        console.wait_job_card(UI_TIMEOUT).await;
        assert_eq!(patches(&server).await.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn creation_times_sort_as_times_and_image_types_show_their_labels() {
    // As text, .95 would come before .9, 01.5 before 01, and 00 after every fraction of 00.
    let (server, added, total) = console_with(&[
        json!({"name": "fidelity-a", "create_time": "2024-05-07T10:00:00.95Z", "image_type": "gold"}),
        json!({"name": "fidelity-b", "create_time": "2024-05-07T10:00:01Z", "image_type": "public"}),
        json!({"name": "fidelity-c", "create_time": "2024-05-07T10:00:00.9Z", "image_type": "private"}),
        json!({"name": "fidelity-d", "create_time": "2024-05-07T10:00:01.5Z", "image_type": "shared"}),
        json!({"name": "fidelity-e", "create_time": "2024-05-07T10:00:00.123Z", "image_type": "other"}),
        json!({"name": "fidelity-f", "id": null, "create_time": "2024-05-07T10:00:00Z",
               "image_type": "gold"}),
    ])
    .await;
    let times = |instances: &[Value]| -> Vec<String> {
        instances
            .iter()
            .map(|i| i["create_time"].as_str().expect("a time").to_owned())
            .collect()
    };
    let mut as_times = times(&added);
    as_times.sort_by_key(|time| month_ms(time));
    let mut as_text = as_times.clone();
    as_text.sort();
    assert_ne!(as_times, as_text, "text order would differ");
    let mut types: Vec<&str> = added
        .iter()
        .map(|i| i["image_ref"]["image_type"].as_str().unwrap())
        .collect();
    types.sort_by_key(|raw| image_type_rank(raw));
    let labels: Vec<&str> = types.iter().map(|raw| image_type_label(raw)).collect();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        console.search(PREFIX).await;
        console.wait_rows(added.len(), UI_TIMEOUT).await;
        let shown_times = |cells: Vec<Value>| -> Vec<String> {
            cells
                .iter()
                .map(|cell| cell["datetime"].as_str().expect("a <time>").to_owned())
                .collect()
        };
        // Newest first by default; a click reverses it.
        let mut newest_first = as_times.clone();
        newest_first.reverse();
        assert_eq!(shown_times(console.column("Created").await), newest_first);
        console.sort_by("Created", "ascending").await;
        assert_eq!(shown_times(console.column("Created").await), as_times);
        console.sort_by("Created", "descending").await;
        assert_eq!(shown_times(console.column("Created").await), newest_first);

        // Each row's type in words, its raw value in the tooltip, as the simulator lists it.
        let names = console.column("Name").await;
        for (cell, row_name) in console.column("Image type").await.iter().zip(&names) {
            let instance = added
                .iter()
                .find(|i| i["name"] == row_name["text"])
                .unwrap_or_else(|| panic!("{row_name} is an added instance"));
            let raw = instance["image_ref"]["image_type"].as_str().unwrap();
            assert_eq!(cell["text"], image_type_label(raw), "{row_name}");
            assert_eq!(cell["title"], raw, "{row_name}");
        }
        let shown_labels = |cells: Vec<Value>| -> Vec<String> {
            cells
                .iter()
                .map(|cell| cell["text"].as_str().unwrap().to_owned())
                .collect()
        };
        console.sort_by("Image type", "ascending").await;
        assert_eq!(shown_labels(console.column("Image type").await), labels);
        console.sort_by("Image type", "descending").await;
        let mut descending = labels.clone();
        descending.reverse();
        assert_eq!(shown_labels(console.column("Image type").await), descending);
    })
    .await;
}
