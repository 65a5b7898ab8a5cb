//! The check before a delete is sent, as the confirmation shows it: what blocked the delete
//! and the way to go on without the stale instances.

use fantoccini::Locator;

use super::{Console, PAGE_TIMEOUT};
use crate::support::browser::find;
use crate::support::page::css_string;

/// The notice that nothing was sent because selected instances changed.
pub const BLOCKED: &str = "dialog[open] .delete-check.blocked";
/// The first step of going on without them.
pub const CONTINUE: &str = "dialog[open] button.continue";
/// The second confirmation, which sends the rest.
pub const CONTINUE_CONFIRM: &str = "dialog[open] button.continue-confirm";

impl Console {
    /// Waits for the check to block the delete; the notice's text.
    pub async fn wait_blocked(&self) -> String {
        find(self, Locator::Css(BLOCKED), PAGE_TIMEOUT)
            .await
            .text()
            .await
            .expect("the notice's text")
    }

    /// The blocked notice's line for `id`: its name, id and reason.
    pub async fn stale_line(&self, id: &str) -> String {
        let css = format!("{BLOCKED} li[data-id={}]", css_string(id));
        self.element(Locator::Css(&css))
            .await
            .text()
            .await
            .expect("the line's text")
    }
}
