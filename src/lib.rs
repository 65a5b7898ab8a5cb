//! image-console: list and batch-delete Workspace App image instances.
//!
//! Layers, each importing only those below it: [`components`] (views) → [`hooks`] (side
//! effects) → [`store`] (signals and named actions) → [`api`] (the HTTP client) →
//! [`i18n`] (the words, in each language) → [`rules`] (plain Rust) → [`wire`] (API types). [`browser`] is leaf glue used by the
//! store, the client's transport and the hooks.

pub mod api;
pub mod browser;
pub mod components;
pub mod hooks;
pub mod i18n;
pub mod rules;
pub mod store;
pub mod wire;

/// Entry point of the wasm binary: a panic is shown on the page as text, then the app is
/// mounted, once page.js's start-up requests are out (mounting first would hold up the first
/// list page's request: the page has one thread); the page is painted once the first page's
/// answer is taken, or briefly after (its rows are painted with the console, in one layout).
/// The release build (scripts/build) aborts on panic at once, without a hook or a message:
/// there the trap itself shows the banner.
pub fn start() {
    #[cfg(not(panic = "immediate-abort"))]
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_internal_error(&info.to_string());
    }));
    browser::panic::on_trap(show_internal_error);
    wasm_bindgen_futures::spawn_local(async {
        browser::boot::started().await;
        leptos::mount::mount_to_body(components::App);
    });
}

/// The internal-error banner, in the page's language.
fn show_internal_error(details: &str) {
    let locale = browser::language::document_language()
        .and_then(|tag| i18n::Locale::from_tag(&tag))
        .unwrap_or_default();
    browser::panic::show_banner(&(i18n::messages(locale).internal_error)(details));
}
