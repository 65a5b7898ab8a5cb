//! Moves keyboard focus to an element when it appears, for content that replaces the control
//! that had focus (which would otherwise leave focus on the page behind a dialog). An element
//! that is not a control needs `tabindex="-1"`.
//!
//! ```ignore
//! let next = NodeRef::<leptos::html::Button>::new();
//! use_focus_on_show(next);
//! view! { <button node_ref=next>...</button> }
//! ```

use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub fn use_focus_on_show<E>(element: NodeRef<E>)
where
    E: ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
{
    Effect::new(move |_| {
        if let Some(element) = element.get() {
            let _ = element.unchecked_ref::<web_sys::HtmlElement>().focus();
        }
    });
}
