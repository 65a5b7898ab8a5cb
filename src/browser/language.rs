//! The browser's preferred languages, and the page's language and title.

/// `navigator.languages`, most preferred first (or `navigator.language` alone).
pub fn preferred_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|window| window.navigator()) else {
        return Vec::new();
    };
    let languages: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    if languages.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        languages
    }
}

/// `<html lang>`: the language the page is shown in.
pub fn document_language() -> Option<String> {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
        .and_then(|html| html.get_attribute("lang"))
}

/// Sets `<html lang>` and the document's title.
pub fn set_document_language(tag: &str, title: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("lang", tag);
    }
    document.set_title(title);
}
