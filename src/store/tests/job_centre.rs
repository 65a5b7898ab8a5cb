//! The job centre's store part on the fakes: what it asks the API for, what it keeps, and
//! how it fails.

use super::*;
use crate::rules::job_centre::CentreQuery;
use crate::rules::url_view::parse_url_view;
use crate::store::CentreLoad;
use crate::wire::{JobStatus, JobType};

const JOBS: &str = r#"{"count": 2, "items": [
    {"id": "j2", "job_type": "DELETE_SERVER", "status": "FAILED", "sub_jobs_total": 2,
     "begin_time": "2026-11-30T10:00:00Z", "end_time": "2026-11-30T10:03:00Z"},
    {"id": "j1", "job_type": "DELETE_SERVER", "status": "SUCCESS",
     "begin_time": "2026-11-29T10:00:00Z"}]}"#;

fn jobs_url(query: &str) -> String {
    format!("GET http://127.0.0.1:8080/api/v1/{PROJECT}/image-server-jobs?{query}")
}

fn job_lists(log: &Log) -> Vec<String> {
    log.lock()
        .unwrap()
        .iter()
        .filter(|line| line.contains("/image-server-jobs?"))
        .cloned()
        .collect()
}

fn answering_jobs(line: &str) -> Answer {
    if line.contains("/image-server-jobs?") {
        ok(JOBS)
    } else {
        not_found()
    }
}

#[test]
fn opening_it_reads_the_first_page_of_delete_jobs_and_filters_start_again_at_page_one() {
    let (store, log, _owner) = started_store(console(&[], answering_jobs));
    assert!(
        job_lists(&log).is_empty(),
        "nothing read before it is opened"
    );
    store.open_job_centre();
    run();
    assert_eq!(
        job_lists(&log),
        [jobs_url("job_type=DELETE_SERVER&offset=0&limit=20")]
    );
    let CentreLoad::Loaded(page) = store.centre_load().get_untracked() else {
        panic!("loaded: {:?}", store.centre_load().get_untracked());
    };
    assert_eq!(page.count, Some(2));
    assert_eq!(page.items[0].id, "j2");
    assert_eq!(page.items[0].status, JobStatus::Failed);
    assert_eq!(page.items[1].sub_jobs_total, None);

    store.go_to_jobs_page(3);
    store.filter_jobs_by_status(Some(JobStatus::Failed));
    store.go_to_jobs_page(2);
    store.filter_jobs_by_type(Some(JobType::CreateServerImage));
    run();
    assert_eq!(
        job_lists(&log)[1..],
        [
            jobs_url("job_type=DELETE_SERVER&offset=40&limit=20"),
            jobs_url("job_type=DELETE_SERVER&offset=0&limit=20&status=FAILED"),
            jobs_url("job_type=DELETE_SERVER&offset=20&limit=20&status=FAILED"),
            jobs_url("job_type=CREATE_SERVER_IMAGE&offset=0&limit=20&status=FAILED"),
        ]
    );
    // Opening it again keeps where it was; closing it shows the instances.
    store.open_job_centre();
    assert_eq!(
        store.centre_query().get_untracked().map(|query| query.page),
        Some(1)
    );
    store.close_job_centre();
    assert_eq!(store.centre_query().get_untracked(), None);
    assert_eq!(store.current_view().centre, None);
}

#[test]
fn an_error_is_kept_whole_and_retry_reads_again() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let (store, log, _owner) = started_store(console(&[], move |line| {
        if !line.contains("/image-server-jobs?") {
            return not_found();
        }
        if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            Ok(RawResponse {
                status: 403,
                body: r#"{"error_code": "WKS.00081102", "error_msg": "No permission."}"#.into(),
                request_id: Some("req-9".into()),
                retry_after: None,
            })
        } else {
            ok(JOBS)
        }
    }));
    store.open_job_centre();
    run();
    let CentreLoad::Failed(error) = store.centre_load().get_untracked() else {
        panic!("failed: {:?}", store.centre_load().get_untracked());
    };
    assert_eq!(error.status, Some(403));
    assert_eq!(error.code.as_deref(), Some("WKS.00081102"));
    assert_eq!(error.request_id.as_deref(), Some("req-9"));

    store.reload_job_centre();
    run();
    assert_eq!(job_lists(&log).len(), 2);
    assert!(matches!(
        store.centre_load().get_untracked(),
        CentreLoad::Loaded(page) if page.items.len() == 2
    ));
}

#[test]
fn a_body_without_items_is_an_error_not_an_empty_list() {
    let (store, _log, _owner) = started_store(console(&[], |line| {
        if line.contains("/image-server-jobs?") {
            ok(r#"{"count": 3}"#)
        } else {
            not_found()
        }
    }));
    store.open_job_centre();
    run();
    assert!(matches!(
        store.centre_load().get_untracked(),
        CentreLoad::Failed(_)
    ));
}

#[test]
fn a_linked_job_centre_opens_its_query_and_its_job_and_back_to_the_list_closes_it() {
    let (store, log, _owner) = started_store(console(&[], answering_jobs));
    let linked =
        parse_url_view("?view=jobs&job_type=CREATE_SERVER&job_status=FAILED&page=2&job=j2");
    store.open_view(linked.clone());
    run();
    assert_eq!(store.current_view(), linked);
    assert_eq!(store.shown_jobs().get_untracked(), ["j2"]);
    assert_eq!(
        job_lists(&log),
        [jobs_url(
            "job_type=CREATE_SERVER&offset=20&limit=20&status=FAILED"
        )]
    );
    // The same view again (a popstate to it) reads nothing more.
    store.open_view(linked);
    run();
    assert_eq!(job_lists(&log).len(), 1);

    store.open_view(parse_url_view(""));
    assert_eq!(store.centre_query().get_untracked(), None);
    // Opening it again from the button starts from its default query.
    store.open_job_centre();
    assert_eq!(
        store.centre_query().get_untracked(),
        Some(CentreQuery::default())
    );
}

#[test]
fn a_job_started_elsewhere_that_ends_is_shown_but_neither_saved_nor_a_reason_to_list_again() {
    let (store, log, _owner) = started_store(console(&[], answering_jobs));
    let lists = || {
        count(
            &log,
            &format!("GET http://127.0.0.1:8080/api/v1/{PROJECT}/image-servers"),
        )
    };
    let before = lists();
    store.show_job("j2");
    let ended: crate::wire::ImageJob =
        serde_json::from_str(r#"{"id": "j2", "job_type": "DELETE_SERVER", "status": "FAILED"}"#)
            .unwrap();
    store.job_finished("j2", &ended);
    run();
    assert_eq!(lists(), before);
    assert!(store
        .jobs()
        .with_untracked(|jobs| jobs.find("j2").is_none()));
    assert_eq!(store.shown_jobs().get_untracked(), ["j2"]);
    assert_eq!(count(&log, "set image-console.jobs"), 0);
}

#[test]
fn all_types_read_each_type_and_show_them_merged_and_counted_together() {
    let (store, log, _owner) = started_store(console(&[], answering_jobs));
    store.open_job_centre();
    store.filter_jobs_by_type(None);
    run();
    assert_eq!(
        job_lists(&log)[1..],
        [
            jobs_url("job_type=DELETE_SERVER&offset=0&limit=20"),
            jobs_url("job_type=CREATE_SERVER&offset=0&limit=20"),
            jobs_url("job_type=CREATE_SERVER_IMAGE&offset=0&limit=20"),
        ]
    );
    let CentreLoad::Loaded(page) = store.centre_load().get_untracked() else {
        panic!("loaded: {:?}", store.centre_load().get_untracked());
    };
    // The fake answers the same two jobs for every type: six, newest first.
    assert_eq!(page.count, Some(6));
    let ids: Vec<&str> = page.items.iter().map(|job| job.id.as_str()).collect();
    assert_eq!(ids, ["j2", "j2", "j2", "j1", "j1", "j1"]);
    assert_eq!(
        crate::rules::url_view::format_url_view(&store.current_view()),
        "?view=jobs&job_type=ALL"
    );
}
