//! `/healthz` (the process is alive), `/readyz` (caches synced and a script
//! set loaded) and `/metrics` (Prometheus text format).

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

use super::WebState;

/// Always 200 while the process serves requests.
pub async fn healthz() -> &'static str {
    "ok"
}

/// 200 once the operator can reconcile; 503 with the reasons before.
pub async fn readyz(State(state): State<WebState>) -> impl IntoResponse {
    match state.view.readiness() {
        Ok(()) => (StatusCode::OK, "ready".to_owned()),
        Err(reasons) => (StatusCode::SERVICE_UNAVAILABLE, reasons.join("\n")),
    }
}

/// Every metric in the Prometheus text format.
pub async fn metrics(State(state): State<WebState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.view.scrape(),
    )
}
