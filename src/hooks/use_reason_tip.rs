//! The reason an unavailable row checkbox gives, shown in one tip outside the table while the
//! pointer or the focus is on the box. Each row keeps its reason, hidden, as the box's
//! description (`aria-describedby`); showing it inside the table would lay the whole table
//! out again (about half a second at 10,000 rows), while the tip, outside the table's layout
//! containment, is one small box of its own.
//!
//! ```ignore
//! let reasons = use_reason_tip();
//! view! {
//!     <tbody on:mouseover=move |event| reasons.hover(&event) on:mouseleave=move |_| reasons.unhover()
//!            on:focusin=move |event| reasons.focus(&event) on:focusout=move |_| reasons.unfocus()>
//!     </tbody>
//!     {move || reasons.tip().get().map(|tip| view! { <div class="reason-tip">{tip.text}</div> })}
//! }
//! ```

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::table_rows::reason_of;
pub use crate::browser::table_rows::ReasonTip;
use crate::store::Store;

/// The tip to show, and the elements the pointer and the focus are on.
#[derive(Clone, Copy)]
pub struct ReasonTips {
    tip: RwSignal<Option<ReasonTip>>,
    hovered: StoredValue<Option<web_sys::Element>, LocalStorage>,
    focused: StoredValue<Option<web_sys::Element>, LocalStorage>,
}

pub fn use_reason_tip() -> ReasonTips {
    let store = expect_context::<Store>();
    let tips = ReasonTips {
        tip: RwSignal::new(None),
        hovered: StoredValue::new_local(None),
        focused: StoredValue::new_local(None),
    };
    // The tip is placed in the viewport: when the page scrolls, it moves with its box.
    let scrolling = window_event_listener(leptos::ev::scroll, move |_| tips.update());
    on_cleanup(move || scrolling.remove());
    // A box's reason changes with the selection, the cap, the language and the list, with
    // no pointer or focus event: read it again once the rows show the change (the rows'
    // own effects run in the same turn, so in the next frame they have).
    Effect::new(move |_| {
        store.selected_ids();
        store.at_cap().track();
        store.locale().track();
        store.visible().track();
        request_animation_frame(move || tips.update());
    });
    tips
}

impl ReasonTips {
    /// What to show, if anything.
    pub fn tip(&self) -> ReadSignal<Option<ReasonTip>> {
        self.tip.read_only()
    }

    /// The pointer moved onto `event`'s target.
    pub fn hover(&self, event: &web_sys::Event) {
        self.hovered.set_value(target(event));
        self.update();
    }

    /// The pointer left the table.
    pub fn unhover(&self) {
        self.hovered.set_value(None);
        self.update();
    }

    /// The focus moved into `event`'s target.
    pub fn focus(&self, event: &web_sys::Event) {
        self.focused.set_value(target(event));
        self.update();
    }

    /// The focus left it.
    pub fn unfocus(&self) {
        self.focused.set_value(None);
        self.update();
    }

    /// Shows the reason of the unavailable box the pointer is on, else of the one with the
    /// focus, else nothing.
    fn update(&self) {
        let reason = |on: &Option<web_sys::Element>| on.as_ref().and_then(reason_of);
        let tip = self
            .hovered
            .with_value(reason)
            .or_else(|| self.focused.with_value(reason));
        if self.tip.with_untracked(|shown| shown != &tip) {
            self.tip.set(tip);
        }
    }
}

fn target(event: &web_sys::Event) -> Option<web_sys::Element> {
    event.target().and_then(|target| target.dyn_into().ok())
}
