//! HTTP face of the simulator: the API routes (which only translate HTTP to model calls), the
//! gateway middleware in front of them (request id, request log, token check, faults), and the
//! `/__sim` test-control routes.

use std::io;
use std::sync::Arc;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{OriginalUri, Path, Query, RawPathParams, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use futures_util::stream;
use serde_json::{json, Value};

use super::error::ApiError;
use super::faults::{Endpoint, Failure, FaultSpec};
use super::model::{
    BatchDeleteRequest, Instance, JobDetail, JobSummary, ListInstancesQuery, ListJobsQuery, Page,
    Timestamp,
};
use super::request_log::LoggedRequest;
use super::SimState;

/// Largest request body the simulated API reads.
const MAX_BODY_BYTES: usize = 1 << 20;
static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
static X_AUTH_TOKEN: HeaderName = HeaderName::from_static("x-auth-token");

/// A request id: 32 lowercase hex digits, fresh for every API request, sent back in the
/// `X-Request-Id` header (and in gateway error bodies).
#[derive(Clone, Debug)]
pub struct RequestId(String);

impl RequestId {
    fn random() -> Self {
        Self(format!("{:032x}", fastrand::u128(..)))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

type SharedState = Arc<SimState>;

/// The simulated Workspace App API, to be nested under the API prefix.
pub fn api_router(state: SharedState) -> Router {
    Router::new()
        .route("/v1/{project_id}/image-servers", get(list_instances))
        .route(
            "/v1/{project_id}/image-servers/actions/batch-delete",
            patch(batch_delete),
        )
        .route(
            "/v1/{project_id}/image-servers/{server_id}",
            get(show_instance),
        )
        .route("/v1/{project_id}/image-server-jobs", get(list_jobs))
        .route("/v1/{project_id}/image-server-jobs/{job_id}", get(show_job))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            require_project,
        ))
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .fallback(no_such_api)
        .layer(middleware::from_fn_with_state(state.clone(), gateway))
        .with_state(state)
}

/// The `/__sim` routes tests use to steer the simulator.
pub fn control_router(state: SharedState) -> Router {
    Router::new()
        .route("/__sim/faults", get(get_faults).put(put_faults))
        .route("/__sim/reset", post(reset))
        .route("/__sim/requests", get(requests))
        .with_state(state)
}

async fn list_instances(
    State(state): State<SharedState>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<Page<Instance>>, ApiError> {
    let query = ListInstancesQuery::from_params(&params)?;
    Ok(Json(state.model().list_instances(&query, Timestamp::now())))
}

async fn show_instance(
    State(state): State<SharedState>,
    Path((_project_id, server_id)): Path<(String, String)>,
) -> Result<Json<Instance>, ApiError> {
    Ok(Json(
        state.model().show_instance(&server_id, Timestamp::now())?,
    ))
}

async fn batch_delete(
    State(state): State<SharedState>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let request = BatchDeleteRequest::from_json(&body)?;
    let job_id = state.model().batch_delete(&request, Timestamp::now())?;
    Ok(Json(json!({ "job_id": job_id })))
}

async fn show_job(
    State(state): State<SharedState>,
    Path((_project_id, job_id)): Path<(String, String)>,
) -> Result<Json<JobDetail>, ApiError> {
    Ok(Json(state.model().job(&job_id, Timestamp::now())?))
}

async fn list_jobs(
    State(state): State<SharedState>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<Page<JobSummary>>, ApiError> {
    let query = ListJobsQuery::from_params(&params)?;
    Ok(Json(state.model().list_jobs(&query, Timestamp::now())))
}

async fn no_such_api(request: Request) -> ApiError {
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .cloned()
        .unwrap_or_else(RequestId::random);
    ApiError::NoSuchApi(request_id)
}

/// Only the configured project exists; any other project id in the path is forbidden.
async fn require_project(
    State(state): State<SharedState>,
    params: RawPathParams,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let project_id = params
        .iter()
        .find(|(name, _)| *name == "project_id")
        .map(|(_, value)| value);
    if project_id != Some(state.config.project_id.as_str()) {
        return Err(ApiError::Forbidden);
    }
    Ok(next.run(request).await)
}

/// What the API gateway and the network do before a request reaches the service: assign a
/// request id, log the request, check the token, and inject the configured faults.
async fn gateway(State(state): State<SharedState>, request: Request, next: Next) -> Response {
    let request_id = RequestId::random();
    let endpoint = Endpoint::classify(request.method(), request.uri().path());
    let (mut parts, body) = request.into_parts();
    let body = match to_bytes(body, MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(_) => {
            return with_request_id(StatusCode::PAYLOAD_TOO_LARGE.into_response(), &request_id)
        }
    };
    parts.extensions.insert(request_id.clone());
    let plan = state.faults().decide(endpoint);
    let full_uri = parts
        .extensions
        .get::<OriginalUri>()
        .map_or(&parts.uri, |original| &original.0);
    let seq = state.log().push(LoggedRequest {
        seq: 0,
        time: Timestamp::now(),
        method: parts.method.to_string(),
        path: full_uri.path().to_owned(),
        query: full_uri.query().map(str::to_owned),
        endpoint: endpoint.map(Endpoint::name),
        content_type: parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
        body: (parts.method == axum::http::Method::PATCH).then(|| logged_body(&body)),
        status: None,
        fault: plan.failure.map(failure_name),
        request_id: request_id.as_str().to_owned(),
    });
    let request = Request::from_parts(parts, Body::from(body));

    if let Some(required) = &state.config.required_token {
        let sent = request.headers().get(&X_AUTH_TOKEN);
        if sent.is_none_or(|token| token.as_bytes() != required.as_bytes()) {
            let error = ApiError::Unauthorized {
                request_id: request_id.clone(),
                token_sent: sent.is_some(),
            };
            return state.answered(seq, with_request_id(error.into_response(), &request_id));
        }
    }

    if !plan.latency.is_zero() {
        tokio::time::sleep(plan.latency).await;
    }
    let response = match plan.failure {
        None => next.run(request).await,
        Some(Failure::BadRequest) => ApiError::BadRequest.into_response(),
        Some(Failure::InternalError) => ApiError::Internal.into_response(),
        Some(Failure::Unavailable) => ApiError::Unavailable.into_response(),
        Some(Failure::Throttled { retry_after_secs }) => ApiError::Throttled {
            request_id: request_id.clone(),
            retry_after_secs,
        }
        .into_response(),
        Some(Failure::HtmlBadGateway) => {
            (StatusCode::BAD_GATEWAY, Html(NGINX_502_PAGE)).into_response()
        }
        Some(Failure::Truncate) => truncated(next.run(request).await).await,
        Some(Failure::Drop) => return dropped_connection(),
        Some(Failure::Hang) => {
            state.shutdown.clone().wait().await;
            return dropped_connection();
        }
    };
    state.answered(seq, with_request_id(response, &request_id))
}

fn with_request_id(mut response: Response, request_id: &RequestId) -> Response {
    if let Ok(value) = HeaderValue::from_str(request_id.as_str()) {
        response.headers_mut().insert(X_REQUEST_ID.clone(), value);
    }
    response
}

fn logged_body(body: &Bytes) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}

fn failure_name(failure: Failure) -> &'static str {
    match failure {
        Failure::BadRequest => "400",
        Failure::InternalError => "500",
        Failure::Unavailable => "503",
        Failure::Throttled { .. } => "429",
        Failure::HtmlBadGateway => "html502",
        Failure::Truncate => "truncate",
        Failure::Drop => "drop",
        Failure::Hang => "hang",
    }
}

/// What a misconfigured nginx in front of the service sends.
const NGINX_502_PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
     <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The response with the first half of its body only. The length header matches the cut, so
/// the client receives a complete HTTP message whose JSON is broken.
async fn truncated(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let body = to_bytes(body, usize::MAX).await.unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body.slice(..body.len() / 2)))
}

/// A response whose body fails before its first byte: hyper then closes the connection
/// without writing anything, so the client sees the connection drop with no response.
fn dropped_connection() -> Response {
    let failure = io::Error::new(io::ErrorKind::ConnectionAborted, "injected fault: drop");
    Response::new(Body::from_stream(stream::once(async move {
        Err::<Bytes, _>(failure)
    })))
}

async fn get_faults(State(state): State<SharedState>) -> Json<Vec<String>> {
    Json(
        state
            .faults()
            .specs()
            .iter()
            .map(FaultSpec::to_string)
            .collect(),
    )
}

/// `PUT /__sim/faults` with a JSON array of specs replaces the active set.
async fn put_faults(State(state): State<SharedState>, body: Bytes) -> Response {
    let specs: Result<Vec<FaultSpec>, String> = serde_json::from_slice::<Vec<String>>(&body)
        .map_err(|e| format!("expected a JSON array of fault spec strings: {e}"))
        .and_then(|specs| specs.iter().map(|spec| spec.parse()).collect());
    match specs {
        Ok(specs) => {
            state.faults().replace(specs);
            get_faults(State(state)).await.into_response()
        }
        Err(error) => (StatusCode::BAD_REQUEST, Json(json!({ "error": error }))).into_response(),
    }
}

async fn reset(State(state): State<SharedState>) -> Json<Value> {
    state.reset();
    Json(json!({ "instances": state.model().instance_count() }))
}

async fn requests(State(state): State<SharedState>) -> Json<Vec<LoggedRequest>> {
    Json(state.log().entries())
}
