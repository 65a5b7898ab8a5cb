//! The job card: its ID, its status, and what the page announces.

use std::time::Duration;

use fantoccini::Locator;

use super::Console;
use crate::support::browser::find;
use crate::support::page::{css_string, js, wait_text};

impl Console {
    /// Waits for a job card and returns its job ID.
    pub async fn wait_job_card(&self, timeout: Duration) -> String {
        find(self, Locator::Css("article[data-job-id]"), timeout)
            .await
            .attr("data-job-id")
            .await
            .expect("attribute")
            .expect("a job id")
    }

    /// The CSS selector of the card of `job_id`.
    pub fn job_card(job_id: &str) -> String {
        format!("article[data-job-id={}]", css_string(job_id))
    }

    /// Waits for the card of `job_id` to show the raw status `raw`; returns the card's text.
    pub async fn wait_job_status(&self, job_id: &str, raw: &str, timeout: Duration) -> String {
        let card = Self::job_card(job_id);
        wait_text(
            self,
            &format!("{card} .job-status .raw-status"),
            raw,
            timeout,
            |text| text == raw,
        )
        .await;
        self.element(Locator::Css(&card))
            .await
            .text()
            .await
            .expect("the card's text")
    }

    /// Records every text the page's live regions (`aria-live`, `role=status`, `role=alert`)
    /// receive from now on, in `window.__announced`, including regions added later.
    pub async fn record_live_regions(&self) {
        js(
            self,
            r#"
            window.__announced = [];
            const last = new Map();
            const scan = () => {
                for (const region of document.querySelectorAll('[aria-live], [role=status], [role=alert]')) {
                    const text = region.textContent.trim();
                    if (text && last.get(region) !== text) {
                        last.set(region, text);
                        window.__announced.push(text);
                    }
                }
            };
            new MutationObserver(scan)
                .observe(document.body, {childList: true, subtree: true, characterData: true});
            scan();
            return true;
            "#,
            vec![],
        )
        .await;
    }
}
