//! The `/__sim` controls that set up a scenario, each a thin call into the model: add an
//! instance (with a blank or absent id, or a time with fewer fractional digits), make one stale
//! or gone, plan how the next delete of an instance ends, add a job from history. (Faults, reset and the request log are in `routes.rs`.)

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::error::ApiError;
use super::model::{
    parse_planned_outcomes, Instance, InstanceChange, NewInstance, RecordedJob, Timestamp,
};
use super::SimState;

type SharedState = Arc<SimState>;

/// `/__sim/instances`, `/__sim/instances/{id}`, `/__sim/outcomes` and `/__sim/jobs`.
pub fn router(state: SharedState) -> Router {
    Router::new()
        .route("/__sim/instances", post(add_instance))
        .route(
            "/__sim/instances/{id}",
            put(change_instance).delete(remove_instance),
        )
        .route("/__sim/outcomes", put(plan_outcomes))
        .route("/__sim/jobs", post(record_job))
        .with_state(state)
}

/// `POST /__sim/instances`: add an instance, as listed from now on.
async fn add_instance(
    State(state): State<SharedState>,
    body: Bytes,
) -> Result<Json<Instance>, ApiError> {
    let new = NewInstance::from_json(&body)?;
    Ok(Json(state.model().add_instance(&new, Timestamp::now())?))
}

/// `PUT /__sim/instances/{id}`: change an instance's status or associated resource ids.
async fn change_instance(
    State(state): State<SharedState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Instance>, ApiError> {
    let change = InstanceChange::from_json(&body)?;
    Ok(Json(state.model().change_instance(
        &id,
        &change,
        Timestamp::now(),
    )?))
}

/// `DELETE /__sim/instances/{id}`: the instance disappears, as if deleted elsewhere.
async fn remove_instance(
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.model().remove_instance(&id, Timestamp::now())?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /__sim/outcomes`: how the next delete of each named instance ends.
async fn plan_outcomes(
    State(state): State<SharedState>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    state.model().plan_outcomes(parse_planned_outcomes(&body)?);
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /__sim/jobs`: add a job from history (started elsewhere, e.g. an earlier failed one).
async fn record_job(
    State(state): State<SharedState>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let job = RecordedJob::from_json(&body, Timestamp::now())?;
    Ok(Json(json!({ "job_id": state.model().record_job(job) })))
}
