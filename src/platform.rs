//! Thin wrappers over the browser: clock, randomness, timers, localStorage, page
//! visibility, clipboard. Kept in one place so the rest reads as plain Rust.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A uniformly random number in 0..1, for backoff jitter.
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// The page's URL, against which `api_base` resolves.
pub fn page_url() -> String {
    web_sys::window()
        .and_then(|window| window.location().href().ok())
        .unwrap_or_default()
}

/// `new Date(ms).toLocaleString()` in the user's locale and time zone.
pub fn local_time(ms: f64) -> String {
    js_sys::Date::new(&JsValue::from_f64(ms))
        .to_locale_string("default", &JsValue::UNDEFINED)
        .into()
}

/// `new Date(ms).toISOString()`, for `<time datetime>`.
pub fn iso_time(ms: f64) -> String {
    js_sys::Date::new(&JsValue::from_f64(ms))
        .to_iso_string()
        .into()
}

/// A sleep that can be cut short: `ring` ends the current `sleep` at once. It is what
/// "Check now" and "tab became visible" use to wake the job poller.
#[derive(Clone, Default)]
pub struct Alarm {
    pending: Rc<RefCell<Option<(js_sys::Function, i32)>>>,
}

impl Alarm {
    /// Waits `ms` milliseconds, or until [`Alarm::ring`]. When the waiting task is dropped
    /// (its component went away), the browser timer is cleared with it.
    pub async fn sleep(&self, ms: f64) {
        /// Clears the timer if the sleep ends any other way than by it firing.
        struct ClearOnDrop(Rc<RefCell<Option<(js_sys::Function, i32)>>>);
        impl Drop for ClearOnDrop {
            fn drop(&mut self) {
                if let Some((_, timer)) = self.0.borrow_mut().take() {
                    if let Some(window) = web_sys::window() {
                        window.clear_timeout_with_handle(timer);
                    }
                }
            }
        }
        let pending = self.pending.clone();
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            let timer = web_sys::window()
                .and_then(|window| {
                    window
                        .set_timeout_with_callback_and_timeout_and_arguments_0(
                            &resolve,
                            ms.clamp(0.0, f64::from(i32::MAX)) as i32,
                        )
                        .ok()
                })
                .unwrap_or(0);
            *pending.borrow_mut() = Some((resolve, timer));
        });
        let _clear = ClearOnDrop(self.pending.clone());
        // A rejected or dropped promise only ends the wait early, which is harmless.
        let _ = JsFuture::from(promise).await;
    }

    /// Ends the current sleep now, if any.
    pub fn ring(&self) {
        if let Some((resolve, timer)) = self.pending.borrow_mut().take() {
            if let Some(window) = web_sys::window() {
                window.clear_timeout_with_handle(timer);
            }
            let _ = resolve.call0(&JsValue::NULL);
        }
    }
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: f64) {
    Alarm::default().sleep(ms).await
}

/// Whether the tab is hidden (polling pauses then).
pub fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .is_some_and(|document| document.visibility_state() == web_sys::VisibilityState::Hidden)
}

/// localStorage, which can be missing or refuse writes (private mode, quota).
pub mod storage {
    fn local_storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn get(key: &str) -> Option<String> {
        local_storage()?.get_item(key).ok()?
    }

    /// Returns a description of the failure, if the value could not be stored.
    pub fn set(key: &str, value: &str) -> Result<(), String> {
        let storage = local_storage().ok_or("this browser offers no local storage")?;
        storage
            .set_item(key, value)
            .map_err(|error| format!("the browser refused to store it: {error:?}"))
    }

    pub fn remove(key: &str) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(key);
        }
    }
}

/// sessionStorage: per tab, survives a reload of that tab.
pub mod session {
    fn session_storage() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    pub fn get(key: &str) -> Option<String> {
        session_storage()?.get_item(key).ok()?
    }

    pub fn set(key: &str, value: &str) {
        if let Some(storage) = session_storage() {
            let _ = storage.set_item(key, value);
        }
    }
}

/// Copies text to the clipboard; resolves to whether it worked.
pub async fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    JsFuture::from(window.navigator().clipboard().write_text(text))
        .await
        .is_ok()
}
