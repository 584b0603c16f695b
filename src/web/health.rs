//! `/healthz` (the process is alive), `/readyz` (stores synced and a script
//! set loaded) and `/metrics` (Prometheus text format).

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use kube::ResourceExt;

use super::WebState;
use crate::controller::stores::Stores;

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

fn session_gauges(stores: &Stores) -> Vec<(String, String, String)> {
    stores
        .sessions
        .state()
        .iter()
        .map(|s| {
            let state = serde_json::to_value(s.spec.state)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let version = s
                .status
                .as_ref()
                .and_then(|st| st.script_version.clone())
                .unwrap_or_else(|| "none".into());
            (s.namespace().unwrap_or_default(), state, version)
        })
        .collect()
}

/// Every metric in the Prometheus text format.
pub async fn metrics(State(state): State<WebState>) -> impl IntoResponse {
    let op = &state.op;
    let sessions = session_gauges(&op.stores);
    op.metrics.set_sessions(
        sessions
            .iter()
            .map(|(n, s, v)| (n.as_str(), s.as_str(), v.as_str())),
    );
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        op.metrics.render(),
    )
}
