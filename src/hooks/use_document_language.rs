//! Keeps `<html lang>` and the page title in the language shown.
//!
//! ```ignore
//! use_document_language(); // once, in the view that owns the page
//! ```

use leptos::prelude::*;

use crate::browser::language::set_document_language;
use crate::i18n::messages;
use crate::store::Store;

pub fn use_document_language() {
    let store = expect_context::<Store>();
    Effect::new(move |_| {
        let locale = store.locale().get();
        set_document_language(locale.tag(), messages(locale).page_title);
    });
}
