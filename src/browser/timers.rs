//! Timers: a sleep that can be cut short, its handle kept and cleared.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

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
                    clear(timer);
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
            clear(timer);
            let _ = resolve.call0(&JsValue::NULL);
        }
    }
}

fn clear(timer: i32) {
    if let Some(window) = web_sys::window() {
        window.clear_timeout_with_handle(timer);
    }
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: f64) {
    Alarm::default().sleep(ms).await
}
