//! The simulated API's rules over HTTP, in process: listing, showing, batch-delete validation
//! and jobs, errors, request ids, auth and concurrent deletes.

mod support;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::server::sim::request_log;
use support::server::{
    all_instances, api_path, batch_delete, delete_to_the_end, end_of_job, is_terminal, json_of,
    names_listed, poll_job, Api, TestApp, PROJECT,
};

const JOB_TIMEOUT: Duration = Duration::from_secs(20);

fn ids_with_status<'a>(instances: &'a [Value], status: &str) -> Vec<&'a str> {
    instances
        .iter()
        .filter(|i| i["status"] == status)
        .map(|i| i["id"].as_str().unwrap())
        .collect()
}

fn id_named<'a>(instances: &'a [Value], name: &str) -> &'a str {
    instances
        .iter()
        .find(|i| i["name"] == name)
        .and_then(|i| i["id"].as_str())
        .unwrap_or_else(|| panic!("no {name}"))
}

fn assert_wks_error(body: &Value, code: &str) {
    assert_eq!(body["error_code"], code, "{body}");
    assert!(
        body["error_msg"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

/// The `count` of the list at this API path.
async fn count(app: &TestApp, path: &str) -> Value {
    app.get_api(path).answer().await.1["count"].clone()
}

/// `GET` of this API path is refused as an invalid parameter; the error body.
async fn assert_invalid_parameter(app: &TestApp, path: &str) -> Value {
    let (status, body) = app.get_api(path).answer().await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
    assert_wks_error(&body, "WKS.00211102");
    body
}

#[tokio::test]
async fn lists_default_page_with_total_count_newest_first() {
    let app = TestApp::simulator(|_| {});
    let (status, page) = app.get_api("/image-servers").answer().await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["count"], 60);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 10);

    let all = all_instances(&app).await;
    assert_eq!(all.len(), 60);
    let times: Vec<&str> = all
        .iter()
        .map(|i| i["create_time"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "not newest first");
    assert_eq!(&all[..10], items.as_slice());

    let (_, middle) = app
        .get_api("/image-servers?offset=25&limit=7")
        .answer()
        .await;
    assert_eq!(middle["count"], 60);
    assert_eq!(middle["items"].as_array().unwrap().as_slice(), &all[25..32]);
    let (_, past_end) = app
        .get_api("/image-servers?offset=58&limit=100")
        .answer()
        .await;
    assert_eq!(past_end["items"].as_array().unwrap().len(), 2);
    let (_, beyond) = app.get_api("/image-servers?offset=600").answer().await;
    assert_eq!(beyond, json!({"count": 60, "items": []}));
}

#[tokio::test]
async fn rejects_bad_paging_with_the_parameter_error() {
    let app = TestApp::simulator(|_| {});
    for query in [
        "limit=0",
        "limit=101",
        "limit=abc",
        "limit=",
        "limit=2.5",
        "offset=-1",
        "offset=x",
        "offset=99999999999",
    ] {
        let body = assert_invalid_parameter(&app, &format!("/image-servers?{query}")).await;
        assert!(
            body["error_msg"]
                .as_str()
                .unwrap()
                .starts_with("The parameter is invalid."),
            "{body}"
        );
    }
    for query in ["limit=1", "limit=100", "offset=0"] {
        let (status, _) = app
            .get_api(&format!("/image-servers?{query}"))
            .answer()
            .await;
        assert_eq!(status, StatusCode::OK, "{query}");
    }
}

#[tokio::test]
async fn filters_by_name_substring_exact_id_and_enterprise_project() {
    let app = TestApp::simulator(|_| {});
    let (_, by_name) = app
        .get_api("/image-servers?server_name=changed&limit=100")
        .answer()
        .await;
    let names = names_listed(&by_name);
    assert!(
        names.len() >= 3 && names.iter().all(|n| n.contains("changed")),
        "{names:?}"
    );
    assert_eq!(by_name["count"], names.len());

    assert_eq!(
        count(&app, "/image-servers?server_name=%E8%B4%A2%E5%8A%A1").await,
        1
    );

    let all = all_instances(&app).await;
    let id = id_named(&all, "test_instance_2");
    let (_, exact) = app
        .get_api(&format!("/image-servers?server_id={id}"))
        .answer()
        .await;
    assert_eq!(exact["count"], 1);
    assert_eq!(exact["items"][0]["name"], "test_instance_2");
    let prefix = &id[..id.len() - 1];
    let (status, none) = app
        .get_api(&format!("/image-servers?server_id={prefix}"))
        .answer()
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(none, json!({"count": 0, "items": []}));

    assert_eq!(
        count(&app, "/image-servers?enterprise_project_id=0").await,
        60
    );
    assert_eq!(
        count(&app, "/image-servers?enterprise_project_id=eps-1").await,
        0
    );
}

#[tokio::test]
async fn items_have_the_image_server_shape() {
    let app = TestApp::simulator(|_| {});
    let all = all_instances(&app).await;
    let mut statuses = HashSet::new();
    for item in &all {
        let id = item["id"].as_str().unwrap();
        assert!(id.parse::<u64>().unwrap() > 1 << 53, "{id}");
        let image_ref = item["image_ref"].as_object().unwrap();
        let mut keys: Vec<&str> = image_ref.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["id", "image_type", "product_id", "spce_code"]);
        let accounts = item["authorize_accounts"].as_array().unwrap();
        assert_eq!(accounts.len(), 1);
        assert_eq!(accounts[0]["account_type"], "USER");
        for key in [
            "server_group_id",
            "app_group_id",
            "server_id",
            "instance_id",
            "image_id",
            "description",
        ] {
            assert!(item[key].is_string(), "{key} in {item}");
        }
        for key in ["create_time", "update_time"] {
            let time = item[key].as_str().unwrap();
            assert_eq!(time.len(), 24, "{time}");
            assert!(time.ends_with('Z') && &time[19..20] == ".", "{time}");
        }
        assert_eq!(item["enterprise_project_id"], "0");
        if item["status"] == "ACTIVE" {
            assert!(item["server_id"].as_str().unwrap().starts_with("wksapp-"));
        }
        statuses.insert(
            item.get("status")
                .map_or("<absent>".to_owned(), |s| s.as_str().unwrap().to_owned()),
        );
    }
    for status in [
        "CREATING", "ACTIVE", "BUILDING", "BUILT", "ERROR", "DELETING", "null", "<absent>",
    ] {
        assert!(statuses.contains(status), "no {status} instance");
    }
    let types: HashSet<&str> = all
        .iter()
        .map(|i| i["image_ref"]["image_type"].as_str().unwrap())
        .collect();
    assert_eq!(types.len(), 5, "{types:?}");
    assert!(all
        .iter()
        .any(|i| i["name"] == "<img src=x onerror=alert(1)>"));
    assert!(all
        .iter()
        .any(|i| i["name"].as_str().unwrap().chars().count() > 200));
}

#[tokio::test]
async fn shows_one_instance_flat_or_404() {
    let app = TestApp::simulator(|_| {});
    let all = all_instances(&app).await;
    let (status, shown) = app
        .get_api(&format!(
            "/image-servers/{}",
            all[3]["id"].as_str().unwrap()
        ))
        .answer()
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown, all[3]);
    let (status, missing) = app.get_api("/image-servers/123").answer().await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_wks_error(&missing, "WKS.00211902");
}

#[tokio::test]
async fn batch_delete_validates_the_body_with_specific_messages() {
    let app = TestApp::simulator(|_| {});
    let path = api_path("/image-servers/actions/batch-delete");
    let twenty_one: Vec<String> = (0..21).map(|n| format!("id{n}")).collect();
    let cases: Vec<(String, &str)> = vec![
        ("{\"items\":[".to_owned(), "not valid JSON"),
        ("\"items\"".to_owned(), "must be a JSON object"),
        (json!({"recursive": false}).to_string(), "items is required"),
        (
            json!({"items": "1", "recursive": false}).to_string(),
            "items must be an array",
        ),
        (
            json!({"items": [], "recursive": false}).to_string(),
            "1 to 20 ids, not 0",
        ),
        (
            json!({"items": twenty_one, "recursive": false}).to_string(),
            "1 to 20 ids, not 21",
        ),
        (
            json!({"items": ["a", 7], "recursive": false}).to_string(),
            "items[1] must be a string",
        ),
        (
            json!({"items": [""], "recursive": false}).to_string(),
            "items[0] must be 1 to 128 characters",
        ),
        (
            json!({"items": ["x".repeat(129)], "recursive": false}).to_string(),
            "items[0] must be 1 to 128 characters",
        ),
        (
            json!({"items": ["a", "b", "a"], "recursive": false}).to_string(),
            "a appears more than once",
        ),
        (json!({"items": ["a"]}).to_string(), "recursive is required"),
        (
            json!({"items": ["a"], "recursive": "false"}).to_string(),
            "recursive must be a boolean",
        ),
    ];
    for (body, expected) in cases {
        let (status, error) = app
            .call(Method::PATCH, &path)
            .header("content-type", "application/json")
            .body(body.clone())
            .answer()
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_wks_error(&error, "WKS.00211102");
        assert!(
            error["error_msg"].as_str().unwrap().contains(expected),
            "{body}: {error}"
        );
    }
    let (status, _) = batch_delete(
        &app,
        &json!({"items": ["unknown"], "recursive": false, "extra": 1}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "unknown keys are fine");
    let log = request_log(&app).await;
    assert!(log.iter().all(|e| e["endpoint"] == "delete"));
}

#[tokio::test]
async fn refuses_creating_or_building_targets_and_changes_nothing() {
    let app = TestApp::simulator(|_| {});
    let before = all_instances(&app).await;
    let (_, jobs_before) = app
        .get_api("/image-server-jobs?job_type=DELETE_SERVER")
        .answer()
        .await;
    let active = ids_with_status(&before, "ACTIVE")[0];
    let building = ids_with_status(&before, "BUILDING")[0];
    let creating = ids_with_status(&before, "CREATING")[0];
    for blocked in [building, creating] {
        let (status, error) = batch_delete(
            &app,
            &json!({"items": [active, blocked], "recursive": false}),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_wks_error(&error, "WKS.00211102");
        assert!(
            error["error_msg"].as_str().unwrap().contains(blocked),
            "{error}"
        );
    }
    assert_eq!(all_instances(&app).await, before, "nothing may change");
    let (_, jobs) = app
        .get_api("/image-server-jobs?job_type=DELETE_SERVER")
        .answer()
        .await;
    assert_eq!(jobs, jobs_before, "no job was started");
}

#[tokio::test]
async fn delete_job_runs_to_success_and_instances_disappear() {
    let app = TestApp::simulator(|sim| sim.job_duration_ms = 1500);
    let before = all_instances(&app).await;
    let targets: Vec<&str> = ids_with_status(&before, "ACTIVE")
        .into_iter()
        .filter(|id| {
            !before
                .iter()
                .any(|i| i["id"] == *id && i["name"].as_str().unwrap().contains("changed"))
        })
        .take(3)
        .collect();
    let (status, body) = batch_delete(
        &app,
        &json!({"items": [targets[0], "no-such-id", targets[1], targets[2]], "recursive": true}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let job_id = body["job_id"].as_str().unwrap();
    assert_eq!(
        job_id.split('-').map(str::len).collect::<Vec<_>>(),
        [8, 4, 4, 4, 12]
    );
    assert_eq!(body.as_object().unwrap().len(), 1);

    for id in &targets {
        let (_, shown) = app.get_api(&format!("/image-servers/{id}")).answer().await;
        assert_eq!(shown["status"], "DELETING", "{id} goes to DELETING at once");
    }
    let first = poll_job(&app, job_id, JOB_TIMEOUT, |_| true).await;
    assert_eq!(first["job_type"], "DELETE_SERVER");
    assert_eq!(first["sub_jobs_total"], 3);
    let mut seen = vec![first["status"].as_str().unwrap().to_owned()];
    let done = poll_job(&app, job_id, JOB_TIMEOUT, |job| {
        seen.push(job["status"].as_str().unwrap().to_owned());
        is_terminal(job)
    })
    .await;
    assert_eq!(done["status"], "SUCCESS");
    assert!(done["end_time"].as_str().unwrap() > done["begin_time"].as_str().unwrap());
    let resources: Vec<&str> = done["sub_jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["job_resource_info"]["resource_id"].as_str().unwrap())
        .collect();
    assert_eq!(resources, targets);
    for sub in done["sub_jobs"].as_array().unwrap() {
        assert_eq!(sub["status"], "SUCCESS");
        assert_eq!(sub["job_id"], job_id);
        assert_eq!(sub["project_id"], PROJECT);
        assert_eq!(
            sub["job_execute_info"],
            json!({"error_code": "", "error_message": ""})
        );
    }
    let order = ["WAITING", "RUNNING", "SUCCESS"];
    let ranks: Vec<usize> = seen
        .iter()
        .map(|s| order.iter().position(|o| o == s).unwrap())
        .collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "status went backwards: {seen:?}"
    );
    assert!(seen.iter().any(|s| s == "RUNNING"), "{seen:?}");

    let after = all_instances(&app).await;
    assert_eq!(after.len(), before.len() - 3);
    assert!(after
        .iter()
        .all(|i| !targets.contains(&i["id"].as_str().unwrap())));
    let (status, _) = app
        .get_api(&format!("/image-servers/{}", targets[0]))
        .answer()
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn recursive_delete_of_changed_resources_fails_and_restores_the_instance() {
    let app = TestApp::simulator(|sim| sim.job_duration_ms = 600);
    let before = all_instances(&app).await;
    let changed = before
        .iter()
        .find(|i| i["name"] == "design-suite-group-changed")
        .unwrap();
    let plain = id_named(&before, "test_instance_2");
    let changed_id = changed["id"].as_str().unwrap();
    let (_, body) = batch_delete(
        &app,
        &json!({"items": [changed_id, plain], "recursive": true}),
    )
    .await;
    let job_id = body["job_id"].as_str().unwrap();
    let done = poll_job(&app, job_id, JOB_TIMEOUT, is_terminal).await;
    assert_eq!(done["status"], "FAILED");
    let failed = &done["sub_jobs"][0];
    assert_eq!(failed["status"], "FAILED");
    assert_eq!(
        failed["job_resource_info"]["resource_name"],
        "design-suite-group-changed"
    );
    assert_eq!(failed["job_execute_info"]["error_code"], "WKS.00129901");
    assert!(!failed["job_execute_info"]["error_message"]
        .as_str()
        .unwrap()
        .is_empty());
    assert_eq!(done["sub_jobs"][1]["status"], "SUCCESS");

    let (status, restored) = app
        .get_api(&format!("/image-servers/{changed_id}"))
        .answer()
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(restored["status"], changed["status"]);
    assert_eq!(all_instances(&app).await.len(), before.len() - 1);

    // Without `recursive`, the same instance deletes fine.
    let done = delete_to_the_end(
        &app,
        &json!({"items": [changed_id], "recursive": false}),
        JOB_TIMEOUT,
    )
    .await;
    assert_eq!(done["status"], "SUCCESS");
}

#[tokio::test]
async fn job_of_only_unknown_ids_succeeds_empty_and_unknown_jobs_are_404() {
    let app = TestApp::simulator(|sim| sim.job_duration_ms = 200);
    let done = delete_to_the_end(
        &app,
        &json!({"items": ["1", "2"], "recursive": false}),
        JOB_TIMEOUT,
    )
    .await;
    assert_eq!(done["status"], "SUCCESS");
    assert_eq!(done["sub_jobs_total"], 0);
    assert_eq!(done["sub_jobs"], json!([]));
    let (status, error) = app
        .get_api("/image-server-jobs/84d5dd05-2977-4e37-8409-cf0b027f6a5b")
        .answer()
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_wks_error(&error, "WKS.00211902");
}

#[tokio::test]
async fn lists_jobs_by_type_and_status() {
    let app = TestApp::simulator(|sim| sim.job_duration_ms = 60000);
    // The seeded history: jobs that ended before this test began.
    let count = |page: &Value| page["count"].as_u64().unwrap();
    let (_, history) = app
        .get_api("/image-server-jobs?job_type=DELETE_SERVER")
        .answer()
        .await;
    let (_, history_done) = app
        .get_api("/image-server-jobs?job_type=DELETE_SERVER&status=SUCCESS")
        .answer()
        .await;
    let mut job_ids = Vec::new();
    for _ in 0..3 {
        let (_, body) = batch_delete(&app, &json!({"items": ["none"], "recursive": false})).await;
        job_ids.push(body["job_id"].as_str().unwrap().to_owned());
    }
    let (status, page) = app
        .get_api("/image-server-jobs?job_type=DELETE_SERVER&limit=2")
        .answer()
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(count(&page), count(&history) + 3);
    let listed: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, [job_ids[2].as_str(), job_ids[1].as_str()]);
    assert!(page["items"][0].get("sub_jobs").is_none());
    let (_, waiting) = app
        .get_api("/image-server-jobs?job_type=DELETE_SERVER&status=WAITING")
        .answer()
        .await;
    assert_eq!(waiting["count"], 3);
    let (_, done) = app
        .get_api("/image-server-jobs?job_type=DELETE_SERVER&status=SUCCESS")
        .answer()
        .await;
    assert_eq!(done, history_done);
    let (_, creates) = app
        .get_api("/image-server-jobs?job_type=CREATE_SERVER")
        .answer()
        .await;
    let creates = creates["items"].as_array().unwrap();
    assert!(creates.iter().all(|j| j["job_type"] == "CREATE_SERVER"));
    assert!(creates
        .iter()
        .all(|j| !job_ids.contains(&j["id"].as_str().unwrap().to_owned())));
    for query in [
        "",
        "?job_type=DELETE",
        "?job_type=DELETE_SERVER&status=DONE",
        "?job_type=DELETE_SERVER&limit=101",
    ] {
        assert_invalid_parameter(&app, &format!("/image-server-jobs{query}")).await;
    }
}

#[tokio::test]
async fn unknown_paths_wrong_methods_and_other_projects_get_error_bodies() {
    let app = TestApp::simulator(|_| {});
    let (status, body) = app.get("/api/v2/whatever").answer().await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        body["error_code"].is_string() && body["error_msg"].is_string(),
        "{body}"
    );

    for (method, path) in [
        (Method::POST, "/image-servers"),
        (Method::DELETE, "/image-servers/1"),
        (Method::GET, "/image-servers/actions/batch-delete"),
        (Method::PUT, "/image-server-jobs/1"),
    ] {
        let (status, body) = app.call(method.clone(), &api_path(path)).answer().await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_wks_error(&body, "WKS.00000405");
    }

    let other = format!("/api/v1/{}/image-servers", "a".repeat(32));
    let (status, body) = app.get(&other).answer().await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body,
        json!({"error_code": "WKS.00081102", "error_msg": "User does not have permission to access this resource."})
    );
    let (status, _) = batch_delete(&app, &json!({})).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "own project passes the check"
    );
}

#[tokio::test]
async fn every_api_response_has_a_fresh_request_id() {
    let app = TestApp::simulator(|sim| sim.job_duration_ms = 50);
    let paths = [
        api_path("/image-servers"),
        api_path("/image-servers?limit=0"),
        api_path("/image-servers/1"),
        api_path("/image-server-jobs/1"),
        "/api/unknown".to_owned(),
        "/api/v1/other/image-servers".to_owned(),
    ];
    let mut ids = HashSet::new();
    for url in paths.iter().chain(paths.iter()) {
        let response = app.get(url).send().await;
        let id = response
            .headers()
            .get("x-request-id")
            .unwrap_or_else(|| panic!("no id on {url}"))
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(id.len(), 32);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
            "{id}"
        );
        assert!(ids.insert(id), "request id repeated");
    }
    let response = app
        .call(Method::POST, &api_path("/image-servers"))
        .send()
        .await;
    assert!(response.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn required_token_is_enforced_like_the_gateway() {
    let app = TestApp::simulator(|sim| sim.required_token = Some("s3cret".to_owned()));
    for token in [None, Some("wrong")] {
        let mut request = app.get_api("/image-servers");
        if let Some(token) = token {
            request = request.header("X-Auth-Token", token);
        }
        let response = request.send().await;
        let header_id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        let (status, body) = json_of(response).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(body["error_code"], "APIGW.0301");
        assert!(body["error_msg"]
            .as_str()
            .unwrap()
            .starts_with("Incorrect IAM authentication information: "));
        assert_eq!(body["request_id"], header_id);
    }
    let ok = app
        .get_api("/image-servers")
        .header("X-Auth-Token", "s3cret")
        .send()
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    let config = app.get("/config.json").send().await;
    assert_ne!(
        config.status(),
        StatusCode::UNAUTHORIZED,
        "the static face needs no token"
    );
}

/// Overlapping concurrent deletes: each request succeeds on its own, every targeted instance
/// ends up in exactly one job, and the final count is consistent.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_overlapping_deletes_stay_consistent() {
    let app = TestApp::simulator(|sim| sim.job_duration_ms = 300);
    let before = all_instances(&app).await;
    let deletable: Vec<String> = before
        .iter()
        .filter(|i| matches!(i["status"].as_str(), Some("ACTIVE" | "BUILT" | "ERROR")))
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .take(15)
        .collect();
    assert_eq!(deletable.len(), 15);
    let requests: Vec<_> = (0..10)
        .map(|n| {
            let items: Vec<String> = deletable.iter().cycle().skip(n).take(6).cloned().collect();
            let app = app.clone();
            tokio::spawn(async move {
                batch_delete(&app, &json!({"items": items, "recursive": false})).await
            })
        })
        .collect();
    let mut claimed: HashMap<String, usize> = HashMap::new();
    for request in requests {
        let (status, body) = request.await.expect("request task");
        assert_eq!(status, StatusCode::OK, "{body}");
        let done = end_of_job(&app, &body, JOB_TIMEOUT).await;
        assert_eq!(done["status"], "SUCCESS");
        assert_eq!(
            done["sub_jobs_total"],
            done["sub_jobs"].as_array().unwrap().len()
        );
        for sub in done["sub_jobs"].as_array().unwrap() {
            *claimed
                .entry(
                    sub["job_resource_info"]["resource_id"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                )
                .or_default() += 1;
        }
    }
    let targeted: HashSet<&String> = (0..10)
        .flat_map(|n| deletable.iter().cycle().skip(n).take(6))
        .collect();
    assert_eq!(claimed.len(), targeted.len());
    assert!(claimed.values().all(|&n| n == 1), "{claimed:?}");
    let after = all_instances(&app).await;
    assert_eq!(after.len(), before.len() - targeted.len());
}

#[tokio::test]
async fn generates_large_data_sets_on_request() {
    let app = TestApp::simulator(|sim| sim.instance_count = Some(10000));
    let (_, page) = app
        .get_api("/image-servers?limit=100&offset=9950")
        .answer()
        .await;
    assert_eq!(page["count"], 10000);
    assert_eq!(page["items"].as_array().unwrap().len(), 50);
    assert_eq!(count(&app, "/image-servers?server_name=-09999").await, 1);
}
