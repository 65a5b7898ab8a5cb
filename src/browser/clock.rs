//! The clock, randomness, the page URL and time formatting in the user's locale.

use wasm_bindgen::JsValue;

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A uniformly random number in 0..1.
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// A named point on the page's performance timeline (`performance.mark`), for the benchmark
/// and the browser's profiler.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        _ = performance.mark(name);
    }
}

/// The page's URL, against which `api_base` resolves.
pub fn page_url() -> String {
    web_sys::window()
        .and_then(|window| window.location().href().ok())
        .unwrap_or_default()
}

/// `new Date(ms).toLocaleString(locale)`: the language's way of writing a date and time, in
/// the user's time zone.
pub fn local_time(ms: f64, locale: &str) -> String {
    js_sys::Date::new(&JsValue::from_f64(ms))
        .to_locale_string(locale, &JsValue::UNDEFINED)
        .into()
}

/// `new Date(ms).toISOString()`, for `<time datetime>`.
pub fn iso_time(ms: f64) -> String {
    js_sys::Date::new(&JsValue::from_f64(ms))
        .to_iso_string()
        .into()
}
