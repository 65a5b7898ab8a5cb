//! The instance table's rows as plain DOM: each row is a deep clone of one template row,
//! its cells filled with text (set as text, never parsed as HTML), and afterwards only its
//! state changes: checked (with the row's `selected` class) and blocked (with the reason).
//! What a row says and when it changes is decided by `hooks::use_instance_rows`.
//!
//! ```ignore
//! let maker = RowMaker::new()?;
//! let rows = maker.make_rows(&[(text, RowState::default())]); // unchecked, not blocked
//! rows[0].show_state(RowState { checked: true, blocked: None });
//! place_rows(&body, &[&rows[0]], None);
//! ```

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlInputElement};

/// Between two texts in the string that carries a batch of rows to the page.
const SEPARATOR: char = '\u{0}';
const SEPARATOR_STR: &str = "\u{0}";

#[wasm_bindgen]
extern "C" {
    /// An element written with texts already in the page (nothing decoded on the way).
    type Written;
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attr(this: &Written, name: &JsValue, value: &JsValue);
    #[wasm_bindgen(method, setter = textContent)]
    fn set_text(this: &Written, text: &JsValue);
    /// `append` of a text.
    #[wasm_bindgen(method, js_name = append)]
    fn append_text(this: &Written, text: &JsValue);
}

fn written(element: &Element) -> &Written {
    element.unchecked_ref()
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

/// Clones rows from one template row, built once with the same markup for every row.
pub struct RowMaker {
    template: Element,
    names: Names,
}

/// The attribute names rows set, made once in the page.
struct Names {
    data_id: JsValue,
    aria_label: JsValue,
    aria_describedby: JsValue,
    id: JsValue,
    class: JsValue,
    title: JsValue,
    datetime: JsValue,
    /// The reason's id is `why-` and the instance id.
    why: js_sys::JsString,
}

impl RowMaker {
    pub fn new() -> Option<Self> {
        let document = web_sys::window()?.document()?;
        // A new element with `attributes`, appended to `parent` (when given).
        let add = |parent: Option<&Element>, tag: &str, attributes: &[(&str, &str)]| {
            let element = document.create_element(tag).ok()?;
            for (name, value) in attributes {
                element.set_attribute(name, value).ok()?;
            }
            if let Some(parent) = parent {
                parent.append_child(&element).ok()?;
            }
            Some(element)
        };
        let row = add(None, "tr", &[])?;
        let select = add(Some(&row), "td", &[("class", "select")])?;
        // autocomplete=off: the browser does not save 10,000 boxes' states with each history
        // entry (every search, filter or sort writes one: about 70 ms at 10,000 rows).
        add(
            Some(&select),
            "input",
            &[("type", "checkbox"), ("autocomplete", "off")],
        )?;
        add(
            Some(&select),
            "span",
            &[("class", "reason"), ("role", "tooltip")],
        )?;
        add(Some(&row), "td", &[("class", "name")])?;
        let id = add(Some(&row), "td", &[("class", "id")])?;
        add(Some(&id), "code", &[])?;
        let status = add(Some(&row), "td", &[("class", "status")])?;
        let badge = add(Some(&status), "span", &[])?;
        add(Some(&badge), "span", &[("aria-hidden", "true")])?;
        add(Some(&row), "td", &[])?;
        add(Some(&row), "td", &[])?;
        let created = add(Some(&row), "td", &[])?;
        add(Some(&created), "time", &[])?;
        let names = Names {
            data_id: "data-id".into(),
            aria_label: "aria-label".into(),
            aria_describedby: "aria-describedby".into(),
            id: "id".into(),
            class: "class".into(),
            title: "title".into(),
            datetime: "datetime".into(),
            why: "why-".into(),
        };
        Some(Self {
            template: row,
            names,
        })
    }

    /// New rows saying `rows`, each showing its state, not yet in the table.
    ///
    /// Every text of every row crosses from wasm to the page as one string, split there:
    /// decoding each text on its own costs more than building the row.
    /// `None` when a row could not be made (the page's DOM failed).
    pub fn make_rows(&self, rows: &[(RowText, RowState)]) -> Option<Vec<Row>> {
        let mut joined = String::with_capacity(rows.len() * 256);
        for (text, state) in rows {
            let reason = state.blocked.as_deref().unwrap_or_default();
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
                reason,
            ];
            for field in fields {
                // A text holding the separator itself cannot be split back: shown as
                // nothing rather than shifted into the next cell (the API has none).
                if !field.contains(SEPARATOR) {
                    joined.push_str(field);
                }
                joined.push(SEPARATOR);
            }
        }
        let fields = js_sys::JsString::from(joined).split(SEPARATOR_STR);
        let mut next = 0;
        rows.iter()
            .map(|(_, state)| {
                let texts = std::array::from_fn(|_| {
                    next += 1;
                    fields.get(next - 1)
                });
                self.make(texts, state)
            })
            .collect()
    }

    /// One row from its texts, in the order [`Self::make_rows`] joins them.
    fn make(&self, texts: [JsValue; 14], state: &RowState) -> Option<Row> {
        let [id, key, label, name_text, class, status_title, icon, status_words, type_title, type_words, user_text, created, created_text, reason_text] =
            texts;
        let names = &self.names;
        let row: Element = self
            .template
            .clone_node_with_deep(true)
            .ok()?
            .unchecked_into();
        written(&row).set_attr(&names.data_id, &id);
        let reason_id: JsValue = names.why.concat(&key).into();

        let select = row.first_element_child()?;
        let checkbox: HtmlInputElement = select.first_element_child()?.unchecked_into();
        written(&checkbox).set_attr(&names.aria_label, &label);
        written(&checkbox).set_attr(&names.aria_describedby, &reason_id);
        let reason = checkbox.next_element_sibling()?;
        written(&reason).set_attr(&names.id, &reason_id);

        let name = select.next_element_sibling()?;
        written(&name).set_text(&name_text);
        let id_cell = name.next_element_sibling()?;
        written(&id_cell.first_element_child()?).set_text(&id);

        let status = id_cell.next_element_sibling()?;
        let badge = status.first_element_child()?;
        written(&badge).set_attr(&names.class, &class);
        written(&badge).set_attr(&names.title, &status_title);
        written(&badge.first_element_child()?).set_text(&icon);
        written(&badge).append_text(&status_words);

        let image_type = status.next_element_sibling()?;
        written(&image_type).set_attr(&names.title, &type_title);
        written(&image_type).set_text(&type_words);
        let user = image_type.next_element_sibling()?;
        written(&user).set_text(&user_text);
        let time = user.next_element_sibling()?.first_element_child()?;
        written(&time).set_attr(&names.datetime, &created);
        written(&time).set_text(&created_text);

        let row = Row {
            row,
            checkbox,
            reason,
            checked: Cell::new(false),
            blocked: RefCell::new(None),
        };
        if state.checked {
            row.show_checked(true);
        }
        if let Some(blocked) = &state.blocked {
            let _ = row.checkbox.set_attribute("aria-disabled", "true");
            written(&row.reason).set_text(&reason_text);
            *row.blocked.borrow_mut() = Some(blocked.clone());
        }
        Some(row)
    }
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
/// the viewport (px).
#[derive(Clone, Debug, PartialEq)]
pub struct ReasonTip {
    pub text: String,
    pub left: f64,
    pub top: f64,
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
        left: beside.right(),
        top: beside.top(),
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
