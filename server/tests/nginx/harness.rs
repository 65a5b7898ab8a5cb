//! Real nginx running the shipped `deploy/nginx/image-console.conf`, only its site-specific
//! values replaced (port, host name, project, directory, API host, token, users, logs), in
//! front of the simulator as the upstream API, which demands the token (`--require-token`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde_json::{json, Value};

use crate::support::console::seed;
pub use crate::support::server::sim::{request_log, set_faults};
use crate::support::server::{client, json_of, TempDir, TestServer, PROJECT};

pub const SUB_PATH: &str = "/tools/image-console/";
pub const TOKEN: &str = "MIInginx-test-token";
/// A user in the test's htpasswd file, and their password.
pub const USER: &str = "alice";
pub const PASSWORD: &str = "correct horse battery";
/// A user whose name would break naive JSON (`o"brien`): authenticated, never echoed.
pub const QUOTED_USER: &str = "o\"brien";
const CONFIG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../deploy/nginx/image-console.conf"
);
const SSO_BLOCK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../deploy/nginx/image-console-sso.conf"
);
const DEPLOY_GUIDE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/deploy.md");
const BROTLI_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";
const JS_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_js_module.so";
const AUDIT_SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../deploy/nginx/image-console-audit.js"
);
const AUTH_START: &str = "    # >>> authentication";
const AUTH_END: &str = "    # <<< authentication\n";

/// How the deployment authenticates people.
pub enum Auth {
    /// The shipped Basic block with an htpasswd file holding [`USER`] and [`QUOTED_USER`].
    Basic,
    /// `image-console-sso.conf` in its place, asking the gateway at this URL.
    Sso { check_url: String },
}

/// nginx in the foreground, single process, everything in a temp dir; killed when dropped.
pub struct Nginx {
    child: Child,
    dir: TempDir,
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    pub port: u16,
    /// The console's URL: origin plus the sub-path.
    pub url: String,
}

impl Nginx {
    /// Deploys `dist` as docs/deploy.md says (dist/ without dotfiles plus config.json, the
    /// token file, the users, the site config) and starts nginx with it, the API host
    /// replaced by `upstream`.
    pub fn start(dist: &Path, upstream: &str) -> Self {
        Self::start_with(SUB_PATH, Auth::Basic, dist, upstream)
    }

    /// Like [`Self::start`], with the sub-path moved to `sub_path` as the config's header
    /// comment says (`sed -i 's#/tools/image-console#/your/path#g'`) and another `auth`.
    pub fn start_with(sub_path: &str, auth: Auth, dist: &Path, upstream: &str) -> Self {
        let binary = std::env::var("NGINX").unwrap_or_else(|_| "/usr/sbin/nginx".to_owned());
        assert!(
            Path::new(&binary).is_file(),
            "nginx not found at {binary} (apt-get install nginx, or set NGINX)"
        );
        assert!(
            Path::new(BROTLI_MODULE).is_file(),
            "no {BROTLI_MODULE} (apt-get install libnginx-mod-http-brotli-static)"
        );
        assert!(
            Path::new(JS_MODULE).is_file(),
            "no {JS_MODULE} (apt-get install libnginx-mod-http-js)"
        );
        let dir = TempDir::new("nginx");
        let site = dir.path().join("site");
        install_files(dist, &site);
        dir.write(
            "site/config.json",
            serde_json::to_vec_pretty(&console_config()).unwrap(),
        );
        dir.write(
            "image-console-token.conf",
            format!("proxy_set_header X-Auth-Token \"{TOKEN}\";\n"),
        );
        dir.write("image-console.htpasswd", htpasswd(&[USER, QUOTED_USER]));
        dir.write(
            "image-console-audit.js",
            std::fs::read(AUDIT_SCRIPT).expect("the audit script is readable"),
        );
        let port = free_port();
        let origin = format!("http://127.0.0.1:{port}");
        let temp = dir.path().display().to_string();

        let mut documented = std::fs::read_to_string(CONFIG).expect("the nginx config is readable");
        if let Auth::Sso { check_url } = &auth {
            let block = std::fs::read_to_string(SSO_BLOCK).expect("the SSO block is readable");
            let block = substitute(
                &block,
                &[("http://127.0.0.1:4180/oauth2/auth", check_url.clone())],
            );
            documented = replace_auth_block(&documented, &block);
        }
        if sub_path != SUB_PATH {
            documented = substitute(
                &documented,
                &[(
                    SUB_PATH.trim_end_matches('/'),
                    sub_path.trim_end_matches('/').to_owned(),
                )],
            );
        }
        let mut replacements = vec![
            (
                "listen 80 default_server;",
                format!("listen 127.0.0.1:{port} default_server;"),
            ),
            ("listen 80;", format!("listen 127.0.0.1:{port};")),
            (
                "server_name image-console.example.com;",
                "server_name 127.0.0.1;".to_owned(),
            ),
            ("\"YOUR_PROJECT_ID\"", format!("\"{PROJECT}\"")),
            ("/srv/image-console/", format!("{}/", site.display())),
            (
                "https://workspace.ap-southeast-1.myhuaweicloud.com/",
                format!("{upstream}/"),
            ),
            (
                "/etc/nginx/image-console-token.conf",
                format!("{temp}/image-console-token.conf"),
            ),
            (
                "/var/log/nginx/image-console-audit.log",
                format!("{temp}/audit.log"),
            ),
            (
                "/etc/nginx/image-console-audit.js",
                format!("{temp}/image-console-audit.js"),
            ),
            (
                "access_log /var/log/nginx/access.log;",
                format!("access_log {temp}/access.log paths;"),
            ),
        ];
        if let Auth::Basic = auth {
            replacements.push((
                "/etc/nginx/image-console.htpasswd",
                format!("{temp}/image-console.htpasswd"),
            ));
        }
        dir.write("image-console.conf", substitute(&documented, &replacements));
        // The main context a packaged nginx.conf provides; this test's own logs and temp dirs.
        dir.write(
            "nginx.conf",
            format!(
                "daemon off;\n\
                 master_process off;\n\
                 pid {temp}/nginx.pid;\n\
                 error_log {temp}/error.log info;\n\
                 load_module {BROTLI_MODULE};\n\
                 load_module {JS_MODULE};\n\
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
            port,
        };
        nginx.wait_until_listening();
        nginx
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
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
                "nginx did not listen on {}:\n{}",
                self.port,
                self.error_log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }

    /// Every request nginx logged: (status, method, request URI).
    pub fn access_log(&self) -> Vec<(u16, String, String)> {
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

    /// The audit records, one JSON object per line, once there are at least `count` (nginx
    /// writes a request's line after it sent the answer).
    pub fn audit_log(&self, count: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let records: Vec<Value> = std::fs::read_to_string(self.dir.path().join("audit.log"))
                .unwrap_or_default()
                .lines()
                .map(|line| {
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: audit line {line}"))
                })
                .collect();
            if records.len() >= count {
                return records;
            }
            assert!(
                Instant::now() < deadline,
                "{} audit records, expected {count}: {records:#?}",
                records.len()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A URL below the console's sub-path.
    pub fn at(&self, relative: &str) -> String {
        format!("{}{relative}", self.url)
    }

    /// The API URL of `path` below `/v1/{PROJECT}`.
    pub fn api(&self, path: &str) -> String {
        self.at(&format!("api/v1/{PROJECT}{path}"))
    }

    /// A request as the console in a signed-in browser sends it: the user's Basic
    /// credentials and, as browsers do on every write, the page's Origin.
    pub fn signed_in(&self, method: Method, url: &str) -> RequestBuilder {
        signed_in_client()
            .request(method, url)
            .header("origin", &self.origin)
    }

    /// The directory nginx serves the console from.
    pub fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `Authorization` header of [`USER`] signed in with Basic credentials.
pub fn basic_authorization(user: &str) -> String {
    use base64::Engine as _;
    let credentials =
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{PASSWORD}"));
    format!("Basic {credentials}")
}

/// An HTTP client that sends [`USER`]'s credentials with every request (and follows no
/// redirects, like [`client`]).
pub fn signed_in_client() -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        basic_authorization(USER).parse().expect("a header value"),
    );
    Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client builds")
}

/// Replaces each site-specific value, insisting it is in the documented config.
fn substitute(config: &str, replacements: &[(&str, String)]) -> String {
    let mut result = config.to_owned();
    for (from, to) in replacements {
        assert!(
            result.contains(from),
            "deploy/nginx/ or docs/deploy.md no longer contains {from:?}; update this test and them \
             together"
        );
        result = result.replace(from, to);
    }
    result
}

/// The config with its Basic authentication block replaced by `block`, as docs/deploy.md
/// says for single sign-on.
fn replace_auth_block(config: &str, block: &str) -> String {
    let start = config
        .find(AUTH_START)
        .expect("the config marks its auth block");
    let end = config[start..].find(AUTH_END).expect("the auth block ends") + start;
    format!(
        "{}{block}{}",
        &config[..start],
        &config[end + AUTH_END.len()..]
    )
}

/// An htpasswd file as `htpasswd -B` writes it (bcrypt, `$2y$`), every user with [`PASSWORD`].
/// Cost 5 keeps the tests quick; nginx checks the hash on every request.
fn htpasswd(users: &[&str]) -> String {
    users
        .iter()
        .map(|user| {
            let hash = bcrypt::hash_with_result(PASSWORD, 5)
                .expect("bcrypt hashes")
                .format_for_version(bcrypt::Version::TwoY);
            assert!(hash.starts_with("$2y$05$"), "{hash}");
            format!("{user}:{hash}\n")
        })
        .collect()
}

/// Copies the build to `site` with docs/deploy.md's own install command (the `rsync` line,
/// run without `sudo`), which leaves out dotfiles such as trunk's `.trunk-lock`.
fn install_files(dist: &Path, site: &Path) {
    let guide = std::fs::read_to_string(DEPLOY_GUIDE).expect("docs/deploy.md is readable");
    let documented = guide
        .lines()
        .find_map(|line| line.strip_prefix("sudo rsync "))
        .expect("docs/deploy.md installs the files with `sudo rsync …`");
    let command = substitute(
        &format!("rsync {documented}"),
        &[
            (" dist/ ", format!(" '{}/' ", dist.display())),
            ("/srv/image-console/", format!("'{}/'", site.display())),
        ],
    );
    std::fs::create_dir_all(site).unwrap();
    let output = Command::new("sh")
        .args(["-c", &command])
        .output()
        .expect("sh runs");
    assert!(
        output.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The simulator as the upstream API: it answers 401 without the token.
pub fn upstream(job_duration_ms: &str) -> (TempDir, TestServer) {
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

/// The upstream URL nginx forwards to: the simulator's API prefix.
pub fn upstream_api(upstream: &TestServer) -> String {
    format!("{}/api", upstream.origin)
}

pub fn console_config() -> Value {
    json!({ "api_base": "api", "project_id": PROJECT })
}

/// A `GET` of an API path straight to the simulator, with the token.
pub fn upstream_request(upstream: &TestServer, path: &str) -> RequestBuilder {
    client()
        .get(upstream.api(path))
        .header("x-auth-token", TOKEN)
}

/// `GET` of an API path straight to the simulator, with the token: status and JSON body.
pub async fn upstream_get(upstream: &TestServer, path: &str) -> (StatusCode, Value) {
    json_of(upstream_request(upstream, path).send().await.unwrap()).await
}

/// `count` ACTIVE instances the simulator lets go, with plain names (usable in CSS
/// selectors): (name, id) each.
pub async fn deletable_instances(upstream: &TestServer, count: usize) -> Vec<(String, String)> {
    let (status, page) = upstream_get(upstream, "/image-servers?limit=100").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let found: Vec<(String, String)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| seed::plain_active(i))
        .map(|i| (seed::name(i), seed::id(i)))
        .take(count)
        .collect();
    assert_eq!(
        found.len(),
        count,
        "plain ACTIVE instances in the seed data"
    );
    found
}
