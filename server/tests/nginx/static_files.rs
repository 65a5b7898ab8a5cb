//! The console's static files through nginx: security headers, caching, precompression, and
//! no dotfiles.

use std::path::Path;

use reqwest::StatusCode;

use crate::harness::{console_config, signed_in_client, upstream, upstream_api, Nginx, SUB_PATH};
use crate::support::browser::dist_dir;
use crate::support::encoding::assert_served_encoded;
use crate::support::server::{client, get_json, TestServer};

/// Headers, caching and compression of the static files, as documented.
#[tokio::test]
async fn nginx_serves_the_console_with_the_documented_headers() {
    let dist = dist_dir();
    let (_empty, upstream) = upstream("8000");
    let nginx = Nginx::start(&dist, &upstream_api(&upstream));
    let http = signed_in_client();

    // The same security headers as image-console-server, on the page and on errors.
    let server = TestServer::start(&["--dist", dist.to_str().unwrap()]);
    let expected = client().get(&server.url).send().await.unwrap();
    for url in [
        nginx.url.clone(),
        nginx.at("missing.js"),
        nginx.at("whoami.json"),
    ] {
        let response = http.get(&url).send().await.unwrap();
        // Never framed, the old way too (browsers without frame-ancestors).
        assert_eq!(response.headers()["x-frame-options"], "DENY", "{url}");
        for name in [
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy",
        ] {
            assert_eq!(
                response.headers().get(name),
                expected.headers().get(name),
                "{name} of {url}"
            );
        }
    }

    // The sub-path without its slash redirects.
    let response = http
        .get(format!(
            "{}{}",
            nginx.origin,
            SUB_PATH.trim_end_matches('/')
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(response.headers()["location"], SUB_PATH);

    // Revalidated: the page and config.json (served as written).
    for relative in ["", "index.html", "config.json"] {
        let response = http.get(nginx.at(relative)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{relative}");
        assert_eq!(
            response.headers()["cache-control"],
            "no-cache",
            "{relative}"
        );
    }
    let (_, config) = get_json(&http, &nginx.at("config.json")).await;
    assert_eq!(config, console_config());

    // Hashed assets: immutable, precompressed as br and gzip, decoding to the original.
    let mut hashed: Vec<String> = std::fs::read_dir(nginx.site())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".wasm") || n.ends_with(".js") || n.ends_with(".css"))
        .collect();
    hashed.sort();
    assert!(hashed.iter().any(|n| n.ends_with("_bg.wasm")), "{hashed:?}");
    for name in &hashed {
        let original = std::fs::read(nginx.site().join(name)).unwrap();
        let url = nginx.at(name);
        let response = http.get(&url).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{name}"
        );
        assert_served_encoded(&http, &url, "br", Some("br"), &original).await;
        assert_served_encoded(&http, &url, "gzip", Some("gzip"), &original).await;
        assert_served_encoded(&http, &url, "gzip, deflate, br", Some("br"), &original).await;
    }
    let wasm = hashed.iter().find(|n| n.ends_with("_bg.wasm")).unwrap();
    let response = http
        .get(nginx.at(wasm))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/wasm");
    let original = std::fs::read(nginx.site().join("index.html")).unwrap();
    assert_served_encoded(&http, &nginx.url, "br", Some("br"), &original).await;
    assert_served_encoded(&http, &nginx.url, "gzip", Some("gzip"), &original).await;
}

/// Dotfiles are never served, wherever they are (nginx's own files, a `.git` checkout, trunk's
/// `.stage`), to signed-in users either; the documented install does not copy them anyway.
#[tokio::test]
async fn nginx_serves_no_dotfiles() {
    let dist = dist_dir();
    let (_empty, upstream) = upstream("8000");
    let nginx = Nginx::start(&dist, &upstream_api(&upstream));
    // The documented install copied every file but the dotfiles (dist/ has `.trunk-lock`).
    let names = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    };
    let mut expected: Vec<String> = names(&dist)
        .into_iter()
        .filter(|n| !n.starts_with('.'))
        .chain(["config.json".to_owned()])
        .collect();
    expected.sort();
    expected.dedup();
    assert_eq!(names(&nginx.site()), expected);
    for relative in [
        ".htpasswd",
        ".trunk-lock",
        ".stage/index.html",
        ".git/config",
    ] {
        let path = nginx.site().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "secret").unwrap();
    }
    let http = signed_in_client();
    for relative in [
        ".htpasswd",
        ".trunk-lock",
        ".stage/index.html",
        ".git/config",
        "%2Ehtpasswd",
    ] {
        let response = http.get(nginx.at(relative)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{relative}");
        assert_eq!(response.headers()["x-frame-options"], "DENY", "{relative}");
        let body = response.text().await.unwrap();
        assert!(!body.contains("secret"), "{relative}: {body}");
    }
    // The console itself still loads.
    let status = http.get(&nginx.url).send().await.unwrap().status();
    assert_eq!(status, StatusCode::OK);
}
