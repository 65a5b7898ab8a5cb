//! Leaf glue over the browser: clock, timers, storage, visibility, clipboard, fetch,
//! languages and the panic banner. Imports nothing from the rest of the app; used by the store, the API
//! transport and the hooks, never by views.

pub mod clipboard;
pub mod clock;
pub mod download;
pub mod fetch;
pub mod focus;
pub mod history;
pub mod language;
pub mod panic;
pub mod storage;
pub mod timers;
pub mod visibility;
