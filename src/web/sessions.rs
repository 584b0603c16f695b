//! `POST .../sessions/{name}/activity` (heartbeat → `status.lastActivity`)
//! and `POST .../sessions/{name}/connections` (connect/disconnect →
//! `autostart.rhai`; a wake sets `spec.state` to running).

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::WebState;
use crate::controller::activity::ActivityError;
use crate::controller::heartbeats::Heartbeat;
use crate::script::ConnectionEvent;

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// The answer to a heartbeat or connection event that was not taken.
fn refused(e: ActivityError) -> Response {
    let status = match &e {
        ActivityError::NotSynced | ActivityError::NoScripts => StatusCode::SERVICE_UNAVAILABLE,
        ActivityError::NotFound { .. } => StatusCode::NOT_FOUND,
        ActivityError::Script(_) => StatusCode::INTERNAL_SERVER_ERROR,
        ActivityError::Api { .. } => StatusCode::BAD_GATEWAY,
        ActivityError::KeptChanging { .. } => StatusCode::CONFLICT,
    };
    error(status, e.to_string())
}

/// Refuses a caller without the service token.
fn unauthorized(state: &WebState, headers: &HeaderMap) -> Option<Response> {
    (!state.token.allows(headers)).then(|| {
        error(
            StatusCode::UNAUTHORIZED,
            "missing or wrong service token: send Authorization: Bearer <token> (configured with --api-token or --api-token-secret)",
        )
    })
}

/// Body of a heartbeat; empty means "now".
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityBody {
    /// When the activity happened (RFC 3339); default now.
    #[serde(default)]
    time: Option<jiff::Timestamp>,
}

/// Records a heartbeat.
pub async fn activity(
    State(state): State<WebState>,
    Path((namespace, name)): Path<(String, String)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Some(response) = unauthorized(&state, &headers) {
        return response;
    }
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        ActivityBody::default()
    } else {
        match serde_json::from_slice::<ActivityBody>(&body) {
            Ok(body) => body,
            Err(e) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "bad heartbeat body: {e}; send {{}} or {{\"time\": \"2026-01-01T12:00:00Z\"}}"
                    ),
                );
            }
        }
    };
    let at = body.time.unwrap_or_else(jiff::Timestamp::now);
    match state.activity.heartbeat(&namespace, &name, at).await {
        Ok(outcome) => Json(
            json!({ "written": outcome == Heartbeat::Written, "lastActivity": at.to_string() }),
        )
        .into_response(),
        Err(e) => refused(e),
    }
}

/// Runs the auto-start policy on a connection event.
pub async fn connections(
    State(state): State<WebState>,
    Path((namespace, name)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Json<ConnectionEvent>, JsonRejection>,
) -> Response {
    if let Some(response) = unauthorized(&state, &headers) {
        return response;
    }
    let event = match body {
        Ok(Json(event)) => event,
        Err(rejection) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!(
                    "bad connection event: {}; send {{\"event\": \"connect\" | \"disconnect\", \"user\": \"...\"}}",
                    rejection.body_text()
                ),
            );
        }
    };
    match state.activity.connection(&namespace, &name, &event).await {
        Ok(decision) => {
            Json(json!({ "wake": decision.wake, "reason": decision.reason })).into_response()
        }
        Err(e) => refused(e),
    }
}
