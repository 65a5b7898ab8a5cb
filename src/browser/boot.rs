//! The Rust side of `page.js`: the start-up requests it sent while the wasm loaded.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_futures::JsFuture;

/// The longest the console waits for page.js before mounting (a hanging config.json must
/// not keep the page blank: the console says it is loading the configuration).
const START_WAIT_MS: u32 = 200;
/// The longest the page is then kept from painting while the console waits for the first
/// list page's answer: one that is about to arrive is painted with the console, in one
/// layout, rather than after a paint of the empty console.
const FIRST_PAGE_WAIT_MS: u32 = 50;

#[wasm_bindgen(module = "/src/browser/page.js")]
extern "C" {
    /// The answer to a GET of `url` (relative to the page or absolute) that page.js sent at
    /// start-up, at most once: a promise of a [`Prefetched`].
    #[wasm_bindgen(js_name = take)]
    pub fn take_prefetched(url: &str, signal: &web_sys::AbortSignal) -> Option<js_sys::Promise>;

    /// A start-up answer, its body already read.
    pub type Prefetched;
    #[wasm_bindgen(method, getter)]
    pub fn status(this: &Prefetched) -> u16;
    #[wasm_bindgen(method, getter)]
    pub fn headers(this: &Prefetched) -> web_sys::Headers;
    #[wasm_bindgen(method, getter)]
    pub fn text(this: &Prefetched) -> String;

    /// Drops the start-up answers the console did not take (their requests aborted when
    /// still open).
    #[wasm_bindgen(js_name = forget)]
    pub fn forget_prefetched();

    #[wasm_bindgen(js_name = whenStarted)]
    fn when_started(sent_limit_ms: u32, answer_limit_ms: u32) -> js_sys::Promise;
}

/// Once page.js's start-up requests are out (at most `START_WAIT_MS`). The page is not
/// painted until the first list page's answer is taken (at most `FIRST_PAGE_WAIT_MS` more).
pub async fn started() {
    let _ = JsFuture::from(when_started(START_WAIT_MS, FIRST_PAGE_WAIT_MS)).await;
}
