//! [`World`]: the Sessions the editor dry-runs and measures a change
//! against, with the script set running now. In a cluster they come from
//! the operator's stores; in the playground from example files.

use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::controller::scripts::ScriptStore;
use crate::crd::Template;
use crate::quota::Quotas;
use crate::script::{PolicySettings, SessionInput};

/// Where the editor runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// No cluster: example Sessions, scripts in a directory.
    Playground,
    /// Inside the operator, next to the cluster's Sessions.
    Cluster,
}

/// The Sessions and the running script set.
pub trait World: Send + Sync {
    /// Cluster or playground.
    fn mode(&self) -> Mode;

    /// The running script set and its last failed load.
    fn running(&self) -> &ScriptStore;

    /// The settings scripts get as `ctx.config`.
    fn settings(&self) -> &PolicySettings;

    /// The per-user quotas `admit.rhai` checks Sessions against.
    fn quotas(&self) -> Arc<Quotas>;

    /// Every Session, sorted by namespace and name.
    fn sessions(&self) -> Vec<SessionInput>;

    /// The script version that last evaluated `input`'s Session, if any
    /// has. Not its `status.scriptVersion`, which names the version whose
    /// decision was last written.
    fn evaluated_version(&self, input: &SessionInput) -> Option<String>;

    /// The Template `namespace/name`, when it exists.
    fn template(&self, namespace: &str, name: &str) -> Option<Arc<Template>>;

    /// Every Template, sorted by namespace and name.
    fn templates(&self) -> Vec<Arc<Template>>;

    /// The objects of `input` in the cluster now: its owned children plus
    /// the objects named `(kind, name)` in its namespace (children that
    /// outlive their Session have no owner). `None` when there is no
    /// cluster to look at.
    fn live_children(&self, input: &SessionInput, named: &[(String, String)])
    -> Option<Vec<Value>>;
}
