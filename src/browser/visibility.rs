//! Page visibility: whether the tab is hidden, and a listener for changes that is removed
//! when its handle is dropped.

use wasm_bindgen::prelude::*;

/// Whether the tab is hidden.
pub fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .is_some_and(|document| document.visibility_state() == web_sys::VisibilityState::Hidden)
}

/// A `visibilitychange` listener, removed on drop.
pub struct VisibilityListener {
    document: web_sys::Document,
    callback: Closure<dyn Fn()>,
}

impl VisibilityListener {
    pub fn new(on_change: impl Fn() + 'static) -> Option<Self> {
        let document = web_sys::window()?.document()?;
        let callback = Closure::<dyn Fn()>::new(on_change);
        document
            .add_event_listener_with_callback("visibilitychange", callback.as_ref().unchecked_ref())
            .ok()?;
        Some(Self { document, callback })
    }
}

impl Drop for VisibilityListener {
    fn drop(&mut self) {
        let _ = self.document.remove_event_listener_with_callback(
            "visibilitychange",
            self.callback.as_ref().unchecked_ref(),
        );
    }
}
