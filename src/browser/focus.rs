//! Keyboard focus.

use wasm_bindgen::JsCast;

/// The element that has focus, if it is an HTML element.
pub fn active_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into()
        .ok()
}
