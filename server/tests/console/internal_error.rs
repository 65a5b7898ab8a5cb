//! An internal error stops the console visibly. The release build aborts on panic without a
//! hook (`panic=immediate-abort`, scripts/build), so a panic reaches the page only as a wasm
//! trap: a real trap, raised here in the console's page, must show the banner whether it
//! escapes an event handler or a promise.

use serde_json::json;

use super::console_server;
use crate::support::console::{with_console, PAGE_TIMEOUT, UI_TIMEOUT};
use crate::support::page::{js, wait_contains};

/// Compiles a module whose only function is `unreachable` (the instruction a panic ends in
/// under `panic=immediate-abort`) and calls it the way `arguments[0]` says.
const TRAP: &str = "
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0,
      7, 8, 1, 4, 116, 114, 97, 112, 0, 0, 10, 5, 1, 3, 0, 0, 11]);
    const trap = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.trap;
    if (arguments[0] === 'event') setTimeout(trap);
    else Promise.resolve().then(trap);
    return true;";

#[tokio::test]
async fn a_wasm_trap_shows_the_internal_error_banner() {
    let server = console_server(&["--instances", "3"]);
    let url = server.url.clone();
    let chinese = format!("{url}?lang=zh-CN");
    with_console(&url, Some(3), move |console| async move {
        for how in ["event", "promise"] {
            console.assert_no_panic().await;
            js(&console, TRAP, vec![json!(how)]).await;
            let banner =
                wait_contains(&console, ".panic[role=alert]", "Internal error", UI_TIMEOUT).await;
            assert!(
                banner.contains("Reload the page") && banner.contains("unreachable"),
                "a trap from {how}: {banner}"
            );
            console.refresh().await.expect("reload");
            console.wait_rows(3, PAGE_TIMEOUT).await;
        }

        // In the page's language, like the panic hook's banner.
        console.goto(&chinese).await.expect("page loads");
        console.wait_rows(3, PAGE_TIMEOUT).await;
        js(&console, TRAP, vec![json!("event")]).await;
        let banner = wait_contains(&console, ".panic[role=alert]", "内部错误", UI_TIMEOUT).await;
        assert!(banner.contains("请刷新页面"), "{banner}");
    })
    .await;
}
