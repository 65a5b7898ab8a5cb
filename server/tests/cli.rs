//! The command line: help text, flag validation, listen errors and graceful shutdown.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use support::server::sim::request_log;
use support::server::{client, TestServer};

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_image-console-server"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn help_documents_every_flag_faults_and_the_control_api() {
    let (code, help, _) = run(&["--help"]);
    assert_eq!(code, Some(0));
    for needle in [
        "--listen",
        "--dist",
        "--base-path",
        "--api-base",
        "--project-id",
        "--config-from-dist",
        "--no-simulator",
        "--api-prefix",
        "--job-duration-ms",
        "--seed",
        "--instances",
        "--fault <SPEC>",
        "--require-token",
        "image-console ready at",
        "TARGET:EFFECT[@RATE]",
        "latency=MILLIS",
        "html502",
        "PUT  /__sim/faults",
        "POST /__sim/reset",
        "GET  /__sim/requests",
        "PUT  /__sim/instances/{id}",
        "DELETE /__sim/instances/{id}",
        "PUT  /__sim/outcomes",
        "POST /__sim/jobs",
    ] {
        assert!(help.contains(needle), "--help lacks {needle:?}:\n{help}");
    }
}

#[test]
fn rejects_bad_flags_with_a_reason() {
    for (args, reason) in [
        (&["--fault", "list:504"][..], "bad fault spec"),
        (&["--fault", "everything:503"][..], "unknown target"),
        (&["--base-path", "/a//b"][..], "base path"),
        (&["--api-prefix", "/"][..], "API prefix"),
        (
            &["--no-simulator", "--require-token", "t"][..],
            "cannot be used with",
        ),
        (&["--listen", "localhost"][..], "invalid"),
    ] {
        let (code, _, stderr) = run(args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
    }
}

#[test]
fn a_busy_port_is_reported() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = holder.local_addr().unwrap().to_string();
    let (code, stdout, stderr) = run(&["--listen", &address]);
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty(), "no ready line when not listening");
    assert!(stderr.contains("cannot listen on"), "{stderr}");
}

/// SIGTERM stops the server promptly with status 0, even with a hanging request in flight.
#[tokio::test]
async fn sigterm_shuts_down_gracefully_despite_hanging_requests() {
    let mut server = TestServer::start(&["--fault", "list:hang"]);
    let hanging = tokio::spawn(client().get(server.api("/image-servers")).send());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if !request_log(&server).await.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the hanging request never arrived"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let status = Command::new("kill")
        .args(["-TERM", &server.pid().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    assert_eq!(server.wait_for_exit(Duration::from_secs(10)), Some(0));
    let outcome = hanging.await.expect("task finishes");
    assert!(
        outcome.is_err(),
        "the hung request is dropped, not answered"
    );
}
