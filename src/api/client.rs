//! The HTTP client: the only code that builds URLs or reads response bodies.
//!
//! Every request has a time limit (30 s, the API gateway's backend timeout, unless
//! config.json's `request_timeout_ms` says otherwise) and is aborted when the reactive owner
//! that started it is cleaned up. Reads are retried on transient
//! failures with backoff and jitter; the batch-delete write never is: the user sees the
//! error and decides.

use std::collections::HashSet;
use std::sync::Arc;

use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::transport::{HttpRequest, Method, RawResponse, Transport};
use crate::i18n::Messages;
use crate::rules::config::{
    parse_config_file, Config, ConfigProblem, RawConfig, DEFAULT_REQUEST_TIMEOUT_MS,
};
use crate::rules::job_centre::{job_list_path, CentreQuery};
use crate::rules::jobs::{coverage, new_jobs_newest_first, Coverage};
use crate::rules::schedule::read_retry_delay_ms;
use crate::rules::url_view::percent_encode;
use crate::wire::{
    BatchDeleteRequest, BatchDeleteResponse, ImageJob, ImageJobPage, ImageServer, ImageServerPage,
    JobType, WhoAmI,
};

/// The API's largest page.
pub const PAGE_LIMIT: u64 = 100;
/// Pages fetched at once once the total is known.
pub const PAGE_PARALLELISM: usize = 4;
/// Tries of a read before its error is shown.
pub const READ_ATTEMPTS: u32 = 4;
/// Delete jobs read from each end of the project's list when the answer to a batch-delete
/// was lost (the API names no order, so the newest are at one end or the other).
pub const RECOVERY_JOBS: u64 = PAGE_LIMIT;
/// Waits before each look for that job, in ms: the service may start it after the gateway
/// gave up (its backend has 30 s), and a job still waiting may not list its sub-jobs yet.
pub const RECOVERY_WAITS_MS: [f64; 4] = [0.0, 2_000.0, 5_000.0, 10_000.0];
/// The deployment's files beside `index.html`.
const CONFIG_FILE: &str = "config.json";
const WHOAMI_FILE: &str = "whoami.json";

/// Reads a response: a 2xx body as `T`, anything else as an [`ApiError`].
pub fn decode<T: DeserializeOwned>(response: RawResponse) -> Result<T, ApiError> {
    if !(200..300).contains(&response.status) {
        return Err(ApiError::from_response(
            response.status,
            &response.body,
            response.request_id,
            response.retry_after.as_deref(),
        ));
    }
    serde_json::from_str(&response.body).map_err(|error| {
        ApiError::bad_body(
            response.status,
            &response.body,
            response.request_id,
            error.to_string(),
        )
    })
}

/// Percent-encodes one path segment (ids are opaque and could hold `/` or `?`).
pub fn encode_segment(segment: &str) -> String {
    percent_encode(segment)
}

/// Talks to one project through one API base.
#[derive(Clone)]
pub struct Client {
    config: Config,
    /// An IAM token typed into Settings: kept in memory only, sent as `X-Auth-Token`.
    token: Option<String>,
    transport: Arc<dyn Transport>,
}

/// Two clients are the same when they reach the same project the same way.
impl PartialEq for Client {
    fn eq(&self, other: &Self) -> bool {
        self.config == other.config && self.token == other.token
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .field("token", &self.token.as_ref().map(|_| "…"))
            .finish()
    }
}

impl Client {
    pub fn new(config: Config, token: Option<String>, transport: Arc<dyn Transport>) -> Self {
        let token = token.filter(|token| !token.trim().is_empty());
        Self {
            config,
            token,
            transport,
        }
    }

    pub fn project_id(&self) -> &str {
        &self.config.project_id
    }

    /// `{api_base}/v1/{project_id}/{path}`; `api_base` has no trailing slash.
    pub fn url(&self, path: &str) -> String {
        format!(
            "{}/v1/{}/{}",
            self.config.api_base, self.config.project_id, path
        )
    }

    /// Every instance, all pages: the first page tells the total, the rest are fetched a few
    /// at a time. `progress(page, loaded, total)` follows along with each page as it arrives
    /// (the last one included; `total` is 0 when the API gives no count).
    pub async fn list_all(
        &self,
        progress: impl Fn(&[ImageServer], usize, u64),
    ) -> Result<Vec<ImageServer>, ApiError> {
        let first: ImageServerPage = self.read(&page_path(0)).await?;
        // The service's page size: the first page's, should it give fewer than asked for
        // while more are to come (a cap below the contract's 100). Offsets step by it, so no
        // instance between two pages is skipped.
        let step = match first.items.len() as u64 {
            0 => PAGE_LIMIT,
            given => given.min(PAGE_LIMIT),
        };
        let mut servers = first.items;
        let Some(total) = first.count else {
            // Without a count, walk pages until a short one.
            progress(&servers, servers.len(), 0);
            let mut offset = step;
            let mut last_len = servers.len() as u64;
            while last_len == step {
                let page: ImageServerPage = self.read(&page_path(offset)).await?;
                last_len = page.items.len() as u64;
                progress(&page.items, servers.len() + page.items.len(), 0);
                servers.extend(page.items);
                offset += step;
            }
            return Ok(dedupe(servers));
        };
        progress(&servers, servers.len(), total);
        let mut rest = stream::iter((step..total).step_by(step as usize))
            .map(|offset| async move { self.read::<ImageServerPage>(&page_path(offset)).await })
            .buffered(PAGE_PARALLELISM);
        while let Some(page) = rest.try_next().await? {
            progress(&page.items, servers.len() + page.items.len(), total);
            servers.extend(page.items);
        }
        Ok(dedupe(servers))
    }

    /// Submits one batch-delete and returns its job ID and the response's `X-Request-Id`.
    /// Never retried.
    pub async fn batch_delete(
        &self,
        ids: &[String],
        recursive: bool,
    ) -> Result<(String, Option<String>), ApiError> {
        let body = serde_json::to_string(&BatchDeleteRequest {
            items: ids,
            recursive,
        })
        .expect("the request body serialises");
        let response = self
            .send(
                Method::Patch,
                self.url("image-servers/actions/batch-delete"),
                Some(body),
            )
            .await?;
        let request_id = response.request_id.clone();
        decode::<BatchDeleteResponse>(response).map(|accepted| (accepted.job_id, request_id))
    }

    /// After a batch-delete whose answer was lost (no answer, a time-out, an unreadable
    /// body): the job the service started for it, if it did, looked for a few times
    /// ([`RECOVERY_WAITS_MS`]). Only reads; nothing is sent again.
    pub async fn find_delete_job(&self, ids: &[String], sent_at_ms: u64) -> Option<String> {
        for wait_ms in RECOVERY_WAITS_MS {
            if wait_ms > 0.0 {
                self.transport.wait(wait_ms).await;
            }
            // A look that fails is no answer either: look again.
            if let Ok(Some(job_id)) = self.look_for_delete_job(ids, sent_at_ms).await {
                return Some(job_id);
            }
        }
        None
    }

    /// One look: the newest of the project's delete jobs that began after the request was
    /// sent at `sent_at_ms` (less the clock-skew allowance) and is for exactly `ids`, else the
    /// newest for some of them and no other.
    async fn look_for_delete_job(
        &self,
        ids: &[String],
        sent_at_ms: u64,
    ) -> Result<Option<String>, ApiError> {
        let first = self.delete_jobs(0).await?;
        let mut listed = first.items;
        if let Some(count) = first.count.filter(|&count| count > RECOVERY_JOBS) {
            listed.extend(self.delete_jobs(count - RECOVERY_JOBS).await?.items);
        }
        let mut part = None;
        for summary in new_jobs_newest_first(listed, sent_at_ms) {
            // A job that cannot be read now is not the one to report.
            let Ok(job) = self.job(&summary.id).await else {
                continue;
            };
            let resources: Vec<String> = job
                .sub_jobs
                .into_iter()
                .map(|sub| sub.job_resource_info.resource_id)
                .collect();
            match coverage(&resources, ids) {
                Coverage::All => return Ok(Some(summary.id)),
                Coverage::Part if part.is_none() => part = Some(summary.id),
                _ => {}
            }
        }
        Ok(part)
    }

    /// A page of the project's delete jobs.
    async fn delete_jobs(&self, offset: u64) -> Result<ImageJobPage, ApiError> {
        self.read(&job_list_path(
            &JobType::DeleteServer,
            None,
            offset,
            RECOVERY_JOBS,
        ))
        .await
    }

    /// Reads each of `ids` again by its exact id (`server_id=`), a few at a time, with the
    /// usual retries; the instances found. An id the service no longer has is simply absent
    /// (it answers 200 with no items). Any read that fails fails the whole check.
    pub async fn instances_by_id(&self, ids: &[String]) -> Result<Vec<ImageServer>, ApiError> {
        let pages: Vec<ImageServerPage> = stream::iter(ids)
            .map(|id| async move {
                self.read::<ImageServerPage>(&format!(
                    "image-servers?server_id={}&offset=0&limit=1",
                    percent_encode(id)
                ))
                .await
            })
            .buffered(PAGE_PARALLELISM)
            .try_collect()
            .await?;
        Ok(pages
            .into_iter()
            .flat_map(|page| page.items)
            .filter(|server| ids.contains(&server.id))
            .collect())
    }

    /// One page of the job centre: the project's jobs of one type, or of all types merged,
    /// newest first (one read per type and 100 jobs, see [`CentreQuery::requests`]).
    pub async fn list_jobs(&self, query: &CentreQuery) -> Result<ImageJobPage, ApiError> {
        let mut answers = Vec::new();
        for paths in query.requests() {
            let mut pages = Vec::new();
            for path in paths {
                pages.push(self.read(&path).await?);
            }
            answers.push(pages);
        }
        Ok(query.page_of(answers))
    }

    /// One look at a job. The poller has its own schedule, so this does not retry.
    pub async fn job(&self, job_id: &str) -> Result<ImageJob, ApiError> {
        let url = self.url(&format!("image-server-jobs/{}", encode_segment(job_id)));
        decode(self.send(Method::Get, url, None).await?)
    }

    /// A GET with retries on transient failures (backoff with full jitter, never sooner than
    /// `Retry-After`; a server asking for more than 30 s gets its error shown instead).
    async fn read<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let url = self.url(path);
        let mut attempt = 1;
        loop {
            let result = match self.send(Method::Get, url.clone(), None).await {
                Ok(response) => decode(response),
                Err(error) => Err(error),
            };
            let delay = match &result {
                Err(error) if error.is_transient() && attempt < READ_ATTEMPTS => {
                    read_retry_delay_ms(attempt, error.retry_after_secs, self.transport.jitter())
                }
                _ => None,
            };
            match delay {
                Some(delay) => {
                    self.transport.wait(delay).await;
                    attempt += 1;
                }
                None => return result,
            }
        }
    }

    async fn send(
        &self,
        method: Method,
        url: String,
        body: Option<String>,
    ) -> Result<RawResponse, ApiError> {
        self.transport
            .send(HttpRequest {
                method,
                url,
                token: self.token.clone(),
                body,
                timeout_ms: self.config.request_timeout_ms,
            })
            .await
    }
}

/// GETs one of the deployment's files beside `index.html`.
async fn fetch_file(transport: &dyn Transport, name: &str) -> Result<RawResponse, ApiError> {
    transport
        .send(HttpRequest {
            method: Method::Get,
            url: name.to_owned(),
            token: None,
            body: None,
            timeout_ms: DEFAULT_REQUEST_TIMEOUT_MS,
        })
        .await
}

/// Fetches `config.json` and reads it.
pub async fn fetch_config_file(
    transport: &dyn Transport,
    words: &Messages,
) -> Result<RawConfig, ConfigProblem> {
    let response = fetch_file(transport, CONFIG_FILE)
        .await
        .map_err(|error| ConfigProblem::Unreachable(error.describe(words)))?;
    if response.status != 200 {
        return Err(ConfigProblem::Status(response.status));
    }
    parse_config_file(&response.body)
}

/// Who the deployment says is signed in: `whoami.json` when it answers 200 with a user
/// name; anything else (404, an error, another shape) means nobody is named.
pub async fn fetch_signed_in_user(transport: &dyn Transport) -> Option<String> {
    let response = fetch_file(transport, WHOAMI_FILE).await.ok()?;
    if response.status != 200 {
        return None;
    }
    WhoAmI::parse(&response.body)
}

fn page_path(offset: u64) -> String {
    format!("image-servers?offset={offset}&limit={PAGE_LIMIT}")
}

/// Offset paging can return an instance twice when the list shifts between pages. Rows
/// without an id cannot be told apart, so they are all kept (and shown, unselectable).
fn dedupe(servers: Vec<ImageServer>) -> Vec<ImageServer> {
    let mut seen = HashSet::new();
    servers
        .into_iter()
        .filter(|server| server.id.is_empty() || seen.insert(server.id.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::ErrorKind;
    use crate::wire::test_support::arbitrary_json;
    use proptest::prelude::*;

    fn response(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            body: body.into(),
            request_id: Some("r-1".into()),
            retry_after: None,
        }
    }

    /// A client of the test project through `transport`, without a token.
    fn client_on(transport: impl Transport + 'static) -> Client {
        Client::new(
            Config {
                api_base: "http://127.0.0.1:8080/api".into(),
                project_id: "0f1e2d3c4b5a69788796a5b4c3d2e1f0".into(),
                request_timeout_ms: DEFAULT_REQUEST_TIMEOUT_MS,
            },
            None,
            Arc::new(transport),
        )
    }

    #[test]
    fn urls_have_no_double_slashes() {
        let client = client_on(crate::api::transport::BrowserTransport);
        assert_eq!(
            client.url("image-servers/actions/batch-delete"),
            "http://127.0.0.1:8080/api/v1/0f1e2d3c4b5a69788796a5b4c3d2e1f0/image-servers/actions/batch-delete"
        );
        assert_eq!(encode_segment("84d5dd05-2977/x?y"), "84d5dd05-2977%2Fx%3Fy");
    }

    /// Answers list pages from `total` instances (with or without a count), at once, at
    /// most `page_cap` a page.
    struct PagedList {
        total: u64,
        with_count: bool,
        page_cap: u64,
    }

    impl Transport for PagedList {
        fn send(
            &self,
            request: HttpRequest,
        ) -> futures_util::future::LocalBoxFuture<'static, Result<RawResponse, ApiError>> {
            let offset: u64 = request
                .url
                .split("offset=")
                .nth(1)
                .and_then(|rest| rest.split('&').next())
                .and_then(|offset| offset.parse().ok())
                .expect("a list page request");
            let items: Vec<String> = (offset..self.total.min(offset + self.page_cap))
                .map(|id| format!(r#"{{"id": "{id}", "name": "n{id}", "status": "ACTIVE"}}"#))
                .collect();
            let count = if self.with_count {
                format!(r#""count": {}, "#, self.total)
            } else {
                String::new()
            };
            let body = format!(r#"{{{count}"items": [{}]}}"#, items.join(","));
            Box::pin(futures_util::future::ready(Ok(response(200, &body))))
        }

        fn wait(&self, _ms: f64) -> futures_util::future::LocalBoxFuture<'static, ()> {
            Box::pin(futures_util::future::ready(()))
        }

        fn jitter(&self) -> f64 {
            0.5
        }
    }

    #[test]
    fn every_page_is_reported_as_it_arrives() {
        for with_count in [true, false] {
            let client = client_on(PagedList {
                total: 250,
                with_count,
                page_cap: PAGE_LIMIT,
            });
            let reported = std::cell::RefCell::new(Vec::new());
            let all = futures_executor::block_on(client.list_all(|page, loaded, total| {
                let first = page.first().map(|server| server.id.clone());
                reported
                    .borrow_mut()
                    .push((first, page.len(), loaded, total));
            }))
            .expect("the whole list");
            assert_eq!(all.len(), 250);
            let total = if with_count { 250 } else { 0 };
            let some = |id: &str| Some(id.to_owned());
            assert_eq!(
                reported.into_inner(),
                [
                    (some("0"), 100, 100, total),
                    (some("100"), 100, 200, total),
                    (some("200"), 50, 250, total)
                ],
                "with a count: {with_count}"
            );
        }
    }

    #[test]
    fn a_service_that_gives_smaller_pages_is_read_whole() {
        for (total, page_cap) in [(250, 40), (81, 40), (40, 40), (7, 40)] {
            for with_count in [true, false] {
                let client = client_on(PagedList {
                    total,
                    with_count,
                    page_cap,
                });
                let all = futures_executor::block_on(client.list_all(|_, _, _| {}))
                    .expect("the whole list");
                let ids: Vec<u64> = all
                    .iter()
                    .map(|server| server.id.parse().unwrap())
                    .collect();
                assert_eq!(
                    ids,
                    (0..total).collect::<Vec<_>>(),
                    "{total} instances, {page_cap} a page, with a count: {with_count}"
                );
            }
        }
    }

    #[test]
    fn a_truncated_success_body_is_a_clear_error_with_the_status() {
        let error =
            decode::<ImageServerPage>(response(200, r#"{"count": 60, "items": [{"id": "62"#))
                .unwrap_err();
        assert_eq!(error.kind, ErrorKind::BadBody);
        assert_eq!(error.status, Some(200));
        assert_eq!(error.request_id.as_deref(), Some("r-1"));
        assert!(error
            .describe(&crate::i18n::EN)
            .contains("could not be read"));
    }

    #[test]
    fn an_error_status_keeps_the_api_words() {
        let error = decode::<BatchDeleteResponse>(response(
            400,
            r#"{"error_code": "WKS.00211102", "error_msg": "items must hold 1 to 20 ids"}"#,
        ))
        .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Status);
        assert_eq!(
            error.message.as_deref(),
            Some("items must hold 1 to 20 ids")
        );
    }

    #[test]
    fn dedupes_instances_seen_on_two_pages() {
        let server = |id: &str| ImageServer {
            id: id.into(),
            ..ImageServer::default()
        };
        let ids: Vec<String> = dedupe(vec![server("1"), server("2"), server("1")])
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(ids, ["1", "2"]);
    }

    proptest! {
        #[test]
        fn every_parser_survives_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400), status in 100u16..600) {
            let body = String::from_utf8_lossy(&bytes).into_owned();
            check_all_parsers(status, &body)?;
        }

        #[test]
        fn every_parser_survives_arbitrary_json(json in arbitrary_json(), status in 100u16..600) {
            check_all_parsers(status, &json.to_string())?;
        }

        #[test]
        fn every_parser_survives_api_shaped_json(json in api_shaped_json(), status in prop_oneof![Just(200u16), 100u16..600]) {
            check_all_parsers(status, &json.to_string())?;
        }

        #[test]
        fn what_a_page_yields_is_what_the_body_holds(json in api_shaped_json()) {
            if let Ok(page) = decode::<ImageServerPage>(response(200, &json.to_string())) {
                let listed = json["items"].as_array().map_or(0, Vec::len);
                prop_assert!(page.items.len() <= listed);
                prop_assert!(json.get("items").is_some());
            }
            if let Ok(job) = decode::<ImageJob>(response(200, &json.to_string())) {
                prop_assert!(json.get("status").is_some());
                prop_assert!(job.finished_sub_jobs() <= job.sub_jobs.len());
            }
            if let Ok(accepted) = decode::<BatchDeleteResponse>(response(200, &json.to_string())) {
                prop_assert!(!accepted.job_id.trim().is_empty());
            }
        }
    }

    /// Objects with the API's field names (list page, instance, job, sub-job, batch-delete,
    /// errors) holding arbitrary values, so the lenient readers meet every wrong type.
    fn api_shaped_json() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let any_value = arbitrary_json().boxed();
        let field = |names: &'static [&'static str], value: BoxedStrategy<Value>| {
            proptest::collection::btree_map(proptest::sample::select(names), value, 0..names.len())
                .prop_map(|map| {
                    Value::Object(map.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
                })
                .boxed()
        };
        let text = prop_oneof![
            "[A-Z_]{0,10}".prop_map(Value::from),
            ".{0,30}".prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            Just(Value::Null),
        ]
        .boxed();
        let leaf = prop_oneof![text.clone(), any_value.clone()].boxed();
        let account = field(&["account", "domain", "account_type"], leaf.clone());
        let image_ref = field(&["id", "image_type"], leaf.clone());
        let server = field(
            &[
                "id",
                "name",
                "status",
                "description",
                "create_time",
                "image_ref",
                "authorize_accounts",
                "server_group_id",
                "server_id",
                "app_group_id",
            ],
            prop_oneof![
                leaf.clone(),
                image_ref,
                proptest::collection::vec(account, 0..3).prop_map(Value::from),
            ]
            .boxed(),
        );
        let sub_job = field(
            &["id", "status", "job_resource_info", "job_execute_info"],
            prop_oneof![
                leaf.clone(),
                field(&["resource_id", "resource_name"], leaf.clone()),
                field(&["error_code", "error_message", "error_msg"], leaf.clone()),
            ]
            .boxed(),
        );
        let list = prop_oneof![
            proptest::collection::vec(server, 0..4).prop_map(Value::from),
            proptest::collection::vec(sub_job, 0..4).prop_map(Value::from),
            any_value,
        ]
        .boxed();
        field(
            &[
                "count",
                "items",
                "id",
                "status",
                "sub_jobs_total",
                "sub_jobs",
                "end_time",
                "job_id",
                "error_code",
                "error_msg",
            ],
            prop_oneof![leaf, list].boxed(),
        )
    }

    /// Each parser either succeeds or gives a useful error: the status, the kind of failure
    /// (an error status, or an unreadable success body with its start and the reason), and a
    /// non-empty text.
    fn check_all_parsers(status: u16, body: &str) -> Result<(), TestCaseError> {
        fn check<T: DeserializeOwned>(status: u16, body: &str) -> Result<(), TestCaseError> {
            if let Err(error) = decode::<T>(response(status, body)) {
                prop_assert_eq!(error.status, Some(status));
                let text = error.describe(&crate::i18n::EN);
                let expected_start = format!("HTTP {status}");
                prop_assert!(text.starts_with(&expected_start), "{}", text);
                if (200..300).contains(&status) {
                    prop_assert_eq!(&error.kind, &ErrorKind::BadBody);
                    prop_assert!(error.body_excerpt().is_some());
                    // The JSON reader's reason, beside the status and the body's start.
                    prop_assert!(error.message.as_deref().is_some_and(|m| !m.is_empty()));
                } else {
                    prop_assert_eq!(&error.kind, &ErrorKind::Status);
                    prop_assert!(
                        error.code.is_some()
                            || error.message.is_some()
                            || error.body_excerpt().is_some()
                    );
                }
            }
            Ok(())
        }
        check::<ImageServerPage>(status, body)?;
        check::<ImageServer>(status, body)?;
        check::<BatchDeleteResponse>(status, body)?;
        check::<ImageJobPage>(status, body)?;
        check::<ImageJob>(status, body)
    }
}
