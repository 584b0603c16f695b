//! [`Repository`]: where the scripts are stored and their saved versions
//! kept: the scripts ConfigMap with ControllerRevisions, or a directory with
//! a history folder. Saving only writes the sources; the operator's own
//! watch of them loads the new set.

use std::collections::BTreeMap;

use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};

use crate::script::fixtures::FixtureFile;

/// How many saved versions the history lists.
pub const HISTORY_SHOWN: usize = 20;

/// How many saved versions are kept; older ones are deleted on save.
pub const HISTORY_KEPT: usize = 50;

/// Who saved a version, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct VersionInfo {
    /// The version (content hash of the scripts).
    pub version: String,
    /// Who saved it; empty when unknown.
    pub author: String,
    /// When, RFC 3339; empty when unknown.
    pub time: String,
    /// The message given with the save.
    pub message: String,
    /// The newest save of these scripts again (a rollback to this version),
    /// when there was one; `author`, `time` and `message` stay the
    /// original save's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub restored: Option<Restored>,
}

/// Who saved a version's scripts again, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Restored {
    /// Who.
    pub author: String,
    /// When, RFC 3339.
    pub time: String,
    /// The message given with it.
    pub message: String,
}

impl VersionInfo {
    /// What the history records for `write`, saved now as `version`: a new
    /// entry, or — when `earlier` already records that version — the
    /// earlier entry with this save as its restoration, so its original
    /// author is never rewritten.
    pub fn of_write(version: String, write: &Write, earlier: Option<VersionInfo>) -> Self {
        let now = now_rfc3339();
        match earlier {
            Some(earlier) => Self {
                restored: Some(Restored {
                    author: write.author.clone(),
                    time: now,
                    message: write.message.clone(),
                }),
                ..earlier
            },
            None => Self {
                version,
                author: write.author.clone(),
                time: now,
                message: write.message.clone(),
                restored: None,
            },
        }
    }
}

/// A saved version with its scripts.
#[derive(Debug, Clone)]
pub struct Revision {
    /// Who, when, why.
    pub info: VersionInfo,
    /// The scripts by file name.
    pub scripts: BTreeMap<String, String>,
}

/// The scripts stored now, with their version.
#[derive(Debug, Clone)]
pub struct Stored {
    /// Content hash of `scripts`.
    pub version: String,
    /// The scripts by file name.
    pub scripts: BTreeMap<String, String>,
}

/// A write of a whole set.
#[derive(Debug, Clone)]
pub struct Write {
    /// The new scripts by file name (compiled and tested by the caller).
    pub scripts: BTreeMap<String, String>,
    /// Why.
    pub message: String,
    /// Who.
    pub author: String,
    /// The version the author started from; the write is refused unless
    /// it is the stored one.
    pub base: String,
    /// `Some(version)` when this write rolls back to that saved version.
    pub rollback_of: Option<String>,
}

/// Why a write did not happen.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Someone else saved since `base`: this is what is stored now.
    #[error("the scripts changed since version {base}: version {} is stored now", .current.version)]
    Conflict {
        /// The version the writer started from.
        base: String,
        /// The version stored now.
        current: Box<VersionInfo>,
    },
    /// The write failed.
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// Storage of the scripts and of their saved versions.
pub trait Repository: Send + Sync {
    /// The scripts stored now.
    fn stored(&self) -> BoxFuture<'_, anyhow::Result<Stored>>;

    /// Who saved the stored version, when and why (from the history, or
    /// what is known of a change made outside the editor).
    fn describe<'a>(&'a self, stored: &'a Stored) -> BoxFuture<'a, anyhow::Result<VersionInfo>>;

    /// The fixtures a set must pass before it is saved.
    fn fixtures(&self) -> BoxFuture<'_, anyhow::Result<Vec<FixtureFile>>>;

    /// Stores a set unless the stored version is no longer `write.base`,
    /// and records it in the history.
    fn write(&self, write: Write) -> BoxFuture<'_, Result<VersionInfo, WriteError>>;

    /// The newest saved versions first, at most `HISTORY_SHOWN`.
    fn history(&self) -> BoxFuture<'_, anyhow::Result<Vec<VersionInfo>>>;

    /// A saved version with its scripts.
    fn revision<'a>(&'a self, version: &'a str) -> BoxFuture<'a, anyhow::Result<Option<Revision>>>;
}

/// Whether `version` looks like a version (hex digits): anything else is
/// never a saved version, and never reaches a file or object name.
pub fn valid_version(version: &str) -> bool {
    !version.is_empty() && version.len() <= 64 && version.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The current time, RFC 3339 to the second: the time of a save.
pub fn now_rfc3339() -> String {
    jiff::Timestamp::from_second(jiff::Timestamp::now().as_second())
        .map(|t| t.to_string())
        .unwrap_or_default()
}
