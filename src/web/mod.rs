//! The operator's HTTP server: health, metrics, and the activity and
//! connection endpoints StreamSpace's API and proxy call. One port.

mod auth;
mod health;
mod sessions;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

pub use auth::ServiceToken;

use crate::controller::heartbeats::Heartbeats;
use crate::controller::state::Operator;

/// What the handlers share.
#[derive(Clone)]
pub struct WebState {
    /// The running operator.
    pub op: Arc<Operator>,
    /// The token callers of the session endpoints must present.
    pub token: Arc<ServiceToken>,
    /// Heartbeat coalescing.
    pub heartbeats: Arc<Heartbeats>,
}

/// Every route of the operator's server.
pub fn router(state: WebState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .route(
            "/api/v1/namespaces/{namespace}/sessions/{name}/activity",
            post(sessions::activity),
        )
        .route(
            "/api/v1/namespaces/{namespace}/sessions/{name}/connections",
            post(sessions::connections),
        )
        .with_state(state)
}

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr: Option<SocketAddr> = listener.local_addr().ok();
    tracing::info!(address = ?addr, "HTTP server listening");
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}
