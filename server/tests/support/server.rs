//! The server under test, either way it runs: the real `image-console-server` binary on an
//! ephemeral port ([`TestServer`], for tests whose point is a socket, the CLI or a browser), or
//! the router of `image_console_server::app()` called in this process ([`TestApp`], for tests
//! that only need HTTP). Both implement [`Api`], so the API helpers ([`all_instances`],
//! [`poll_job`], ...), the simulator's control ([`sim`]) and the header checks ([`headers`])
//! are written once for both. A double of another service (an upstream, a gateway, a
//! site) runs as its own axum app on a free port ([`serve`]).
#![allow(
    dead_code,
    reason = "each test target uses a different subset of these helpers"
)]

mod api;
pub mod headers;
mod in_process;
pub mod sim;

#[allow(unused_imports, reason = "each test target uses a different subset")]
pub use api::{
    all_instances, api_path, batch_delete, delete_to_the_end, end_of_job, is_terminal,
    names_listed, poll_job, Api, Call,
};
#[allow(unused_imports, reason = "each test target uses a different subset")]
pub use in_process::{fault_specs, TestApp};

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use axum::http;
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;

/// The server's default project id.
pub const PROJECT: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
/// Bound on waiting for the ready line (a cold debug binary on a busy 2-core machine).
const READY_TIMEOUT: Duration = Duration::from_secs(30);
const READY_PREFIX: &str = "image-console ready at ";

/// A running server process, killed when dropped.
pub struct TestServer {
    child: Child,
    /// The URL from the ready line (origin plus base path).
    pub url: String,
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    /// The whole ready line.
    pub ready_line: String,
}

impl TestServer {
    /// Starts the binary on an ephemeral port with these extra arguments and waits for its
    /// ready line.
    pub fn start(args: &[&str]) -> Self {
        Self::try_start(args)
            .unwrap_or_else(|error| panic!("server did not start with {args:?}: {error}"))
    }

    /// Like [`Self::start`], but reports a failed start (with the process's stderr) as an error.
    pub fn try_start(args: &[&str]) -> Result<Self, String> {
        Self::try_start_with_env(args, &[])
    }

    /// Like [`Self::try_start`], with extra environment variables for the process.
    pub fn try_start_with_env(args: &[&str], env: &[(&str, &str)]) -> Result<Self, String> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_image-console-server"))
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot spawn: {e}"))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let line = receiver.recv_timeout(READY_TIMEOUT).unwrap_or_default();
        if !line.starts_with(READY_PREFIX) {
            let _ = child.kill();
            let output = child.wait_with_output().map_err(|e| e.to_string())?;
            return Err(format!(
                "no ready line (got {line:?}); exit {:?}; stderr: {}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        // Keep the server's later stderr visible in test output.
        if let Some(stderr) = child.stderr.take() {
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    eprintln!("[server] {line}");
                }
            });
        }
        let ready_line = line.trim_end().to_owned();
        let url = ready_line
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .to_owned();
        let origin = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
        Ok(Self {
            child,
            url,
            origin,
            ready_line,
        })
    }

    /// URL of an API path below `/api/v1/{PROJECT}`.
    pub fn api(&self, path: &str) -> String {
        self.at(&api_path(path))
    }

    /// URL of a path at the origin root.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// Process id, for sending signals.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits (bounded) for the process to exit by itself and returns its exit code.
    pub fn wait_for_exit(&mut self, timeout: Duration) -> Option<i32> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Api for TestServer {
    async fn send(&self, request: http::Request<Vec<u8>>) -> Response {
        let (mut parts, body) = request.into_parts();
        parts.uri = self
            .at(&parts.uri.to_string())
            .parse()
            .expect("an absolute URL");
        client().send(http::Request::from_parts(parts, body)).await
    }
}

/// A plain client is an [`Api`] whose requests name whole URLs (a server behind nginx, say).
impl Api for Client {
    async fn send(&self, request: http::Request<Vec<u8>>) -> Response {
        let request = reqwest::Request::try_from(request).expect("a request with a whole URL");
        self.execute(request).await.expect("request succeeds")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that never follows redirects or decompresses, so tests see the raw answer.
pub fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client builds")
}

/// Status and JSON body of a response (panics if the body is not JSON).
pub async fn json_of(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.expect("body arrives");
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (status, body)
}

/// `GET url` as status and JSON body.
pub async fn get_json(client: &Client, url: &str) -> (StatusCode, Value) {
    json_of(client.get(url).send().await.expect("request succeeds")).await
}

/// A fresh directory under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    /// Creates `{tmp}/image-console-{label}-{pid}-{n}`.
    pub fn new(label: &str) -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("image-console-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir");
        Self(path)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `contents` to `relative` inside the directory, creating parents.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("parent dir");
        std::fs::write(path, contents).expect("write file");
    }

    /// The directory as a command-line argument.
    pub fn arg(&self) -> &str {
        self.0.to_str().expect("utf-8 temp path")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Serves `app` (a double of another service) on a free loopback port until the test ends;
/// returns where.
pub async fn serve(app: axum::Router) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    address
}
