//! [`ExampleWorld`]: the playground's Sessions. The example Sessions are
//! reconciled by the running set whenever it changes, and keep the status
//! the operator would have written (phase, url, conditions, script
//! version), so the session list, the rollout view and the next reconcile
//! see what they would see in a cluster. Nothing has children: there is no
//! cluster to run them. The examples' quota ConfigMap, if any, holds the
//! quotas.

use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::examples::Examples;
use crate::controller::evaluate::Evaluator;
use crate::controller::scripts::ScriptStore;
use crate::controller::status::{self, SCRIPT_ERROR};
use crate::crd::{Session, SessionStatus, Template};
use crate::quota::Quotas;
use crate::script::{ObservedChildren, PolicySettings, ScriptSet, SessionInput};
use crate::web::editor::{Mode, World};

/// The example Sessions and Templates with the running set.
pub struct ExampleWorld {
    scripts: Arc<ScriptStore>,
    evaluator: Evaluator,
    sessions: Vec<Session>,
    templates: Vec<Arc<Template>>,
    quotas: Arc<Quotas>,
    // The Sessions as last reconciled, with the version that did it.
    reconciled: Mutex<Option<(String, Vec<SessionInput>)>>,
}

/// `status` with a status merge patch (`{"status": {...}}`) applied.
fn patched(status: Option<&SessionStatus>, patch: Option<Value>) -> Option<SessionStatus> {
    let Some(Value::Object(fields)) = patch.and_then(|mut p| p.get_mut("status").map(Value::take))
    else {
        return status.cloned();
    };
    let mut merged = serde_json::to_value(status.cloned().unwrap_or_default()).ok()?;
    let object = merged.as_object_mut()?;
    for (key, value) in fields {
        if value.is_null() {
            object.remove(&key);
        } else {
            object.insert(key, value);
        }
    }
    serde_json::from_value(merged).ok()
}

impl ExampleWorld {
    /// The examples, reconciled by whatever `scripts` runs.
    pub fn new(scripts: Arc<ScriptStore>, settings: PolicySettings, examples: Examples) -> Self {
        Self {
            scripts,
            evaluator: Evaluator::preview(settings),
            sessions: examples.sessions,
            templates: examples.templates.into_iter().map(Arc::new).collect(),
            quotas: Arc::new(examples.quotas),
            reconciled: Mutex::new(None),
        }
    }

    fn input(&self, session: Session) -> SessionInput {
        let namespace = session.metadata.namespace.clone().unwrap_or_default();
        SessionInput {
            template: self.template(&namespace, &session.spec.template),
            session: Arc::new(session),
            children: ObservedChildren::default(),
        }
    }

    /// A Session after a reconcile by `set`: the status the operator writes.
    fn reconcile(&self, set: &ScriptSet, session: &Session) -> Session {
        let input = self.input(session.clone());
        let now = jiff::Timestamp::now();
        let patch = match self.evaluator.reconcile(set, &input, now) {
            Ok(e) => status::decided(session, &e.decision.status, set.version(), false, now),
            Err(e) => status::failed(
                session,
                SCRIPT_ERROR,
                &e.to_string(),
                Some(set.version()),
                now,
            ),
        };
        Session {
            status: patched(session.status.as_ref(), patch),
            ..session.clone()
        }
    }
}

impl World for ExampleWorld {
    fn mode(&self) -> Mode {
        Mode::Playground
    }

    fn running(&self) -> &ScriptStore {
        &self.scripts
    }

    fn settings(&self) -> &PolicySettings {
        self.evaluator.settings()
    }

    fn quotas(&self) -> Arc<Quotas> {
        Arc::clone(&self.quotas)
    }

    fn sessions(&self) -> Vec<SessionInput> {
        let Some(set) = self.scripts.current() else {
            return self
                .sessions
                .iter()
                .cloned()
                .map(|s| self.input(s))
                .collect();
        };
        let mut reconciled = self.reconciled.lock().unwrap_or_else(|e| e.into_inner());
        match reconciled.as_ref() {
            Some((version, inputs)) if version == set.version() => inputs.clone(),
            _ => {
                let inputs: Vec<SessionInput> = self
                    .sessions
                    .iter()
                    .map(|s| self.input(self.reconcile(&set, s)))
                    .collect();
                *reconciled = Some((set.version().to_owned(), inputs.clone()));
                inputs
            }
        }
    }

    fn evaluated_version(&self, _input: &SessionInput) -> Option<String> {
        // `sessions` evaluates every example with the running set.
        self.scripts.current().map(|set| set.version().to_owned())
    }

    fn template(&self, namespace: &str, name: &str) -> Option<Arc<Template>> {
        self.templates
            .iter()
            .find(|t| {
                t.metadata.namespace.as_deref() == Some(namespace)
                    && t.metadata.name.as_deref() == Some(name)
            })
            .cloned()
    }

    fn templates(&self) -> Vec<Arc<Template>> {
        self.templates.clone()
    }

    fn live_children(&self, _: &SessionInput, _: &[(String, String)]) -> Option<Vec<Value>> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crd::SessionPhase;

    #[test]
    fn a_status_patch_replaces_and_removes_fields() {
        let before = SessionStatus {
            url: Some("https://old".into()),
            last_activity: Some("2026-01-01T00:00:00Z".into()),
            ..SessionStatus::default()
        };
        let patch = serde_json::json!({ "status": { "phase": "Hibernated", "url": null } });
        let after = patched(Some(&before), Some(patch)).unwrap();
        assert_eq!(after.phase, Some(SessionPhase::Hibernated));
        assert_eq!(after.url, None);
        assert_eq!(after.last_activity, before.last_activity);
        assert_eq!(patched(Some(&before), None), Some(before));
    }
}
