//! Keeps keyboard focus inside an element: Tab from the last focusable element goes to the
//! first, Shift+Tab from the first to the last.
//!
//! ```ignore
//! let trap = use_focus_trap(dialog);
//! view! { <dialog node_ref=dialog on:keydown=trap>...</dialog> }
//! ```

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::focus::active_element;

const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
                         textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// The `keydown` handler to put on the element.
pub fn use_focus_trap(
    container: NodeRef<leptos::html::Dialog>,
) -> impl Fn(web_sys::KeyboardEvent) + Copy + 'static {
    move |event| trap_tab(&event, container)
}

fn trap_tab(event: &web_sys::KeyboardEvent, container: NodeRef<leptos::html::Dialog>) {
    if event.key() != "Tab" {
        return;
    }
    let Some(container) = container.get() else {
        return;
    };
    let Ok(nodes) = container.query_selector_all(FOCUSABLE) else {
        return;
    };
    let focusable: Vec<web_sys::HtmlElement> = (0..nodes.length())
        .filter_map(|index| nodes.item(index)?.dyn_into().ok())
        .collect();
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
        return;
    };
    let active = active_element();
    let wrap_to = if event.shift_key() {
        (active.as_ref() == Some(first) || active.is_none()).then_some(last)
    } else {
        (active.as_ref() == Some(last) || active.is_none()).then_some(first)
    };
    if let Some(target) = wrap_to {
        event.prevent_default();
        let _ = target.focus();
    }
}
