//! A modal dialog on the native `<dialog>` element: the page behind is inert, Escape
//! cancels, focus stays inside and returns where it was when the dialog closes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
                         textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// Opens while `open` is true. `on_cancel` runs on Escape; the owner decides what closing
/// means. Put `autofocus` on the element that should take focus first.
#[component]
pub fn Modal(
    #[prop(into)] open: Signal<bool>,
    #[prop(into)] on_cancel: Callback<()>,
    /// `dialog`, or `alertdialog` for a warning that needs a decision.
    role: &'static str,
    labelledby: &'static str,
    describedby: &'static str,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let return_focus = StoredValue::new_local(None::<web_sys::HtmlElement>);

    Effect::new(move |_| {
        let should_open = open.get();
        let Some(element) = dialog.get() else {
            return;
        };
        if should_open && !element.open() {
            return_focus.set_value(active_element());
            // Fails only if the element is detached, which cannot happen while mounted.
            let _ = element.show_modal();
        } else if !should_open && element.open() {
            element.close();
            if let Some(previous) = return_focus.get_value() {
                let _ = previous.focus();
            }
        }
    });

    view! {
        <dialog
            node_ref=dialog
            class=class
            role=role
            aria-modal="true"
            aria-labelledby=labelledby
            aria-describedby=describedby
            on:cancel=move |event: web_sys::Event| {
                // Escape: keep the element open until the owner says otherwise.
                event.prevent_default();
                on_cancel.run(());
            }
            on:keydown=move |event| trap_tab(&event, dialog)
        >
            {children()}
        </dialog>
    }
}

fn active_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into()
        .ok()
}

/// Tab from the last focusable element goes to the first, Shift+Tab from the first to the
/// last, so focus never leaves the dialog.
fn trap_tab(event: &web_sys::KeyboardEvent, dialog: NodeRef<leptos::html::Dialog>) {
    if event.key() != "Tab" {
        return;
    }
    let Some(dialog) = dialog.get() else {
        return;
    };
    let Ok(nodes) = dialog.query_selector_all(FOCUSABLE) else {
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
