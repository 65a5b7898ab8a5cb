//! The simulator (its API and `/__sim`) refuses requests a browser declares cross-site, so
//! another page cannot reset it or inject faults with a form POST. Tools that send neither
//! `Origin` nor `Sec-Fetch-Site` (curl, the tests' HTTP client) and the console's own
//! same-origin requests pass.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::same_origin::declared_cross_site;

/// Middleware: 403 for a request the browser says comes from another site.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    if declared_cross_site(request.headers()) {
        return (
            StatusCode::FORBIDDEN,
            Json(json!({ "error": "the simulator refuses cross-site requests" })),
        )
            .into_response();
    }
    next.run(request).await
}
