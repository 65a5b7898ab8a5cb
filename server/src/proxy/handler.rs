//! The API handler: every request under the API prefix goes through the checks in order, and
//! batch-delete attempts are audited with their outcome, whoever answered.

use std::sync::Arc;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, Method};
use axum::response::{IntoResponse, Response};

use super::audit::{self, AuditLog, AuditRecord};
use super::auth::{peer_address, AuthenticatedUser};
use super::browser::check_write_origin;
use super::error::ProxyError;
use super::limits::{address_key, InFlight, RateLimiter};
use super::{routes, upstream, ProxyConfig, MAX_REQUEST_BODY_BYTES};

/// Largest answer read back to audit a batch-delete (its answer is a job id or an error).
const MAX_AUDITED_ANSWER_BYTES: usize = 64 * 1024;

/// The proxy's shared state.
pub struct Proxy {
    pub config: ProxyConfig,
    pub client: reqwest::Client,
    pub limiter: RateLimiter,
    pub in_flight: InFlight,
}

/// Every request under the API prefix.
pub async fn api(State(proxy): State<Arc<Proxy>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts
        .uri
        .path()
        .strip_prefix(proxy.config.api_prefix.as_str())
        .unwrap_or_default()
        .to_owned();
    let body = read_body(&parts, body).await;
    let sent = body.as_ref().cloned().unwrap_or_default();
    let outcome = match body {
        Ok(body) => checked_forward(&proxy, &parts, &path, body).await,
        Err(refusal) => Err(refusal),
    };
    match &proxy.config.audit {
        Some(log) if routes::is_batch_delete_attempt(&parts.method, &path) => {
            audited(log, &parts, &path, &sent, outcome).await
        }
        _ => outcome.unwrap_or_else(IntoResponse::into_response),
    }
}

/// The body of a PATCH, bounded (other methods' bodies are not forwarded).
async fn read_body(parts: &Parts, body: Body) -> Result<Bytes, ProxyError> {
    if parts.method != Method::PATCH {
        return Ok(Bytes::new());
    }
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_REQUEST_BODY_BYTES as u64) {
        return Err(ProxyError::TooLarge);
    }
    to_bytes(body, MAX_REQUEST_BODY_BYTES)
        .await
        .map_err(|_| ProxyError::TooLarge)
}

async fn checked_forward(
    proxy: &Proxy,
    parts: &Parts,
    path: &str,
    body: Bytes,
) -> Result<Response, ProxyError> {
    let client = client_key(parts);
    proxy.limiter.admit(&client)?;
    routes::classify(
        &parts.method,
        path,
        parts.uri.query(),
        &proxy.config.project_id,
    )?;
    check_write_origin(&parts.method, &parts.headers)?;
    let permit = proxy.in_flight.permit(&client)?;
    upstream::forward(&proxy.config, &proxy.client, parts, path, body, permit).await
}

/// Whom the rate limit counts: the signed-in user, else the peer address.
fn client_key(parts: &Parts) -> String {
    match parts.extensions.get::<AuthenticatedUser>() {
        Some(AuthenticatedUser(user)) => format!("user:{user}"),
        None => address_key(peer_address(&parts.extensions)),
    }
}

/// Passes the answer on after recording the attempt and its outcome.
async fn audited(
    log: &AuditLog,
    parts: &Parts,
    path: &str,
    sent: &[u8],
    outcome: Result<Response, ProxyError>,
) -> Response {
    let (items, recursive, body) = audit::requested(sent);
    let mut record = AuditRecord {
        time: String::new(),
        user: parts
            .extensions
            .get::<AuthenticatedUser>()
            .map(|AuthenticatedUser(user)| user.clone()),
        client: peer_address(&parts.extensions).map(|ip| ip.to_string()),
        project: path.split('/').nth(2).map(str::to_owned),
        items,
        recursive,
        body,
        status: 0,
        request_id: None,
        job_id: None,
        error_code: None,
    };
    let response = match outcome {
        Ok(response) => {
            let (answer, body) = response.into_parts();
            match to_bytes(body, MAX_AUDITED_ANSWER_BYTES).await {
                Ok(body) => {
                    record.status = answer.status.as_u16();
                    record.request_id = answer
                        .headers
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    (record.job_id, record.error_code) = audit::outcome(&body);
                    Response::from_parts(answer, Body::from(body))
                }
                Err(error) => {
                    let failure = ProxyError::BadGateway(format!(
                        "the batch-delete answer broke off: {error}"
                    ));
                    record.status = failure.status().as_u16();
                    record.error_code = Some(failure.code().to_owned());
                    failure.into_response()
                }
            }
        }
        Err(refusal) => {
            record.status = refusal.status().as_u16();
            record.error_code = Some(refusal.code().to_owned());
            refusal.into_response()
        }
    };
    record.time = audit::now_rfc3339();
    log.write(&record);
    response
}
