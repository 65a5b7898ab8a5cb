//! The instance table's rows as plain DOM: each row is a deep clone of one template row,
//! its cells filled with text (set as text, never parsed as HTML), and afterwards only its
//! state changes: checked (with the row's `selected` class) and blocked (with the reason).
//! What a row says and when it changes is decided by `hooks::use_instance_rows`.
//!
//! ```ignore
//! let rows = make_rows(&[(text, RowState::default())])?; // unchecked, not blocked
//! rows[0].show_state(RowState { checked: true, blocked: None });
//! place_rows(&body, &[&rows[0]], None);
//! ```

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlInputElement};

/// Between two texts in the string that carries a batch of rows to the page.
const SEPARATOR: char = '\u{0}';

#[wasm_bindgen(module = "/src/browser/page.js")]
extern "C" {
    /// New rows from `joined`, each row's texts in [`make_rows`]'s order, each followed by
    /// the separator: each row's `tr`, checkbox and reason element, in turn.
    #[wasm_bindgen(js_name = makeRows)]
    fn make_rows_in_page(joined: &str) -> js_sys::Array;
}

/// What one row says; every value is plain text.
pub struct RowText<'a> {
    /// `data-id`, read by the table's click listener.
    pub id: &'a str,
    /// Unique on the page even for rows without an id: `why-{key}` names the reason.
    pub key: String,
    /// The checkbox's accessible name.
    pub select_label: String,
    pub name: &'a str,
    /// The status badge's classes, its tooltip (the raw status), icon and words.
    pub status_class: &'static str,
    pub status_title: &'a str,
    pub status_icon: &'static str,
    pub status_words: &'a str,
    /// The raw image type as the tooltip, its label as the text.
    pub image_type_title: &'a str,
    pub image_type_words: String,
    pub user: String,
    /// The creation time as given (`<time datetime>`) and as shown.
    pub created: &'a str,
    pub created_text: String,
}

/// New rows saying `rows`, each showing its state, not yet in the table.
///
/// The rows are built in the page (`page.js`), from every text of every row joined
/// in one string: one call from the wasm for the batch, where a call per clone, cell and
/// attribute cost more than building the rows. `None` when a row could not be made.
pub fn make_rows(rows: &[(RowText, RowState)]) -> Option<Vec<Row>> {
    let mut joined = String::with_capacity(rows.len() * 256);
    for (text, state) in rows {
        let fields = [
            text.id,
            &text.key,
            &text.select_label,
            text.name,
            text.status_class,
            text.status_title,
            text.status_icon,
            text.status_words,
            text.image_type_title,
            &text.image_type_words,
            &text.user,
            text.created,
            &text.created_text,
            state.blocked.as_deref().unwrap_or_default(),
        ];
        for field in fields {
            // A text holding the separator itself cannot be split back: shown as nothing
            // rather than shifted into the next cell (the API has none).
            if !field.contains(SEPARATOR) {
                joined.push_str(field);
            }
            joined.push(SEPARATOR);
        }
    }
    let made = make_rows_in_page(&joined);
    // page.js gives three elements a row, of the kinds `Row` holds: counted once here
    // rather than checked element by element (30,000 calls at 10,000 rows).
    if made.length() as usize != 3 * rows.len() {
        return None;
    }
    let element = |index: usize| made.get(index as u32).unchecked_into::<Element>();
    let rows = rows.iter().enumerate().map(|(index, (_, state))| {
        let row = Row {
            row: element(3 * index),
            checkbox: element(3 * index + 1).unchecked_into(),
            reason: element(3 * index + 2),
            checked: Cell::new(false),
            blocked: RefCell::new(state.blocked.clone()),
        };
        if state.checked {
            row.show_checked(true);
        }
        row
    });
    Some(rows.collect())
}

/// What a row shows that a click or the cap changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowState {
    pub checked: bool,
    /// Why the box cannot be ticked, when it cannot.
    pub blocked: Option<String>,
}

/// One row, and the state last shown in it (so an unchanged state touches no DOM).
pub struct Row {
    row: Element,
    checkbox: HtmlInputElement,
    reason: Element,
    checked: Cell<bool>,
    blocked: RefCell<Option<String>>,
}

impl Row {
    /// Shows the box checked or not (the row's `selected` class follows), and whether it
    /// is blocked with the reason why, or free.
    pub fn show_state(&self, state: RowState) {
        self.show_checked(state.checked);
        if *self.blocked.borrow() == state.blocked {
            return;
        }
        match &state.blocked {
            Some(reason) => {
                let _ = self.checkbox.set_attribute("aria-disabled", "true");
                self.reason.set_text_content(Some(reason));
            }
            None => {
                let _ = self.checkbox.remove_attribute("aria-disabled");
                self.reason.set_text_content(None);
            }
        }
        *self.blocked.borrow_mut() = state.blocked;
    }

    fn show_checked(&self, checked: bool) {
        // A click the table accepts was already ticked by the browser; setting it again is
        // harmless, and a refused one was undone by its listener.
        if self.checked.replace(checked) != checked {
            self.checkbox.set_checked(checked);
            let _ = self.row.class_list().toggle_with_force("selected", checked);
        }
    }

    pub fn element(&self) -> &Element {
        &self.row
    }
}

/// The reason an unavailable row checkbox gives, and where to show it: beside the box, in
/// the viewport (whole px: printing a float would bring float formatting into the wasm).
#[derive(Clone, Debug, PartialEq)]
pub struct ReasonTip {
    pub text: String,
    pub left: i32,
    pub top: i32,
}

/// The reason `target` gives, when it is an unavailable row checkbox (`None` otherwise).
pub fn reason_of(target: &Element) -> Option<ReasonTip> {
    // A row a refresh or a search took out of the table has nothing to show.
    if !target.is_connected() || target.get_attribute("aria-disabled").as_deref() != Some("true") {
        return None;
    }
    let reason = target
        .next_element_sibling()
        .filter(|reason| reason.class_list().contains("reason"))?;
    let text = reason.text_content().filter(|text| !text.is_empty())?;
    let beside = target.get_bounding_client_rect();
    Some(ReasonTip {
        text,
        left: beside.right().round() as i32,
        top: beside.top().round() as i32,
    })
}

/// Puts `rows` into `body` before `before` (at the end when `None`), in one insertion.
pub fn place_rows(body: &Element, rows: &[&Row], before: Option<&Element>) {
    let inserted: web_sys::Node = match rows {
        [] => return,
        [row] => row.row.clone().into(),
        rows => {
            let Some(fragment) = web_sys::window()
                .and_then(|window| window.document())
                .map(|document: Document| document.create_document_fragment())
            else {
                return;
            };
            for row in rows {
                let _ = fragment.append_child(&row.row);
            }
            fragment.into()
        }
    };
    let _ = body.insert_before(&inserted, before.map(|element| element.as_ref()));
}

/// Takes `row` out of the table (it can be placed again).
pub fn remove_row(row: &Row) {
    row.row.remove();
}

/// Takes every row out of the table (they can be placed again).
pub fn clear_rows(body: &Element) {
    body.set_text_content(None);
}
