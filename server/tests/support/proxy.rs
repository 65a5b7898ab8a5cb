//! The simulator as an upstream on loopback and the server in proxy mode in front of it, for
//! tests of the proxy's boundary. The simulator's `/__sim/requests` log shows what reached it.
use reqwest::RequestBuilder;
use serde_json::Value;

use super::server::sim::request_log;
use super::server::{client, TempDir, TestServer, PROJECT};

/// What the console's own page sends with a write (Chromium adds it to same-origin fetches).
pub const SAME_ORIGIN: (&str, &str) = ("sec-fetch-site", "same-origin");

/// An upstream simulator, a proxy in front of it, and their scratch directory.
pub struct ProxyPair {
    /// The simulator.
    pub upstream: TestServer,
    /// The server in proxy mode.
    pub proxy: TestServer,
    /// Holds the dist (with dotfiles a careless copy would publish) and any files tests add.
    pub dir: TempDir,
}

impl ProxyPair {
    /// Starts both: the simulator with `upstream_args`, the proxy with `proxy_args` (after
    /// `--upstream` and `--project-id`), both serving a stub app written into `dir` (with
    /// dotfiles a careless copy would publish). Tests put their files (token, htpasswd,
    /// credentials) into `dir` first ([`path_in`] names them).
    pub fn start(dir: TempDir, upstream_args: &[&str], proxy_args: &[&str]) -> Self {
        Self::start_with_dist(dir, None, upstream_args, proxy_args)
    }

    /// Like [`Self::start`], serving the app from `dist` (a real build) instead of a stub.
    pub fn start_with_dist(
        dir: TempDir,
        dist: Option<&str>,
        upstream_args: &[&str],
        proxy_args: &[&str],
    ) -> Self {
        dir.write("dist/index.html", "<!doctype html><title>proxy</title>");
        dir.write("dist/.stage/index.html", "build leftovers");
        dir.write("dist/.trunk-lock", "lock");
        let stub = dir.path().join("dist");
        let dist = dist.unwrap_or_else(|| stub.to_str().expect("utf-8 path"));
        let mut args = vec!["--dist", dist];
        args.extend_from_slice(upstream_args);
        let upstream = TestServer::start(&args);
        let upstream_url = format!("{}/api", upstream.origin);
        let mut args = proxy_mode_args(dist, &upstream_url);
        args.extend_from_slice(proxy_args);
        let proxy = TestServer::start(&args);
        Self {
            upstream,
            proxy,
            dir,
        }
    }

    /// The API requests the simulator received so far.
    pub async fn upstream_log(&self) -> Vec<Value> {
        request_log(&self.upstream).await
    }

    /// Asserts that nothing reached the upstream.
    pub async fn assert_upstream_untouched(&self) {
        let log = self.upstream_log().await;
        assert!(log.is_empty(), "the upstream was contacted: {log:#?}");
    }
}

/// The arguments that run the server in proxy mode in front of `upstream` (an API base URL) for
/// the default project, serving the app from `dist`; tests add the credential and other flags.
pub fn proxy_mode_args<'a>(dist: &'a str, upstream: &'a str) -> Vec<&'a str> {
    vec![
        "--dist",
        dist,
        "--upstream",
        upstream,
        "--project-id",
        PROJECT,
    ]
}

/// `relative` inside `dir`, as a command-line argument.
pub fn path_in(dir: &TempDir, relative: &str) -> String {
    dir.path().join(relative).display().to_string()
}

/// Ids among `items` (instances as listed) that the simulator deletes without trouble:
/// ACTIVE, and not one whose associated resources changed.
pub fn deletable_ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .filter(|i| {
            i["status"] == "ACTIVE" && !i["name"].as_str().unwrap_or_default().contains("changed")
        })
        .map(|i| i["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// A batch-delete request as the console's page sends it.
pub fn console_delete(server: &TestServer, body: &Value) -> RequestBuilder {
    client()
        .patch(server.api("/image-servers/actions/batch-delete"))
        .header(SAME_ORIGIN.0, SAME_ORIGIN.1)
        .json(body)
}
