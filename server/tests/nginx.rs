//! The documented nginx deployment, for real: Debian's nginx runs `deploy/nginx/image-console.conf`
//! (only its site-specific values replaced: port, directory, API host, token file) in front of
//! the simulator as the upstream API, which demands the token (`--require-token`). Chromium
//! loads the console from the sub-path and completes a delete through nginx.
//!
//! Needs `/usr/sbin/nginx` (or `$NGINX`) with the brotli_static module
//! (`libnginx-mod-http-brotli-static`); `scripts/bootstrap` installs both.

mod support {
    pub mod browser;
    pub mod encoding;
    pub mod server;
}

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::Locator;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::browser::{
    assert_no_csp_violations, dist_dir, requested_urls, wait_for, with_browser,
};
use support::encoding::assert_served_encoded;
use support::server::{client, get_json, json_of, TempDir, TestServer, PROJECT};

const SUB_PATH: &str = "/tools/image-console/";
const TOKEN: &str = "MIInginx-test-token";
const CONFIG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../deploy/nginx/image-console.conf"
);
const BROTLI_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";
const PAGE_TIMEOUT: Duration = Duration::from_secs(30);
const JOB_TIMEOUT: Duration = Duration::from_secs(30);
const ROWS: &str = "table#instance-table tbody tr[data-id]";
const SELECTION_DELETE: &str =
    "//section[contains(@class,'selection-bar')]//button[starts-with(normalize-space(.),'Delete')]";
const DIALOG_DELETE: &str = "//dialog[@open]//button[starts-with(normalize-space(.),'Delete')]";

/// nginx in the foreground, single process, everything in a temp dir; killed when dropped.
struct Nginx {
    child: Child,
    dir: TempDir,
    /// `http://127.0.0.1:PORT`.
    origin: String,
    /// The console's URL: origin plus the sub-path.
    url: String,
}

/// The sub-path the documented config uses, and one the test moves it to as the config's
/// header comment says (`sed -i 's#/tools/image-console#/your/path#g'`).
const OTHER_SUB_PATH: &str = "/ops/img-console/";

impl Nginx {
    /// Deploys `dist` as docs/deploy.md says (a copy of dist/ plus config.json, the token file,
    /// the site config) and starts nginx with it, the API host replaced by `upstream`.
    fn start(dist: &Path, upstream: &str, config_json: &Value) -> Self {
        Self::start_at(SUB_PATH, dist, upstream, config_json)
    }

    /// Like [`Self::start`], with the sub-path moved to `sub_path`.
    fn start_at(sub_path: &str, dist: &Path, upstream: &str, config_json: &Value) -> Self {
        let binary = std::env::var("NGINX").unwrap_or_else(|_| "/usr/sbin/nginx".to_owned());
        assert!(
            Path::new(&binary).is_file(),
            "nginx not found at {binary} (apt-get install nginx, or set NGINX)"
        );
        assert!(
            Path::new(BROTLI_MODULE).is_file(),
            "no {BROTLI_MODULE} (apt-get install libnginx-mod-http-brotli-static)"
        );
        let dir = TempDir::new("nginx");
        let site = dir.path().join("site");
        copy_dir(dist, &site);
        dir.write(
            "site/config.json",
            serde_json::to_vec_pretty(config_json).unwrap(),
        );
        dir.write(
            "image-console-token.conf",
            format!("proxy_set_header X-Auth-Token \"{TOKEN}\";\n"),
        );
        let port = free_port();
        let origin = format!("http://127.0.0.1:{port}");

        let mut documented = std::fs::read_to_string(CONFIG).expect("the nginx config is readable");
        if sub_path != SUB_PATH {
            documented = substitute(
                &documented,
                &[(
                    SUB_PATH.trim_end_matches('/'),
                    sub_path.trim_end_matches('/').to_owned(),
                )],
            );
        }
        let site_config = substitute(
            &documented,
            &[
                ("listen 80;", format!("listen 127.0.0.1:{port};")),
                ("/srv/image-console/", format!("{}/", site.display())),
                (
                    "https://workspace.ap-southeast-1.myhuaweicloud.com/",
                    format!("{upstream}/"),
                ),
                (
                    "/etc/nginx/image-console-token.conf",
                    dir.path()
                        .join("image-console-token.conf")
                        .display()
                        .to_string(),
                ),
            ],
        );
        dir.write("image-console.conf", &site_config);
        let temp = dir.path().display().to_string();
        // The main context a packaged nginx.conf provides; this test's own logs and temp dirs.
        dir.write(
            "nginx.conf",
            format!(
                "daemon off;\n\
                 master_process off;\n\
                 pid {temp}/nginx.pid;\n\
                 error_log {temp}/error.log info;\n\
                 load_module {BROTLI_MODULE};\n\
                 events {{ worker_connections 64; }}\n\
                 http {{\n\
                     include /etc/nginx/mime.types;\n\
                     default_type application/octet-stream;\n\
                     log_format paths '$status $request_method $request_uri';\n\
                     access_log {temp}/access.log paths;\n\
                     client_body_temp_path {temp}/client_body;\n\
                     proxy_temp_path {temp}/proxy;\n\
                     fastcgi_temp_path {temp}/fastcgi;\n\
                     uwsgi_temp_path {temp}/uwsgi;\n\
                     scgi_temp_path {temp}/scgi;\n\
                     include {temp}/image-console.conf;\n\
                 }}\n"
            ),
        );
        let child = Command::new(&binary)
            .args([
                "-p",
                &format!("{temp}/"),
                "-e",
                &format!("{temp}/error.log"),
            ])
            .args(["-c", &format!("{temp}/nginx.conf")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
        let mut nginx = Self {
            child,
            dir,
            url: format!("{origin}{sub_path}"),
            origin,
        };
        nginx.wait_until_listening(port);
        nginx
    }

    fn wait_until_listening(&mut self, port: u16) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                let mut stderr = String::new();
                if let Some(mut pipe) = self.child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
                }
                panic!(
                    "nginx exited ({status}): {stderr}\nerror.log:\n{}",
                    self.error_log()
                );
            }
            assert!(
                Instant::now() < deadline,
                "nginx did not listen on {port}:\n{}",
                self.error_log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }

    /// Every request nginx logged: (status, method, request URI).
    fn access_log(&self) -> Vec<(u16, String, String)> {
        std::fs::read_to_string(self.dir.path().join("access.log"))
            .unwrap_or_default()
            .lines()
            .map(|line| {
                let mut fields = line.splitn(3, ' ');
                let status = fields.next().unwrap_or_default().parse().unwrap_or(0);
                let method = fields.next().unwrap_or_default().to_owned();
                let uri = fields.next().unwrap_or_default().to_owned();
                (status, method, uri)
            })
            .collect()
    }

    /// A URL below the console's sub-path.
    fn at(&self, relative: &str) -> String {
        format!("{}{relative}", self.url)
    }

    /// The directory nginx serves the console from.
    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Replaces each site-specific value, insisting it is in the documented config.
fn substitute(config: &str, replacements: &[(&str, String)]) -> String {
    let mut result = config.to_owned();
    for (from, to) in replacements {
        assert!(
            result.contains(from),
            "deploy/nginx/image-console.conf no longer contains {from:?}; update this test and \
             docs/deploy.md together"
        );
        result = result.replace(from, to);
    }
    result
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The simulator as the upstream API: it answers 401 without the token.
fn upstream(job_duration_ms: &str) -> (TempDir, TestServer) {
    let empty = TempDir::new("nginx-upstream-dist");
    empty.write("index.html", "<!doctype html><title>upstream</title>");
    let server = TestServer::start(&[
        "--dist",
        empty.arg(),
        "--require-token",
        TOKEN,
        "--job-duration-ms",
        job_duration_ms,
    ]);
    (empty, server)
}

fn console_config() -> Value {
    json!({ "api_base": "api", "project_id": PROJECT })
}

async fn upstream_log(upstream: &TestServer) -> Vec<Value> {
    let (status, log) = get_json(&client(), &upstream.at("/__sim/requests")).await;
    assert_eq!(status, StatusCode::OK);
    log.as_array().unwrap().clone()
}

/// Headers, caching and compression of the static files, as documented.
#[tokio::test]
async fn nginx_serves_the_console_with_the_documented_headers() {
    let dist = dist_dir();
    let (_empty, upstream) = upstream("8000");
    let nginx = Nginx::start(
        &dist,
        &format!("{}/api", upstream.origin),
        &console_config(),
    );
    let http = client();

    // The same security headers as image-console-server, on the page and on errors.
    let server = TestServer::start(&["--dist", dist.to_str().unwrap()]);
    let expected = http.get(&server.url).send().await.unwrap();
    for url in [nginx.url.clone(), nginx.at("missing.js")] {
        let response = http.get(&url).send().await.unwrap();
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

/// The API location: the token is added, only the console's routes pass, the rest is refused
/// without reaching the upstream, bodies are bounded, and answers pass through unchanged.
#[tokio::test]
async fn nginx_forwards_only_the_consoles_api_calls_with_the_token() {
    let dist = dist_dir();
    let (_empty, upstream) = upstream("200");
    // Also shows that moving the sub-path as documented moves everything.
    let nginx = Nginx::start_at(
        OTHER_SUB_PATH,
        &dist,
        &format!("{}/api", upstream.origin),
        &console_config(),
    );
    let (status, _) = get_json(&client(), &nginx.at("config.json")).await;
    assert_eq!(status, StatusCode::OK);
    let old = client()
        .get(format!("{}{SUB_PATH}config.json", nginx.origin))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(
        old,
        StatusCode::NOT_FOUND,
        "nothing left at the old sub-path"
    );
    let http = client();
    let p = PROJECT;

    // Refused here: other routes, methods and escapes.
    let refused = [
        (
            "GET",
            format!("api/v1/{p}/image-server-jobs?job_type=DELETE_SERVER"),
            404,
        ),
        ("POST", format!("api/v1/{p}/image-servers"), 405),
        (
            "PATCH",
            format!("api/v1/{p}/image-servers/697612196993040384"),
            405,
        ),
        (
            "DELETE",
            format!("api/v1/{p}/image-servers/697612196993040384"),
            405,
        ),
        (
            "GET",
            format!("api/v1/{p}/image-servers/actions/batch-delete"),
            405,
        ),
        (
            "GET",
            format!("api/v1/{p}/image-server-sub-jobs?job_type=DELETE_SERVER"),
            404,
        ),
        ("GET", format!("api/v2/{p}/job/abc"), 404),
        ("GET", "api/v3/auth/tokens".to_owned(), 404),
        ("GET", "api/".to_owned(), 404),
        (
            "GET",
            format!("api/v1/{p}/image-servers/..%2F..%2Fimage-server-sub-jobs"),
            404,
        ),
        ("GET", format!("api/v1/{p}/image-servers/a%2Fb"), 404),
        ("GET", "api/v1/not-a-project/image-servers".to_owned(), 404),
    ];
    for (method, relative, expected) in refused {
        let response = http
            .request(method.parse().unwrap(), nginx.at(&relative))
            .send()
            .await
            .unwrap();
        let (status, body) = json_of(response).await;
        assert_eq!(status.as_u16(), expected, "{method} {relative}: {body}");
        assert_eq!(
            body["error_code"],
            format!("PROXY.0{expected}"),
            "{method} {relative}"
        );
    }
    let log = upstream_log(&upstream).await;
    assert!(log.is_empty(), "nothing reached the upstream: {log:#?}");

    // Forwarded with the token (the simulator would answer 401 without it), the browser's
    // own token and cookies dropped; X-Request-Id and the body come back unchanged.
    let response = http
        .get(
            nginx
                .at("api/v1/{p}/image-servers?limit=3")
                .replace("{p}", p),
        )
        .header("x-auth-token", "browser-token")
        .header("cookie", "session=1")
        .send()
        .await
        .unwrap();
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(request_id.len(), 32);
    let (status, page) = json_of(response).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    let (_, direct) = json_of(
        http.get(upstream.api("/image-servers?limit=3"))
            .header("x-auth-token", TOKEN)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page, direct);
    let id = page["items"][0]["id"].as_str().unwrap();
    let (status, shown) =
        get_json(&http, &nginx.at(&format!("api/v1/{p}/image-servers/{id}"))).await;
    assert_eq!(status, StatusCode::OK, "{shown}");

    // Upstream errors pass through: status, HTML body, Retry-After.
    http.put(upstream.at("/__sim/faults"))
        .json(&json!(["list:429=7"]))
        .send()
        .await
        .unwrap();
    let response = http
        .get(nginx.at(&format!("api/v1/{p}/image-servers")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "7");
    let header_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let (_, body) = json_of(response).await;
    assert_eq!(body["request_id"], header_id);

    // Bodies over 64 KiB: 413 from nginx, never forwarded.
    let before = upstream_log(&upstream).await.len();
    let big = json!({ "items": ["1"], "recursive": false, "padding": "x".repeat(70 * 1024) });
    let status = http
        .patch(nginx.at(&format!("api/v1/{p}/image-servers/actions/batch-delete")))
        .json(&big)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let log = upstream_log(&upstream).await;
    assert_eq!(log.len(), before, "the big body was not forwarded");
    for entry in &log {
        assert_ne!(
            entry["status"], 401,
            "every forwarded request had the token"
        );
        assert!(
            entry["path"]
                .as_str()
                .unwrap()
                .starts_with(&format!("/api/v1/{p}/")),
            "{entry}"
        );
    }
}

/// Chromium loads the console from the sub-path through nginx and deletes an instance; every
/// request stays under the sub-path and the simulator saw the token on every call.
#[tokio::test]
async fn a_delete_completes_through_nginx() {
    let dist = dist_dir();
    let (_empty, upstream) = upstream("1500");
    let nginx = Nginx::start(
        &dist,
        &format!("{}/api", upstream.origin),
        &console_config(),
    );
    // An instance the simulator lets go (and whose name is plain text for a CSS selector).
    let (status, page) = json_of(
        client()
            .get(upstream.api("/image-servers?limit=100"))
            .header("x-auth-token", TOKEN)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let target = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            let name = i["name"].as_str().unwrap_or_default();
            i["status"] == "ACTIVE"
                && !name.contains("changed")
                && !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .cloned()
        .expect("a plain ACTIVE instance in the seed data");
    let name = target["name"].as_str().unwrap().to_owned();
    let id = target["id"].as_str().unwrap().to_owned();

    let url = nginx.url.clone();
    let origin = nginx.origin.clone();
    let checkbox = format!("{ROWS} input[type=checkbox][aria-label=\"Select {name}\"]");
    let job_slot = Arc::new(Mutex::new(String::new()));
    let slot = job_slot.clone();
    with_browser(move |browser| async move {
        browser.goto(&url).await.expect("console loads");
        wait_for(&browser, ROWS, PAGE_TIMEOUT).await;
        wait_for(&browser, &checkbox, PAGE_TIMEOUT)
            .await
            .click()
            .await
            .expect("checkbox clicks");
        browser
            .wait()
            .at_most(PAGE_TIMEOUT)
            .for_element(Locator::XPath(SELECTION_DELETE))
            .await
            .expect("the Delete button")
            .click()
            .await
            .expect("Delete clicks");
        browser
            .wait()
            .at_most(PAGE_TIMEOUT)
            .for_element(Locator::XPath(DIALOG_DELETE))
            .await
            .expect("the dialog's Delete button")
            .click()
            .await
            .expect("dialog Delete clicks");
        let card = wait_for(&browser, "article[data-job-id]", PAGE_TIMEOUT).await;
        let job_id = card
            .attr("data-job-id")
            .await
            .unwrap()
            .expect("the card names its job");
        let raw = format!("article[data-job-id=\"{job_id}\"] .job-status .raw-status");
        let deadline = Instant::now() + JOB_TIMEOUT;
        loop {
            let status = match browser.find(Locator::Css(&raw)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if status.trim() == "SUCCESS" {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the job card did not reach SUCCESS (last: {status:?})"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_no_csp_violations(&browser).await;
        let prefix = format!("{origin}{SUB_PATH}");
        for requested in requested_urls(&browser).await {
            assert!(
                requested.starts_with(&prefix),
                "{requested} is not under {prefix}"
            );
        }
        *slot.lock().unwrap() = job_id;
    })
    .await;
    let job_id = job_slot.lock().unwrap().clone();

    // nginx saw only requests under the sub-path, none refused or failed.
    let access = nginx.access_log();
    assert!(!access.is_empty());
    for (status, method, uri) in &access {
        assert!(
            uri.starts_with(SUB_PATH),
            "{method} {uri} outside {SUB_PATH}"
        );
        assert!(
            (200..400).contains(status),
            "{status} {method} {uri}\n{}",
            nginx.error_log()
        );
    }
    assert!(
        access
            .iter()
            .any(|(_, m, u)| m == "PATCH" && u.ends_with("/image-servers/actions/batch-delete")),
        "{access:#?}"
    );
    // The simulator got the token on every call and exactly one delete of the target.
    let log = upstream_log(&upstream).await;
    assert!(log.iter().all(|e| e["status"] == 200), "{log:#?}");
    let deletes: Vec<&Value> = log.iter().filter(|e| e["endpoint"] == "delete").collect();
    assert_eq!(deletes.len(), 1, "{deletes:#?}");
    assert_eq!(deletes[0]["body"]["items"], json!([id]));
    let (_, job) = json_of(
        client()
            .get(upstream.api(&format!("/image-server-jobs/{job_id}")))
            .header("x-auth-token", TOKEN)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(job["status"], "SUCCESS", "{job}");
}
