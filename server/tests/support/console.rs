//! The console as a page object: what a person does in it (load, search, select, open and
//! answer dialogs, read the job card) and what the tests read back, written once for every
//! browser test.

use std::future::Future;
use std::ops::Deref;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client as Browser, Locator};
use serde_json::{json, Value};

pub mod delete_check;
pub mod downloads;
mod job_card;
pub mod job_centre;
mod notices;
pub mod seed;
pub mod table;

use super::browser::{dist_dir, find, with_browser_in};
use super::page::{
    accessible_name, arg, css_string, is_checked, js, press, wait_js, wait_text, wait_until,
};
use super::server::{all_instances, TestServer};

/// Bound on page loads and list loads (a cold Chromium on a busy 2-core machine), and on
/// anything that may take a few retries with backoff.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(30);
/// Bound on something that should follow a click at once (a re-render, a dialog opening).
pub const UI_TIMEOUT: Duration = Duration::from_secs(10);
/// Bound on a short delete job reaching its end (job length plus the poll interval).
pub const JOB_TIMEOUT: Duration = Duration::from_secs(40);
/// The instance rows of the table.
pub const ROWS: &str = "table#instance-table tbody tr[data-id]";
/// The name of the seed instance that is markup.
pub const MARKUP_NAME: &str = "<img src=x onerror=alert(1)>";
pub const OPEN_DIALOG: &str = "dialog[open]";
pub const WARNING_DIALOG: &str = "dialog[open][role=alertdialog]";
pub const BAR_DELETE: &str =
    "//section[contains(@class,'selection-bar')]//button[starts-with(normalize-space(.),'Delete')]";
pub const DIALOG_DELETE: &str = "//dialog[@open]//button[starts-with(normalize-space(.),'Delete')]";
pub const DIALOG_CANCEL: &str = "//dialog[@open]//button[normalize-space(.)='Cancel']";
pub const DIALOG_CONFIRM: &str = "//dialog[@open]//button[contains(normalize-space(.),'Confirm')]";
pub const RECURSIVE_BOX: &str =
    "//label[contains(normalize-space(.),'associated resources')]//input[@type='checkbox']";
pub const REFRESH: &str = "//button[normalize-space(.)='Refresh']";
pub const HEADER_CHECKBOX: &str = "table#instance-table thead input[type=checkbox]";

/// Starts the server on the built app with these extra flags.
pub fn console_server(extra: &[&str]) -> TestServer {
    let dist = dist_dir();
    let mut args = vec!["--dist", dist.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    TestServer::start(&args)
}

/// The server on the built app with these flags, and its instances as the API lists them.
pub async fn seeded_console(extra: &[&str]) -> (TestServer, Vec<Value>) {
    let server = console_server(extra);
    let instances = all_instances(&server).await;
    (server, instances)
}

/// The console open in a browser session. Derefs to the session for anything else.
#[derive(Clone)]
pub struct Console {
    browser: Browser,
}

impl Deref for Console {
    type Target = Browser;

    fn deref(&self) -> &Browser {
        &self.browser
    }
}

/// Runs `body` in a fresh browser session with the console loaded from `url` and, with
/// `Some(total)`, its `total` instances listed.
pub async fn with_console<F, Fut>(url: &str, total: Option<usize>, body: F)
where
    F: FnOnce(Console) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_console_in(None, url, total, body).await;
}

/// [`with_console`] in a browser whose preferred languages are `languages` (`"zh-CN,zh"`).
pub async fn with_console_in<F, Fut>(
    languages: Option<&str>,
    url: &str,
    total: Option<usize>,
    body: F,
) where
    F: FnOnce(Console) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let url = url.to_owned();
    with_browser_in(languages, move |browser| async move {
        let console = Console::new(&browser);
        match total {
            Some(total) => console.open(&url, total).await,
            None => console.goto(&url).await.expect("console loads"),
        }
        body(console).await;
    })
    .await;
}

impl Console {
    /// The console in this session (nothing is loaded yet).
    pub fn new(browser: &Browser) -> Self {
        Self {
            browser: browser.clone(),
        }
    }

    /// Loads `url` and waits until `total` instances are listed.
    pub async fn open(&self, url: &str, total: usize) {
        self.goto(url).await.expect("console loads");
        self.wait_rows(total, PAGE_TIMEOUT).await;
    }

    /// Waits for an element matching `locator`, up to [`UI_TIMEOUT`].
    pub async fn element(&self, locator: Locator<'_>) -> Element {
        find(self, locator, UI_TIMEOUT).await
    }

    /// Clicks the element matching `locator` once it shows up.
    pub async fn press_button(&self, locator: Locator<'_>) {
        self.element(locator)
            .await
            .click()
            .await
            .expect("the button clicks");
    }

    /// Waits until the table has exactly `count` rows.
    pub async fn wait_rows(&self, count: usize, timeout: Duration) {
        wait_js(
            self,
            &format!("{count} table rows"),
            &format!("return document.querySelectorAll({ROWS:?}).length === arguments[0];"),
            vec![json!(count)],
            timeout,
        )
        .await;
    }

    /// Waits until the list is loaded: rows shown, no progress, no list error.
    pub async fn wait_list_ready(&self) {
        wait_js(
            self,
            "the list to be loaded without an error",
            "return document.querySelectorAll(arguments[0]).length > 0 \
               && !document.querySelector('div.loading') \
               && !document.querySelector('section.toolbar ~ .api-error');",
            vec![json!(ROWS)],
            PAGE_TIMEOUT,
        )
        .await;
    }

    /// The ids of the table rows, in order.
    pub async fn row_ids(&self) -> Vec<String> {
        let ids = js(
            self,
            &format!("return [...document.querySelectorAll({ROWS:?})].map(r => r.dataset.id);"),
            vec![],
        )
        .await;
        serde_json::from_value(ids).expect("a list of ids")
    }

    /// The ids of the rows whose checkbox is ticked.
    pub async fn checked_ids(&self) -> Vec<String> {
        let ids = js(
            self,
            &format!(
                "return [...document.querySelectorAll({:?})].map(b => b.closest('tr').dataset.id);",
                format!("{ROWS} input[type=checkbox]:checked")
            ),
            vec![],
        )
        .await;
        serde_json::from_value(ids).expect("a list of ids")
    }

    /// Types into the search box.
    pub async fn search(&self, text: &str) {
        let search = self.element(Locator::Css("input[type=search]")).await;
        search.clear().await.expect("the search box clears");
        search.send_keys(text).await.expect("the search box types");
    }

    /// The row checkbox whose accessible name is "Select {name}".
    pub async fn row_checkbox(&self, name: &str) -> Element {
        let css = format!(
            "{ROWS} input[type=checkbox][aria-label={}]",
            css_string(&format!("Select {name}"))
        );
        self.element(Locator::Css(&css)).await
    }

    /// Clicks the checkbox of `name` (checking its accessible name) and waits for the tick.
    pub async fn select(&self, name: &str) {
        let checkbox = self.row_checkbox(name).await;
        assert_eq!(
            accessible_name(self, &checkbox).await,
            format!("Select {name}"),
            "the row checkbox's accessible name"
        );
        checkbox.click().await.expect("checkbox clicks");
        wait_until(&format!("{name} selected"), UI_TIMEOUT, || {
            is_checked(&checkbox)
        })
        .await;
    }

    /// Waits for the selection counter to read "{n} of 20 selected"; returns its text.
    pub async fn wait_counter(&self, n: usize) -> String {
        let expected = format!("{n} of 20 selected");
        wait_text(
            self,
            ".selection-bar .counter",
            &expected,
            UI_TIMEOUT,
            |text| text.contains(&expected),
        )
        .await
    }

    /// Focuses an unavailable row checkbox the way keyboard users do and returns its reason,
    /// checking the reason becomes visible.
    pub async fn reason_on_focus(&self, checkbox: &Element) -> String {
        let reason = self.reason_of(checkbox).await;
        js(
            self,
            "arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus(); return true;",
            vec![arg(checkbox)],
        )
        .await;
        self.shown_reason(&reason, "focus").await
    }

    /// Waits until the tip beside the boxes shows `reason` (the box's description, hidden in
    /// its row) after `what` (focus, hover); returns the text shown.
    pub async fn shown_reason(&self, reason: &Element, what: &str) -> String {
        let described = reason
            .prop("textContent")
            .await
            .expect("textContent")
            .unwrap_or_default();
        assert!(
            !reason.is_displayed().await.expect("visibility"),
            "the reason in the row stays hidden (shown there, it would lay the table out again)"
        );
        let shown = wait_js(
            self,
            &format!("the reason to show on {what}"),
            "const tip = document.querySelector('.reason-tip'); \
             return tip && tip.checkVisibility() ? tip.textContent : '';",
            vec![],
            UI_TIMEOUT,
        )
        .await;
        let shown = shown.as_str().expect("text").to_owned();
        assert_eq!(shown, described, "the tip shows the box's own description");
        shown
    }

    /// Whether a reason tip is shown.
    pub async fn reason_tip_shown(&self) -> bool {
        js(
            self,
            "const tip = document.querySelector('.reason-tip'); \
             return !!tip && tip.checkVisibility();",
            vec![],
        )
        .await
            == json!(true)
    }

    /// The element an unavailable checkbox names as its reason (`aria-describedby`), checked
    /// to be the only element with that id and in the checkbox's row.
    pub async fn reason_of(&self, checkbox: &Element) -> Element {
        let described_by = checkbox
            .attr("aria-describedby")
            .await
            .expect("attribute")
            .expect("an unavailable box points to its reason");
        let own = js(
            self,
            "const same = [...document.querySelectorAll('[id]')].filter(e => e.id === arguments[1]);
             return same.length === 1 && same[0].closest('tr') === arguments[0].closest('tr');",
            vec![arg(checkbox), json!(described_by)],
        )
        .await;
        assert_eq!(
            own,
            json!(true),
            "{described_by} is unique and in the box's own row"
        );
        self.find(Locator::Css(&format!("[id={}]", css_string(&described_by))))
            .await
            .expect("the reason element")
    }

    /// Opens the delete confirmation from the selection bar.
    pub async fn open_delete_dialog(&self) -> Element {
        self.press_button(Locator::XPath(BAR_DELETE)).await;
        self.element(Locator::Css(OPEN_DIALOG)).await
    }

    /// Ticks "delete associated resources" and confirms its warning.
    pub async fn tick_recursive(&self) {
        self.press_button(Locator::XPath(RECURSIVE_BOX)).await;
        self.element(Locator::Css(WARNING_DIALOG)).await;
        self.press_button(Locator::XPath(DIALOG_CONFIRM)).await;
        self.wait_no_dialog().await;
    }

    /// Presses Delete in the open confirmation.
    pub async fn confirm_delete(&self) {
        self.press_button(Locator::XPath(DIALOG_DELETE)).await;
    }

    /// Opens the confirmation and presses its Delete.
    pub async fn delete_selection(&self) {
        self.open_delete_dialog().await;
        self.confirm_delete().await;
    }

    /// Types `confirm` into the open confirmation (a delete with associated resources).
    pub async fn type_confirmation(&self) {
        self.element(Locator::Css("dialog[open] input[type=text]"))
            .await
            .send_keys("confirm")
            .await
            .expect("the confirmation field types");
    }

    /// Deletes the selection and waits for its job to end with the raw status `raw`; the
    /// job ID.
    pub async fn delete_to_the_end(&self, raw: &str) -> String {
        self.delete_selection().await;
        let job_id = self.wait_job_card(UI_TIMEOUT).await;
        self.wait_job_status(&job_id, raw, JOB_TIMEOUT).await;
        job_id
    }

    /// Presses Escape on whatever has focus.
    pub async fn escape(&self) {
        press(self, &Key::Escape.to_string()).await;
    }

    /// Waits for no modal dialog to be open.
    pub async fn wait_no_dialog(&self) {
        wait_js(
            self,
            "every dialog closed",
            "return document.querySelectorAll('dialog[open]').length === 0;",
            vec![],
            UI_TIMEOUT,
        )
        .await;
    }
}
