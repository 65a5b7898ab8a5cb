//! The clipboard.

use wasm_bindgen_futures::JsFuture;

/// Copies text to the clipboard; resolves to whether it worked.
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    JsFuture::from(window.navigator().clipboard().write_text(text))
        .await
        .is_ok()
}
