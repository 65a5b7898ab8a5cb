//! Authentication on every request, `whoami.json`, and the refusal to start exposed without it.

use std::process::Command;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::json;

use crate::support::proxy::{path_in, ProxyPair};
use crate::support::server::{client, get_json, TempDir, TestServer, PROJECT};

/// A bcrypt htpasswd line, as `htpasswd -B` writes it (low cost: a debug build runs the test).
pub fn htpasswd_line(user: &str, password: &str) -> String {
    let hash = bcrypt::hash_with_result(password, 4)
        .expect("bcrypt hashes")
        .format_for_version(bcrypt::Version::TwoY);
    format!("{user}:{hash}\n")
}

/// A pair whose proxy checks an htpasswd file with alice's password and writes its audit log
/// to `audit.jsonl` in the pair's directory.
pub fn with_htpasswd(label: &str) -> ProxyPair {
    let dir = TempDir::new(label);
    dir.write("htpasswd", htpasswd_line("alice", "correct horse"));
    let htpasswd = path_in(&dir, "htpasswd");
    let audit = path_in(&dir, "audit.jsonl");
    let args = [
        "--pass-browser-token",
        "--htpasswd",
        &htpasswd,
        "--audit-log",
        &audit,
    ];
    ProxyPair::start(dir, &[], &args)
}

fn assert_basic_challenge(headers: &HeaderMap) {
    assert_eq!(headers["www-authenticate"], "Basic realm=\"image-console\"");
}

#[tokio::test]
async fn htpasswd_guards_every_request_and_names_the_user() {
    let pair = with_htpasswd("auth-htpasswd");
    let proxy = &pair.proxy;
    let http = client();
    let paths = [
        "/".to_owned(),
        "/index.html".to_owned(),
        "/config.json".to_owned(),
        "/whoami.json".to_owned(),
        format!("/api/v1/{PROJECT}/image-servers?limit=1"),
    ];
    for path in &paths {
        for attempt in [
            http.get(proxy.at(path)),
            http.get(proxy.at(path)).basic_auth("alice", Some("wrong")),
            http.get(proxy.at(path))
                .basic_auth("mallory", Some("correct horse")),
            http.get(proxy.at(path)).bearer_auth("token"),
        ] {
            let response = attempt.send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
            assert_basic_challenge(response.headers());
        }
    }
    // Nor is a write let through.
    let response = http
        .patch(proxy.api("/image-servers/actions/batch-delete"))
        .header("sec-fetch-site", "same-origin")
        .json(&json!({ "items": ["1"], "recursive": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    pair.assert_upstream_untouched().await;

    for path in &paths {
        let response = http
            .get(proxy.at(path))
            .basic_auth("alice", Some("correct horse"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    let response = http
        .get(proxy.at("/whoami.json"))
        .basic_auth("alice", Some("correct horse"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        json!({ "user": "alice" })
    );
    assert_eq!(
        pair.upstream_log().await.len(),
        1,
        "only alice's list reached it"
    );
}

#[tokio::test]
async fn an_edited_htpasswd_file_applies_from_the_next_request() {
    let pair = with_htpasswd("auth-htpasswd-edits");
    let http = client();
    let whoami = |user: &str, password: &str| {
        http.get(pair.proxy.at("/whoami.json"))
            .basic_auth(user, Some(password))
            .send()
    };
    assert_eq!(
        whoami("alice", "correct horse").await.unwrap().status(),
        StatusCode::OK
    );

    // `htpasswd -D alice`, `htpasswd -B bob`: alice's remembered login no longer counts.
    pair.dir
        .write("htpasswd", htpasswd_line("bob", "battery staple"));
    let refused = whoami("alice", "correct horse").await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_basic_challenge(refused.headers());
    let bob = whoami("bob", "battery staple").await.unwrap();
    assert_eq!(bob.status(), StatusCode::OK);
    assert_eq!(
        bob.json::<serde_json::Value>().await.unwrap(),
        json!({ "user": "bob" })
    );

    // A file nobody can sign in with: everyone is refused, nothing is forwarded.
    pair.dir
        .write("htpasswd", "bob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
    let response = http
        .get(pair.proxy.api("/image-servers?limit=1"))
        .basic_auth("bob", Some("battery staple"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error_code"], "PROXY.0503");
    pair.assert_upstream_untouched().await;

    pair.dir
        .write("htpasswd", htpasswd_line("bob", "battery staple"));
    assert_eq!(
        whoami("bob", "battery staple").await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn password_guessing_is_slowed_to_a_few_tries_a_minute() {
    let pair = with_htpasswd("auth-guessing");
    let http = client();
    // 20 checks a minute per address: the tries above that are refused unchecked.
    let mut refused = None;
    for attempt in 0..25 {
        let response = http
            .get(pair.proxy.at("/config.json"))
            .basic_auth("alice", Some(format!("guess-{attempt}")))
            .send()
            .await
            .unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            refused = Some((attempt, response));
            break;
        }
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let (attempt, response) = refused.expect("guessing was never slowed");
    assert_eq!(attempt, 20, "after 20 wrong passwords");
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3).contains(&retry_after), "{retry_after}");
    // Even the right password waits: a guesser cannot tell it apart.
    let status = http
        .get(pair.proxy.at("/config.json"))
        .basic_auth("alice", Some("correct horse"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_trusted_header_counts_only_from_the_gateways_address() {
    let dir = TempDir::new("auth-trusted");
    let pair = ProxyPair::start(
        dir,
        &[],
        &[
            "--pass-browser-token",
            "--trusted-peer",
            "127.0.0.1",
            "--trusted-user-header",
            "X-Auth-Request-User",
        ],
    );
    let http = client();
    let proxy = &pair.proxy;
    let whoami = http
        .get(proxy.at("/whoami.json"))
        .header("x-auth-request-user", "bob")
        .send()
        .await
        .unwrap();
    assert_eq!(whoami.status(), StatusCode::OK);
    assert_eq!(
        whoami.json::<serde_json::Value>().await.unwrap(),
        json!({ "user": "bob" })
    );
    // The gateway let nobody through: no name, no entry.
    for request in [
        http.get(proxy.api("/image-servers")),
        http.get(proxy.api("/image-servers"))
            .header("x-forwarded-user", "bob"),
        http.get(proxy.api("/image-servers"))
            .header("x-auth-request-user", " "),
    ] {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    pair.assert_upstream_untouched().await;

    // From an address that is not the gateway, the header is not believed.
    let dir = TempDir::new("auth-untrusted");
    let pair = ProxyPair::start(
        dir,
        &[],
        &["--pass-browser-token", "--trusted-peer", "192.0.2.7"],
    );
    for path in [
        "/",
        "/whoami.json",
        &format!("/api/v1/{PROJECT}/image-servers"),
    ] {
        let response = http
            .get(pair.proxy.at(path))
            .header("x-forwarded-user", "admin")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    pair.assert_upstream_untouched().await;
}

#[tokio::test]
async fn whoami_is_404_where_nobody_signs_in() {
    let http = client();
    let pair = ProxyPair::start(TempDir::new("auth-none"), &[], &["--pass-browser-token"]);
    for server in [&pair.proxy, &pair.upstream] {
        let status = http
            .get(server.at("/whoami.json"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, _) = get_json(&http, &pair.proxy.api("/image-servers?limit=1")).await;
    assert_eq!(status, StatusCode::OK, "loopback without a login works");
}

/// Runs the binary with `args` and returns its exit code and stderr.
fn run(args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_image-console-server"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn an_exposed_proxy_without_authentication_does_not_start() {
    let dir = TempDir::new("auth-exposed");
    dir.write("dist/index.html", "<!doctype html>");
    dir.write("token", "t");
    let dist = path_in(&dir, "dist");
    let token = path_in(&dir, "token");
    let proxy = [
        "--dist",
        &dist,
        "--upstream",
        "https://workspace.ap-southeast-1.myhuaweicloud.com",
        "--project-id",
        PROJECT,
        "--token-file",
        &token,
    ];
    let mut exposed = vec!["--listen", "0.0.0.0:0"];
    exposed.extend(proxy);
    let (code, stderr) = run(&exposed);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("not a loopback address")
            && stderr.contains("--htpasswd")
            && stderr.contains("--trusted-peer"),
        "{stderr}"
    );
    // A file that is not bcrypt is refused at start too, saying how to make one.
    dir.write("htpasswd", "alice:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
    let htpasswd = path_in(&dir, "htpasswd");
    let mut with_sha1 = proxy.to_vec();
    with_sha1.extend(["--htpasswd", &htpasswd]);
    let server = TestServer::try_start(&with_sha1);
    let error = server.err().expect("no start with a non-bcrypt htpasswd");
    assert!(error.contains("htpasswd -B"), "{error}");
}

#[test]
fn help_documents_the_boundarys_flags() {
    let output = Command::new(env!("CARGO_BIN_EXE_image-console-server"))
        .arg("--help")
        .output()
        .expect("binary runs");
    let help = String::from_utf8_lossy(&output.stdout);
    for needle in [
        "--htpasswd <FILE>",
        "--trusted-user-header <NAME>",
        "--trusted-peer <IP>",
        "--allowed-host <NAME[:PORT]>",
        "--audit-log <FILE>",
        "--credentials-file <FILE>",
        "--credentials-env",
        "--rate-limit <N>",
        "--max-concurrent <N>",
        "--allow-insecure-upstream",
        "--require-signature <AK:SK>",
        "workspace:images:listImageJobs",
        "whoami.json",
    ] {
        assert!(help.contains(needle), "--help lacks {needle:?}:\n{help}");
    }
}
