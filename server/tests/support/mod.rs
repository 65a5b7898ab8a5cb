//! Helpers shared by the server's test targets, each written once: the server under test
//! (a process or in process) with the simulator's control and request log (`server`), the
//! browser session (`browser`), the axe-core audit (`axe`), page scripting and waits (`page`),
//! the keyboard (`keyboard`), the console as a page object (`console`), copies of the built app
//! (`files`), encoded bodies (`encoding`) and a simulator behind the server in proxy mode
//! (`proxy`).
//!
//! Every target uses a different subset.
#![allow(
    dead_code,
    reason = "each test target uses a different subset of these helpers"
)]

pub mod axe;
pub mod browser;
pub mod console;
pub mod encoding;
pub mod files;
pub mod keyboard;
pub mod page;
pub mod proxy;
pub mod server;
