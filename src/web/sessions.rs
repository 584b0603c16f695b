//! `POST .../sessions/{name}/activity` (heartbeat → `status.lastActivity`)
//! and `POST .../sessions/{name}/connections` (connect/disconnect →
//! `autostart.rhai`; a wake sets `spec.state` to running).

use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use kube::Api;
use kube::runtime::reflector::ObjectRef;
use serde::Deserialize;
use serde_json::json;

use super::WebState;
use crate::controller::heartbeats::Heartbeat;
use crate::controller::session::eval_result;
use crate::controller::state::Operator;
use crate::controller::transitions::set_state;
use crate::crd::{Session, SessionState};
use crate::script::{AutostartDecision, ConnectionEvent, Entry, SessionContext};

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// Checks the token and finds the Session in the store.
fn authorized_session(
    state: &WebState,
    headers: &HeaderMap,
    namespace: &str,
    name: &str,
) -> Result<Arc<Session>, Box<Response>> {
    if !state.token.allows(headers) {
        return Err(Box::new(error(
            StatusCode::UNAUTHORIZED,
            "missing or wrong service token: send Authorization: Bearer <token> (configured with --api-token or --api-token-secret)",
        )));
    }
    if !state.op.stores.synced() {
        return Err(Box::new(error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the operator has not finished its first list of Sessions yet; retry shortly",
        )));
    }
    state
        .op
        .stores
        .sessions
        .get(&ObjectRef::new(name).within(namespace))
        .ok_or_else(|| {
            Box::new(error(
                StatusCode::NOT_FOUND,
                format!("session {namespace}/{name} not found"),
            ))
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
    let session = match authorized_session(&state, &headers, &namespace, &name) {
        Ok(session) => session,
        Err(response) => return *response,
    };
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
    match state.heartbeats.record(&state.op, &session, at).await {
        Ok(outcome) => Json(
            json!({ "written": outcome == Heartbeat::Written, "lastActivity": at.to_string() }),
        )
        .into_response(),
        Err(e) => error(
            StatusCode::BAD_GATEWAY,
            format!("could not write lastActivity: {e}"),
        ),
    }
}

/// Runs the auto-start policy on a connection event.
pub async fn connections(
    State(state): State<WebState>,
    Path((namespace, name)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Json<ConnectionEvent>, JsonRejection>,
) -> Response {
    let session = match authorized_session(&state, &headers, &namespace, &name) {
        Ok(session) => session,
        Err(response) => return *response,
    };
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
    let op = &state.op;
    let mut session = session;
    // A wake carries the resourceVersion it was decided on; when the Session
    // changed meanwhile, decide again on the new version.
    for _ in 0..WAKE_ATTEMPTS {
        let decision = match autostart(op, &session, &event) {
            Ok(decision) => decision,
            Err(response) => return *response,
        };
        if !decision.wake || session.spec.state == SessionState::Running {
            return decided(&decision);
        }
        match set_state(
            op,
            &session,
            SessionState::Running,
            "autostart",
            &decision.reason,
        )
        .await
        {
            Ok(()) => {
                op.metrics.woke(&namespace);
                return decided(&decision);
            }
            Err(kube::Error::Api(status)) if status.code == 409 => {
                let api: Api<Session> = Api::namespaced(op.client.clone(), &namespace);
                match api.get_opt(&name).await {
                    Ok(Some(fresh)) => session = Arc::new(fresh),
                    Ok(None) => {
                        return error(
                            StatusCode::NOT_FOUND,
                            format!("session {namespace}/{name} not found"),
                        );
                    }
                    Err(e) => {
                        return error(
                            StatusCode::BAD_GATEWAY,
                            format!("could not read the session again: {e}"),
                        );
                    }
                }
            }
            Err(e) => {
                return error(
                    StatusCode::BAD_GATEWAY,
                    format!("could not wake the session: {e}"),
                );
            }
        }
    }
    error(
        StatusCode::CONFLICT,
        format!("session {namespace}/{name} kept changing while waking it; retry"),
    )
}

/// How often a wake is decided again when the Session changed under it.
const WAKE_ATTEMPTS: usize = 3;

fn decided(decision: &AutostartDecision) -> Response {
    Json(json!({ "wake": decision.wake, "reason": decision.reason })).into_response()
}

/// Runs `autostart.rhai` on the Session as the stores see it.
fn autostart(
    op: &Operator,
    session: &Session,
    event: &ConnectionEvent,
) -> Result<AutostartDecision, Box<Response>> {
    let Some(set) = op.scripts.current() else {
        return Err(Box::new(error(
            StatusCode::SERVICE_UNAVAILABLE,
            "no script set loaded yet",
        )));
    };
    let template = op.stores.template_of(session);
    let children = op.stores.observed(session);
    let ctx = SessionContext {
        session,
        template: template.as_deref(),
        children: &children,
        settings: &op.settings,
        now: jiff::Timestamp::now(),
    };
    let started = Instant::now();
    let decision = tokio::task::block_in_place(|| set.autostart(&ctx, event));
    op.metrics.evaluated(
        Entry::Autostart.file(),
        eval_result(&decision),
        started.elapsed(),
    );
    decision
        .map(|evaluation| evaluation.decision)
        .map_err(|e| Box::new(error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())))
}
