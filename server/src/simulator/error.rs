//! Every error the simulated API answers with, rendered the way the real one does: service
//! errors as `{error_code, error_msg}` with a `WKS.` code, API-gateway errors (`APIGW.` codes)
//! with the request id repeated in the body.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use super::model::ModelError;
use super::routes::RequestId;

/// An error response of the simulated API.
#[derive(Debug)]
pub enum ApiError {
    /// A rule of the model was broken (400 or 404).
    Model(ModelError),
    /// The path names another project (403).
    Forbidden,
    /// No API under this path (404 from the gateway).
    NoSuchApi(RequestId),
    /// The path exists but not for this method (405).
    MethodNotAllowed,
    /// `X-Auth-Token` missing or wrong (401 from the gateway).
    Unauthorized {
        /// Request id, repeated in the body as the gateway does.
        request_id: RequestId,
        /// Whether a token was sent at all (changes the message).
        token_sent: bool,
    },
    /// AK/SK signature missing, wrong, of an unknown key or out of date (401 from the gateway).
    BadSignature {
        /// Request id, repeated in the body.
        request_id: RequestId,
        /// The gateway's message.
        reason: &'static str,
    },
    /// Injected 400.
    BadRequest,
    /// Injected 500.
    Internal,
    /// Injected 503.
    Unavailable,
    /// Injected 429 from the gateway.
    Throttled {
        /// Request id, repeated in the body.
        request_id: RequestId,
        /// `Retry-After` value.
        retry_after_secs: u32,
    },
}

impl From<ModelError> for ApiError {
    fn from(error: ModelError) -> Self {
        Self::Model(error)
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error_code: &'a str,
    error_msg: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let service = |status: StatusCode, error_code: &str, error_msg: String| {
            (
                status,
                Json(ErrorBody {
                    error_code,
                    error_msg,
                    request_id: None,
                }),
            )
                .into_response()
        };
        match self {
            Self::Model(
                error @ (ModelError::InvalidParameter(_) | ModelError::NotDeletable { .. }),
            ) => service(StatusCode::BAD_REQUEST, "WKS.00211102", error.to_string()),
            Self::Model(error @ (ModelError::InstanceNotFound(_) | ModelError::JobNotFound(_))) => {
                service(StatusCode::NOT_FOUND, "WKS.00211902", error.to_string())
            }
            Self::Forbidden => service(
                StatusCode::FORBIDDEN,
                "WKS.00081102",
                "User does not have permission to access this resource.".to_owned(),
            ),
            Self::MethodNotAllowed => service(
                StatusCode::METHOD_NOT_ALLOWED,
                "WKS.00000405",
                "The method specified in the request is not allowed for this resource.".to_owned(),
            ),
            Self::BadRequest => service(
                StatusCode::BAD_REQUEST,
                "WKS.00211102",
                "The parameter is invalid.".to_owned(),
            ),
            Self::Internal => service(
                StatusCode::INTERNAL_SERVER_ERROR,
                "WKS.00211401",
                "The requested operation failed. Please try again later.".to_owned(),
            ),
            Self::Unavailable => service(
                StatusCode::SERVICE_UNAVAILABLE,
                "WKS.00050902",
                "The service is now unavailable to process the request.".to_owned(),
            ),
            Self::NoSuchApi(request_id) => gateway(
                StatusCode::NOT_FOUND,
                "APIGW.0101",
                "The API does not exist or has not been published in the environment",
                &request_id,
            ),
            Self::Unauthorized {
                request_id,
                token_sent,
            } => gateway(
                StatusCode::UNAUTHORIZED,
                "APIGW.0301",
                if token_sent {
                    "Incorrect IAM authentication information: decrypt token fail"
                } else {
                    "Incorrect IAM authentication information: x-auth-token not found"
                },
                &request_id,
            ),
            Self::BadSignature { request_id, reason } => {
                gateway(StatusCode::UNAUTHORIZED, "APIGW.0301", reason, &request_id)
            }
            Self::Throttled {
                request_id,
                retry_after_secs,
            } => {
                let mut response = gateway(
                    StatusCode::TOO_MANY_REQUESTS,
                    "APIGW.0308",
                    "The throttling threshold has been reached: policy user over ratelimit",
                    &request_id,
                );
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
                response
            }
        }
    }
}

fn gateway(
    status: StatusCode,
    error_code: &str,
    error_msg: &str,
    request_id: &RequestId,
) -> Response {
    let body = ErrorBody {
        error_code,
        error_msg: error_msg.to_owned(),
        request_id: Some(request_id.as_str()),
    };
    (status, Json(body)).into_response()
}
