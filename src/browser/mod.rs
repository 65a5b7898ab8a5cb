//! Leaf glue over the browser: clock, timers, storage, visibility, clipboard, fetch (with
//! page.js's start-up requests), languages, the panic banner and the instance table's rows.
//! Imports nothing from the rest of the app; used by the store, the API transport and the
//! hooks, never by views.

pub mod boot;
pub mod clipboard;
pub mod clock;
pub mod download;
pub mod fetch;
pub mod focus;
pub mod history;
pub mod language;
pub mod panic;
pub mod storage;
pub mod table_rows;
pub mod timers;
pub mod visibility;
