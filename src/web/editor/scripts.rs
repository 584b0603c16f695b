//! `GET /api/scripts` (the stored set, its version and whether it runs) and
//! `POST /api/scripts/check` (compile a proposed set).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use serde::{Deserialize, Serialize};

use super::Editor;
use super::reply::{ApiError, ErrorAt, blocking, body, load_errors};
use super::world::Mode;
use crate::script::ScriptSet;
use crate::web::auth::{Caller, Role};

/// One script.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct Script {
    /// File name.
    pub name: String,
    /// Source.
    pub source: String,
}

/// Whether a set runs and why the last load failed.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct LoadStatus {
    /// Whether a set is running.
    pub loaded: bool,
    /// The last failed load, as text; `None` when the last load worked.
    pub error: Option<String>,
    /// The errors of that load.
    pub errors: Vec<ErrorAt>,
    /// The version running now.
    pub running: Option<String>,
}

/// The answer of `GET /api/scripts`.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ScriptsView {
    /// Version of the stored scripts: what a save must name in `If-Match`.
    pub version: String,
    /// Playground or cluster.
    pub mode: Mode,
    /// The caller's role.
    pub role: Role,
    /// The stored scripts, sorted by name.
    pub scripts: Vec<Script>,
    /// Load status of the running set.
    pub status: LoadStatus,
}

/// The stored scripts (what an edit starts from and a save replaces) and
/// the load status of the running set.
pub async fn list(
    State(editor): State<Editor>,
    caller: Caller,
) -> Result<Json<ScriptsView>, ApiError> {
    let stored = editor
        .repo
        .stored()
        .await
        .map_err(|e| ApiError::internal(&e))?;
    let running = editor.world.running();
    let failure = running.last_failure();
    Ok(Json(ScriptsView {
        version: stored.version,
        mode: editor.world.mode(),
        role: caller.role,
        scripts: stored
            .scripts
            .into_iter()
            .map(|(name, source)| Script { name, source })
            .collect(),
        status: LoadStatus {
            loaded: running.current().is_some(),
            error: failure.as_ref().map(|f| f.error.to_string()),
            errors: failure.map(|f| load_errors(&f.error)).unwrap_or_default(),
            running: running.current().map(|s| s.version().to_owned()),
        },
    }))
}

/// A body carrying a proposed set.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct ProposedSet {
    /// The scripts by file name.
    pub scripts: BTreeMap<String, String>,
}

/// The answer of `POST /api/scripts/check`.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct CheckResult {
    /// Whether the set loads.
    pub ok: bool,
    /// Its version when it loads.
    pub version: Option<String>,
    /// Why it does not.
    pub errors: Vec<ErrorAt>,
}

/// Compiles a proposed set as a reload would.
pub async fn check(
    _caller: Caller,
    request: Result<Json<ProposedSet>, JsonRejection>,
) -> Result<Json<CheckResult>, ApiError> {
    let scripts = body(request)?.scripts;
    let result = blocking(move || ScriptSet::compile(scripts)).await?;
    Ok(Json(match result {
        Ok(set) => CheckResult {
            ok: true,
            version: Some(set.version().to_owned()),
            errors: Vec::new(),
        },
        Err(error) => CheckResult {
            ok: false,
            version: None,
            errors: load_errors(&error),
        },
    }))
}
