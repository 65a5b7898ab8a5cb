//! The whole delete flow from the keyboard alone (WebDriver key actions, no clicks): focus
//! order, visible focus, focus kept in dialogs and given back, Escape, and what the live
//! regions announce.

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::json;

use crate::support::browser::find;
use crate::support::console::seed::{id, name, pick, plain_active};
use crate::support::console::{
    seeded_console, with_console, Console, JOB_TIMEOUT, PAGE_TIMEOUT, UI_TIMEOUT,
};
use crate::support::keyboard::{
    assert_focus_visible, focus_matches, focused, press_key, shift_tab, tab_to, type_keys,
    wait_focus,
};
use crate::support::page::{css_string, devtools, is_checked, js, wait_js, wait_text};

const LANGUAGE: &str = "header.masthead select[name=lang]";
const SETTINGS: &str = "header.masthead button";
const SEARCH: &str = "input[type=search]";
const RECURSIVE: &str = "input#recursive";
const BAR_DELETE: &str = "section.selection-bar button.danger";
const IN_DIALOG: &str = "dialog[open] *";
const CONFIRM_FIELD: &str = "dialog[open] input[type=text]";
const DIALOG_DELETE: &str = "dialog[open] .actions button.danger";
/// Focus kept in a dialog is checked over more presses than it has controls.
const TRAP_PRESSES: usize = 5;

#[tokio::test]
async fn whole_flow_from_the_keyboard_alone() {
    let (server, instances) = seeded_console(&["--job-duration-ms", "4000"]).await;
    let target = pick(&instances, "a plain ACTIVE instance", plain_active);
    let total = instances.len();
    let url = server.url.clone();
    let origin = url.trim_end_matches('/').to_owned();
    with_console(&url, Some(total), move |console| async move {
        devtools(
            &console,
            "Browser.grantPermissions",
            json!({ "origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] }),
        )
        .await;
        console.record_live_regions().await;

        // Load: the first Tab stops are the masthead's language switch and Settings, then the
        // view switch, then the search box.
        press_key(&console, Key::Tab).await;
        wait_focus(&console, LANGUAGE).await;
        assert_focus_visible(&console).await;
        press_key(&console, Key::Tab).await;
        wait_focus(&console, SETTINGS).await;
        assert_focus_visible(&console).await;
        let passed = tab_to(&console, SEARCH, false, 4).await;
        assert_eq!(
            passed,
            [
                "button[button] \"Image instances\"",
                "button[button] \"Job centre\""
            ],
            "Settings, the views, then the search"
        );

        // Search, then Tab down to the row and select it with Space.
        type_keys(&console, &name(&target)).await;
        console.wait_rows(1, PAGE_TIMEOUT).await;
        let row_box = format!(
            "tr[data-id={}] input[type=checkbox]",
            css_string(&id(&target))
        );
        let passed = tab_to(&console, &row_box, false, 12).await;
        let order = [
            "select[select-one] \"Status\"",
            "button[button] \"Refresh\"",
            "input[checkbox] \"Also delete associated resources",
            "input[checkbox] \"Select all shown",
        ];
        let mut rest = passed.iter();
        for control in order {
            assert!(
                rest.any(|p| p.starts_with(control)),
                "the toolbar, then the selection bar, then the table: {control} in {passed:#?}"
            );
        }
        press_key(&console, Key::Space).await;
        console.wait_counter(1).await;

        // The recursive option: Escape cancels its warning, Confirm ticks it.
        tab_to(&console, RECURSIVE, true, 12).await;
        press_key(&console, Key::Space).await;
        assert_dialog_keeps_focus(&console).await;
        press_key(&console, Key::Escape).await;
        console.wait_no_dialog().await;
        wait_focus(&console, RECURSIVE).await;
        let flag = console.element(Locator::Css(RECURSIVE)).await;
        assert!(!is_checked(&flag).await, "Escape leaves it unticked");
        press_key(&console, Key::Space).await;
        wait_focus(&console, IN_DIALOG).await;
        tab_to(&console, "dialog[open] button.danger", false, 3).await;
        press_key(&console, Key::Enter).await;
        console.wait_no_dialog().await;
        wait_focus(&console, RECURSIVE).await;
        assert!(is_checked(&flag).await, "Confirm ticks it");

        // Delete: Escape closes the confirmation and gives focus back; then type and send.
        tab_to(&console, BAR_DELETE, false, 3).await;
        press_key(&console, Key::Enter).await;
        assert_dialog_keeps_focus(&console).await;
        press_key(&console, Key::Escape).await;
        console.wait_no_dialog().await;
        wait_focus(&console, BAR_DELETE).await;
        press_key(&console, Key::Enter).await;
        wait_focus(&console, IN_DIALOG).await;
        tab_to(&console, CONFIRM_FIELD, false, 4).await;
        type_keys(&console, "confirm").await;
        tab_to(&console, DIALOG_DELETE, false, 2).await;
        press_key(&console, Key::Enter).await;
        console.wait_no_dialog().await;

        // Follow the job, copy its ID, dismiss it.
        let job_id = console.wait_job_card(UI_TIMEOUT).await;
        console.wait_job_status(&job_id, "SUCCESS", JOB_TIMEOUT).await;
        let card = Console::job_card(&job_id);
        tab_to(&console, &format!("{card} .job-id button"), true, 12).await;
        press_key(&console, Key::Enter).await;
        wait_text(&console, &format!("{card} .copied"), "Copied", UI_TIMEOUT, |t| {
            t == "Copied"
        })
        .await;
        let copied = console
            .execute_async(
                "navigator.clipboard.readText().then(arguments[0], e => arguments[0](String(e)));",
                vec![],
            )
            .await
            .expect("the clipboard reads");
        assert_eq!(copied, json!(job_id), "the clipboard holds the job ID");
        tab_to(&console, &format!("{card} .actions button"), false, 4).await;
        assert!(focused(&console).await.contains("Dismiss"));
        press_key(&console, Key::Enter).await;
        wait_js(
            &console,
            "the card dismissed",
            "return !document.querySelector(arguments[0]);",
            vec![json!(card)],
            UI_TIMEOUT,
        )
        .await;

        let announced = js(&console, "return window.__announced;", vec![]).await;
        let announced: Vec<String> = serde_json::from_value(announced).expect("texts");
        for (what, needle) in [
            ("the selection count", "1 of 20 selected".to_owned()),
            ("the accepted request", format!("Job ID {job_id}")),
            // One instance: the singular form.
            ("the job's progress", "of 1 instance processed".to_owned()),
            ("the job's end", format!("Job {job_id} ended")),
        ] {
            assert!(
                announced.iter().any(|text| text.contains(&needle)),
                "the live regions announce {what} ({needle:?}): {announced:#?}"
            );
        }
    })
    .await;
}

/// A dialog has focus, and Tab and Shift+Tab keep it inside, visibly.
async fn assert_dialog_keeps_focus(console: &Console) {
    wait_focus(console, IN_DIALOG).await;
    find(console, Locator::Css("dialog[open]"), UI_TIMEOUT).await;
    for step in 0..TRAP_PRESSES * 2 {
        if step < TRAP_PRESSES {
            press_key(console, Key::Tab).await;
        } else {
            shift_tab(console).await;
        }
        assert_focus_visible(console).await;
        assert!(
            focus_matches(console, IN_DIALOG).await,
            "focus left the dialog for {}",
            focused(console).await
        );
    }
}
