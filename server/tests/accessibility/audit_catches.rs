//! The audit itself: on a page with known faults it reports each one readably, in the colour
//! scheme where it happens, under the server's own Content-Security-Policy.

use crate::support::axe::violations;
use crate::support::browser::with_browser;
use crate::support::console::PAGE_TIMEOUT;
use crate::support::page::{emulate_color_scheme, wait_js};
use crate::support::server::{TempDir, TestServer};

/// An image without a text alternative, and text that is readable in light but not in dark.
const FAULTY_PAGE: &str = r#"<!doctype html><html lang="en"><title>faulty</title>
<link rel="stylesheet" href="faulty.css">
<main><h1>Faulty</h1><img src="pixel.png"><p class="dim">Hard to read in the dark</p></main>"#;
const FAULTY_CSS: &str = "body { background: #fff; color: #000; }
@media (prefers-color-scheme: dark) { body { background: #000; } .dim { color: #222; } }";

#[tokio::test]
async fn the_audit_names_each_fault_in_its_scheme() {
    let dist = TempDir::new("faulty-dist");
    dist.write("index.html", FAULTY_PAGE);
    dist.write("faulty.css", FAULTY_CSS);
    let server = TestServer::start(&["--dist", dist.arg()]);
    let url = server.url.clone();
    with_browser(move |browser| async move {
        browser.goto(&url).await.expect("the page loads");
        wait_js(
            &browser,
            "the stylesheet applied",
            "return getComputedStyle(document.body).backgroundColor !== 'rgba(0, 0, 0, 0)';",
            vec![],
            PAGE_TIMEOUT,
        )
        .await;
        emulate_color_scheme(&browser, "light").await;
        let light = violations(&browser).await;
        assert!(
            light
                .iter()
                .any(|v| v.starts_with("image-alt (critical) at [\"img\"]")),
            "the image without alt: {light:#?}"
        );
        assert!(
            !light.iter().any(|v| v.starts_with("color-contrast")),
            "light is readable: {light:#?}"
        );
        emulate_color_scheme(&browser, "dark").await;
        let dark = violations(&browser).await;
        let contrast = dark
            .iter()
            .find(|v| v.starts_with("color-contrast (serious) at [\"p\"]"))
            .unwrap_or_else(|| panic!("dark text on black: {dark:#?}"));
        assert!(
            contrast.contains("contrast"),
            "says what to fix: {contrast}"
        );
    })
    .await;
}
