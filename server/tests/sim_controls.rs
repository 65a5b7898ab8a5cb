//! The `/__sim` controls that make a console's view stale (an instance's status or associated
//! resources change, or it disappears), and the list queries a console re-reads them with.

mod support;

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::server::sim::{add_instance, change_instance, remove_instance};
use support::server::{all_instances, batch_delete, delete_to_the_end, names_listed, Api, TestApp};

const JOB_TIMEOUT: Duration = Duration::from_secs(20);

/// The instances `GET …/image-servers?{query}` lists.
async fn listed(app: &TestApp, query: &str) -> Value {
    let (status, page) = app
        .get_api(&format!("/image-servers?{query}"))
        .answer()
        .await;
    assert_eq!(status, StatusCode::OK, "{query}: {page}");
    page
}

async fn instance_named(app: &TestApp, name: &str) -> Value {
    all_instances(app)
        .await
        .into_iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

#[tokio::test]
async fn a_selected_instance_turned_building_is_seen_by_id_and_refuses_the_delete() {
    let app = TestApp::simulator(|_| {});
    let target = instance_named(&app, "test_instance_2").await;
    let id = target["id"].as_str().unwrap();
    let changed = change_instance(&app, id, &json!({"status": "BUILDING"})).await;
    assert_eq!(changed["status"], "BUILDING");
    assert!(changed["update_time"].as_str() >= target["update_time"].as_str());

    let page = listed(&app, &format!("server_id={id}")).await;
    assert_eq!(page["count"], 1);
    assert_eq!(page["items"][0]["status"], "BUILDING");
    let (status, error) = batch_delete(&app, &json!({"items": [id], "recursive": false})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["error_msg"].as_str().unwrap().contains("BUILDING"));

    for (status, shown) in [
        ("CREATING", json!("CREATING")),
        ("DELETING", json!("DELETING")),
        ("null", json!("null")),
    ] {
        let changed = change_instance(&app, id, &json!({ "status": status })).await;
        assert_eq!(changed["status"], shown);
    }
    let absent = change_instance(&app, id, &json!({"status": null})).await;
    assert!(absent.get("status").is_none(), "{absent}");
}

#[tokio::test]
async fn new_resource_ids_show_in_the_list_and_fail_a_recursive_delete() {
    let app = TestApp::simulator(|sim| sim.job_duration_ms = 300);
    let target = instance_named(&app, "test_instance_2").await;
    let id = target["id"].as_str().unwrap();
    let change = json!({
        "server_group_id": "5f7c0000-0000-0000-0000-00000000a001",
        "server_id": "wksapp-5f7c0000-0000-0000-0000-00000000a002",
        "app_group_id": "700000000000000001",
    });
    let changed = change_instance(&app, id, &change).await;
    let page = listed(&app, &format!("server_id={id}")).await;
    assert_eq!(page["items"][0], changed);
    for field in ["server_group_id", "server_id", "app_group_id"] {
        assert_eq!(changed[field], change[field], "{field}");
    }
    assert_eq!(changed["status"], target["status"], "status unchanged");

    let recursive = json!({"items": [id], "recursive": true});
    let done = delete_to_the_end(&app, &recursive, JOB_TIMEOUT).await;
    assert_eq!(done["status"], "FAILED");
    assert_eq!(
        done["sub_jobs"][0]["job_execute_info"]["error_code"],
        "WKS.00129901"
    );
    assert_eq!(listed(&app, &format!("server_id={id}")).await["count"], 1);
}

#[tokio::test]
async fn a_removed_instance_is_gone_from_lists_and_ignored_by_deletes() {
    let app = TestApp::simulator(|sim| sim.job_duration_ms = 300);
    let before = all_instances(&app).await;
    let gone = instance_named(&app, "test_instance_2").await;
    let gone_id = gone["id"].as_str().unwrap();
    remove_instance(&app, gone_id).await;
    assert_eq!(
        listed(&app, &format!("server_id={gone_id}")).await,
        json!({"count": 0, "items": []})
    );
    let (status, _) = app
        .get_api(&format!("/image-servers/{gone_id}"))
        .answer()
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(all_instances(&app).await.len(), before.len() - 1);

    let other = instance_named(&app, "财务部办公应用镜像-测试环境").await;
    let other_id = other["id"].as_str().unwrap();
    let both = json!({"items": [gone_id, other_id], "recursive": false});
    let done = delete_to_the_end(&app, &both, JOB_TIMEOUT).await;
    assert_eq!(done["sub_jobs_total"], 1, "no sub-job for the gone id");
    assert_eq!(
        done["sub_jobs"][0]["job_resource_info"]["resource_id"],
        other_id
    );
}

#[tokio::test]
async fn lists_filter_by_exact_id_and_name_substring() {
    let app = TestApp::simulator(|_| {});
    let target = instance_named(&app, "test_instance_2").await;
    let id = target["id"].as_str().unwrap();
    let prefix = &id[..id.len() - 1];
    assert_eq!(
        listed(&app, &format!("server_id={prefix}")).await["count"],
        0
    );
    let by_name = listed(&app, "server_name=test_instance").await;
    let names = names_listed(&by_name);
    assert_eq!(by_name["count"], 2);
    assert!(names.contains(&"test_instance_1") && names.contains(&"test_instance_2"));
    let both = listed(&app, &format!("server_id={id}&server_name=instance_2")).await;
    assert_eq!(both["items"][0]["id"], id);
    assert_eq!(
        listed(&app, &format!("server_id={id}&server_name=_1")).await["count"],
        0
    );
}

#[tokio::test]
async fn bad_instance_changes_are_refused() {
    let app = TestApp::simulator(|_| {});
    let id = instance_named(&app, "test_instance_2").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for body in [
        json!({"status": "GONE"}),
        json!({"name": "renamed"}),
        json!({"server_id": 7}),
    ] {
        let (status, error) = app
            .call(Method::PUT, &format!("/__sim/instances/{id}"))
            .json(&body)
            .answer()
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(error["error_msg"].is_string(), "{error}");
    }
    let (status, _) = app
        .call(Method::PUT, "/__sim/instances/404")
        .json(&json!({"status": "ACTIVE"}))
        .answer()
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let status = app
        .call(Method::DELETE, "/__sim/instances/404")
        .send()
        .await
        .status();
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn added_instances_are_listed_newest_first_and_one_without_an_id_cannot_be_named() {
    let app = TestApp::simulator(|_| {});
    let before = all_instances(&app).await.len();
    let newest = add_instance(
        &app,
        &json!({"name": "added-newest", "image_type": "public",
                "create_time": "2099-01-01T00:00:00.5Z"}),
    )
    .await;
    let id = newest["id"].as_str().expect("the next id");
    assert!(id.parse::<u64>().is_ok(), "{id}");
    let nameless = add_instance(
        &app,
        &json!({"name": "added-without-id", "id": null, "create_time": "2099-01-01T00:00:01Z"}),
    )
    .await;
    assert!(nameless.get("id").is_none(), "{nameless}");
    let page = listed(&app, "limit=2").await;
    assert_eq!(page["count"], before + 2);
    assert_eq!(names_listed(&page), ["added-without-id", "added-newest"]);
    assert_eq!(page["items"][0], nameless);
    assert_eq!(
        listed(&app, &format!("server_id={id}")).await["items"][0],
        newest
    );

    // A batch-delete cannot name it: an empty id is refused, like any other bad item.
    let (status, _) = batch_delete(&app, &json!({"items": [""], "recursive": false})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(all_instances(&app).await.len(), before + 2);
}

#[tokio::test]
async fn bad_added_instances_are_refused() {
    let app = TestApp::simulator(|_| {});
    let taken = instance_named(&app, "test_instance_2").await["id"].clone();
    for body in [
        json!({}),
        json!({"name": "n", "id": taken}),
        json!({"name": "n", "image_type": "GOLD"}),
        json!({"name": "n", "create_time": "2024-05-07T10:00:00.1234Z"}),
        json!({"name": "n", "create_time": "2024-05-07 10:00:00Z"}),
        json!({"name": "n", "server_id": "x"}),
    ] {
        let (status, error) = app
            .call(Method::POST, "/__sim/instances")
            .json(&body)
            .answer()
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(error["error_msg"].is_string(), "{error}");
    }
}
