//! Choosing what to delete: the cap of 20, why a row cannot be chosen, search, the status
//! filter and sorting, with a selection that survives them.

use std::collections::BTreeSet;

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::Locator;
use serde_json::{json, Value};

use super::seeded_console;
use crate::support::console::seed::{eligible, id, name, named, pick, plain_name, status_of};
use crate::support::console::{with_console, Console, HEADER_CHECKBOX, ROWS, UI_TIMEOUT};
use crate::support::page::{arg, is_checked, js, wait_contains, wait_until};

/// Waits until a reason tip is shown (or, with `shown` false, none is).
async fn wait_until_tip(console: &Console, shown: bool) {
    wait_until("the reason tip to follow the box", UI_TIMEOUT, || async {
        console.reason_tip_shown().await == shown
    })
    .await;
}

/// Twenty by hand, then every other box unavailable with its reason on focus; the header
/// checkbox stops at 20 and says so.
#[tokio::test]
async fn selection_stops_at_twenty_and_says_why() {
    let (server, instances) = seeded_console(&[]).await;
    let pickable: Vec<Value> = instances
        .iter()
        .filter(|i| eligible(i) && plain_name(i))
        .take(21)
        .cloned()
        .collect();
    assert_eq!(
        pickable.len(),
        21,
        "the seed has 21 plain eligible instances"
    );
    let eligible_count = instances.iter().filter(|i| eligible(i)).count();
    let total = instances.len();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        for instance in &pickable[..20] {
            console.select(&name(instance)).await;
        }
        console.wait_counter(20).await;
        let bar = console
            .element(Locator::Css(".selection-bar"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            bar.contains("20 instances can be deleted per request"),
            "the limit is explained: {bar}"
        );

        let extra = console.row_checkbox(&name(&pickable[20])).await;
        assert_eq!(
            extra.attr("aria-disabled").await.unwrap().as_deref(),
            Some("true")
        );
        extra.click().await.unwrap();
        assert!(!is_checked(&extra).await, "the 21st cannot be ticked");
        console.wait_counter(20).await;
        let reason = console.reason_on_focus(&extra).await;
        assert!(reason.contains("20"), "{reason}");
        // The tip follows the box's state with no pointer or focus move: a place freed
        // elsewhere (a click that leaves the focus on the 21st) takes the reason away, and
        // taking it again brings it back.
        let first = console.row_checkbox(&name(&pickable[0])).await;
        // The pointer away from the table: only the focus keeps the tip.
        let away = console.element(Locator::Css("h1")).await;
        console
            .perform_actions(
                MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
                    element: away,
                    duration: None,
                    x: 0.0,
                    y: 0.0,
                }),
            )
            .await
            .expect("the pointer moves");
        console.release_actions().await.unwrap();
        wait_until_tip(&console, true).await;
        js(&console, "arguments[0].click();", vec![arg(&first)]).await;
        console.wait_counter(19).await;
        wait_until_tip(&console, false).await;
        js(&console, "arguments[0].click();", vec![arg(&first)]).await;
        console.wait_counter(20).await;
        wait_until_tip(&console, true).await;
        let available_unchecked = js(
            &console,
            &format!(
                "return [...document.querySelectorAll({ROWS:?})]
                   .map(r => r.querySelector('input[type=checkbox]'))
                   .filter(b => !b.checked && b.getAttribute('aria-disabled') !== 'true').length;"
            ),
            vec![],
        )
        .await;
        assert_eq!(
            available_unchecked, 0,
            "every unchecked box is unavailable at 20"
        );
        // The highlight follows the boxes: exactly the ticked rows carry the class.
        let highlight = js(
            &console,
            &format!(
                "const rows = [...document.querySelectorAll({ROWS:?})];
                 const ticked = (r) => r.querySelector('input[type=checkbox]').checked;
                 const lit = (r) => r.classList.contains('selected');
                 return {{ highlighted: rows.filter(lit).length,
                          mismatched: rows.filter((r) => lit(r) !== ticked(r)).length }};"
            ),
            vec![],
        )
        .await;
        assert_eq!(
            highlight,
            json!({ "highlighted": 20, "mismatched": 0 }),
            "the 20 ticked rows, and only they, are highlighted"
        );

        // The header checkbox: first click clears the (full) visible selection, second
        // selects up to the cap and says it stopped short.
        let header = console.element(Locator::Css(HEADER_CHECKBOX)).await;
        header.click().await.unwrap();
        console.wait_counter(0).await;
        header.click().await.unwrap();
        console.wait_counter(20).await;
        let message = wait_contains(
            &console,
            ".selection-bar",
            "stopped at the limit of 20",
            UI_TIMEOUT,
        )
        .await;
        assert!(
            message.contains(&format!("{} other", eligible_count - 20)),
            "says how many were left: {message}"
        );
        assert_eq!(console.checked_ids().await.len(), 20);
    })
    .await;
}

/// A CREATING or DELETING row says why on focus, a BUILDING one on hover too.
#[tokio::test]
async fn unavailable_rows_say_why_on_focus_and_hover() {
    let (server, instances) = seeded_console(&[]).await;
    let with_status = |status: &str| {
        instances
            .iter()
            .find(|i| status_of(i) == status && (status == "CREATING" || plain_name(i)))
            .unwrap_or_else(|| panic!("a {status} instance"))
            .clone()
    };
    let (creating, deleting, building) = (
        with_status("CREATING"),
        with_status("DELETING"),
        with_status("BUILDING"),
    );
    let total = instances.len();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        let creating_box = console.row_checkbox(&name(&creating)).await;
        let reason = console.reason_on_focus(&creating_box).await;
        assert!(reason.contains("being created"), "{reason}");
        let deleting_box = console.row_checkbox(&name(&deleting)).await;
        let reason = console.reason_on_focus(&deleting_box).await;
        assert!(reason.contains("Already being deleted"), "{reason}");

        // On hover too: the pointer over a BUILDING row's box shows why.
        let building_box = console.row_checkbox(&name(&building)).await;
        assert_eq!(
            building_box.attr("aria-disabled").await.unwrap().as_deref(),
            Some("true")
        );
        js(
            &console,
            "document.activeElement.blur(); arguments[0].scrollIntoView({block: 'center'}); \
             return true;",
            vec![arg(&building_box)],
        )
        .await;
        let reason = console.reason_of(&building_box).await;
        assert!(
            !console.reason_tip_shown().await,
            "no reason is shown until hover or focus"
        );
        console
            .perform_actions(
                MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
                    element: building_box.clone(),
                    duration: None,
                    x: 0.0,
                    y: 0.0,
                }),
            )
            .await
            .expect("the pointer moves");
        let text = console.shown_reason(&reason, "hover").await;
        assert!(text.contains("image is being built"), "{text}");
        console.release_actions().await.unwrap();
    })
    .await;
}

/// Search by name (case-insensitive) and by id, the no-match state with Clear filters, and a
/// selection that stays counted while hidden.
#[tokio::test]
async fn search_by_name_and_id_keeps_the_selection() {
    let (server, instances) = seeded_console(&[]).await;
    let total = instances.len();
    let kept = named(&instances, "test_instance_2");
    let by_id = pick(&instances, "an ERROR instance", |i| {
        status_of(i) == "ERROR" && plain_name(i)
    });
    let by_name: BTreeSet<String> = instances
        .iter()
        .filter(|i| name(i).to_lowercase().contains("test_instance"))
        .map(id)
        .collect();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        console.select(&name(&kept)).await;

        console.search("TEST_INSTANCE").await;
        console.wait_rows(by_name.len(), UI_TIMEOUT).await;
        let shown: BTreeSet<String> = console.row_ids().await.into_iter().collect();
        assert_eq!(shown, by_name);

        // By id: the kept selection is now hidden, and still counted.
        console.search(&id(&by_id)).await;
        console.wait_rows(1, UI_TIMEOUT).await;
        assert_eq!(console.row_ids().await, [id(&by_id)]);
        let counter = console.wait_counter(1).await;
        assert!(counter.contains("1 not shown"), "{counter}");

        // No match, then Clear filters.
        console.search("no-such-instance-zzz").await;
        console.wait_rows(0, UI_TIMEOUT).await;
        let empty = console.element(Locator::Css("p.empty")).await;
        assert!(empty.text().await.unwrap().contains("No instances match"));
        empty
            .find(Locator::XPath(
                ".//button[normalize-space(.)='Clear filters']",
            ))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        console.wait_rows(total, UI_TIMEOUT).await;
        let search = console.element(Locator::Css("input[type=search]")).await;
        assert_eq!(search.prop("value").await.unwrap().as_deref(), Some(""));
        assert!(
            is_checked(&console.row_checkbox(&name(&kept)).await).await,
            "selection survived"
        );
    })
    .await;
}

/// The "Not set" status filter covers "null" and an absent status; the header checkbox works
/// on the visible rows only, and clears them again; the selection survives.
#[tokio::test]
async fn status_filter_and_the_header_checkbox_work_on_visible_rows() {
    let (server, instances) = seeded_console(&[]).await;
    let total = instances.len();
    let kept = named(&instances, "test_instance_2");
    let unset: BTreeSet<String> = instances
        .iter()
        .filter(|i| matches!(i["status"].as_str(), None | Some("null")))
        .map(id)
        .collect();
    assert!(
        unset.len() >= 2,
        "the seed has a \"null\" and an absent status"
    );
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        console.select(&name(&kept)).await;
        let select = console.element(Locator::Css(".toolbar select")).await;
        let option = select
            .find(Locator::Css("option[value=null]"))
            .await
            .expect("a Not set option");
        assert_eq!(
            option.text().await.unwrap(),
            format!("Not set ({})", unset.len())
        );
        select.select_by_value("null").await.unwrap();
        console.wait_rows(unset.len(), UI_TIMEOUT).await;
        let shown: BTreeSet<String> = console.row_ids().await.into_iter().collect();
        assert_eq!(shown, unset);
        let texts = js(
            &console,
            &format!(
                "return [...document.querySelectorAll({:?})].map(c => c.textContent);",
                format!("{ROWS} td.status")
            ),
            vec![],
        )
        .await;
        assert!(
            texts
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t.as_str().unwrap().contains("Not set")),
            "{texts}"
        );
        let header_box = console.element(Locator::Css(HEADER_CHECKBOX)).await;
        header_box.click().await.unwrap();
        console.wait_counter(1 + unset.len()).await;
        let checked: BTreeSet<String> = console.checked_ids().await.into_iter().collect();
        assert_eq!(checked, unset, "every visible row, nothing else shown");
        header_box.click().await.unwrap();
        console.wait_counter(1).await;
        select.select_by_value("").await.unwrap();
        console.wait_rows(total, UI_TIMEOUT).await;
        console.wait_counter(1).await;
    })
    .await;
}

/// Sorting by name, both ways: aria-sort follows, other columns say none, the selection stays.
#[tokio::test]
async fn sorting_by_name_follows_aria_sort() {
    let (server, instances) = seeded_console(&[]).await;
    let total = instances.len();
    let kept = named(&instances, "test_instance_2");
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        console.select(&name(&kept)).await;
        assert_eq!(
            console.aria_sort("Created").await.as_deref(),
            Some("descending")
        );
        assert_eq!(console.aria_sort("Name").await.as_deref(), Some("none"));
        let names_in_order = |ids: Vec<String>| {
            ids.iter()
                .map(|row| {
                    instances
                        .iter()
                        .find(|i| &id(i) == row)
                        .map(|i| name(i).to_lowercase())
                        .unwrap()
                })
                .collect::<Vec<_>>()
        };
        let mut sorted = Vec::new();
        for direction in ["ascending", "descending"] {
            console.sort_by("Name", direction).await;
            assert_eq!(console.aria_sort("Created").await.as_deref(), Some("none"));
            let shown = names_in_order(console.row_ids().await);
            if sorted.is_empty() {
                sorted = shown.clone();
                sorted.sort();
            } else {
                sorted.reverse();
            }
            assert_eq!(shown, sorted, "rows sorted by name, {direction}");
        }
        console.wait_counter(1).await;
    })
    .await;
}
