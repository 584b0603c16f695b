//! The operator's HTTP server, one port: health, metrics, the activity and
//! connection endpoints StreamSpace's API and proxy call, and the policy
//! editor (its assets, API and live logs).

pub mod admission;
mod assets;
pub mod auth;
pub mod editor;
pub mod headers;
mod health;
mod log_socket;
pub mod logs;
mod sessions;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::FromRef;
use axum::middleware;
use axum::routing::{get, post};

pub use auth::ServiceToken;

use crate::controller::activity::Activity;
use crate::controller::context::View;
use crate::metrics::Metrics;
use auth::Authenticator;
use logs::LogHub;

/// What the handlers share.
#[derive(Clone)]
pub struct WebState {
    /// What the handlers may read of the running operator (shared: axum
    /// clones the state for every request).
    pub view: Arc<View>,
    /// Heartbeats and connection events of the session endpoints.
    pub activity: Arc<Activity>,
    /// The token callers of the session endpoints must present.
    pub token: Arc<ServiceToken>,
    /// Who may use the editor and its live logs.
    pub auth: Authenticator,
    /// The live log.
    pub logs: LogHub,
}

impl FromRef<WebState> for Authenticator {
    fn from_ref(state: &WebState) -> Self {
        state.auth.clone()
    }
}

/// Every route of the operator's server; `editor` serves the editor API.
pub fn router(state: WebState, editor: editor::Editor) -> Router {
    let (auth, logs, metrics) = (
        state.auth.clone(),
        state.logs.clone(),
        state.view.metrics.clone(),
    );
    let operator = Router::new()
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
        .merge(editor::routes(editor));
    with_editor(operator, auth, logs, metrics)
}

/// Adds what the operator and the playground share to `app`: the editor's
/// assets at `/`, the live logs (Socket.IO namespace `/logs` at
/// `/socket.io/`), the same-origin check on every state-changing request,
/// and the security headers on every response ([`headers`]). `app` brings
/// the editor API; its handlers authenticate with a [`auth::Caller`]
/// argument.
pub fn with_editor(app: Router, auth: Authenticator, logs: LogHub, metrics: Metrics) -> Router {
    app.merge(assets::routes())
        .layer(log_socket::layer(auth, logs, metrics))
        .layer(middleware::from_fn(auth::same_origin))
        .layer(middleware::map_response(headers::secure))
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
