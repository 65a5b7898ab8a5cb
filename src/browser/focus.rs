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

/// Scrolls the first element whose `attribute` is `value` into view and gives it focus (it
/// needs a `tabindex`); does nothing when there is none.
pub fn reveal(attribute: &str, value: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let Ok(candidates) = document.query_selector_all(&format!("[{attribute}]")) else {
        return;
    };
    if let Some(element) = (0..candidates.length())
        .filter_map(|index| candidates.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|element| element.get_attribute(attribute).as_deref() == Some(value))
    {
        element.scroll_into_view();
        let _ = element.focus();
    }
}
