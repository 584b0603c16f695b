//! `/healthz` (the process is alive), `/readyz` (stores synced and a script
//! set loaded) and `/metrics` (Prometheus text format).

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use kube::ResourceExt;

use super::WebState;
use crate::controller::stores::Stores;
use crate::crd::{Session, SessionPhase};
use crate::metrics::SessionSample;

/// Always 200 while the process serves requests.
pub async fn healthz() -> &'static str {
    "ok"
}

/// 200 once the operator can reconcile; 503 with the reason before.
pub async fn readyz(State(state): State<WebState>) -> impl IntoResponse {
    let op = &state.op;
    if op.ready() {
        return (StatusCode::OK, "ready".to_owned());
    }
    let mut reasons = Vec::new();
    if !op.stores.synced() {
        reasons.push("waiting for the initial sync of Sessions, Templates and children".to_owned());
    }
    if op.scripts.current().is_none() {
        let why = op
            .scripts
            .last_failure()
            .map(|f| format!(": {}", f.error))
            .unwrap_or_default();
        reasons.push(format!("no script set loaded{why}"));
    }
    (StatusCode::SERVICE_UNAVAILABLE, reasons.join("\n"))
}

fn label_of<T: serde::Serialize>(value: &T) -> Option<String> {
    serde_json::to_value(value)
        .ok()?
        .as_str()
        .map(str::to_owned)
}

/// Since when a Session is Pending: its `Ready` condition's last change
/// (the default scripts set it False while they wait), else its creation.
fn pending_since(session: &Session) -> Option<jiff::Timestamp> {
    let status = session.status.as_ref()?;
    if status.phase != Some(SessionPhase::Pending) {
        return None;
    }
    let ready = status.conditions.iter().find(|c| c.type_ == "Ready");
    ready
        .map(|c| c.last_transition_time.0)
        .or_else(|| session.creation_timestamp().map(|t| t.0))
}

fn session_samples(stores: &Stores) -> Vec<SessionSample> {
    stores
        .sessions
        .state()
        .iter()
        .map(|s| SessionSample {
            namespace: s.namespace().unwrap_or_default(),
            state: label_of(&s.spec.state).unwrap_or_default(),
            phase: s.status.as_ref().and_then(|st| label_of(&st.phase?)),
            version: s
                .status
                .as_ref()
                .and_then(|st| st.script_version.clone())
                .unwrap_or_else(|| "none".into()),
            pending_since: pending_since(s),
        })
        .collect()
}

/// Every metric in the Prometheus text format.
pub async fn metrics(State(state): State<WebState>) -> impl IntoResponse {
    let op = &state.op;
    op.metrics
        .set_sessions(&session_samples(&op.stores), jiff::Timestamp::now());
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        op.metrics.render(),
    )
}
