//! `GET /api/scripts/history` (the last saved versions) and
//! `GET /api/scripts/history/{version}` (one of them with its scripts).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;

use super::Editor;
use super::reply::ApiError;
use super::repo::{VersionInfo, valid_version};
use crate::web::auth::Caller;

/// A saved version in the list.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct HistoryEntry {
    /// Who, when, why.
    #[serde(flatten)]
    pub info: VersionInfo,
    /// Whether it is the stored version.
    pub current: bool,
}

/// A saved version with its scripts.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct HistoryVersion {
    /// Who, when, why.
    #[serde(flatten)]
    pub info: VersionInfo,
    /// The scripts by file name.
    pub scripts: BTreeMap<String, String>,
}

/// The newest saved versions first.
pub async fn list(
    State(editor): State<Editor>,
    _caller: Caller,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    let internal = |e: anyhow::Error| ApiError::internal(&e);
    let (stored, history) =
        tokio::try_join!(editor.repo.stored(), editor.repo.history()).map_err(internal)?;
    Ok(Json(
        history
            .into_iter()
            .map(|info| HistoryEntry {
                current: info.version == stored.version,
                info,
            })
            .collect(),
    ))
}

/// One saved version.
pub async fn version(
    State(editor): State<Editor>,
    _caller: Caller,
    Path(version): Path<String>,
) -> Result<Json<HistoryVersion>, ApiError> {
    let missing = || ApiError::new(StatusCode::NOT_FOUND, format!("no saved version {version}"));
    if !valid_version(&version) {
        return Err(missing());
    }
    let revision = editor
        .repo
        .revision(&version)
        .await
        .map_err(|e| ApiError::internal(&e))?
        .ok_or_else(missing)?;
    Ok(Json(HistoryVersion {
        info: revision.info,
        scripts: revision.scripts,
    }))
}
