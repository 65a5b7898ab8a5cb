//! A modal dialog on the native `<dialog>` element: the page behind is inert, Escape
//! cancels, focus stays inside and returns where it was when the dialog closes.

use leptos::prelude::*;

use crate::hooks::{use_focus_trap, use_modal};

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
    use_modal(dialog, open);
    let trap_tab = use_focus_trap(dialog);

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
            on:keydown=trap_tab
        >
            {children()}
        </dialog>
    }
}
