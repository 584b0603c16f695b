//! `GET /api/sessions` (the Sessions to dry-run) and `GET /api/rollout`
//! (how many Sessions each script version last evaluated).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use super::Editor;
use crate::script::SessionInput;
use crate::web::auth::Caller;

/// A Session as the editor lists it.
#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    /// Its namespace.
    pub namespace: String,
    /// Its name.
    pub name: String,
    /// Its user.
    pub user: String,
    /// Its Template.
    pub template: String,
    /// `running`, `hibernated` or `terminated`.
    pub state: String,
    /// Its phase, once reconciled.
    pub phase: Option<String>,
    /// The script version that last evaluated it.
    pub script_version: Option<String>,
}

impl SessionInfo {
    /// `input`'s Session, last evaluated by `script_version`.
    fn new(input: &SessionInput, script_version: Option<String>) -> Self {
        let session = &input.session;
        let status = session.status.as_ref();
        Self {
            namespace: session.metadata.namespace.clone().unwrap_or_default(),
            name: session.metadata.name.clone().unwrap_or_default(),
            user: session.spec.user.clone(),
            template: session.spec.template.clone(),
            state: session.spec.state.as_str().to_owned(),
            phase: status.and_then(|s| s.phase).map(|p| p.as_str().to_owned()),
            script_version,
        }
    }
}

/// Every Session, sorted by namespace and name.
pub async fn list(State(editor): State<Editor>, _caller: Caller) -> Json<Vec<SessionInfo>> {
    let world = &editor.world;
    Json(
        world
            .sessions()
            .iter()
            .map(|input| SessionInfo::new(input, world.evaluated_version(input)))
            .collect(),
    )
}

/// Sessions last evaluated by one version.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct VersionCount {
    /// The version; empty for Sessions not reconciled yet.
    pub version: String,
    /// How many.
    pub sessions: usize,
}

/// The answer of `GET /api/rollout`.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct Rollout {
    /// The running version.
    pub current: String,
    /// Every Session.
    pub total: usize,
    /// Sessions per version, most first.
    pub versions: Vec<VersionCount>,
}

/// How far the running version has reached.
pub async fn rollout(State(editor): State<Editor>, _caller: Caller) -> Json<Rollout> {
    let sessions = editor.world.sessions();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for input in &sessions {
        let version = editor.world.evaluated_version(input).unwrap_or_default();
        *counts.entry(version).or_default() += 1;
    }
    let mut versions: Vec<VersionCount> = counts
        .into_iter()
        .map(|(version, sessions)| VersionCount { version, sessions })
        .collect();
    versions.sort_by_key(|v| std::cmp::Reverse(v.sessions));
    Json(Rollout {
        current: editor
            .world
            .running()
            .current()
            .map(|s| s.version().to_owned())
            .unwrap_or_default(),
        total: sessions.len(),
        versions,
    })
}
