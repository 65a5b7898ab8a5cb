//! What a hostile page or a rebound DNS name could make a browser send: refused, and the
//! upstream never sees it.

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::proxy::{console_delete, ProxyPair};
use crate::support::server::{client, get_json, json_of, TempDir, PROJECT};

fn plain_pair(label: &str) -> ProxyPair {
    ProxyPair::start(TempDir::new(label), &[], &["--pass-browser-token"])
}

fn assert_no_framing(headers: &HeaderMap) {
    assert_eq!(headers["x-frame-options"], "DENY");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
}

#[tokio::test]
async fn a_rebound_host_name_gets_421() {
    let pair = plain_pair("rebinding");
    let http = client();
    for path in [
        "/".to_owned(),
        "/config.json".to_owned(),
        format!("/api/v1/{PROJECT}/image-servers"),
    ] {
        // What the browser of someone visiting evil.example sends once the name points here.
        let response = http
            .get(pair.proxy.at(&path))
            .header("host", "evil.example")
            .send()
            .await
            .unwrap();
        assert_no_framing(response.headers());
        let (status, body) = json_of(response).await;
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{path}: {body}");
        assert_eq!(body["error_code"], "PROXY.0421");
    }
    let response = console_delete(&pair.proxy, &json!({ "items": ["1"], "recursive": false }))
        .header("host", "evil.example:80")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::MISDIRECTED_REQUEST);
    pair.assert_upstream_untouched().await;
    let (status, _) = get_json(&http, &pair.proxy.at("/config.json")).await;
    assert_eq!(status, StatusCode::OK, "the loopback name is allowed");
}

#[tokio::test]
async fn writes_need_proof_of_the_consoles_own_origin() {
    let pair = plain_pair("origin");
    let http = client();
    let url = pair.proxy.api("/image-servers/actions/batch-delete");
    let body = json!({ "items": ["697612196993040384"], "recursive": false });
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("x-nothing", "neither header"),
    ] {
        let response = http
            .patch(&url)
            .header(name, value)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_no_framing(response.headers());
        let (status, answer) = json_of(response).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{name}: {value}: {answer}");
        assert_eq!(answer["error_code"], "PROXY.0403");
    }
    pair.assert_upstream_untouched().await;

    // The console's page: Chromium sends both; either one proves it.
    let own_origin = pair.proxy.origin.clone();
    for (name, value) in [
        ("origin", own_origin.as_str()),
        ("sec-fetch-site", "same-origin"),
    ] {
        let status = http
            .patch(&url)
            .header(name, value)
            .json(&body)
            .send()
            .await
            .unwrap()
            .status();
        assert_ne!(status, StatusCode::FORBIDDEN, "{name}: {value}");
    }
    assert_eq!(pair.upstream_log().await.len(), 2);
}

#[tokio::test]
async fn the_simulator_refuses_cross_site_requests() {
    let pair = plain_pair("sim-cross-site");
    let sim = &pair.upstream;
    let http = client();
    // A hostile page's form posts and fetches.
    let attacks = [
        (
            Method::POST,
            "/__sim/reset",
            ("origin", "https://evil.example"),
        ),
        (
            Method::PUT,
            "/__sim/faults",
            ("sec-fetch-site", "cross-site"),
        ),
        (
            Method::GET,
            "/__sim/requests",
            ("sec-fetch-site", "same-site"),
        ),
    ];
    for (method, path, (name, value)) in attacks {
        let response = http
            .request(method.clone(), sim.at(path))
            .header(name, value)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("[\"all:503\"]")
            .send()
            .await
            .unwrap();
        assert_no_framing(response.headers());
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{method} {path}");
    }
    let status = http
        .patch(sim.api("/image-servers/actions/batch-delete"))
        .header("origin", "https://evil.example")
        .json(&json!({ "items": ["1"], "recursive": false }))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, faults) = get_json(&http, &sim.at("/__sim/faults")).await;
    assert_eq!(faults, json!([]), "no fault was injected");
    pair.assert_upstream_untouched().await;

    // Same-origin pages and tools without those headers still steer it.
    let own = sim.origin.clone();
    for (name, value) in [
        ("origin", own.as_str()),
        ("sec-fetch-site", "same-origin"),
        ("x", "y"),
    ] {
        let status = http
            .put(sim.at("/__sim/faults"))
            .header(name, value)
            .json(&json!([]))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::OK, "{name}: {value}");
    }
}

#[tokio::test]
async fn dotfiles_are_never_served() {
    let pair = plain_pair("dotfiles");
    let http = client();
    for server in [&pair.proxy, &pair.upstream] {
        for path in [
            "/.stage/index.html",
            "/.trunk-lock",
            "/.x",
            "/%2Etrunk-lock",
            "/.git/config",
        ] {
            let response = http.get(server.at(path)).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            assert_no_framing(response.headers());
        }
        let response = http.get(server.at("/")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_no_framing(response.headers());
    }
}
