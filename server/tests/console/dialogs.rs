//! The ways out of a dialog: the recursive warning and the delete confirmation send nothing
//! when cancelled, and give focus back.

use fantoccini::key::Key;
use fantoccini::Locator;

use super::seeded_console;
use crate::support::console::seed::{id, name, pick, plain_active, status_of};
use crate::support::console::{
    with_console, DIALOG_CANCEL, DIALOG_CONFIRM, OPEN_DIALOG, RECURSIVE_BOX, REFRESH, UI_TIMEOUT,
    WARNING_DIALOG,
};
use crate::support::page::{arg, is_checked, js, press, wait_js, wait_until};
use crate::support::server::all_instances;
use crate::support::server::sim::{patches, request_log, since};

/// Cancel and Escape leave the flag unticked and return focus to it; focus stays inside
/// the warning; unticking needs no warning.
#[tokio::test]
async fn recursive_warning_cancel_escape_and_untick() {
    let (server, instances) = seeded_console(&[]).await;
    let total = instances.len();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        let flag = console.element(Locator::XPath(RECURSIVE_BOX)).await;
        let focus_returns_to_the_flag = |what: &'static str| {
            let console = console.clone();
            let flag = arg(&flag);
            async move {
                wait_js(
                    &console,
                    what,
                    "return document.activeElement === arguments[0];",
                    vec![flag],
                    UI_TIMEOUT,
                )
                .await;
            }
        };

        // Cancel, which has the initial focus.
        flag.click().await.unwrap();
        console.element(Locator::Css(WARNING_DIALOG)).await;
        let focused = console.active_element().await.unwrap();
        assert_eq!(
            focused.text().await.unwrap(),
            "Cancel",
            "Cancel has the initial focus"
        );
        // Focus stays inside: Tab and Shift+Tab cycle within the dialog.
        for keys in [
            Key::Tab.to_string(),
            Key::Tab.to_string(),
            Key::Shift + &Key::Tab.to_string(),
            Key::Shift + &Key::Tab.to_string(),
            Key::Shift + &Key::Tab.to_string(),
        ] {
            press(&console, &keys).await;
            let inside = js(
                &console,
                "return !!document.activeElement.closest('dialog[open]');",
                vec![],
            )
            .await;
            assert_eq!(inside, true, "focus left the dialog");
        }
        console.press_button(Locator::XPath(DIALOG_CANCEL)).await;
        console.wait_no_dialog().await;
        assert!(!is_checked(&flag).await, "Cancel leaves it unticked");
        focus_returns_to_the_flag("focus back on the flag").await;

        // Escape, sent as a key through WebDriver.
        flag.click().await.unwrap();
        console.element(Locator::Css(WARNING_DIALOG)).await;
        console.escape().await;
        console.wait_no_dialog().await;
        assert!(!is_checked(&flag).await, "Escape leaves it unticked");
        focus_returns_to_the_flag("focus back on the flag after Escape").await;

        // Confirm ticks it; unticking opens nothing.
        flag.click().await.unwrap();
        console.press_button(Locator::XPath(DIALOG_CONFIRM)).await;
        console.wait_no_dialog().await;
        assert!(is_checked(&flag).await);
        flag.click().await.unwrap();
        assert!(!is_checked(&flag).await, "unticked with one click");
        let open = console.find_all(Locator::Css(OPEN_DIALOG)).await.unwrap();
        assert!(open.is_empty(), "unticking opened a dialog");
        assert!(patches(&server).await.is_empty());
    })
    .await;
}

/// Cancel (and Escape) in the delete confirmation send nothing and keep the selection.
#[tokio::test]
async fn delete_dialog_cancel_sends_no_request() {
    let (server, instances) = seeded_console(&[]).await;
    let target = pick(&instances, "a plain ACTIVE instance", plain_active);
    let total = instances.len();
    let url = server.url.clone();
    with_console(&url, Some(total), move |console| async move {
        console.select(&name(&target)).await;
        let dialog = console.open_delete_dialog().await;
        assert!(dialog.text().await.unwrap().contains(&id(&target)));
        console.press_button(Locator::XPath(DIALOG_CANCEL)).await;
        console.wait_no_dialog().await;

        console.open_delete_dialog().await;
        console.escape().await;
        console.wait_no_dialog().await;

        // Anything the dialog sent would reach the server before a list request made now.
        let answered_lists = || async {
            since(&server, 0, "list")
                .await
                .iter()
                .filter(|r| !r["status"].is_null())
                .count()
        };
        let lists_before = answered_lists().await;
        console.press_button(Locator::XPath(REFRESH)).await;
        wait_until("the refresh to reach the server", UI_TIMEOUT, || async {
            answered_lists().await > lists_before
        })
        .await;
        let log = request_log(&server).await;
        assert!(
            log.iter().all(|r| r["method"] != "PATCH"),
            "a cancelled dialog sent a PATCH: {log:?}"
        );
        console.wait_counter(1).await;
        assert!(is_checked(&console.row_checkbox(&name(&target)).await).await);
        assert_eq!(
            all_instances(&server)
                .await
                .iter()
                .find(|i| id(i) == id(&target))
                .map(|i| status_of(i).to_owned()),
            Some("ACTIVE".to_owned())
        );
    })
    .await;
}
