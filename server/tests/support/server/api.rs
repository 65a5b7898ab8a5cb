//! Requests to the server under test, whichever way it runs, and the API calls tests repeat:
//! every instance, a batch-delete, a job polled to a state.

use std::future::Future;
use std::time::{Duration, Instant};

use axum::http::{self, header, HeaderName, HeaderValue, Method};
use reqwest::{Response, StatusCode};
use serde::Serialize;
use serde_json::Value;

use super::{json_of, PROJECT};

/// The server under test: [`super::TestServer`] over a socket, or [`super::TestApp`] in
/// process. Requests name a path at the origin root (`/__sim/faults`, [`api_path`]).
pub trait Api: Sync {
    /// Sends a request whose URI is a path at the origin root.
    fn send(&self, request: http::Request<Vec<u8>>) -> impl Future<Output = Response> + Send;

    /// A request for `path` at the origin root, to finish and send.
    fn call(&self, method: Method, path: &str) -> Call<'_, Self> {
        Call {
            api: self,
            request: http::Request::builder().method(method).uri(path),
            body: Vec::new(),
        }
    }

    /// `GET path`.
    fn get(&self, path: &str) -> Call<'_, Self> {
        self.call(Method::GET, path)
    }

    /// `GET` of an API resource of the default project ([`api_path`]).
    fn get_api(&self, path: &str) -> Call<'_, Self> {
        self.get(&api_path(path))
    }
}

/// The path of an API resource of the default project: `/api/v1/{PROJECT}{path}`.
pub fn api_path(path: &str) -> String {
    format!("/api/v1/{PROJECT}{path}")
}

/// A request being built for an [`Api`].
pub struct Call<'a, A: Api + ?Sized> {
    api: &'a A,
    request: http::request::Builder,
    body: Vec<u8>,
}

impl<A: Api + ?Sized> Call<'_, A> {
    /// Adds a header.
    pub fn header(mut self, name: impl TryInto<HeaderName>, value: &str) -> Self {
        let name = name
            .try_into()
            .unwrap_or_else(|_| panic!("a valid header name"));
        let value = HeaderValue::from_str(value).expect("a valid header value");
        self.request = self.request.header(name, value);
        self
    }

    /// A JSON body, with its Content-Type.
    pub fn json(mut self, body: &impl Serialize) -> Self {
        self.body = serde_json::to_vec(body).expect("serializable");
        self.header(header::CONTENT_TYPE, "application/json")
    }

    /// A raw body (no Content-Type unless set).
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Sends it.
    pub async fn send(self) -> Response {
        let request = self.request.body(self.body).expect("a valid request");
        self.api.send(request).await
    }

    /// Sends it; the status and JSON body of the answer.
    pub async fn answer(self) -> (StatusCode, Value) {
        json_of(self.send().await).await
    }
}

/// `PATCH …/batch-delete` with this JSON body, as status and JSON body.
pub async fn batch_delete(api: &impl Api, body: &Value) -> (StatusCode, Value) {
    api.call(
        Method::PATCH,
        &api_path("/image-servers/actions/batch-delete"),
    )
    .json(body)
    .answer()
    .await
}

/// Every instance, newest first, read in pages of 100.
pub async fn all_instances(api: &impl Api) -> Vec<Value> {
    let mut items = Vec::new();
    loop {
        let path = format!("/image-servers?limit=100&offset={}", items.len());
        let (status, page) = api.get_api(&path).answer().await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let batch = page["items"].as_array().expect("items").clone();
        let count = page["count"].as_u64().expect("count") as usize;
        items.extend(batch);
        if items.len() >= count {
            return items;
        }
    }
}

/// The names of the instances a list page holds.
pub fn names_listed(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["name"].as_str().expect("a name"))
        .collect()
}

/// Polls a job until `done` holds for it, within `timeout`; returns the last body.
pub async fn poll_job(
    api: &impl Api,
    job_id: &str,
    timeout: Duration,
    mut done: impl FnMut(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + timeout;
    loop {
        let path = format!("/image-server-jobs/{job_id}");
        let (status, job) = api.get_api(&path).answer().await;
        assert_eq!(status, StatusCode::OK, "{job}");
        if done(&job) {
            return job;
        }
        assert!(
            Instant::now() < deadline,
            "job {job_id} did not reach the expected state in {timeout:?}: {job}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Batch-deletes with `body` and polls the job to its end within `timeout`; the final job.
pub async fn delete_to_the_end(api: &impl Api, body: &Value, timeout: Duration) -> Value {
    let (status, answer) = batch_delete(api, body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    end_of_job(api, &answer, timeout).await
}

/// Polls the job a batch-delete's `answer` names to its end within `timeout`; the final job.
pub async fn end_of_job(api: &impl Api, answer: &Value, timeout: Duration) -> Value {
    let job_id = answer["job_id"].as_str().expect("a job id");
    poll_job(api, job_id, timeout, is_terminal).await
}

/// Whether a job status is final.
pub fn is_terminal(job: &Value) -> bool {
    matches!(job["status"].as_str(), Some("SUCCESS" | "FAILED"))
}
