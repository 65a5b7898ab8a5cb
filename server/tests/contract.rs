//! Contract tests: every kind of body the simulator sends validates against the schema that
//! Huawei's own API definitions (`tests/openapi/`) declare for that operation and status code.
//! The app runs in process: what is checked is bodies, not sockets.

mod support;

use std::path::Path;
use std::time::Duration;

use jsonschema::Validator;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::server::sim::{add_instance, plan_outcomes, record_job, set_faults};
use support::server::{all_instances, api_path, batch_delete, poll_job, Api, TestApp, PROJECT};

const JOB_TIMEOUT: Duration = Duration::from_secs(20);

/// One operation's definition file.
struct Contract {
    file: &'static str,
    document: Value,
}

impl Contract {
    fn load(file: &'static str) -> Self {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/openapi")
            .join(file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Self {
            file,
            document: serde_json::from_str(&text).expect("definition file is JSON"),
        }
    }

    /// A Draft 4 validator (formats checked) for `#/definitions/{name}` of this file.
    fn definition(&self, name: &str) -> Validator {
        let root = json!({ "definitions": self.document["definitions"], "$ref": format!("#/definitions/{name}") });
        jsonschema::draft4::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("{} {name}: {e}", self.file))
    }

    /// The validator for the response schema the file's single operation declares for `status`.
    fn response(&self, status: StatusCode) -> Validator {
        let operations = self.document["paths"]
            .as_object()
            .expect("paths")
            .values()
            .next()
            .expect("one path");
        let operation = operations
            .as_object()
            .expect("methods")
            .values()
            .next()
            .expect("one method");
        let reference = operation["responses"][status.as_str()]["schema"]["$ref"]
            .as_str()
            .unwrap_or_else(|| panic!("{} declares no schema for {status}", self.file));
        self.definition(reference.trim_start_matches("#/definitions/"))
    }

    /// Asserts that `body` is what the operation may answer with `status`.
    fn check(&self, status: StatusCode, body: &Value) {
        assert_valid(
            &self.response(status),
            body,
            &format!("{} {status}", self.file),
        );
    }
}

fn assert_valid(validator: &Validator, body: &Value, context: &str) {
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{context}: {errors:#?}\nbody: {body}");
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<&str>,
) -> (StatusCode, Value) {
    let mut request = app.call(method, path);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body);
    }
    request.answer().await
}

#[tokio::test]
async fn validators_are_not_vacuous() {
    let servers = Contract::load("ListImageServers.json");
    let image_server = servers.definition("ImageServer");
    assert!(image_server.is_valid(&json!({"id": "1", "status": "null"})));
    assert!(!image_server.is_valid(&json!({"status": "DELETED"})));
    assert!(!image_server.is_valid(&json!({"create_time": "yesterday"})));
    assert!(!image_server.is_valid(&json!({"authorize_accounts": []})));
    assert!(!image_server.is_valid(&json!({"image_ref": {"id": "1", "image_type": "GOLD"}})));
    let jobs = Contract::load("ShowImageJob.json").response(StatusCode::OK);
    assert!(!jobs.is_valid(&json!({"status": "ABNORMAL"})));
    assert!(!jobs.is_valid(&json!({"end_time": ""})));
    assert!(!jobs.is_valid(&json!({"sub_jobs": [{"job_execute_info": {"error_code": 1}}]})));
}

#[tokio::test]
async fn list_pages_and_shown_instances_match_image_server() {
    let contract = Contract::load("ListImageServers.json");
    let image_server = contract.definition("ImageServer");
    let server = TestApp::simulator(|_| {});
    for query in [
        "",
        "?limit=100",
        "?offset=3&limit=7",
        "?server_id=0",
        "?server_name=changed",
        "?offset=100",
    ] {
        let (status, page) = server
            .get_api(&format!("/image-servers{query}"))
            .answer()
            .await;
        contract.check(status, &page);
    }
    for item in all_instances(&server).await {
        assert_valid(&image_server, &item, "list item");
        let (status, shown) = server
            .get_api(&format!("/image-servers/{}", item["id"].as_str().unwrap()))
            .answer()
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_valid(&image_server, &shown, "shown instance");
    }
}

/// The faults a test may add are ones the contract allows: no id or a blank one (every field is
/// optional), times with fewer fractional digits, any documented image type.
#[tokio::test]
async fn added_instances_match_image_server() {
    let contract = Contract::load("ListImageServers.json");
    let server = TestApp::simulator(|_| {});
    let added = [
        json!({"name": "blank-id", "id": "", "image_type": "gold",
               "create_time": "2024-05-07T10:00:00.9Z"}),
        json!({"name": "no-id", "id": null, "status": null, "image_type": "other",
               "create_time": "2024-05-07T10:00:01Z"}),
        json!({"name": "two-digits", "image_type": "shared",
               "create_time": "2024-05-07T10:00:00.95Z"}),
    ];
    for instance in &added {
        add_instance(&server, instance).await;
    }
    let (status, page) = server.get_api("/image-servers?limit=100").answer().await;
    contract.check(status, &page);
    let items = page["items"].as_array().unwrap();
    for instance in &added {
        let listed = items
            .iter()
            .find(|i| i["name"] == instance["name"])
            .unwrap_or_else(|| panic!("{instance} listed"));
        assert_eq!(listed["create_time"], instance["create_time"]);
        match instance.get("id") {
            None => assert!(listed["id"].is_string(), "the next id: {listed}"),
            Some(Value::Null) => assert!(listed.get("id").is_none(), "{listed}"),
            Some(id) => assert_eq!(&listed["id"], id),
        }
    }
}

#[tokio::test]
async fn generated_instances_match_image_server() {
    let contract = Contract::load("ListImageServers.json");
    let server = TestApp::simulator(|sim| {
        sim.instance_count = Some(1000);
        sim.seed = 99;
    });
    for offset in (0..1000).step_by(100) {
        let (status, page) = server
            .get_api(&format!("/image-servers?limit=100&offset={offset}"))
            .answer()
            .await;
        assert_eq!(page["items"].as_array().unwrap().len(), 100);
        contract.check(status, &page);
    }
}

const LIST: &str = "ListImageServers.json";
const DELETE: &str = "BatchDeleteImageServer.json";
const JOB: &str = "ShowImageJob.json";
const JOBS: &str = "ListImageJobs.json";

/// Every refusal of every operation: its definition file, the request, and the status.
fn refusals(creating: &str) -> Vec<(&'static str, Method, String, Option<String>, StatusCode)> {
    let other_project = |path: &str| format!("/api/v1/{}{path}", "f".repeat(32));
    let delete_path = api_path("/image-servers/actions/batch-delete");
    vec![
        (
            LIST,
            Method::GET,
            api_path("/image-servers?limit=101"),
            None,
            StatusCode::BAD_REQUEST,
        ),
        (
            LIST,
            Method::GET,
            other_project("/image-servers"),
            None,
            StatusCode::FORBIDDEN,
        ),
        (
            LIST,
            Method::GET,
            api_path("/image-servers/404"),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            LIST,
            Method::GET,
            "/api/v1".to_owned(),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            LIST,
            Method::POST,
            api_path("/image-servers"),
            None,
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            DELETE,
            Method::PATCH,
            delete_path.clone(),
            Some("[]".into()),
            StatusCode::BAD_REQUEST,
        ),
        (
            DELETE,
            Method::PATCH,
            delete_path.clone(),
            Some(json!({"items": [creating], "recursive": false}).to_string()),
            StatusCode::BAD_REQUEST,
        ),
        (
            DELETE,
            Method::PATCH,
            other_project("/image-servers/actions/batch-delete"),
            Some("{}".into()),
            StatusCode::FORBIDDEN,
        ),
        (
            DELETE,
            Method::GET,
            delete_path,
            None,
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            JOB,
            Method::GET,
            api_path(&format!("/image-server-jobs/{}", "9".repeat(300))),
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            JOB,
            Method::GET,
            other_project("/image-server-jobs/1"),
            None,
            StatusCode::FORBIDDEN,
        ),
        (
            JOB,
            Method::DELETE,
            api_path("/image-server-jobs/1"),
            None,
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            JOBS,
            Method::GET,
            api_path("/image-server-jobs"),
            None,
            StatusCode::BAD_REQUEST,
        ),
        (
            JOBS,
            Method::GET,
            other_project("/image-server-jobs?job_type=DELETE_SERVER"),
            None,
            StatusCode::FORBIDDEN,
        ),
        (
            JOBS,
            Method::POST,
            api_path("/image-server-jobs"),
            None,
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ]
}

#[tokio::test]
async fn every_error_status_of_every_operation_matches() {
    let server = TestApp::simulator(|_| {});
    let instances = all_instances(&server).await;
    let creating = instances
        .iter()
        .find(|i| i["status"] == "CREATING")
        .unwrap()["id"]
        .as_str()
        .unwrap();
    for (file, method, path, body, expected) in refusals(creating) {
        let (status, error) = send(&server, method.clone(), &path, body.as_deref()).await;
        assert_eq!(status, expected, "{method} {path}");
        Contract::load(file).check(status, &error);
    }
}

/// Each operation's definition file, method and path.
fn operations() -> [(&'static str, Method, &'static str); 4] {
    [
        (LIST, Method::GET, "/image-servers"),
        (DELETE, Method::PATCH, "/image-servers/actions/batch-delete"),
        (JOB, Method::GET, "/image-server-jobs/1"),
        (
            JOBS,
            Method::GET,
            "/image-server-jobs?job_type=DELETE_SERVER",
        ),
    ]
}

/// Injected 500 and 503 for each operation.
#[tokio::test]
async fn injected_errors_of_every_operation_match() {
    let server = TestApp::simulator(|_| {});
    for (fault, status) in [
        ("500", StatusCode::INTERNAL_SERVER_ERROR),
        ("503", StatusCode::SERVICE_UNAVAILABLE),
    ] {
        set_faults(&server, &[&format!("all:{fault}")]).await;
        for (file, method, path) in operations() {
            let (got, error) = send(&server, method, &api_path(path), Some("{}")).await;
            assert_eq!(got, status);
            Contract::load(file).check(got, &error);
        }
    }
}

#[tokio::test]
async fn unauthorized_bodies_match() {
    let server = TestApp::simulator(|sim| sim.required_token = Some("t".to_owned()));
    for (file, method, path) in operations() {
        let (status, error) = send(&server, method, &api_path(path), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        Contract::load(file).check(status, &error);
    }
}

/// The id of the instance named `name`.
fn id_named<'a>(instances: &'a [Value], name: &str) -> &'a str {
    instances.iter().find(|i| i["name"] == name).unwrap()["id"]
        .as_str()
        .unwrap()
}

/// The batch-delete answer, and a long job that stays WAITING for its first 15%, shown and
/// listed.
#[tokio::test]
async fn batch_delete_answer_and_waiting_jobs_match() {
    let job = Contract::load(JOB);
    let jobs = Contract::load(JOBS);
    let slow = TestApp::simulator(|sim| sim.job_duration_ms = 600_000);
    let instances = all_instances(&slow).await;
    let active = instances.iter().find(|i| i["status"] == "ACTIVE").unwrap()["id"]
        .as_str()
        .unwrap();
    let (status, answer) =
        batch_delete(&slow, &json!({"items": [active], "recursive": false})).await;
    Contract::load(DELETE).check(status, &answer);
    let job_path = format!("/image-server-jobs/{}", answer["job_id"].as_str().unwrap());
    let (status, waiting) = slow.get_api(&job_path).answer().await;
    assert_eq!(waiting["status"], "WAITING");
    assert!(waiting.get("end_time").is_none());
    job.check(status, &waiting);
    let (status, page) = slow
        .get_api("/image-server-jobs?job_type=DELETE_SERVER&status=WAITING")
        .answer()
        .await;
    assert_eq!(page["count"], 1);
    jobs.check(status, &page);
}

/// RUNNING, then FAILED with a failed and a successful sub-job; then an empty SUCCESS; and
/// the list of both.
#[tokio::test]
async fn running_failed_and_empty_jobs_match() {
    let job = Contract::load(JOB);
    let server = TestApp::simulator(|sim| sim.job_duration_ms = 1500);
    let instances = all_instances(&server).await;
    let changed = id_named(&instances, "hr-apps-resources-changed");
    let plain = id_named(&instances, "test_instance_2");
    let (_, answer) = batch_delete(
        &server,
        &json!({"items": [changed, plain], "recursive": true}),
    )
    .await;
    let job_id = answer["job_id"].as_str().unwrap();
    let mut checked = Vec::new();
    let failed = poll_job(&server, job_id, JOB_TIMEOUT, |body| {
        let status = body["status"].as_str().unwrap().to_owned();
        if !checked.contains(&status) {
            job.check(StatusCode::OK, body);
            checked.push(status.clone());
        }
        status == "FAILED"
    })
    .await;
    assert!(checked.contains(&"RUNNING".to_owned()), "{checked:?}");
    assert_eq!(
        failed["sub_jobs"][0]["job_execute_info"]["error_code"],
        "WKS.00129901"
    );
    assert_eq!(failed["sub_jobs"][0]["project_id"], PROJECT);

    let (_, answer) = batch_delete(&server, &json!({"items": ["gone"], "recursive": false})).await;
    let empty = poll_job(
        &server,
        answer["job_id"].as_str().unwrap(),
        JOB_TIMEOUT,
        |b| b["status"] == "SUCCESS",
    )
    .await;
    job.check(StatusCode::OK, &empty);

    let (status, page) = server
        .get_api("/image-server-jobs?job_type=DELETE_SERVER")
        .answer()
        .await;
    let newest: Vec<&Value> = page["items"].as_array().unwrap()[..2]
        .iter()
        .map(|j| &j["id"])
        .collect();
    assert_eq!(newest, [&answer["job_id"], &json!(job_id)]);
    Contract::load(JOBS).check(status, &page);
}

#[tokio::test]
async fn seeded_history_recorded_jobs_and_planned_outcomes_match() {
    let job = Contract::load(JOB);
    let jobs = Contract::load(JOBS);
    let server = TestApp::simulator(|sim| sim.job_duration_ms = 600);

    for job_type in ["CREATE_SERVER", "CREATE_SERVER_IMAGE", "DELETE_SERVER", ""] {
        for query in ["", "&status=FAILED", "&status=SUCCESS", "&offset=1&limit=2"] {
            let (status, page) = server
                .get_api(&format!("/image-server-jobs?job_type={job_type}{query}"))
                .answer()
                .await;
            jobs.check(status, &page);
            for listed in page["items"].as_array().unwrap() {
                let path = format!("/image-server-jobs/{}", listed["id"].as_str().unwrap());
                let (status, detail) = server.get_api(&path).answer().await;
                job.check(status, &detail);
            }
        }
    }
    let (status, error) = server.get_api("/image-server-jobs").answer().await;
    jobs.check(status, &error);

    let recorded = record_job(
        &server,
        &json!({"began_ms_ago": 5000, "duration_ms": 1000,
                "sub_jobs": [{"resource_id": "1", "status": "ABNORMAL"}]}),
    )
    .await;
    let (status, detail) = server
        .get_api(&format!("/image-server-jobs/{recorded}"))
        .answer()
        .await;
    job.check(status, &detail);

    // Every documented sub-job status validates; an undocumented one is the only departure.
    let documented = [
        "SUCCESS", "FAILED", "ABNORMAL", "ROLLBACK", "ABORTING", "WAITING", "RUNNING",
    ];
    let targets: Vec<String> = all_instances(&server)
        .await
        .iter()
        .filter(|i| i["status"] == "ACTIVE")
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .take(documented.len() + 1)
        .collect();
    let mut plans = serde_json::Map::new();
    for (id, status) in targets.iter().zip(documented.iter().chain(&["PAUSED"])) {
        plans.insert(id.clone(), json!({ "status": status }));
    }
    plan_outcomes(&server, &Value::Object(plans)).await;
    let (_, answer) = batch_delete(&server, &json!({"items": targets, "recursive": false})).await;
    let done = poll_job(
        &server,
        answer["job_id"].as_str().unwrap(),
        JOB_TIMEOUT,
        |b| b["status"] == "FAILED",
    )
    .await;
    let errors: Vec<String> = job
        .response(StatusCode::OK)
        .iter_errors(&done)
        .map(|e| e.instance_path.to_string())
        .collect();
    assert_eq!(errors, [format!("/sub_jobs/{}/status", documented.len())]);
    let mut documented_only = done.clone();
    documented_only["sub_jobs"]
        .as_array_mut()
        .unwrap()
        .truncate(documented.len());
    job.check(StatusCode::OK, &documented_only);
}
