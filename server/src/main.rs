//! Command line of `image-console-server`: flags in, [`Config`] out, then serve.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Parser};
use image_console_server::{
    parse_api_prefix, parse_base_path, parse_upstream, region_endpoint, serve, AccessKey, ApiFace,
    AppConfigSource, AuthMode, Config, FaultSpec, SimulatorConfig, StaticSite,
    MAX_REQUEST_BODY_BYTES,
};
use proxy_args::ProxyArgs;
use tokio::net::TcpListener;

mod proxy_args;

const DEFAULT_PROJECT_ID: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const DEFAULT_SEED: u64 = 20_240_507;

const AFTER_HELP: &str = "\
Once listening, prints one line to stdout:
  image-console ready at http://ADDR:PORT/BASE/
(the URL is the last whitespace-separated token).

SIMULATED API (under --api-prefix, on unless --no-simulator)
  GET   {prefix}/v1/{project_id}/image-servers            offset, limit (1-100), server_name,
                                                          server_id, enterprise_project_id
  GET   {prefix}/v1/{project_id}/image-servers/{id}
  PATCH {prefix}/v1/{project_id}/image-servers/actions/batch-delete   {\"items\":[..],\"recursive\":b}
  GET   {prefix}/v1/{project_id}/image-server-jobs/{job_id}
  GET   {prefix}/v1/{project_id}/image-server-jobs        job_type (required), status, offset, limit
  Lists are newest first. Delete jobs go WAITING (first 15% of --job-duration-ms), RUNNING, then
  SUCCESS or FAILED; sub-jobs finish one after another. With recursive=true, instances whose
  associated resources changed (their seed names contain \"changed\") fail and keep their status.
  Instances already DELETING are left out of new jobs, like unknown ids.

FAULTS (--fault, repeatable; also PUT /__sim/faults)
  TARGET:EFFECT[@RATE]   TARGET: list | show | delete | job | jobs | all
  EFFECT: 400 | 500 | 503 | 429[=RETRY_AFTER_SECS] | html502 | truncate | drop | hang | latency=MILLIS
  RATE: probability 0-1, default 1. Decisions are reproducible under --seed.
  Examples: list:503@0.5  delete:html502  job:latency=1500  all:429@0.2  list:truncate
            job:drop@0.3  list:hang
  truncate runs the request and sends half its body; the others answer before the request
  reaches the simulator, so nothing changes. drop closes the connection without a response;
  hang never answers (until shutdown).

PROXY MODE (--upstream URL or --region NAME, instead of the simulator)
  Every request (files, config.json, whoami.json, API) first passes two checks: its Host must
  be allowed (--allowed-host; loopback names when listening on loopback), else 421; and the user
  must be known: --htpasswd FILE (HTTP Basic, bcrypt), or --trusted-peer IP with
  --trusted-user-header NAME behind an SSO gateway (other peers: 403), else 401 with
  WWW-Authenticate: Basic realm=\"image-console\" (20 password checks per address and minute,
  then 429). Without either the server only starts on a
  loopback address. {base}whoami.json answers {\"user\":NAME} for a signed-in user, else 404.
  Only these requests under --api-prefix are forwarded, for --project-id only, with these query
  keys only; anything else gets 404 PROXY.0404 (405 PROXY.0405 for another method) without
  contacting the upstream:
  GET   {prefix}/v1/{project_id}/image-servers            offset, limit, server_id, server_name
  PATCH {prefix}/v1/{project_id}/image-servers/actions/batch-delete
  GET   {prefix}/v1/{project_id}/image-server-jobs/{job_id}
  GET   {prefix}/v1/{project_id}/image-server-jobs        job_type, status, offset, limit
  IAM actions needed: workspace:imageServer:list, workspace:imageServer:batchDelete,
  workspace:images:getImageJob, workspace:images:listImageJobs.
  Credential: X-Auth-Token from --token-file (re-read on every request) or --token-env, or an
  AK/SK signature (SDK-HMAC-SHA256) with the key of --credentials-file (credentials.csv) or
  --credentials-env (HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK). The upstream must be https://
  unless it is loopback or --allow-insecure-upstream.
  PATCH needs Sec-Fetch-Site: same-origin or the site's own Origin (else 403 PROXY.0403). Each
  user (or address) gets --rate-limit requests per minute and at most --max-concurrent
  requests are in flight upstream; beyond, 429 PROXY.0429 with Retry-After. Every batch-delete
  attempt, answered or refused, is one JSON line in --audit-log: time, user, client, project,
  items, recursive, status, request_id, job_id, error_code.
  Request headers are rebuilt from an allow-list (Accept, Accept-Language, Content-Type); the
  browser's X-Auth-Token is dropped unless --pass-browser-token. Bodies over 64 KiB get 413
  PROXY.0413; an upstream that does not answer within --upstream-timeout-ms gets 504
  PROXY.0504, one that cannot be reached 502 PROXY.0502 (generic bodies; details on stderr).
  Status, body and headers (X-Request-Id included; not hop-by-hop ones or Set-Cookie) come back
  unchanged, streamed.
  Regions: appstream.{region}.myhuaweicloud.com for cn-north-4, cn-north-9, cn-east-3,
  cn-south-1, cn-southwest-2; workspace.{region}.myhuaweicloud.com for ap-southeast-1/2/3,
  la-south-2, la-north-2, sa-brazil-1, cn-east-5, cn-north-11, me-east-1, af-south-1,
  af-north-1, tr-west-1.

TEST CONTROL (only with the simulator, at the origin root; requests a browser declares
cross-site, by Origin or Sec-Fetch-Site, get 403 here and on the simulated API)
  GET  /__sim/faults     active fault specs (JSON array of strings)
  PUT  /__sim/faults     replace them: body is a JSON array of spec strings
  POST /__sim/reset      reseed the instances and the job history; clear faults, planned
                         outcomes and the request log
  GET  /__sim/requests   JSON log of API requests: seq, time, method, path, query, endpoint,
                         body (PATCH), status (null if dropped/hung), fault
  PUT  /__sim/instances/{id}  change an instance: {status?: S|null, server_group_id?,
                         server_id?, app_group_id?}; new ids mark its resources changed
  DELETE /__sim/instances/{id}  remove it, as if deleted elsewhere (204)
  PUT  /__sim/outcomes   how the next delete of each instance ends: {<id>: {status: S,
                         error_code?, error_message?}} (any string, documented or not)
  POST /__sim/jobs       add a job from history: {job_type?, began_ms_ago: N,
                         duration_ms?, sub_jobs: [{resource_id, resource_name?,
                         status, error_code?, error_message?}]} -> {job_id}";

/// Serves the image-console web app and simulates the Huawei Cloud Workspace App
/// image-server API it manages.
///
/// The app (a built dist/ directory) is served under --base-path with a Content-Security-Policy
/// and cache headers; {base}config.json is generated from the flags below. By default a
/// simulated API with ~60 seed instances answers under --api-prefix on the same origin; with
/// --upstream or --region, the console's API calls go to the real API instead, with the
/// server's token added (proxy mode).
#[derive(Debug, Parser)]
#[command(version, about, long_about, after_long_help = AFTER_HELP)]
#[command(group(ArgGroup::new("proxy").args(["upstream", "region"])))]
struct Cli {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,

    /// Directory with the built app (trunk's output).
    #[arg(long, value_name = "DIR", default_value = "dist")]
    dist: PathBuf,

    /// Path the app is served under; a request for it without the trailing slash is redirected.
    #[arg(long, value_name = "PATH", default_value = "/", value_parser = parse_base_path)]
    base_path: String,

    /// `api_base` written to {base}config.json [default: the --api-prefix value].
    #[arg(long, value_name = "URL")]
    api_base: Option<String>,

    /// `project_id` written to {base}config.json, and the only project the simulator knows;
    /// any other project id gets 403. Required in proxy mode: only its routes are forwarded.
    /// [default: 0f1e2d3c4b5a69788796a5b4c3d2e1f0]
    #[arg(long, value_name = "ID")]
    project_id: Option<String>,

    /// Serve config.json from the dist directory instead of generating it.
    #[arg(long, conflicts_with = "api_base")]
    config_from_dist: bool,

    /// Do not simulate the API (only serve the app).
    #[arg(long, conflicts_with = "proxy")]
    no_simulator: bool,

    /// Path prefix of the simulated API, or of the proxied one in proxy mode.
    #[arg(long, value_name = "PATH", default_value = "/api", value_parser = parse_api_prefix, conflicts_with = "no_simulator")]
    api_prefix: String,

    /// Proxy mode: forward the console's API calls to this base URL (e.g.
    /// https://workspace.ap-southeast-1.myhuaweicloud.com) instead of simulating the API.
    #[arg(long, value_name = "URL", value_parser = parse_upstream)]
    upstream: Option<String>,

    /// Proxy mode with the upstream of this Huawei Cloud region (e.g. cn-north-4, ap-southeast-1).
    #[arg(long, value_name = "NAME", value_parser = region_endpoint)]
    region: Option<String>,

    #[command(flatten)]
    proxy: ProxyArgs,

    /// How long a delete job runs from creation to its end, in milliseconds.
    #[arg(
        long,
        value_name = "MILLIS",
        default_value_t = 8000,
        conflicts_with_all = ["no_simulator", "proxy"]
    )]
    job_duration_ms: u64,

    /// Seed of the data, job ids and fault decisions.
    #[arg(long, default_value_t = DEFAULT_SEED, conflicts_with_all = ["no_simulator", "proxy"])]
    seed: u64,

    /// Generate N instances from the seed instead of the default hand-picked set.
    #[arg(long, value_name = "N", conflicts_with_all = ["no_simulator", "proxy"])]
    instances: Option<usize>,

    /// Inject a fault (repeatable): TARGET:EFFECT[@RATE], e.g. list:503@0.5 (details in --help).
    #[arg(long = "fault", value_name = "SPEC", conflicts_with_all = ["no_simulator", "proxy"])]
    faults: Vec<FaultSpec>,

    /// Require this X-Auth-Token on API requests (else 401 APIGW.0301).
    #[arg(long, value_name = "TOKEN", conflicts_with_all = ["no_simulator", "proxy"])]
    require_token: Option<String>,

    /// Require AK/SK signatures (SDK-HMAC-SHA256) with this access key on API requests, as the
    /// gateway checks them: a wrong signature, another AK or an X-Sdk-Date more than 15 minutes
    /// off get 401 APIGW.0301.
    #[arg(long, value_name = "AK:SK", conflicts_with_all = ["no_simulator", "proxy"])]
    require_signature: Option<AccessKey>,
}

impl Cli {
    fn into_config(self) -> Result<Config, String> {
        let explicit_project = self.project_id.is_some();
        let project_id = self
            .project_id
            .unwrap_or_else(|| DEFAULT_PROJECT_ID.to_owned());
        let api = match self.upstream.or(self.region) {
            Some(upstream) => ApiFace::Proxy(self.proxy.into_config(
                upstream,
                self.api_prefix.clone(),
                explicit_project.then(|| project_id.clone()),
                self.listen,
            )?),
            None if self.no_simulator => ApiFace::None,
            None => ApiFace::Simulator(SimulatorConfig {
                api_prefix: self.api_prefix.clone(),
                project_id: project_id.clone(),
                job_duration_ms: self.job_duration_ms,
                seed: self.seed,
                instance_count: self.instances,
                faults: self.faults,
                required_token: self.require_token,
                required_signature: self.require_signature,
            }),
        };
        let app_config = if self.config_from_dist {
            AppConfigSource::FromDist
        } else {
            AppConfigSource::Generated {
                api_base: self.api_base.unwrap_or(self.api_prefix),
                project_id,
            }
        };
        Ok(Config {
            site: StaticSite {
                dist_dir: self.dist,
                base_path: self.base_path,
                app_config,
            },
            api,
        })
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let listen = cli.listen;
    let base_path = cli.base_path.clone();
    let config = match cli.into_config() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("image-console-server: {error}");
            return ExitCode::from(2);
        }
    };
    if let ApiFace::Proxy(proxy) = &config.api {
        eprintln!(
            "image-console-server: proxy mode: {}/ forwards the console's API calls for project \
             {} to {}/ ({}; users: {}; audit: {}; bodies up to {MAX_REQUEST_BODY_BYTES} bytes; \
             timeout {} ms; {} requests/min per user; {} in flight)",
            proxy.api_prefix,
            proxy.project_id,
            proxy.upstream,
            ProxyArgs::describe(proxy),
            match &proxy.auth {
                Some(AuthMode::Htpasswd(_)) => "htpasswd",
                Some(AuthMode::TrustedHeader { .. }) => "trusted gateway header",
                None => "anyone on this machine",
            },
            if proxy.audit.is_some() { "on" } else { "off" },
            proxy.timeout.as_millis(),
            proxy.rate_limit_per_minute,
            proxy.max_concurrent,
        );
    }
    let listener = match TcpListener::bind(listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("image-console-server: cannot listen on {listen}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let ready_url = match listener.local_addr() {
        Ok(address) => format!("http://{address}{base_path}"),
        Err(error) => {
            eprintln!("image-console-server: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    // Tests wait for this exact line; a failed write only loses the announcement.
    let _ = writeln!(stdout, "image-console ready at {ready_url}").and_then(|()| stdout.flush());
    drop(stdout);
    match serve(listener, config, shutdown_requested()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("image-console-server: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_requested() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn api_base_defaults_to_the_api_prefix() {
        let cli = Cli::parse_from(["image-console-server", "--api-prefix", "/sim/"]);
        let config = cli.into_config().unwrap();
        match config.site.app_config {
            AppConfigSource::Generated {
                api_base,
                project_id,
            } => {
                assert_eq!(api_base, "/sim");
                assert_eq!(project_id, DEFAULT_PROJECT_ID);
            }
            AppConfigSource::FromDist => panic!("config.json should be generated"),
        }
        match config.api {
            ApiFace::Simulator(simulator) => assert_eq!(simulator.api_prefix, "/sim"),
            other => panic!("expected the simulator, got {other:?}"),
        }
    }

    #[test]
    fn no_simulator_rejects_simulator_flags() {
        assert!(Cli::try_parse_from([
            "image-console-server",
            "--no-simulator",
            "--fault",
            "list:503"
        ])
        .is_err());
        let cli = Cli::parse_from(["image-console-server", "--no-simulator"]);
        assert!(matches!(cli.into_config().unwrap().api, ApiFace::None));
    }

    #[test]
    fn proxy_mode_excludes_the_simulator_and_needs_a_token_and_project() {
        let project = ["--project-id", "00112233445566778899aabbccddeeff"];
        for simulator_flag in [
            &["--fault", "list:503"][..],
            &["--require-token", "t"],
            &["--seed", "1"],
            &["--job-duration-ms", "5"],
            &["--instances", "3"],
            &["--no-simulator"],
        ] {
            let mut args = vec!["image-console-server", "--region", "cn-north-4"];
            args.extend_from_slice(simulator_flag);
            assert!(Cli::try_parse_from(&args).is_err(), "{simulator_flag:?}");
        }
        assert!(Cli::try_parse_from([
            "image-console-server",
            "--upstream",
            "http://127.0.0.1:1",
            "--region",
            "cn-north-4"
        ])
        .is_err());
        assert!(Cli::try_parse_from(["image-console-server", "--token-env", "T"]).is_err());
        assert!(Cli::try_parse_from(["image-console-server", "--region", "mars-1"]).is_err());

        let no_token = Cli::parse_from(["image-console-server", "--region", "cn-north-4"]);
        let mut with_project = vec!["image-console-server", "--region", "cn-north-4"];
        with_project.extend_from_slice(&project);
        assert!(no_token.into_config().is_err());
        let no_token = Cli::parse_from(&with_project);
        assert!(no_token.into_config().unwrap_err().contains("--token-file"));

        with_project.push("--pass-browser-token");
        let config = Cli::parse_from(&with_project).into_config().unwrap();
        match config.api {
            ApiFace::Proxy(proxy) => {
                assert_eq!(
                    proxy.upstream,
                    "https://appstream.cn-north-4.myhuaweicloud.com"
                );
                assert_eq!(proxy.api_prefix, "/api");
                assert_eq!(proxy.project_id, project[1]);
                assert!(proxy.credentials.is_none() && proxy.pass_browser_token);
                assert!(proxy.auth.is_none());
            }
            other => panic!("expected the proxy, got {other:?}"),
        }

        let missing = Cli::parse_from([
            "image-console-server",
            "--upstream",
            "https://example.com",
            "--config-from-dist",
            "--project-id",
            project[1],
            "--token-file",
            "/nonexistent/token",
        ]);
        assert!(missing
            .into_config()
            .unwrap_err()
            .contains("/nonexistent/token"));
        let no_project = Cli::parse_from([
            "image-console-server",
            "--upstream",
            "https://example.com",
            "--config-from-dist",
            "--pass-browser-token",
        ]);
        assert!(no_project
            .into_config()
            .unwrap_err()
            .contains("--project-id"));
    }

    #[test]
    fn proxy_flags_need_proxy_mode_and_safe_combinations() {
        for proxy_flag in [
            &["--htpasswd", "f"][..],
            &["--trusted-peer", "10.0.0.1"],
            &["--allowed-host", "a"],
            &["--audit-log", "-"],
            &["--credentials-env"],
            &["--rate-limit", "5"],
            &["--allow-insecure-upstream"],
        ] {
            let mut args = vec!["image-console-server"];
            args.extend_from_slice(proxy_flag);
            assert!(Cli::try_parse_from(&args).is_err(), "{proxy_flag:?}");
        }
        let proxy = [
            "image-console-server",
            "--upstream",
            "http://10.0.0.5/api",
            "--project-id",
            "00112233445566778899aabbccddeeff",
            "--pass-browser-token",
        ];
        let error = Cli::parse_from(proxy).into_config().unwrap_err();
        assert!(error.contains("--allow-insecure-upstream"), "{error}");
        let mut exposed = proxy.to_vec();
        exposed.extend(["--allow-insecure-upstream", "--listen", "0.0.0.0:8080"]);
        let error = Cli::parse_from(&exposed).into_config().unwrap_err();
        assert!(
            error.contains("--htpasswd") && error.contains("--trusted-peer"),
            "{error}"
        );
        exposed.extend(["--trusted-peer", "10.0.0.2"]);
        let error = Cli::parse_from(&exposed).into_config().unwrap_err();
        assert!(error.contains("--allowed-host"), "{error}");
        exposed.extend(["--allowed-host", "console.example"]);
        assert!(Cli::parse_from(&exposed).into_config().is_ok());
        assert!(
            Cli::try_parse_from(["image-console-server", "--require-signature", "ak"]).is_err()
        );
    }
}
