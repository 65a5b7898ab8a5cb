//! Command line of `image-console-server`: flags in, [`Config`] out, then serve.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use image_console_server::{
    parse_api_prefix, parse_base_path, serve, AppConfigSource, Config, FaultSpec, SimulatorConfig,
    StaticSite,
};
use tokio::net::TcpListener;

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
  EFFECT: 500 | 503 | 429[=RETRY_AFTER_SECS] | html502 | truncate | drop | hang | latency=MILLIS
  RATE: probability 0-1, default 1. Decisions are reproducible under --seed.
  Examples: list:503@0.5  delete:html502  job:latency=1500  all:429@0.2  list:truncate
            job:drop@0.3  list:hang
  truncate runs the request and sends half its body; the others answer before the request
  reaches the simulator, so nothing changes. drop closes the connection without a response;
  hang never answers (until shutdown).

TEST CONTROL (only with the simulator, at the origin root)
  GET  /__sim/faults     active fault specs (JSON array of strings)
  PUT  /__sim/faults     replace them: body is a JSON array of spec strings
  POST /__sim/reset      reseed the data; clear jobs, faults and the request log
  GET  /__sim/requests   JSON log of API requests: seq, time, method, path, query, endpoint,
                         body (PATCH), status (null if dropped/hung), fault";

/// Serves the image-console web app and simulates the Huawei Cloud Workspace App
/// image-server API it manages.
///
/// The app (a built dist/ directory) is served under --base-path with a Content-Security-Policy
/// and cache headers; {base}config.json is generated from the flags below. By default a
/// simulated API with ~60 seed instances answers under --api-prefix on the same origin.
#[derive(Debug, Parser)]
#[command(version, about, long_about, after_long_help = AFTER_HELP)]
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
    /// any other project id gets 403.
    #[arg(long, value_name = "ID", default_value = DEFAULT_PROJECT_ID)]
    project_id: String,

    /// Serve config.json from the dist directory instead of generating it.
    #[arg(long, conflicts_with = "api_base")]
    config_from_dist: bool,

    /// Do not simulate the API (only serve the app).
    #[arg(long)]
    no_simulator: bool,

    /// Path prefix of the simulated API.
    #[arg(long, value_name = "PATH", default_value = "/api", value_parser = parse_api_prefix, conflicts_with = "no_simulator")]
    api_prefix: String,

    /// How long a delete job runs from creation to its end, in milliseconds.
    #[arg(
        long,
        value_name = "MILLIS",
        default_value_t = 8000,
        conflicts_with = "no_simulator"
    )]
    job_duration_ms: u64,

    /// Seed of the data, job ids and fault decisions.
    #[arg(long, default_value_t = DEFAULT_SEED, conflicts_with = "no_simulator")]
    seed: u64,

    /// Generate N instances from the seed instead of the default hand-picked set.
    #[arg(long, value_name = "N", conflicts_with = "no_simulator")]
    instances: Option<usize>,

    /// Inject a fault (repeatable): TARGET:EFFECT[@RATE], e.g. list:503@0.5 (details in --help).
    #[arg(long = "fault", value_name = "SPEC", conflicts_with = "no_simulator")]
    faults: Vec<FaultSpec>,

    /// Require this X-Auth-Token on API requests (else 401 APIGW.0301).
    #[arg(long, value_name = "TOKEN", conflicts_with = "no_simulator")]
    require_token: Option<String>,
}

impl Cli {
    fn into_config(self) -> Config {
        let app_config = if self.config_from_dist {
            AppConfigSource::FromDist
        } else {
            AppConfigSource::Generated {
                api_base: self.api_base.unwrap_or_else(|| self.api_prefix.clone()),
                project_id: self.project_id.clone(),
            }
        };
        let simulator = (!self.no_simulator).then_some(SimulatorConfig {
            api_prefix: self.api_prefix,
            project_id: self.project_id,
            job_duration_ms: self.job_duration_ms,
            seed: self.seed,
            instance_count: self.instances,
            faults: self.faults,
            required_token: self.require_token,
        });
        Config {
            site: StaticSite {
                dist_dir: self.dist,
                base_path: self.base_path,
                app_config,
            },
            simulator,
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let listener = match TcpListener::bind(cli.listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "image-console-server: cannot listen on {}: {error}",
                cli.listen
            );
            return ExitCode::FAILURE;
        }
    };
    let ready_url = match listener.local_addr() {
        Ok(address) => format!("http://{address}{}", cli.base_path),
        Err(error) => {
            eprintln!("image-console-server: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    // Tests wait for this exact line; a failed write only loses the announcement.
    let _ = writeln!(stdout, "image-console ready at {ready_url}").and_then(|()| stdout.flush());
    drop(stdout);
    match serve(listener, cli.into_config(), shutdown_requested()).await {
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
        let config = cli.into_config();
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
        assert_eq!(
            config.simulator.map(|s| s.api_prefix).as_deref(),
            Some("/sim")
        );
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
        assert!(cli.into_config().simulator.is_none());
    }
}
