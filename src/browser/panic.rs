//! A visible banner for an internal error.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Adds a banner at the top of the page, built with text nodes only. Only the first internal
/// error gets one: a panic hook's banner is not repeated for the trap that ends the panic.
pub fn show_banner(message: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if document.query_selector(".panic").ok().flatten().is_some() {
        return;
    }
    let (Ok(banner), Some(body)) = (document.create_element("div"), document.body()) else {
        return;
    };
    banner.set_class_name("notice error panic");
    banner.set_attribute("role", "alert").ok();
    banner.set_text_content(Some(message));
    body.prepend_with_node_1(&banner).ok();
}

/// Calls `report` with the trap's message when the wasm traps. The release build aborts on
/// panic without running any hook (`panic=immediate-abort`, scripts/build), so a panic
/// reaches JavaScript only as a `WebAssembly.RuntimeError`: uncaught from an event handler
/// (`error`) or rejected from a future (`unhandledrejection`).
pub fn on_trap(report: fn(&str)) {
    let Some(window) = web_sys::window() else {
        return;
    };
    for (event, field) in [("error", "error"), ("unhandledrejection", "reason")] {
        let listener = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
            let error = js_sys::Reflect::get(&event, &JsValue::from_str(field)).unwrap_or_default();
            if let Some(trap) = error.dyn_ref::<js_sys::WebAssembly::RuntimeError>() {
                report(&String::from(
                    trap.unchecked_ref::<js_sys::Error>().message(),
                ));
            }
        });
        window
            .add_event_listener_with_callback(event, listener.as_ref().unchecked_ref())
            .ok();
        // The page's own listener, for the page's lifetime.
        listener.forget();
    }
}
