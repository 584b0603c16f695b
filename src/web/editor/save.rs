//! `POST /api/scripts/save` and `POST /api/scripts/rollback` (a save of a
//! saved version's scripts). Editors only; `If-Match` must name the stored
//! version, so two editors never overwrite each other silently; a set that
//! does not compile or fails its fixtures is refused with the reasons.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::Editor;
use super::fixtures;
use super::reply::{ApiError, blocking, body, load_errors};
use super::repo::{Stored, VersionInfo, Write, WriteError, valid_version};
use crate::script::ScriptSet;
use crate::web::auth::Caller;

/// The body of a save.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct SaveRequest {
    /// The whole new set by file name.
    pub scripts: BTreeMap<String, String>,
    /// Why.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub message: String,
}

/// The body of a rollback.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct RollbackRequest {
    /// The saved version to restore.
    pub version: String,
    /// Why (default: `Roll back to <version>`).
    #[serde(default)]
    #[ts(optional)]
    pub message: Option<String>,
}

/// The answer of a save.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct Saved {
    /// The version stored now.
    pub version: String,
}

/// Refuses viewers.
fn editor_only(caller: &Caller) -> Result<(), ApiError> {
    if caller.role.can_edit() {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        format!(
            "{} has a viewer token: viewers may check, test and dry-run, but not save or roll back",
            caller.identity
        ),
    ))
}

/// The version named by `If-Match` (quotes and `W/` allowed); 428 without.
fn base_version(headers: &HeaderMap) -> Result<String, ApiError> {
    let value = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.trim()
                .trim_start_matches("W/")
                .trim_matches('"')
                .to_owned()
        })
        .filter(|v| !v.is_empty());
    value.ok_or_else(|| {
        ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "send If-Match: <version> with the version your edit started from (the version of GET api/scripts)",
        )
    })
}

/// 409 naming the version stored now and who saved it.
async fn conflict(editor: &Editor, stored: &Stored, base: &str) -> ApiError {
    let current = editor.repo.describe(stored).await.unwrap_or_else(|e| {
        tracing::warn!("describing version {}: {e:#}", stored.version);
        VersionInfo {
            version: stored.version.clone(),
            author: String::new(),
            time: String::new(),
            message: String::new(),
            restored: None,
        }
    });
    conflict_answer(base, current)
}

fn conflict_answer(base: &str, current: VersionInfo) -> ApiError {
    // After a rollback the version's record keeps its first author; the
    // person who stored it now is the one who restored it.
    let author = current
        .restored
        .as_ref()
        .map_or(&current.author, |r| &r.author);
    let by = if author.is_empty() {
        String::new()
    } else {
        format!(" by {author}")
    };
    ApiError::with(
        StatusCode::CONFLICT,
        json!({
            "error": format!(
                "the scripts changed since version {base}: version {} was saved{by}; nothing was overwritten",
                current.version
            ),
            "current": current,
        }),
    )
}

/// Compiles and tests `scripts`; their version, or 422 with the reasons.
async fn vet(editor: &Editor, scripts: BTreeMap<String, String>) -> Result<String, ApiError> {
    let files = editor
        .repo
        .fixtures()
        .await
        .map_err(|e| ApiError::internal(&e))?;
    blocking(move || {
        let set = ScriptSet::compile(scripts).map_err(|error| {
            ApiError::with(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({
                    "error": "the scripts do not compile; nothing was saved",
                    "errors": load_errors(&error),
                    "tests": null,
                }),
            )
        })?;
        let report = fixtures::run(&set, &files);
        if !report.ok {
            return Err(ApiError::with(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({
                    "error": format!(
                        "the fixtures fail ({}): {}; nothing was saved",
                        report.summary,
                        report.failing()
                    ),
                    "errors": [],
                    "tests": { "summary": report.summary, "cases": report.cases },
                }),
            ));
        }
        Ok(set.version().to_owned())
    })
    .await?
}

/// Stores `scripts` when `base` is the stored version and they pass.
async fn publish(
    editor: &Editor,
    caller: &Caller,
    base: String,
    scripts: BTreeMap<String, String>,
    message: String,
    rollback_of: Option<String>,
) -> Result<Json<Saved>, ApiError> {
    let stored = editor
        .repo
        .stored()
        .await
        .map_err(|e| ApiError::internal(&e))?;
    if stored.version != base {
        return Err(conflict(editor, &stored, &base).await);
    }
    let version = vet(editor, scripts.clone()).await?;
    if version == stored.version {
        return Ok(Json(Saved { version }));
    }
    let write = Write {
        scripts,
        message: message.clone(),
        author: caller.identity.clone(),
        base,
        rollback_of: rollback_of.clone(),
    };
    match editor.repo.write(write).await {
        Ok(info) => {
            match &rollback_of {
                Some(rollback_of) => tracing::info!(
                    identity = %caller.identity,
                    version = %info.version,
                    previous = %stored.version,
                    %rollback_of,
                    comment = %message,
                    "scripts rolled back in the editor"
                ),
                None => tracing::info!(
                    identity = %caller.identity,
                    version = %info.version,
                    previous = %stored.version,
                    comment = %message,
                    "scripts saved in the editor"
                ),
            }
            Ok(Json(Saved {
                version: info.version,
            }))
        }
        Err(WriteError::Conflict { base, current }) => Err(conflict_answer(&base, *current)),
        Err(WriteError::Failed(e)) => Err(ApiError::internal(&e)),
    }
}

/// Saves a whole set.
pub async fn save(
    State(editor): State<Editor>,
    caller: Caller,
    headers: HeaderMap,
    request: Result<Json<SaveRequest>, JsonRejection>,
) -> Result<Json<Saved>, ApiError> {
    editor_only(&caller)?;
    let base = base_version(&headers)?;
    let request = body(request)?;
    publish(
        &editor,
        &caller,
        base,
        request.scripts,
        request.message,
        None,
    )
    .await
}

/// Saves the scripts of a saved version again.
pub async fn rollback(
    State(editor): State<Editor>,
    caller: Caller,
    headers: HeaderMap,
    request: Result<Json<RollbackRequest>, JsonRejection>,
) -> Result<Json<Saved>, ApiError> {
    editor_only(&caller)?;
    let base = base_version(&headers)?;
    let request = body(request)?;
    let missing = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no saved version {}", request.version),
        )
    };
    if !valid_version(&request.version) {
        return Err(missing());
    }
    let revision = editor
        .repo
        .revision(&request.version)
        .await
        .map_err(|e| ApiError::internal(&e))?
        .ok_or_else(missing)?;
    let message = request
        .message
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| format!("Roll back to {}", request.version));
    publish(
        &editor,
        &caller,
        base,
        revision.scripts,
        message,
        Some(request.version),
    )
    .await
}
