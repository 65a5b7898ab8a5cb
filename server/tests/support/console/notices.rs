//! What the console says when something is wrong: configuration problems, error notices, a
//! panic banner, the browser's console; and the impatient ways to confirm a delete that must
//! still send it once.

use fantoccini::Locator;
use serde_json::json;

use super::{Console, PAGE_TIMEOUT, ROWS};
use crate::support::browser::{browser_log, find};
use crate::support::page::{click, js, text, wait_js};

impl Console {
    /// The configuration problem the page names (a `role=alert` notice), once shown.
    pub async fn wait_config_problem(&self) -> String {
        find(
            self,
            Locator::Css("section.notice.error[role=alert]"),
            PAGE_TIMEOUT,
        )
        .await
        .text()
        .await
        .expect("the notice's text")
    }

    /// The configuration problem, once shown, says every one of `words`; its text.
    pub async fn assert_config_problem(&self, words: &[&str]) -> String {
        let text = self.wait_config_problem().await;
        for word in words {
            assert!(text.contains(word), "the problem names {word:?}: {text}");
        }
        text
    }

    /// Whether no instance row is shown.
    pub async fn has_no_rows(&self) -> bool {
        self.find_all(Locator::Css(ROWS))
            .await
            .expect("find_all works")
            .is_empty()
    }

    /// Selects `id` and opens the confirmation by script, then presses its Delete twice at
    /// once (and a double-click), then Enter twice on whatever has focus: all of it is one
    /// confirmation.
    pub async fn confirm_delete_impatiently(&self, id: &str) {
        let checkbox = format!("tr[data-id='{id}'] td.select input[type=checkbox]");
        click(self, &checkbox, PAGE_TIMEOUT).await;
        wait_js(
            self,
            "the row to be selected",
            "return document.querySelector(arguments[0]).checked",
            vec![json!(checkbox)],
            PAGE_TIMEOUT,
        )
        .await;
        click(self, "section.selection-bar button.danger", PAGE_TIMEOUT).await;
        wait_js(
            self,
            "the delete confirmation",
            "const d = document.querySelector(\"dialog[aria-labelledby='delete-title']\"); \
             return d && d.open && d.textContent.includes(arguments[0]);",
            vec![json!(id)],
            PAGE_TIMEOUT,
        )
        .await;
        js(
            self,
            "const b = document.querySelector(\"dialog[aria-labelledby='delete-title'] .actions button.danger\"); \
             b.focus(); b.click(); b.click(); b.dispatchEvent(new MouseEvent('dblclick', {bubbles: true}));",
            vec![],
        )
        .await;
        for _ in 0..2 {
            self.press_enter_if_focused().await;
        }
    }

    /// Enter on whatever has focus, if anything does.
    pub async fn press_enter_if_focused(&self) {
        if let Ok(active) = self.active_element().await {
            let _ = active.send_keys("\u{E007}").await;
        }
    }

    /// The error notice in `scope` whose title starts with `title`, as text, once shown.
    pub async fn wait_for_error(&self, scope: &str, title: &str) -> String {
        wait_js(
            self,
            &format!("an error notice titled {title:?} in {scope}"),
            "for (const e of document.querySelectorAll(arguments[0] + ' .api-error')) { \
               const t = e.querySelector('.api-error-title'); \
               if (t && t.textContent.startsWith(arguments[1])) return e.textContent; } \
             return '';",
            vec![json!(scope), json!(title)],
            PAGE_TIMEOUT,
        )
        .await
        .as_str()
        .expect("the notice's text")
        .to_owned()
    }

    /// Whether an error notice is shown in `scope`.
    pub async fn error_shown(&self, scope: &str) -> bool {
        js(
            self,
            "return document.querySelectorAll(arguments[0] + ' .api-error').length > 0",
            vec![json!(scope)],
        )
        .await
            == json!(true)
    }

    /// No panic banner: the app's panic hook never fired.
    pub async fn assert_no_panic(&self) {
        assert_eq!(
            text(self, ".panic").await,
            "",
            "the app panicked (its hook showed a banner)"
        );
    }

    /// The browser console since the last look: failed requests are expected under faults,
    /// but no script error, panic, reactive-graph warning (e.g. a write to a disposed signal)
    /// or CSP violation.
    pub async fn assert_clean_console(&self) {
        let bad: Vec<String> = browser_log(self)
            .await
            .into_iter()
            .filter(|line| {
                // Chromium's own warnings (source "other", e.g. about preload integrity) are
                // not the app's; the app's console.warn/error are "console-api".
                !line.contains(" network: ")
                    && (line.starts_with("SEVERE")
                        || line.starts_with("WARNING console-api")
                        || line.contains("panicked")
                        || line.contains("disposed")
                        || line.contains("Content Security Policy"))
            })
            .collect();
        assert!(bad.is_empty(), "the browser console has: {bad:#?}");
    }
}
