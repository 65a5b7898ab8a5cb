//! Saves text as a file: a Blob, an object URL and a click on an `a[download]`.

use wasm_bindgen::JsCast;

/// Offers `text` as a download named `file_name`; returns whether the browser took it.
pub fn download(file_name: &str, mime_type: &str, text: &str) -> bool {
    try_download(file_name, mime_type, text).is_some()
}

fn try_download(file_name: &str, mime_type: &str, text: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime_type);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The click has started the download; the URL is no longer needed.
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}
