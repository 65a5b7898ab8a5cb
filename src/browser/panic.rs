//! A visible banner for an internal error.

/// Adds a banner at the top of the page, built with text nodes only.
pub fn show_banner(message: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let (Ok(banner), Some(body)) = (document.create_element("div"), document.body()) else {
        return;
    };
    banner.set_class_name("notice error panic");
    banner.set_attribute("role", "alert").ok();
    banner.set_text_content(Some(message));
    body.prepend_with_node_1(&banner).ok();
}
