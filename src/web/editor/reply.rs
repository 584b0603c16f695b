//! What the editor API answers with: JSON errors `{error, ...}`, script
//! errors with their position, request bodies whose faults answer 400, and
//! script work moved off the async threads.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};

use crate::script::{LoadError, ScriptError};

/// An error answer: a status and a JSON body with at least `error`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: Value,
}

impl ApiError {
    /// `{error: message}` with `status`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self::with(status, json!({ "error": message.into() }))
    }

    /// A body of its own (which must hold `error`).
    pub fn with(status: StatusCode, body: Value) -> Self {
        Self { status, body }
    }

    /// 500 for a failure of the server or of its storage.
    pub fn internal(error: &anyhow::Error) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, format!("{error:#}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

/// A script error as the editor places it: script, line, column, message.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ErrorAt {
    /// The script, e.g. `reconcile.rhai`.
    pub script: Option<String>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong, without the location.
    pub message: String,
}

impl From<&ScriptError> for ErrorAt {
    fn from(error: &ScriptError) -> Self {
        let script = error.script().to_owned();
        let message = match error {
            ScriptError::Compile { message, .. } | ScriptError::Runtime { message, .. } => {
                message.clone()
            }
            other => {
                let text = other.to_string();
                text.strip_prefix(&format!("{script}: "))
                    .map(str::to_owned)
                    .unwrap_or(text)
            }
        };
        let (line, column) = error.position().unzip();
        Self {
            script: Some(script),
            line,
            column,
            message,
        }
    }
}

/// Every error of a failed load.
pub fn load_errors(error: &LoadError) -> Vec<ErrorAt> {
    error.errors.iter().map(ErrorAt::from).collect()
}

/// A JSON request body; a malformed one answers 400 `{error}`.
pub fn body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    body.map(|Json(value)| value)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.body_text()))
}

/// Runs script work on a blocking thread. The scripts' own log records are
/// kept out of the operator's log (they are answered to the caller): a
/// dry-run must not look like a reconcile.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(move || quiet(work))
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

/// Runs `work` with tracing silenced on this thread.
pub fn quiet<T>(work: impl FnOnce() -> T) -> T {
    tracing::subscriber::with_default(tracing::subscriber::NoSubscriber::default(), work)
}
