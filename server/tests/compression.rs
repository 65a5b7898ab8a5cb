//! Precompressed assets: the build writes `.br` and `.gz` siblings (scripts/post-build.mjs) and
//! the server (in process) sends them to clients that accept them, decoding to the original
//! bytes.

mod support;

use support::browser::dist_dir;
use support::encoding::assert_served_encoded;
use support::server::{Api, TestApp};

/// The built files with these extensions.
fn built(dist: &std::path::Path, extension: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dist)
        .expect("dist is readable")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(extension))
        .collect();
    names.sort();
    names
}

#[test]
fn the_build_writes_brotli_and_gzip_siblings() {
    let dist = dist_dir();
    for extension in ["_bg.wasm", ".js", ".css", "index.html"] {
        let names = built(&dist, extension);
        assert!(!names.is_empty(), "no {extension} in {}", dist.display());
        for name in names {
            for sibling in [format!("{name}.br"), format!("{name}.gz")] {
                assert!(dist.join(&sibling).is_file(), "{sibling} missing");
            }
        }
    }
}

#[tokio::test]
async fn the_server_sends_precompressed_assets_to_clients_that_accept_them() {
    let dist = dist_dir();
    let app = TestApp::new(|config| {
        config.site.dist_dir = dist.clone();
        config.site.base_path = "/tools/image-console/".to_owned();
    });
    let wasm = built(&dist, "_bg.wasm").remove(0);
    let script = built(&dist, ".js").remove(0);
    for name in [wasm.as_str(), script.as_str(), "index.html"] {
        let original = std::fs::read(dist.join(name)).unwrap();
        let path = format!("/tools/image-console/{name}");
        assert_served_encoded(&app, &path, "br", Some("br"), &original).await;
        assert_served_encoded(&app, &path, "gzip", Some("gzip"), &original).await;
        assert_served_encoded(&app, &path, "gzip, deflate, br", Some("br"), &original).await;
        assert_served_encoded(&app, &path, "identity", None, &original).await;
    }
    // The wasm keeps its media type when compressed, or browsers refuse to stream-compile it.
    let response = app
        .get(&format!("/tools/image-console/{wasm}"))
        .header("accept-encoding", "br")
        .send()
        .await;
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
}
