//! [`ClusterWorld`]: the Sessions, Templates and children of the operator's
//! watch caches, and its running script set.

use std::sync::Arc;

use kube::ResourceExt;
use serde_json::Value;

use super::world::{Mode, World};
use crate::controller::context::View;
use crate::controller::scripts::ScriptStore;
use crate::crd::{ChildKind, Template};
use crate::quota::Quotas;
use crate::script::{PolicySettings, SessionInput};

/// The running operator's view of the cluster.
pub struct ClusterWorld(Arc<View>);

impl ClusterWorld {
    /// The world `view` sees.
    pub fn new(view: Arc<View>) -> Self {
        Self(view)
    }
}

impl World for ClusterWorld {
    fn mode(&self) -> Mode {
        Mode::Cluster
    }

    fn running(&self) -> &ScriptStore {
        &self.0.scripts
    }

    fn settings(&self) -> &PolicySettings {
        &self.0.settings
    }

    fn quotas(&self) -> Arc<Quotas> {
        self.0.quotas.current()
    }

    fn sessions(&self) -> Vec<SessionInput> {
        let caches = &self.0.caches;
        let mut sessions = caches.sessions.state();
        sessions.sort_by_key(|s| (s.namespace(), s.name_any()));
        sessions
            .into_iter()
            .map(|session| caches.input(session))
            .collect()
    }

    fn evaluated_version(&self, input: &SessionInput) -> Option<String> {
        self.0.evaluated.of(&input.session).map(|v| v.to_string())
    }

    fn template(&self, namespace: &str, name: &str) -> Option<Arc<Template>> {
        self.0.caches.template(namespace, name)
    }

    fn templates(&self) -> Vec<Arc<Template>> {
        let mut templates = self.0.caches.templates.state();
        templates.sort_by_key(|t| (t.namespace(), t.name_any()));
        templates
    }

    fn live_children(
        &self,
        input: &SessionInput,
        wanted: &[(String, String)],
    ) -> Option<Vec<Value>> {
        let mut live: Vec<Value> = input
            .children
            .iter()
            .filter_map(|(_, json)| serde_json::from_str(json).ok())
            .collect();
        let namespace = input.session.namespace().unwrap_or_default();
        for (kind, name) in wanted {
            if live
                .iter()
                .any(|o| super::render::key(o) == (kind.clone(), name.clone()))
            {
                continue;
            }
            if let Some(kind) = ChildKind::named(kind) {
                live.extend(self.0.caches.store(kind).get(&namespace, name));
            }
        }
        Some(live)
    }
}
