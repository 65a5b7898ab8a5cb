//! The page URL's query string and session history: read it, write it (adding or replacing
//! the entry), and a `popstate` listener removed when its handle is dropped.

use wasm_bindgen::prelude::*;

/// `location.search`, `?…` or empty.
pub fn location_search() -> String {
    web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default()
}

/// Puts `search` (`?…` or empty) in the URL, keeping the path and fragment: a new history
/// entry, or in place of the current one when `replace`.
pub fn set_location_search(search: &str, replace: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let url = format!(
        "{}{search}{}",
        location.pathname().unwrap_or_default(),
        location.hash().unwrap_or_default()
    );
    let Ok(history) = window.history() else {
        return;
    };
    let _ = if replace {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}

/// A `popstate` listener (Back/Forward), removed on drop.
pub struct PopStateListener {
    window: web_sys::Window,
    callback: Closure<dyn Fn()>,
}

impl PopStateListener {
    pub fn new(on_pop: impl Fn() + 'static) -> Option<Self> {
        let window = web_sys::window()?;
        let callback = Closure::<dyn Fn()>::new(on_pop);
        window
            .add_event_listener_with_callback("popstate", callback.as_ref().unchecked_ref())
            .ok()?;
        Some(Self { window, callback })
    }
}

impl Drop for PopStateListener {
    fn drop(&mut self) {
        let _ = self.window.remove_event_listener_with_callback(
            "popstate",
            self.callback.as_ref().unchecked_ref(),
        );
    }
}
