//! The Socket.IO namespace `/logs`: authenticated like the editor API
//! (`auth: {token}` in the handshake), it sends `backlog` (the last records)
//! on connect and then `log` per new record.

use serde::Deserialize;
use socketioxide::SocketIo;
use socketioxide::extract::{SocketRef, TryData};
use socketioxide::handler::ConnectHandler;
use socketioxide::layer::SocketIoLayer;
use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::CancellationToken;

use crate::metrics::Metrics;
use crate::web::auth::{AuthError, Authenticator};
use crate::web::logs::LogHub;

/// The handshake's `auth` payload.
#[derive(Deserialize)]
struct Handshake {
    token: String,
}

/// Why a handshake was refused; the client sees it in `connect_error`.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Refused(String);

impl From<AuthError> for Refused {
    fn from(error: AuthError) -> Self {
        match error {
            AuthError::Unauthorized(message) => Refused(message),
            other => Refused(format!("unauthorized: {other}")),
        }
    }
}

/// Checks the handshake's token.
async fn authenticate(
    auth: Authenticator,
    handshake: Result<Handshake, impl std::fmt::Display>,
) -> Result<(), Refused> {
    let handshake = handshake.map_err(|e| {
        Refused(format!(
            "unauthorized: send the editor token in the handshake as auth: {{token}} ({e})"
        ))
    })?;
    auth.authenticate(&handshake.token).await?;
    Ok(())
}

/// Streams the hub to one connected client until it disconnects.
fn stream(socket: SocketRef, hub: &LogHub, metrics: Metrics) {
    metrics.log_clients().inc();
    let stop = CancellationToken::new();
    socket.on_disconnect({
        let stop = stop.clone();
        move || async move {
            metrics.log_clients().dec();
            stop.cancel();
        }
    });
    let (backlog, mut live) = hub.subscribe();
    if socket.emit("backlog", &backlog).is_err() {
        return;
    }
    tokio::spawn(async move {
        loop {
            let record = tokio::select! {
                () = stop.cancelled() => return,
                record = live.recv() => record,
            };
            match record {
                // A full client queue drops the record; a closed socket ends.
                Ok(record) => {
                    if socket.emit("log", &record).is_err() && !socket.connected() {
                        return;
                    }
                }
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            }
        }
    });
}

/// The Socket.IO layer serving `/logs` from `hub` (at `/socket.io/`).
pub fn layer(auth: Authenticator, hub: LogHub, metrics: Metrics) -> SocketIoLayer {
    let (layer, io) = SocketIo::new_layer();
    let middleware = move |TryData(handshake): TryData<Handshake>| {
        let auth = auth.clone();
        async move { authenticate(auth, handshake).await }
    };
    let on_connect = move |socket: SocketRef| {
        let (hub, metrics) = (hub.clone(), metrics.clone());
        async move { stream(socket, &hub, metrics) }
    };
    io.ns("/logs", on_connect.with(middleware));
    layer
}
