//! The instance table's columns as a person reads and sorts them.

use fantoccini::Locator;
use serde_json::{json, Value};

use super::{Console, ROWS, UI_TIMEOUT};
use crate::support::page::{arg, js, wait_js};

/// The words the console shows for each documented `image_type` (its wire table).
pub const IMAGE_TYPE_LABELS: [(&str, &str); 5] = [
    ("gold", "Marketplace"),
    ("public", "Public"),
    ("private", "Private"),
    ("shared", "Shared"),
    ("other", "Other"),
];

/// The label of a documented image type.
pub fn image_type_label(raw: &str) -> &'static str {
    IMAGE_TYPE_LABELS
        .iter()
        .find(|(wire, _)| *wire == raw)
        .map(|(_, label)| *label)
        .unwrap_or_else(|| panic!("{raw} is not a documented image type"))
}

/// Where a documented image type sits in the API's table: the order the column sorts in,
/// whatever the language shown.
pub fn image_type_rank(raw: &str) -> usize {
    IMAGE_TYPE_LABELS
        .iter()
        .position(|(wire, _)| *wire == raw)
        .unwrap_or_else(|| panic!("{raw} is not a documented image type"))
}

/// The header cell of the column whose button reads `label`.
fn header(label: &str) -> String {
    format!(
        "//table[@id='instance-table']//th[.//button[starts-with(normalize-space(.),'{label}')]]"
    )
}

impl Console {
    /// Clicks the header of the column `label` and waits for its `aria-sort` to read
    /// `direction` (`ascending` or `descending`).
    pub async fn sort_by(&self, label: &str, direction: &str) {
        let header = self.element(Locator::XPath(&header(label))).await;
        header
            .find(Locator::Css("button"))
            .await
            .expect("a sort button")
            .click()
            .await
            .expect("the sort button clicks");
        wait_js(
            self,
            &format!("{label} sorted {direction}"),
            "return arguments[0].getAttribute('aria-sort') === arguments[1];",
            vec![arg(&header), json!(direction)],
            UI_TIMEOUT,
        )
        .await;
    }

    /// The `aria-sort` of the column `label`.
    pub async fn aria_sort(&self, label: &str) -> Option<String> {
        self.element(Locator::XPath(&header(label)))
            .await
            .attr("aria-sort")
            .await
            .expect("aria-sort")
    }

    /// The cells of the column `label`, in row order: `{text, title, datetime}` (the last
    /// two `null` when the cell has no `title` or no `<time>`).
    pub async fn column(&self, label: &str) -> Vec<Value> {
        let header = self.element(Locator::XPath(&header(label))).await;
        let cells = js(
            self,
            &format!(
                "const index = arguments[0].cellIndex;
                 return [...document.querySelectorAll({ROWS:?})].map(row => {{
                   const cell = row.cells[index];
                   const time = cell.querySelector('time');
                   return {{text: cell.textContent.trim(), title: cell.getAttribute('title'),
                            datetime: time && time.getAttribute('datetime')}};
                 }});"
            ),
            vec![arg(&header)],
        )
        .await;
        serde_json::from_value(cells).expect("a list of cells")
    }
}
