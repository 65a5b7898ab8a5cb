//! Jobs as a console beyond this browser's own history sees them: every sub-job status a
//! delete can end with (`PUT /__sim/outcomes`), an earlier job for the same instances
//! (`POST /__sim/jobs`), and the project's job list with its seeded history.

mod support;

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::server::sim::{plan_outcomes, record_job, remove_instance, reset};
use support::server::{
    all_instances, batch_delete, delete_to_the_end, is_terminal, poll_job, Api, TestApp,
};

const JOB_TIMEOUT: Duration = Duration::from_secs(20);
const JOB_TYPES: [&str; 3] = ["CREATE_SERVER", "CREATE_SERVER_IMAGE", "DELETE_SERVER"];

async fn ids_of_status(app: &TestApp, status: &str, count: usize) -> Vec<String> {
    let ids: Vec<String> = all_instances(app)
        .await
        .iter()
        .filter(|i| i["status"] == status && !i["name"].as_str().unwrap().contains("changed"))
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .take(count)
        .collect();
    assert_eq!(ids.len(), count, "{count} {status} instances");
    ids
}

/// `GET …/image-server-jobs?{query}`, expected to succeed.
async fn jobs_page(app: &TestApp, query: &str) -> Value {
    let (status, page) = app
        .get_api(&format!("/image-server-jobs?{query}"))
        .answer()
        .await;
    assert_eq!(status, StatusCode::OK, "{query}: {page}");
    page
}

fn items(page: &Value) -> &Vec<Value> {
    page["items"].as_array().expect("items")
}

fn field<'a>(jobs: &'a [Value], name: &str) -> Vec<&'a str> {
    jobs.iter().map(|j| j[name].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_delete_ends_with_each_planned_status_and_ignores_gone_ids() {
    let app = TestApp::simulator(|sim| sim.job_duration_ms = 800);
    let targets = ids_of_status(&app, "ACTIVE", 8).await;
    let statuses = [
        "SUCCESS", "FAILED", "ABNORMAL", "ROLLBACK", "ABORTING", "WAITING", "RUNNING", "PAUSED",
    ];
    let mut plans = serde_json::Map::new();
    for (id, status) in targets.iter().zip(statuses) {
        plans.insert(id.clone(), json!({ "status": status }));
    }
    plans.insert(
        targets[1].clone(),
        json!({"status": "FAILED", "error_code": "WKS.00211401", "error_message": "disk busy"}),
    );
    let gone = ids_of_status(&app, "ERROR", 1).await.remove(0);
    plans.insert(gone.clone(), json!({"status": "FAILED"}));
    plan_outcomes(&app, &Value::Object(plans)).await;
    remove_instance(&app, &gone).await;

    let mut items_sent = targets.clone();
    items_sent.insert(3, gone.clone());
    let body = json!({"items": items_sent, "recursive": false});
    let done = delete_to_the_end(&app, &body, JOB_TIMEOUT).await;
    assert_eq!(done["status"], "FAILED");
    let subs = done["sub_jobs"].as_array().unwrap();
    assert_eq!(
        field(
            &subs
                .iter()
                .map(|s| s["job_resource_info"].clone())
                .collect::<Vec<_>>(),
            "resource_id"
        ),
        targets,
        "no sub-job for the gone id"
    );
    assert_eq!(field(subs, "status"), statuses);
    for sub in subs {
        let failed = ["FAILED", "ABNORMAL"].contains(&sub["status"].as_str().unwrap());
        let info = &sub["job_execute_info"];
        assert_eq!(info["error_code"] != "", failed, "{sub}");
        assert_eq!(info["error_message"] != "", failed, "{sub}");
        assert_eq!(
            sub.get("end_time").is_some(),
            failed || sub["status"] == "SUCCESS",
            "{sub}"
        );
    }
    assert_eq!(
        subs[1]["job_execute_info"],
        json!({"error_code": "WKS.00211401", "error_message": "disk busy"})
    );

    // Deleted, restored after a failure, or left DELETING while unfinished.
    let after = all_instances(&app).await;
    let status_of = |id: &str| {
        after
            .iter()
            .find(|i| i["id"] == id)
            .map(|i| i["status"].clone())
    };
    assert_eq!(status_of(&targets[0]), None);
    assert_eq!(status_of(&targets[1]), Some(json!("ACTIVE")));
    assert_eq!(status_of(&targets[2]), Some(json!("ACTIVE")));
    for unfinished in &targets[3..] {
        assert_eq!(status_of(unfinished), Some(json!("DELETING")));
    }
}

#[tokio::test]
async fn bad_outcome_plans_and_recorded_jobs_are_refused() {
    let app = TestApp::simulator(|_| {});
    for plans in [
        json!([]),
        json!({"1": {}}),
        json!({"1": {"status": "FAILED", "error_code": 1}}),
    ] {
        let (status, _) = app
            .call(Method::PUT, "/__sim/outcomes")
            .json(&plans)
            .answer()
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{plans}");
    }
    for job in [
        json!({"sub_jobs": []}),
        json!({"began_ms_ago": 1, "job_type": "DELETE", "sub_jobs": []}),
        json!({"began_ms_ago": 1, "sub_jobs": [{"status": "FAILED"}]}),
    ] {
        let (status, _) = app
            .call(Method::POST, "/__sim/jobs")
            .json(&job)
            .answer()
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{job}");
    }
}

#[tokio::test]
async fn an_earlier_failed_job_for_the_same_instances_lists_after_the_new_one() {
    let app = TestApp::simulator(|sim| sim.job_duration_ms = 600);
    let targets = ids_of_status(&app, "ACTIVE", 2).await;
    let earlier = record_job(
        &app,
        &json!({
            "began_ms_ago": 120_000,
            "duration_ms": 30_000,
            "sub_jobs": targets.iter().map(|id| json!({"resource_id": id, "status": "FAILED"})).collect::<Vec<_>>(),
        }),
    )
    .await;
    let (_, old) = app
        .get_api(&format!("/image-server-jobs/{earlier}"))
        .answer()
        .await;
    assert_eq!(old["status"], "FAILED");
    assert_eq!(old["job_type"], "DELETE_SERVER");
    let names: Vec<&str> = old["sub_jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["job_resource_info"]["resource_name"].as_str().unwrap())
        .collect();
    assert!(
        names.iter().all(|n| !n.is_empty()),
        "named after the instances: {names:?}"
    );
    assert!(old["end_time"].as_str().unwrap() > old["begin_time"].as_str().unwrap());
    assert_eq!(
        ids_of_status(&app, "ACTIVE", 2).await,
        targets,
        "history deletes nothing"
    );

    let (_, answer) = batch_delete(&app, &json!({"items": targets, "recursive": false})).await;
    let new = answer["job_id"].as_str().unwrap();
    let page = jobs_page(&app, "job_type=DELETE_SERVER").await;
    assert_eq!(field(&items(&page)[..2], "id"), [new, earlier.as_str()]);
    let begins = field(items(&page), "begin_time");
    assert!(begins[0] > old["end_time"].as_str().unwrap());
    let done = poll_job(&app, new, JOB_TIMEOUT, is_terminal).await;
    assert_eq!(done["status"], "SUCCESS");
    assert_eq!(done["begin_time"], items(&page)[0]["begin_time"]);
}

#[tokio::test]
async fn the_job_list_pages_filters_and_orders_the_seeded_history() {
    let app = TestApp::simulator(|_| {});
    for job_type in JOB_TYPES {
        let page = jobs_page(&app, &format!("job_type={job_type}&limit=100")).await;
        let all = items(&page);
        assert_eq!(page["count"], all.len());
        assert!(all.len() >= 2, "{job_type} history");
        assert!(all.iter().all(|j| j["job_type"] == job_type));
        let begins = field(all, "begin_time");
        assert!(
            begins.windows(2).all(|w| w[0] >= w[1]),
            "newest first: {begins:?}"
        );
        assert!(all
            .iter()
            .all(|j| j.get("end_time").is_some() && j["sub_jobs_total"].as_u64() > Some(0)));

        let failed = jobs_page(&app, &format!("job_type={job_type}&status=FAILED")).await;
        assert!(
            failed["count"].as_u64() >= Some(1),
            "{job_type} has a failure"
        );
        assert!(items(&failed).iter().all(|j| j["status"] == "FAILED"));
        let detail_path = format!(
            "/image-server-jobs/{}",
            items(&failed)[0]["id"].as_str().unwrap()
        );
        let (_, detail) = app.get_api(&detail_path).answer().await;
        assert!(
            detail["sub_jobs"].as_array().unwrap().iter().any(|s| {
                s["status"] != "SUCCESS"
                    && s["job_execute_info"]["error_code"] != ""
                    && s["job_execute_info"]["error_message"] != ""
            }),
            "{detail}"
        );
        let succeeded = jobs_page(&app, &format!("job_type={job_type}&status=SUCCESS")).await;
        assert_eq!(
            failed["count"].as_u64().unwrap() + succeeded["count"].as_u64().unwrap(),
            all.len() as u64
        );

        let mut paged = Vec::new();
        for offset in (0..all.len()).step_by(2) {
            let page = jobs_page(
                &app,
                &format!("job_type={job_type}&offset={offset}&limit=2"),
            )
            .await;
            assert_eq!(page["count"], all.len());
            paged.extend(items(&page).iter().cloned());
        }
        assert_eq!(&paged, all);
    }
    let any = jobs_page(&app, "job_type=&limit=100").await;
    let total: u64 = [
        jobs_page(&app, "job_type=CREATE_SERVER").await,
        jobs_page(&app, "job_type=CREATE_SERVER_IMAGE").await,
        jobs_page(&app, "job_type=DELETE_SERVER").await,
    ]
    .iter()
    .map(|p| p["count"].as_u64().unwrap())
    .sum();
    assert_eq!(
        any["count"], total,
        "an empty job_type (the spec's pattern allows it) is any type"
    );
    let (status, error) = app
        .get_api("/image-server-jobs?status=FAILED")
        .answer()
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["error_msg"]
        .as_str()
        .unwrap()
        .contains("job_type is required"));
}

#[tokio::test]
async fn reset_brings_the_history_back_and_forgets_recorded_jobs() {
    let app = TestApp::simulator(|_| {});
    let seeded = jobs_page(&app, "job_type=DELETE_SERVER&limit=100").await;
    let recorded = record_job(&app, &json!({"began_ms_ago": 1000, "sub_jobs": []})).await;
    assert_eq!(
        items(&jobs_page(&app, "job_type=DELETE_SERVER").await)[0]["id"],
        recorded
    );
    reset(&app).await;
    let again = jobs_page(&app, "job_type=DELETE_SERVER&limit=100").await;
    assert_eq!(again["count"], seeded["count"]);
    assert_eq!(
        field(items(&again), "begin_time").len(),
        items(&seeded).len()
    );
    let (status, _) = app
        .get_api(&format!("/image-server-jobs/{recorded}"))
        .answer()
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
