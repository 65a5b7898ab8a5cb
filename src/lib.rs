//! image-console: list and batch-delete Workspace App image instances.

pub fn start() {}
