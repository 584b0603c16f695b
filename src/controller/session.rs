//! The Session controller: build the inputs from the caches, run
//! `reconcile.rhai`, apply its children, write status and Events. A failure
//! affects only this Session: a condition, an Event and a backoff requeue.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::stream::BoxStream;
use futures::{StreamExt, TryStreamExt};
use kube::api::{Patch, PatchParams};
use kube::runtime::controller::{self, Action, Controller};
use kube::runtime::events::EventType;
use kube::runtime::reflector::ObjectRef;
use kube::runtime::{Predicate, WatchStreamExt, predicates, watcher};
use kube::{Api, Resource, ResourceExt};

use super::apply::{ApplyError, apply_children, hash_of};
use super::caches::{ChildChanges, scoped};
use super::context::Context;
use super::logging::log_result;
use super::reconcile_log::ReconcileSummary;
use super::status;
use crate::crd::{Session, SessionPhase, SessionState, Template};
use crate::keys::FIELD_MANAGER;
use crate::script::ScriptError;
use crate::script::decision::EventType as DecidedEventType;

/// How soon a Session reconciled before the caches synced is tried again.
const NOT_SYNCED_RETRY: Duration = Duration::from_millis(200);

/// How soon a Session is tried again while no script set has loaded.
const NO_SCRIPTS_RETRY: Duration = Duration::from_secs(5);

/// Why a Session reconcile failed.
#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    /// The script failed or returned a wrong decision.
    #[error(transparent)]
    Script(#[from] ScriptError),
    /// The API server refused a child.
    #[error(transparent)]
    Apply(#[from] ApplyError),
    /// The API server refused the status.
    #[error("writing status: {0}")]
    Status(#[from] kube::Error),
}

impl ReconcileError {
    /// The condition type (and Event reason) that reports it on the Session.
    pub fn condition_type(&self) -> &'static str {
        match self {
            Self::Script(_) => status::SCRIPT_ERROR,
            Self::Apply(_) => status::APPLY_ERROR,
            Self::Status(_) => status::STATUS_ERROR,
        }
    }
}

/// Writes a status patch; whether it wrote (`false`: nothing to change).
async fn write_status(
    ctx: &Context,
    session: &Session,
    patch: Option<serde_json::Value>,
) -> Result<bool, kube::Error> {
    let Some(patch) = patch else {
        return Ok(false);
    };
    let namespace = session.namespace().unwrap_or_default();
    // The same patch computed from the same version of the Session was
    // written a moment ago: the cache has not shown that write yet (a
    // reconcile ran right after the last one), so it would change nothing.
    // A status changed since (by hand, or by this write) is another version.
    let key = format!(
        "Session/{namespace}/{}/status@{}",
        session.name_any(),
        session.resource_version().unwrap_or_default()
    );
    let content = hash_of(&patch);
    if ctx.recent.applied_lately(&key, &content) {
        return Ok(false);
    }
    let api: Api<Session> = Api::namespaced(ctx.kube.client().clone(), &namespace);
    api.patch_status(
        &session.name_any(),
        &PatchParams::apply(FIELD_MANAGER),
        &Patch::Merge(patch),
    )
    .await?;
    ctx.recent.record(key, &content);
    Ok(true)
}

/// Records a failure on the Session (condition, Event) and returns it.
async fn report(
    ctx: &Context,
    session: &Session,
    error: ReconcileError,
    version: &str,
) -> ReconcileError {
    let message = error.to_string();
    let type_ = error.condition_type();
    if !matches!(error, ReconcileError::Script(_)) {
        // The evaluator has logged script failures already.
        tracing::warn!(session = %session.name_any(), namespace = session.namespace().as_deref().unwrap_or(""), "{message}");
    }
    let patch = status::failed(
        session,
        type_,
        &message,
        Some(version),
        jiff::Timestamp::now(),
    );
    if let Err(e) = write_status(ctx, session, patch).await {
        tracing::warn!(session = %session.name_any(), "could not record {type_} in status: {e}");
    }
    ctx.kube
        .event(
            &session.object_ref(&()),
            EventType::Warning,
            type_,
            "Reconcile",
            message,
        )
        .await;
    error
}

/// Whether a phase change is worth an Event: one a person acts on or
/// wants to find later (failed, hibernated, woken, terminated). The steps
/// of every start (Pending, then Running) are not: at a thousand Sessions
/// they would be noise, and Kubernetes' own controllers do not report a
/// pod becoming ready either.
fn phase_change_noted(before: Option<SessionPhase>, phase: SessionPhase) -> bool {
    match phase {
        SessionPhase::Failed | SessionPhase::Hibernated | SessionPhase::Terminated => true,
        SessionPhase::Pending | SessionPhase::Running => before == Some(SessionPhase::Hibernated),
    }
}

/// The Events of a reconcile that succeeded: a phase change worth noting
/// (a Warning when the Session failed) and those the script asked for.
async fn publish_events(
    ctx: &Context,
    session: &Session,
    before: Option<SessionPhase>,
    decision: &crate::script::ReconcileDecision,
) {
    let reference = session.object_ref(&());
    let phase = decision.status.phase;
    if before != Some(phase) && phase_change_noted(before, phase) {
        let note = match before {
            Some(before) => format!(
                "Session phase changed from {} to {}",
                before.as_str(),
                phase.as_str()
            ),
            None => format!("Session phase is {}", phase.as_str()),
        };
        let type_ = if phase == SessionPhase::Failed {
            EventType::Warning
        } else {
            EventType::Normal
        };
        ctx.kube
            .event(&reference, type_, phase.as_str(), "Reconcile", note)
            .await;
    }
    for event in &decision.events {
        let type_ = match event.type_ {
            DecidedEventType::Normal => EventType::Normal,
            DecidedEventType::Warning => EventType::Warning,
        };
        ctx.kube
            .event(
                &reference,
                type_,
                &event.reason,
                "Reconcile",
                event.message.clone(),
            )
            .await;
    }
}

/// Reconciles one Session.
pub async fn reconcile(session: Arc<Session>, ctx: Arc<Context>) -> Result<Action, ReconcileError> {
    if session.metadata.deletion_timestamp.is_some() {
        // Owner references let the garbage collector remove the children.
        return Ok(Action::await_change());
    }
    // Before every cache has had its first list, a missing Template or
    // child only means "not seen yet": acting on it would tear down or
    // rewrite children that are fine.
    if !ctx.caches.synced() {
        return Ok(Action::requeue(NOT_SYNCED_RETRY));
    }
    let Some(set) = ctx.scripts.current() else {
        return Ok(Action::requeue(NO_SCRIPTS_RETRY));
    };
    let started = Instant::now();
    let namespace = session.namespace().unwrap_or_default();
    let now = jiff::Timestamp::now();
    let input = ctx.caches.input(Arc::clone(&session));
    let evaluation = ctx.evaluator.reconcile(&set, &input, now);
    ctx.evaluated.record(&session, set.version());
    let result = async {
        let decision = match evaluation {
            Ok(evaluation) => evaluation.decision,
            Err(e) => return Err(report(&ctx, &session, e.into(), set.version()).await),
        };
        let summary = match apply_children(&ctx, &session, &decision.children).await {
            Ok(summary) => summary,
            Err(e) => return Err(report(&ctx, &session, e.into(), set.version()).await),
        };
        let before = session.status.as_ref().and_then(|s| s.phase);
        let children_written = summary.applied + summary.deleted > 0;
        let decided = status::decided(
            &session,
            &decision.status,
            set.version(),
            children_written,
            now,
        );
        let status_written = match write_status(&ctx, &session, decided).await {
            Ok(written) => written,
            Err(e) => return Err(report(&ctx, &session, e.into(), set.version()).await),
        };
        ctx.reconcile_log.log(&ReconcileSummary {
            // Formatted only for the lines the limit lets through.
            namespace: &namespace,
            name: session.metadata.name.as_deref().unwrap_or_default(),
            version: set.version(),
            phase: decision.status.phase,
            applied: summary.applied,
            unchanged: summary.skipped,
            deleted: summary.deleted,
            status_written,
            took: started.elapsed(),
        });
        publish_events(&ctx, &session, before, &decision).await;
        if session.spec.state == SessionState::Running {
            ctx.idle.ensure(&session);
        }
        Ok(decision
            .requeue_after
            .map_or_else(Action::await_change, |after| {
                Action::requeue(after.as_std())
            }))
    }
    .await;
    ctx.metrics
        .reconciled(&namespace, result.is_ok(), started.elapsed());
    if result.is_ok() {
        ctx.session_failures.forget(&session);
    }
    result
}

/// Requeues a failed Session with a growing backoff.
pub fn error_policy(session: Arc<Session>, _error: &ReconcileError, ctx: Arc<Context>) -> Action {
    Action::requeue(ctx.session_failures.failed(&session))
}

/// The Sessions' triggers: their events, their children's changes and the
/// scope whose Templates to watch.
pub struct SessionTriggers {
    /// Session events, reflected into the caches.
    pub sessions: BoxStream<'static, Result<watcher::Event<Session>, watcher::Error>>,
    /// Each child kind's changed objects.
    pub children: Vec<ChildChanges>,
    /// The namespace whose Templates to watch (every one when empty).
    pub namespace: String,
}

/// Runs the Session controller until `shutdown`, reconciling `concurrency`
/// Sessions at once. A Session is reconciled when its spec, labels or
/// annotations change (its status is the operator's own output), when one
/// of its children or its Template changes, and after every script reload.
pub async fn run(
    ctx: Arc<Context>,
    triggers: SessionTriggers,
    concurrency: u16,
    shutdown: impl Future<Output = ()> + Send + Sync + 'static,
) {
    let deleted = Arc::clone(&ctx);
    let sessions = triggers
        .sessions
        .inspect_ok(move |event| {
            if let watcher::Event::Delete(session) = event {
                deleted.session_failures.forget(session);
                deleted.evaluated.forget(session);
            }
        })
        .applied_objects()
        .predicate_filter(
            predicates::generation
                .combine(predicates::labels)
                .combine(predicates::annotations),
            Default::default(),
        );
    let mut controller = Controller::for_stream(sessions, ctx.caches.sessions.clone());
    for changes in triggers.children {
        controller = controller.owns_stream_with(changes.objects, changes.resource);
    }
    let caches = Arc::clone(&ctx.caches);
    controller
        .watches(
            scoped::<Template>(ctx.kube.client(), &triggers.namespace),
            watcher::Config::default(),
            move |template: Template| {
                let namespace = template.namespace();
                let name = template.name_any();
                caches
                    .sessions
                    .state()
                    .into_iter()
                    .filter(|s| s.namespace() == namespace && s.spec.template == name)
                    .map(|s| ObjectRef::from_obj(s.as_ref()))
                    .collect::<Vec<_>>()
            },
        )
        .reconcile_all_on(ctx.scripts.swaps())
        .with_config(controller::Config::default().concurrency(concurrency))
        .graceful_shutdown_on(shutdown)
        .run(reconcile, error_policy, Arc::clone(&ctx))
        .for_each(|result| async move { log_result(result) })
        .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_phase_changes_a_person_acts_on_are_events() {
        use SessionPhase::*;
        assert!(!phase_change_noted(None, Pending), "a new Session");
        assert!(!phase_change_noted(Some(Pending), Running), "it started");
        assert!(phase_change_noted(Some(Running), Failed));
        assert!(phase_change_noted(Some(Running), Hibernated));
        assert!(phase_change_noted(Some(Hibernated), Pending), "woken");
        assert!(phase_change_noted(Some(Running), Terminated));
    }

    #[test]
    fn each_failure_is_reported_under_its_own_condition() {
        let refused = kube::core::Status::failure("status.url: Invalid value", "Invalid");
        let status = ReconcileError::Status(kube::Error::Api(Box::new(refused.with_code(422))));
        assert_eq!(status.condition_type(), "StatusError");
        let script = ReconcileError::Script(ScriptError::Input {
            script: "reconcile.rhai".into(),
            message: "bad".into(),
        });
        assert_eq!(script.condition_type(), "ScriptError");
    }
}
