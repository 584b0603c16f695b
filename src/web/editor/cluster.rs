//! [`ClusterWorld`]: the Sessions, Templates and children of the operator's
//! reflector stores, and its running script set.

use std::sync::Arc;

use kube::ResourceExt;
use kube::runtime::reflector::ObjectRef;
use serde::Serialize;
use serde_json::Value;

use super::world::{Mode, SessionInput, World};
use crate::controller::scripts::ScriptStore;
use crate::controller::state::Operator;
use crate::crd::Template;
use crate::script::PolicySettings;

/// The running operator's view of the cluster.
pub struct ClusterWorld(Arc<Operator>);

impl ClusterWorld {
    /// The world of `op`.
    pub fn new(op: Arc<Operator>) -> Self {
        Self(op)
    }
}

fn json<K: Serialize>(objects: impl IntoIterator<Item = Arc<K>>) -> impl Iterator<Item = Value> {
    objects
        .into_iter()
        .filter_map(|o| serde_json::to_value(o.as_ref()).ok())
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

    fn sessions(&self) -> Vec<SessionInput> {
        let stores = &self.0.stores;
        let mut sessions = stores.sessions.state();
        sessions.sort_by_key(|s| (s.namespace(), s.name_any()));
        sessions
            .into_iter()
            .map(|session| SessionInput {
                template: stores.template_of(&session),
                children: stores.observed(&session),
                session,
            })
            .collect()
    }

    fn template(&self, namespace: &str, name: &str) -> Option<Arc<Template>> {
        self.0
            .stores
            .templates
            .get(&ObjectRef::new(name).within(namespace))
    }

    fn templates(&self) -> Vec<Arc<Template>> {
        let mut templates = self.0.stores.templates.state();
        templates.sort_by_key(|t| (t.namespace(), t.name_any()));
        templates
    }

    fn live_children(
        &self,
        input: &SessionInput,
        wanted: &[(String, String)],
    ) -> Option<Vec<Value>> {
        let owned = &input.children;
        let mut live: Vec<Value> = json(owned.deployments.iter().cloned())
            .chain(json(owned.services.iter().cloned()))
            .chain(json(owned.persistent_volume_claims.iter().cloned()))
            .chain(json(owned.ingresses.iter().cloned()))
            .collect();
        let namespace = input.session.namespace().unwrap_or_default();
        let stores = &self.0.stores;
        for (kind, name) in wanted {
            if live
                .iter()
                .any(|o| super::render::key(o) == (kind.clone(), name.clone()))
            {
                continue;
            }
            let found = match kind.as_str() {
                "Deployment" => stores.deployments.get(&namespace, name),
                "Service" => stores.services.get(&namespace, name),
                "PersistentVolumeClaim" => stores.persistent_volume_claims.get(&namespace, name),
                "Ingress" => stores.ingresses.get(&namespace, name),
                _ => None,
            };
            live.extend(found);
        }
        Some(live)
    }
}
