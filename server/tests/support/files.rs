//! Files for a test: copies of the built app with their own `config.json`.

use std::path::Path;
use std::time::{Duration, SystemTime};

use super::browser::dist_dir;
pub use super::server::TempDir;

/// Copies a directory tree, leaving out dot files.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A copy of the built app in a temp dir with this `config.json` (`None`: none at all).
pub fn dist_with_config(label: &str, config: Option<&str>) -> TempDir {
    let dir = TempDir::new(label);
    copy_dir(&dist_dir(), dir.path());
    // Precompressed siblings would be served instead of the file written here.
    for sibling in ["config.json.br", "config.json.gz"] {
        let _ = std::fs::remove_file(dir.path().join(sibling));
    }
    match config {
        Some(config) => dir.write("config.json", config),
        None => {
            let _ = std::fs::remove_file(dir.path().join("config.json"));
        }
    }
    dir
}

/// Replaces a file, dating it `later` into the future so that a browser revalidating it
/// sees a new Last-Modified.
pub fn replace_file(path: &Path, contents: &str, later: Duration) {
    std::fs::write(path, contents).expect("write the file");
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now() + later))
        .expect("set the modification time");
}
