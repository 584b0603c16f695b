//! What the parts of the running operator share, split by who needs what:
//! the controllers and the idle loop get a [`Context`]; the HTTP server gets
//! a read-only [`View`] and writes only through the activity endpoints'
//! own handle.

use std::sync::Arc;

use kube::ResourceExt;

use super::caches::Caches;
use super::evaluate::Evaluator;
use super::evaluated::EvaluatedVersions;
use super::failures::Failures;
use super::kube::Kube;
use super::quotas::QuotaStore;
use super::recent::RecentApplies;
use super::reconcile_log::ReconcileLog;
use super::schedule::IdleSchedule;
use super::scripts::ScriptStore;
use crate::crd::{Session, SessionPhase, Template};
use crate::metrics::{Metrics, SessionSample};
use crate::script::PolicySettings;

/// What the Session and Template controllers, the idle loop and the
/// policy's state changes share.
pub struct Context {
    /// Writes and Events.
    pub kube: Kube,
    /// The watch caches.
    pub caches: Arc<Caches>,
    /// The running script set.
    pub scripts: Arc<ScriptStore>,
    /// The per-user quotas in force (the quota ConfigMap's, watched with
    /// `--admission`; none without).
    pub quotas: Arc<QuotaStore>,
    /// Runs the scripts, counted.
    pub evaluator: Evaluator,
    /// The version that last evaluated each Session.
    pub evaluated: Arc<EvaluatedVersions>,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// When each running Session's idle policy runs next.
    pub idle: IdleSchedule,
    /// Child writes the caches may not show yet.
    pub recent: RecentApplies,
    /// The per-reconcile log lines, rate-limited.
    pub reconcile_log: ReconcileLog,
    /// Backoff of failing Sessions.
    pub session_failures: Failures<Session>,
    /// Backoff of failing Templates.
    pub template_failures: Failures<Template>,
}

impl Context {
    /// The read-only view of this operator.
    pub fn view(&self) -> View {
        View {
            caches: Arc::clone(&self.caches),
            scripts: Arc::clone(&self.scripts),
            quotas: Arc::clone(&self.quotas),
            settings: self.evaluator.settings().clone(),
            metrics: self.metrics.clone(),
            evaluated: Arc::clone(&self.evaluated),
        }
    }
}

/// What the HTTP server may read of the running operator.
#[derive(Clone)]
pub struct View {
    /// The watch caches.
    pub caches: Arc<Caches>,
    /// The running script set.
    pub scripts: Arc<ScriptStore>,
    /// The per-user quotas in force.
    pub quotas: Arc<QuotaStore>,
    /// The settings scripts get as `ctx.config`.
    pub settings: PolicySettings,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// The version that last evaluated each Session.
    pub evaluated: Arc<EvaluatedVersions>,
}

impl View {
    /// `Ok` once the caches synced and a script set loaded, else every
    /// reason the operator cannot reconcile yet.
    pub fn readiness(&self) -> Result<(), Vec<String>> {
        let mut reasons = Vec::new();
        if !self.caches.synced() {
            reasons.push(
                "waiting for the initial sync of Sessions, Templates and children".to_owned(),
            );
        }
        if self.scripts.current().is_none() {
            let why = self
                .scripts
                .last_failure()
                .map(|f| format!(": {}", f.error))
                .unwrap_or_default();
            reasons.push(format!("no script set loaded{why}"));
        }
        if reasons.is_empty() {
            Ok(())
        } else {
            Err(reasons)
        }
    }

    /// Every metric in the Prometheus text format, with the Session gauges
    /// recomputed from the cache.
    pub fn scrape(&self) -> String {
        let samples: Vec<SessionSample> = self
            .caches
            .sessions
            .state()
            .iter()
            .map(|s| sample(s, &self.evaluated))
            .collect();
        self.metrics.set_sessions(&samples, jiff::Timestamp::now());
        self.metrics.render()
    }
}

/// What the Session gauges count of `session`.
fn sample(session: &Session, evaluated: &EvaluatedVersions) -> SessionSample {
    let status = session.status.as_ref();
    SessionSample {
        namespace: session.namespace().unwrap_or_default(),
        state: session.spec.state,
        phase: status.and_then(|s| s.phase),
        version: evaluated
            .of(session)
            .map_or_else(|| "none".into(), |v| v.to_string()),
        pending_since: pending_since(session),
    }
}

/// Since when a Session is Pending: its `Ready` condition's last change
/// (the default scripts set it False while they wait), else its creation.
fn pending_since(session: &Session) -> Option<jiff::Timestamp> {
    let status = session.status.as_ref()?;
    if status.phase != Some(SessionPhase::Pending) {
        return None;
    }
    let ready = status.conditions.iter().find(|c| c.type_ == "Ready");
    ready
        .map(|c| c.last_transition_time.0)
        .or_else(|| session.creation_timestamp().map(|t| t.0))
}
