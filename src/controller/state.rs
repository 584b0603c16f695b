//! What every controller task shares: the client, the stores, the running
//! scripts, settings, the event recorder, metrics and the idle schedule.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;

use k8s_openapi::api::core::v1::ObjectReference;
use kube::Client;
use kube::runtime::events::{Event, EventType, Recorder};

use super::idle::IdleSchedule;
use super::recent::RecentApplies;
use super::scripts::ScriptStore;
use super::session::Reconciler;
use super::stores::Stores;
use crate::metrics::Metrics;
use crate::script::PolicySettings;

/// Shared state of the running operator.
pub struct Operator {
    /// The Kubernetes client.
    pub client: Client,
    /// Reflector stores.
    pub stores: Stores,
    /// The running script set.
    pub scripts: Arc<ScriptStore>,
    /// Settings passed to scripts as `ctx.config`.
    pub settings: PolicySettings,
    /// Records Kubernetes Events.
    pub recorder: Recorder,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// When each running Session's idle policy runs next.
    pub idle: IdleSchedule,
    /// What decides each Session's children and status.
    pub reconciler: Reconciler,
    /// Child writes the stores may not show yet.
    pub recent: RecentApplies,
    failures: Mutex<HashMap<String, u32>>,
}

/// Backoff after failed reconciles of one object: 5 s doubling to 5 min.
fn backoff(failures: u32) -> Duration {
    Duration::from_secs((5u64 << failures.min(6)).min(300))
}

impl Operator {
    /// Assembles the shared state.
    pub fn new(
        client: Client,
        stores: Stores,
        scripts: Arc<ScriptStore>,
        settings: PolicySettings,
        recorder: Recorder,
        metrics: Metrics,
        idle: IdleSchedule,
    ) -> Self {
        Self {
            client,
            stores,
            scripts,
            settings,
            recorder,
            metrics,
            idle,
            reconciler: Reconciler::Scripts,
            recent: RecentApplies::default(),
            failures: Mutex::default(),
        }
    }

    /// The same state with another [`Reconciler`].
    pub fn with_reconciler(self, reconciler: Reconciler) -> Self {
        Self { reconciler, ..self }
    }

    /// Whether the stores have synced and a script set is loaded.
    pub fn ready(&self) -> bool {
        self.stores.synced() && self.scripts.current().is_some()
    }

    /// Records a failed reconcile of `key` and returns how long to wait.
    pub fn failed(&self, key: &str) -> Duration {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let count = failures.entry(key.to_owned()).or_default();
        let wait = backoff(*count);
        *count += 1;
        wait
    }

    /// Forgets the failures of `key` after a good reconcile.
    pub fn succeeded(&self, key: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }

    /// Publishes an Event; a failure to record it is logged, never fatal.
    pub async fn event(
        &self,
        reference: &ObjectReference,
        warning: bool,
        reason: &str,
        action: &str,
        note: String,
    ) {
        let event = Event {
            type_: if warning {
                EventType::Warning
            } else {
                EventType::Normal
            },
            reason: reason.to_owned(),
            note: Some(note),
            action: action.to_owned(),
            secondary: None,
        };
        if let Err(e) = self.recorder.publish(&event, reference).await {
            tracing::warn!(reason, "could not record event: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;
    use std::time::Duration;

    #[test]
    fn backoff_doubles_to_five_minutes() {
        let waits: Vec<u64> = (0..9).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 300, 300, 300]);
        assert_eq!(backoff(u32::MAX), Duration::from_secs(300));
    }
}
