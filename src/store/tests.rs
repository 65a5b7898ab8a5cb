//! The store on the host: fake clock, storage and network, a single-threaded executor.

mod list;
mod precheck;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use futures_executor::{LocalPool, LocalSpawner};
use futures_util::future::LocalBoxFuture;
use futures_util::task::LocalSpawnExt;
use futures_util::FutureExt;
use leptos::prelude::*;

use super::persist::LANG_KEY;
use super::{Clock, ConfigStatus, Env, KeyValueStore, LoadState, Store};
use crate::api::error::ApiError;
use crate::api::transport::{HttpRequest, Method, RawResponse, Transport};
use crate::i18n::Locale;
use crate::rules::config::RawConfig;
use crate::rules::selection::{SelectError, MAX_BATCH};
use crate::rules::url_view::parse_url_view;
use crate::wire::{ImageServer, ServerStatus};

thread_local! {
    static POOL: RefCell<LocalPool> = RefCell::new(LocalPool::new());
    static SPAWNER: LocalSpawner = POOL.with(|pool| pool.borrow().spawner());
}

/// Runs every task on this test's thread, when [`run`] says so.
struct TestExecutor;

impl CustomExecutor for TestExecutor {
    fn spawn(&self, task: PinnedFuture<()>) {
        SPAWNER.with(|spawner| spawner.spawn_local(task).expect("spawned"));
    }

    fn spawn_local(&self, task: PinnedLocalFuture<()>) {
        SPAWNER.with(|spawner| spawner.spawn_local(task).expect("spawned"));
    }

    fn poll_local(&self) {
        POOL.with(|pool| {
            if let Ok(mut pool) = pool.try_borrow_mut() {
                pool.run_until_stalled();
            }
        });
    }
}

/// Runs the spawned tasks until none can make progress.
fn run() {
    POOL.with(|pool| pool.borrow_mut().run_until_stalled());
}

/// What happened, in order: storage writes and requests.
type Log = Arc<Mutex<Vec<String>>>;

struct FakeClock;

impl Clock for FakeClock {
    fn now_ms(&self) -> f64 {
        1_700_000_000_000.0
    }

    fn random(&self) -> f64 {
        0.5
    }
}

struct FakeStorage {
    values: Mutex<HashMap<String, String>>,
    log: Log,
}

impl KeyValueStore for FakeStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.values.lock().unwrap().get(key).cloned()
    }

    fn set(&self, key: &str, value: &str) -> Result<(), crate::browser::storage::Refusal> {
        self.log.lock().unwrap().push(format!("set {key}"));
        self.values
            .lock()
            .unwrap()
            .insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&self, key: &str) {
        self.log.lock().unwrap().push(format!("remove {key}"));
        self.values.lock().unwrap().remove(key);
    }
}

type Answer = Result<RawResponse, ApiError>;

/// Answers each request with `answer(method and URL)`.
struct FakeNetwork {
    answer: Box<dyn Fn(&str) -> Answer + Send + Sync>,
    log: Log,
}

impl Transport for FakeNetwork {
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<'static, Answer> {
        let method = match request.method {
            Method::Get => "GET",
            Method::Patch => "PATCH",
        };
        let line = match &request.body {
            Some(body) => format!("{method} {} {body}", request.url),
            None => format!("{method} {}", request.url),
        };
        self.log.lock().unwrap().push(line.clone());
        futures_util::future::ready((self.answer)(&line)).boxed_local()
    }

    fn wait(&self, _ms: f64) -> LocalBoxFuture<'static, ()> {
        futures_util::future::ready(()).boxed_local()
    }

    fn jitter(&self) -> f64 {
        0.5
    }

    fn start_up_over(&self) {
        self.log.lock().unwrap().push(START_UP_OVER.to_owned());
    }
}

/// The log's line for `Transport::start_up_over`.
const START_UP_OVER: &str = "start-up over";

fn ok(body: &str) -> Answer {
    Ok(RawResponse {
        status: 200,
        body: body.to_owned(),
        request_id: None,
        retry_after: None,
    })
}

fn not_found() -> Answer {
    Ok(RawResponse {
        status: 404,
        body: "<html>404</html>".to_owned(),
        request_id: None,
        retry_after: None,
    })
}

const PROJECT: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const CONFIG: &str = r#"{"api_base": "/api", "project_id": "0f1e2d3c4b5a69788796a5b4c3d2e1f0"}"#;

fn servers_json(servers: &[(&str, &str)]) -> String {
    let items: Vec<String> = servers
        .iter()
        .map(|(id, status)| format!(r#"{{"id": "{id}", "name": "n{id}", "status": "{status}"}}"#))
        .collect();
    format!(
        r#"{{"count": {}, "items": [{}]}}"#,
        servers.len(),
        items.join(",")
    )
}

/// A store on fakes, started (config.json read) unless the network refuses it, and the log.
fn started_store(answer: impl Fn(&str) -> Answer + Send + Sync + 'static) -> (Store, Log, Owner) {
    let _ = Executor::init_custom_executor(TestExecutor);
    let owner = Owner::new();
    owner.set();
    let log = Log::default();
    let env = Env {
        clock: Arc::new(FakeClock),
        storage: Arc::new(FakeStorage {
            values: Mutex::default(),
            log: log.clone(),
        }),
        transport: Arc::new(FakeNetwork {
            answer: Box::new(answer),
            log: log.clone(),
        }),
        page_url: "http://127.0.0.1:8080/index.html".to_owned(),
        tab_id: "tab-1".to_owned(),
        languages: Vec::new(),
    };
    let store = Store::new(env);
    store.start();
    run();
    (store, log, owner)
}

/// The usual answers: the configuration, nobody signed in, and `servers` as the list.
fn console(
    servers: &'static [(&'static str, &'static str)],
    other: impl Fn(&str) -> Answer + Send + Sync + 'static,
) -> impl Fn(&str) -> Answer + Send + Sync + 'static {
    move |line| {
        if line == "GET config.json" {
            ok(CONFIG)
        } else if line == "GET whoami.json" {
            not_found()
        } else if line.contains("/image-servers?offset=") {
            ok(&servers_json(servers))
        } else {
            other(line)
        }
    }
}

fn count(log: &Log, prefix: &str) -> usize {
    log.lock()
        .unwrap()
        .iter()
        .filter(|line| line.starts_with(prefix))
        .count()
}

fn position(log: &Log, from: usize, what: impl Fn(&str) -> bool) -> Option<usize> {
    log.lock().unwrap()[from..]
        .iter()
        .position(|line| what(line))
        .map(|index| from + index)
}

#[test]
fn start_reads_the_configuration_and_lists_the_instances() {
    let (store, log, _owner) = started_store(console(&[("1", "ACTIVE")], |_| not_found()));
    assert_eq!(store.config_status().get_untracked(), ConfigStatus::Ready);
    assert_eq!(store.project_id().get_untracked().as_deref(), Some(PROJECT));
    assert_eq!(store.entries().with_untracked(Vec::len), 1);
    assert_eq!(store.load_state().get_untracked(), LoadState::Ready);
    assert_eq!(
        count(
            &log,
            &format!("GET http://127.0.0.1:8080/api/v1/{PROJECT}/image-servers")
        ),
        1
    );
}

/// Answers sent at start-up serve the first list load only: they are dropped once it is over,
/// and before any later load sends its first request.
#[test]
fn start_up_answers_are_dropped_after_the_first_load() {
    let (store, log, _owner) = started_store(console(&[("1", "ACTIVE")], |_| not_found()));
    let list = |line: &str| line.contains("/image-servers?offset=");
    let first_list = position(&log, 0, list).expect("the first load");
    let over = position(&log, 0, |line| line == START_UP_OVER).expect("dropped");
    assert!(over > first_list, "after the first load's request");
    assert_eq!(count(&log, START_UP_OVER), 1);

    let before = log.lock().unwrap().len();
    store.refresh();
    run();
    let over = position(&log, before, |line| line == START_UP_OVER).expect("dropped again");
    let second_list = position(&log, before, list).expect("the second load");
    assert!(over < second_list, "before the second load's first request");
}

/// The list shown is the entries made as the pages arrived, or, when an instance came twice
/// (offset paging while the list shifts), the list without the second listing.
#[test]
fn a_load_shows_each_instance_once_in_page_order() {
    for (servers, ids) in [
        (&[("b", "ACTIVE"), ("a", "ACTIVE")][..], &["b", "a"][..]),
        (
            &[("b", "ACTIVE"), ("a", "ACTIVE"), ("b", "ACTIVE")][..],
            &["b", "a"][..],
        ),
    ] {
        let body = servers_json(servers);
        let (store, _log, _owner) = started_store(move |line| match line {
            "GET config.json" => ok(CONFIG),
            _ if line.contains("/image-servers?offset=") => ok(&body),
            _ => not_found(),
        });
        let shown: Vec<String> = store.entries().with_untracked(|entries| {
            entries
                .iter()
                .map(|entry| entry.server.id.clone())
                .collect()
        });
        assert_eq!(shown, ids);
        assert_eq!(store.load_state().get_untracked(), LoadState::Ready);
    }
}

#[test]
fn selection_stops_at_the_cap_and_frees_a_place_on_deselect() {
    let (store, _log, _owner) = started_store(console(&[], |_| not_found()));
    let servers: Vec<ImageServer> = (0..MAX_BATCH + 5)
        .map(|n| ImageServer {
            id: n.to_string(),
            status: ServerStatus::Active,
            ..ImageServer::default()
        })
        .collect();
    store.show_instances(servers);
    for n in 0..MAX_BATCH {
        assert_eq!(store.toggle(&n.to_string(), &ServerStatus::Active), Ok(()));
    }
    assert!(store.at_cap().get_untracked());
    assert_eq!(
        store.toggle(&MAX_BATCH.to_string(), &ServerStatus::Active),
        Err(SelectError::Full)
    );
    assert_eq!(store.selected_count(), MAX_BATCH);
    assert!(!store.selected_ids().contains(&MAX_BATCH.to_string()));
    assert_eq!(store.toggle("0", &ServerStatus::Active), Ok(()));
    assert!(!store.at_cap().get_untracked());
    assert!(!store.selected_ids().contains(&"0".to_owned()));
}

#[test]
fn submit_sends_once_and_saves_the_job_before_anything_else() {
    let (store, log, _owner) =
        started_store(console(&[("1", "ACTIVE"), ("2", "ACTIVE")], |line| {
            if line.starts_with("PATCH") {
                ok(r#"{"job_id": "job-1"}"#)
            } else {
                not_found()
            }
        }));
    for id in ["1", "2"] {
        store.toggle(id, &ServerStatus::Active).unwrap();
    }
    let before = log.lock().unwrap().len();
    let ids = store.selected_ids();
    assert!(store.submit(ids.clone(), false));
    assert!(
        !store.submit(ids, false),
        "a second submit while one is in flight"
    );
    assert!(store.submitting().get_untracked());
    run();

    assert_eq!(count(&log, "PATCH"), 1);
    let noted = position(&log, before, |line| line == "set image-console.pending").unwrap();
    let sent = position(&log, before, |line| line.starts_with("PATCH")).unwrap();
    let saved = position(&log, sent, |line| line == "set image-console.jobs").unwrap();
    let listed = position(&log, sent, |line| line.contains("/image-servers?offset=")).unwrap();
    assert!(noted < sent, "noted as pending before it is sent");
    assert!(
        saved < listed,
        "the job is saved before the list is asked for again"
    );
    assert!(store
        .jobs()
        .with_untracked(|jobs| jobs.find("job-1").is_some()));
    assert_eq!(store.shown_jobs().get_untracked(), ["job-1"]);
    assert_eq!(store.selected_count(), 0);
    assert!(!store.submitting().get_untracked());
    assert!(store.interrupted().with_untracked(Vec::is_empty));
}

/// A console whose batch-delete answer is lost, with this list of delete jobs and these
/// jobs (id, body).
fn lost_answer(
    list: &'static str,
    jobs: &'static [(&'static str, &'static str)],
) -> impl Fn(&str) -> Answer + Send + Sync + 'static {
    lost_answer_listing(move |_| ok(list), jobs)
}

/// The same, the list of delete jobs answered by `list(request)`.
fn lost_answer_listing(
    list: impl Fn(&str) -> Answer + Send + Sync + 'static,
    jobs: &'static [(&'static str, &'static str)],
) -> impl Fn(&str) -> Answer + Send + Sync + 'static {
    console(&[("1", "ACTIVE"), ("2", "ACTIVE")], move |line| {
        if line.starts_with("PATCH") {
            Err(ApiError::timeout(30_000))
        } else if line.contains("/image-server-jobs?job_type=DELETE_SERVER") {
            list(line)
        } else {
            jobs.iter()
                .find(|(id, _)| line.ends_with(&format!("/image-server-jobs/{id}")))
                .map_or_else(not_found, |(_, body)| ok(body))
        }
    })
}

#[test]
fn a_lost_answer_is_looked_up_among_the_delete_jobs_and_not_sent_again() {
    let (store, log, _owner) = started_store(lost_answer(
        r#"{"count": 1, "items": [{"id": "job-9", "begin_time": "2023-11-14T22:13:21.2Z"}]}"#,
        &[(
            "job-9",
            r#"{"id": "job-9", "status": "RUNNING", "sub_jobs": [
                {"job_resource_info": {"resource_id": "2"}},
                {"job_resource_info": {"resource_id": "1"}}]}"#,
        )],
    ));
    assert!(store.submit(vec!["1".into(), "2".into()], true));
    run();
    assert_eq!(count(&log, "PATCH"), 1, "never sent again");
    assert!(store
        .jobs()
        .with_untracked(|jobs| jobs.find("job-9").is_some_and(|record| record.recursive)));
    assert_eq!(store.submit_error().get_untracked(), None);
    assert!(!store.submitting().get_untracked());
}

/// The fake clock's now, 2023-11-14T22:13:20Z, is when the request is sent.
const EARLIER_FAILED_JOB: &str = r#"{"id": "job-old", "status": "FAILED", "begin_time": "2023-11-14T21:58:02.5Z",
    "sub_jobs": [{"status": "FAILED", "job_resource_info": {"resource_id": "1"}},
                 {"status": "FAILED", "job_resource_info": {"resource_id": "2"}}]}"#;

#[test]
fn a_lost_answer_follows_the_new_job_not_an_earlier_failed_one_for_the_same_instances() {
    // The earlier job listed first: its begin time, not its place, rules it out.
    let (store, log, _owner) = started_store(lost_answer(
        r#"{"count": 2, "items": [
            {"id": "job-old", "begin_time": "2023-11-14T21:58:02.5Z"},
            {"id": "job-new", "begin_time": "2023-11-14T22:13:20.731Z"}]}"#,
        &[
            ("job-old", EARLIER_FAILED_JOB),
            (
                "job-new",
                r#"{"id": "job-new", "status": "RUNNING", "begin_time": "2023-11-14T22:13:20.731Z",
                "sub_jobs": [{"job_resource_info": {"resource_id": "1"}},
                             {"job_resource_info": {"resource_id": "2"}}]}"#,
            ),
        ],
    ));
    assert!(store.submit(vec!["1".into(), "2".into()], false));
    run();
    assert_eq!(count(&log, "PATCH"), 1, "never sent again");
    assert_eq!(store.shown_jobs().get_untracked(), ["job-new"]);
    assert!(store
        .jobs()
        .with_untracked(|jobs| jobs.find("job-old").is_none()));
    assert_eq!(store.submit_error().get_untracked(), None);
}

#[test]
fn a_lost_answer_is_not_matched_to_an_earlier_job_when_no_new_one_exists() {
    let (store, log, _owner) = started_store(lost_answer(
        r#"{"count": 1, "items": [{"id": "job-old", "begin_time": "2023-11-14T21:58:02.5Z"}]}"#,
        &[("job-old", EARLIER_FAILED_JOB)],
    ));
    assert!(store.submit(vec!["1".into(), "2".into()], false));
    run();
    assert_eq!(count(&log, "PATCH"), 1);
    assert!(store.shown_jobs().with_untracked(Vec::is_empty));
    assert!(
        store.submit_error().get_untracked().is_some(),
        "the outcome stays unknown"
    );
    assert_eq!(
        count(&log, DELETE_JOBS),
        crate::api::client::RECOVERY_WAITS_MS.len(),
        "looked for a few times"
    );
    assert!(!store.submitting().get_untracked());
}

#[test]
fn neither_an_empty_batch_nor_one_over_the_limit_is_checked_or_sent() {
    let (store, log, _owner) = started_store(console(&[("1", "ACTIVE")], |_| not_found()));
    let before = log.lock().unwrap().len();
    let over: Vec<String> = (0..=MAX_BATCH).map(|id| id.to_string()).collect();
    for ids in [Vec::new(), over] {
        assert!(
            !store.check_then_submit(ids.clone(), false),
            "{} ids",
            ids.len()
        );
        assert!(!store.submit(ids.clone(), false), "{} ids", ids.len());
    }
    run();
    assert_eq!(
        log.lock().unwrap().len(),
        before,
        "nothing read, stored or sent"
    );
    assert!(!store.submitting().get_untracked());
}

/// The job a lost answer's request started: for instances 1 and 2, begun after it was sent.
const NEW_JOB: &str = r#"{"id": "job-new", "status": "RUNNING", "begin_time": "2023-11-14T22:13:20.731Z",
    "sub_jobs": [{"job_resource_info": {"resource_id": "1"}},
                 {"job_resource_info": {"resource_id": "2"}}]}"#;
const NEW_JOB_LISTED: &str =
    r#"{"count": 1, "items": [{"id": "job-new", "begin_time": "2023-11-14T22:13:20.731Z"}]}"#;
/// The log's prefix of a read of the project's delete jobs.
const DELETE_JOBS: &str = "GET http://127.0.0.1:8080/api/v1/0f1e2d3c4b5a69788796a5b4c3d2e1f0/image-server-jobs?job_type=DELETE_SERVER";

#[test]
fn a_lost_answer_s_job_is_found_at_the_end_of_a_list_ordered_oldest_first() {
    // The API names no order: 150 jobs, the newest last, on the page at offset 50.
    let (store, log, _owner) = started_store(lost_answer_listing(
        |line| {
            if line.ends_with("offset=0&limit=100") {
                ok(
                    r#"{"count": 150, "items": [{"id": "job-old", "begin_time": "2023-11-14T21:58:02.5Z"}]}"#,
                )
            } else {
                assert!(line.ends_with("offset=50&limit=100"), "{line}");
                ok(
                    r#"{"count": 150, "items": [{"id": "job-new", "begin_time": "2023-11-14T22:13:20.731Z"}]}"#,
                )
            }
        },
        &[("job-new", NEW_JOB)],
    ));
    assert!(store.submit(vec!["1".into(), "2".into()], false));
    run();
    assert_eq!(count(&log, "PATCH"), 1, "never sent again");
    assert_eq!(store.shown_jobs().get_untracked(), ["job-new"]);
    assert_eq!(count(&log, DELETE_JOBS), 2, "both ends, one look");
}

#[test]
fn a_lost_answer_s_job_for_some_of_its_instances_is_found() {
    // Instance 2 was deleted meanwhile: the service ignored its id, so no sub-job has it.
    let (store, _log, _owner) = started_store(lost_answer(
        NEW_JOB_LISTED,
        &[(
            "job-new",
            r#"{"id": "job-new", "status": "RUNNING", "begin_time": "2023-11-14T22:13:20.731Z",
                "sub_jobs": [{"job_resource_info": {"resource_id": "1"}}]}"#,
        )],
    ));
    assert!(store.submit(vec!["1".into(), "2".into()], false));
    run();
    assert_eq!(store.shown_jobs().get_untracked(), ["job-new"]);
    assert_eq!(store.submit_error().get_untracked(), None);
}

#[test]
fn a_lost_answer_s_job_that_shows_up_late_is_found_by_a_later_look() {
    // Listed from the third look on (the service started it after the gateway gave up).
    let looks = AtomicUsize::new(0);
    let (store, log, _owner) = started_store(lost_answer_listing(
        move |_| {
            if looks.fetch_add(1, Ordering::SeqCst) < 2 {
                ok(r#"{"count": 0, "items": []}"#)
            } else {
                ok(NEW_JOB_LISTED)
            }
        },
        &[("job-new", NEW_JOB)],
    ));
    assert!(store.submit(vec!["1".into(), "2".into()], false));
    run();
    assert_eq!(count(&log, DELETE_JOBS), 3);
    assert_eq!(store.shown_jobs().get_untracked(), ["job-new"]);
    assert_eq!(count(&log, "PATCH"), 1, "never sent again");
    assert!(!store.submitting().get_untracked());
}

#[test]
fn a_refused_delete_keeps_the_selection_and_shows_the_error() {
    let (store, log, _owner) = started_store(console(&[("1", "ACTIVE")], |line| {
        if line.starts_with("PATCH") {
            Ok(RawResponse {
                status: 400,
                body: r#"{"error_code": "WKS.00211102", "error_msg": "bad"}"#.to_owned(),
                request_id: None,
                retry_after: None,
            })
        } else {
            not_found()
        }
    }));
    store.toggle("1", &ServerStatus::Active).unwrap();
    assert!(store.submit(vec!["1".into()], false));
    run();
    assert_eq!(count(&log, "PATCH"), 1);
    assert_eq!(
        count(
            &log,
            "GET http://127.0.0.1:8080/api/v1/0f1e2d3c4b5a69788796a5b4c3d2e1f0/image-server-jobs"
        ),
        0
    );
    let error = store.submit_error().get_untracked().unwrap();
    assert_eq!(error.code.as_deref(), Some("WKS.00211102"));
    assert_eq!(store.selected_ids(), ["1"]);
}

#[test]
fn a_refresh_keeps_the_selection_of_ids_that_still_exist() {
    let lists = AtomicUsize::new(0);
    let (store, _log, _owner) = started_store(move |line| match line {
        "GET config.json" => ok(CONFIG),
        _ if line.contains("/image-servers?offset=") => {
            if lists.fetch_add(1, Ordering::SeqCst) == 0 {
                ok(&servers_json(&[
                    ("a", "ACTIVE"),
                    ("b", "ACTIVE"),
                    ("c", "ACTIVE"),
                ]))
            } else {
                ok(&servers_json(&[("a", "ACTIVE"), ("c", "DELETING")]))
            }
        }
        _ => not_found(),
    });
    for id in ["a", "b", "c"] {
        store.toggle(id, &ServerStatus::Active).unwrap();
    }
    store.refresh();
    run();
    assert_eq!(store.selected_ids(), ["a"]);
}

#[test]
fn whoami_names_the_signed_in_user_or_nobody() {
    let (store, _log, _owner) = started_store(|line| match line {
        "GET whoami.json" => ok(r#"{"user": "<b>alice</b>"}"#),
        "GET config.json" => ok(CONFIG),
        _ => ok(r#"{"count": 0, "items": []}"#),
    });
    assert_eq!(
        store.signed_in_as().get_untracked().as_deref(),
        Some("<b>alice</b>")
    );

    for whoami in [
        not_found(),
        ok("{}"),
        Err(ApiError::network("reset".into())),
    ] {
        let whoami = Mutex::new(Some(whoami));
        let (store, _log, _owner) = started_store(move |line| match line {
            "GET whoami.json" => whoami.lock().unwrap().take().unwrap(),
            "GET config.json" => ok(CONFIG),
            _ => ok(r#"{"count": 0, "items": []}"#),
        });
        assert_eq!(store.signed_in_as().get_untracked(), None);
        assert_eq!(store.config_status().get_untracked(), ConfigStatus::Ready);
    }
}

#[test]
fn an_unusable_configuration_is_explained_and_settings_fix_it() {
    let (store, log, _owner) = started_store(|line| match line {
        "GET config.json" => not_found(),
        _ => ok(r#"{"count": 0, "items": []}"#),
    });
    let ConfigStatus::Invalid(problems) = store.config_status().get_untracked() else {
        panic!("the configuration is not usable");
    };
    assert!((store.messages().config_problem)(&problems[0]).contains("HTTP 404 from config.json"));
    let refused = store.configure(
        RawConfig {
            api_base: Some("https://elsewhere.example/api".into()),
            project_id: Some(PROJECT.into()),
            request_timeout_ms: None,
        },
        None,
    );
    assert!(refused.unwrap_err()[0].contains("another origin"));
    assert_eq!(count(&log, "set image-console.settings"), 0);

    store
        .configure(
            RawConfig {
                api_base: Some("/api".into()),
                project_id: Some(PROJECT.into()),
                request_timeout_ms: None,
            },
            Some("token".into()),
        )
        .unwrap();
    run();
    assert_eq!(store.config_status().get_untracked(), ConfigStatus::Ready);
    assert_eq!(count(&log, "set image-console.settings"), 1);
    assert_eq!(store.load_state().get_untracked(), LoadState::Ready);
}

#[test]
fn a_linked_view_opens_its_query_and_job_and_leaving_it_closes_neither_card_nor_list() {
    use crate::rules::url_view::parse_url_view;
    let (store, _log, _owner) = started_store(console(&[("1", "ACTIVE")], |_| not_found()));
    let linked = parse_url_view("?q=n1&status=ACTIVE&sort=name&dir=asc&job=job-7");
    store.open_view(linked.clone());
    assert_eq!(store.current_view(), linked);
    assert_eq!(store.shown_jobs().get_untracked(), ["job-7"]);
    assert_eq!(store.visible().get_untracked().len(), 1);

    store.open_view(parse_url_view(""));
    assert_eq!(store.current_view(), parse_url_view(""));
    assert_eq!(
        store.shown_jobs().get_untracked(),
        ["job-7"],
        "the card stays"
    );

    store.show_job("job-8");
    assert_eq!(store.current_view().job.as_deref(), Some("job-8"));
    store.dismiss_job("job-8");
    assert_eq!(store.current_view().job, None);
}

#[test]
fn a_finished_job_exports_a_receipt_with_the_request_id_names_and_outcomes() {
    use crate::rules::receipts::ReceiptFormat;
    let (store, _log, _owner) =
        started_store(console(&[("1", "ACTIVE"), ("2", "ERROR")], |line| {
            if line.starts_with("PATCH") {
                Ok(RawResponse {
                    status: 200,
                    body: r#"{"job_id": "job-1"}"#.to_owned(),
                    request_id: Some("req-42".to_owned()),
                    retry_after: None,
                })
            } else {
                not_found()
            }
        }));
    assert!(store.submit(vec!["1".into(), "2".into(), "3".into()], false));
    run();
    let ended: crate::wire::ImageJob = serde_json::from_str(
        r#"{"id": "job-1", "status": "FAILED", "sub_jobs": [
            {"status": "SUCCESS", "job_resource_info": {"resource_id": "1"}},
            {"status": "FAILED", "job_resource_info": {"resource_id": "2"},
             "job_execute_info": {"error_code": "WKS.1", "error_message": "=bad, \"x\""}}]}"#,
    )
    .unwrap();
    store.job_finished("job-1", &ended);
    let csv = store.receipt(Some("job-1"), ReceiptFormat::Csv);
    assert_eq!(csv.file_name, "deletion-receipt-job-1.csv");
    let lines: Vec<&str> = csv.text.split("\r\n").collect();
    assert!(lines[1].starts_with(&format!(
        "{PROJECT},job-1,req-42,2023-11-14T22:13:20.000Z,false,,1,n1,ACTIVE,SUCCESS"
    )));
    assert!(
        lines[2].ends_with(r#",2,n2,ERROR,FAILED,WKS.1,"'=bad, ""x""""#),
        "{}",
        lines[2]
    );
    assert!(lines[3].contains(",3,,,NOT_FOUND,"));
    let all = store.receipt(None, ReceiptFormat::Json);
    let rows: serde_json::Value = serde_json::from_str(&all.text).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 3);
}

/// The language a store opened at `page_url` shows, in a browser preferring `languages`
/// with `stored` chosen in the page before.
fn language_of(page_url: &str, languages: &[&str], stored: Option<&str>) -> Locale {
    let _ = Executor::init_custom_executor(TestExecutor);
    let owner = Owner::new();
    owner.set();
    let storage = FakeStorage {
        values: Mutex::default(),
        log: Log::default(),
    };
    if let Some(tag) = stored {
        storage.set(LANG_KEY, tag).unwrap();
    }
    let store = Store::new(Env {
        clock: Arc::new(FakeClock),
        storage: Arc::new(storage),
        transport: Arc::new(FakeNetwork {
            answer: Box::new(|_| not_found()),
            log: Log::default(),
        }),
        page_url: page_url.to_owned(),
        tab_id: "tab-1".to_owned(),
        languages: languages.iter().map(|tag| tag.to_string()).collect(),
    });
    store.locale().get_untracked()
}

#[test]
fn the_language_is_the_page_choice_then_the_url_then_the_browser_then_english() {
    let page = "http://127.0.0.1:8080/index.html";
    assert_eq!(language_of(page, &[], None), Locale::En);
    assert_eq!(language_of(page, &["fr", "zh-CN"], None), Locale::ZhCn);
    let linked = format!("{page}?q=x&lang=zh-CN#top");
    assert_eq!(language_of(&linked, &["en-US"], None), Locale::ZhCn);
    assert_eq!(language_of(&linked, &["zh-CN"], Some("en")), Locale::En);
}

#[test]
fn a_language_chosen_in_the_page_is_kept_the_url_keeps_its_own_and_words_follow() {
    let (store, log, _owner) = started_store(console(&[("1", "ACTIVE")], |_| not_found()));
    store.open_view(parse_url_view("?lang=en"));
    store.choose_locale(Locale::ZhCn);
    assert!(log.lock().unwrap().contains(&format!("set {LANG_KEY}")));
    assert_eq!(store.locale().get_untracked(), Locale::ZhCn);
    assert_eq!(
        store.current_view().lang,
        Some(Locale::En),
        "the URL's lang stays"
    );
    // Back to a view whose URL asks for nothing: the choice in the page still holds.
    store.open_view(parse_url_view(""));
    assert_eq!(store.locale().get_untracked(), Locale::ZhCn);
    store.refresh();
    run();
    assert_eq!(
        store.announcement().get_untracked(),
        "已加载 1 个镜像实例。"
    );
}

/// localStorage that refuses every write, as in a full quota.
struct RefusingStorage;

impl KeyValueStore for RefusingStorage {
    fn get(&self, _key: &str) -> Option<String> {
        None
    }

    fn set(&self, _key: &str, _value: &str) -> Result<(), crate::browser::storage::Refusal> {
        Err(crate::browser::storage::Refusal::Refused(
            "QuotaExceededError".into(),
        ))
    }

    fn remove(&self, _key: &str) {}
}

#[test]
fn a_refused_write_is_explained_in_the_language_shown_with_the_browser_words() {
    let _ = Executor::init_custom_executor(TestExecutor);
    let owner = Owner::new();
    owner.set();
    let store = Store::new(Env {
        clock: Arc::new(FakeClock),
        storage: Arc::new(RefusingStorage),
        transport: Arc::new(FakeNetwork {
            answer: Box::new(console(&[], |_| not_found())),
            log: Log::default(),
        }),
        page_url: "http://127.0.0.1:8080/index.html?lang=zh-CN".to_owned(),
        tab_id: "tab-1".to_owned(),
        languages: Vec::new(),
    });
    let settings = RawConfig {
        project_id: Some(PROJECT.into()),
        ..RawConfig::default()
    };
    let problems = store.configure(settings.clone(), None).unwrap_err();
    assert_eq!(
        problems,
        ["无法在此浏览器中保存设置：浏览器拒绝保存：QuotaExceededError"]
    );
    store.choose_locale(Locale::En);
    let problems = store.configure(settings, None).unwrap_err();
    assert_eq!(
        problems,
        ["Settings could not be saved in this browser: the browser refused to store it: QuotaExceededError"]
    );
}

/// The job centre on the same fakes.
mod job_centre;
