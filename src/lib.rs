//! image-console: list and batch-delete Workspace App image instances.
//!
//! Three layers: [`api`] (wire types and the HTTP client), [`state`] (the rules, plain
//! Rust) and [`components`] (views that read signals and call actions).

pub mod api;
pub mod components;
pub mod persist;
pub mod platform;
pub mod state;
pub mod store;

/// Entry point of the wasm binary.
pub fn start() {
    components::mount();
}
