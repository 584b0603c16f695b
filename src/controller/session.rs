//! The Session reconcile: build ctx from the stores, run `reconcile.rhai`,
//! apply its children, write status and Events. A failure affects only this
//! Session: a condition, an Event and a backoff requeue.

use std::sync::Arc;
use std::time::Instant;

use kube::api::{Patch, PatchParams};
use kube::runtime::controller::Action;
use kube::{Api, Resource, ResourceExt};

use super::apply::{FIELD_MANAGER, apply_children};
use super::state::Operator;
use super::status::{self, APPLY_ERROR, SCRIPT_ERROR};
use crate::crd::{Session, SessionState};
use crate::metrics::EvalResult;
use crate::script::{Entry, Evaluation, ReconcileDecision, ScriptError, ScriptSet, SessionContext};

/// How soon a Session reconciled before the stores synced is tried again.
const NOT_SYNCED_RETRY: std::time::Duration = std::time::Duration::from_millis(200);

/// What decides a Session's children and status.
#[derive(Debug, Clone, Copy)]
pub enum Reconciler {
    /// `reconcile.rhai` of the running script set: what the operator does.
    Scripts,
    /// A Rust function in place of the script: the baseline the benchmarks
    /// measure the script host's overhead against. A script set must still
    /// load; its version is what the status records.
    Native(fn(&SessionContext<'_>) -> ReconcileDecision),
}

impl Reconciler {
    fn decide(
        self,
        set: &ScriptSet,
        ctx: &SessionContext<'_>,
    ) -> Result<Evaluation<ReconcileDecision>, ScriptError> {
        match self {
            Self::Scripts => set.reconcile(ctx),
            Self::Native(decide) => {
                let started = Instant::now();
                let decision = decide(ctx);
                Ok(Evaluation {
                    decision,
                    logs: Vec::new(),
                    elapsed: started.elapsed(),
                })
            }
        }
    }
}

/// Why a Session reconcile failed.
#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    /// The script failed or returned a wrong decision.
    #[error(transparent)]
    Script(#[from] ScriptError),
    /// The API server refused a child.
    #[error(transparent)]
    Apply(#[from] super::apply::ApplyError),
    /// The API server refused the status.
    #[error("writing status: {0}")]
    Status(#[from] kube::Error),
}

/// The metric label of a script call's result.
pub fn eval_result<T>(result: &Result<T, ScriptError>) -> EvalResult {
    match result {
        Ok(_) => EvalResult::Ok,
        Err(ScriptError::Decision { .. }) => EvalResult::Rejected,
        Err(_) => EvalResult::Error,
    }
}

async fn write_status(
    op: &Operator,
    session: &Session,
    patch: Option<serde_json::Value>,
) -> Result<(), kube::Error> {
    let Some(patch) = patch else { return Ok(()) };
    let api: Api<Session> =
        Api::namespaced(op.client.clone(), &session.namespace().unwrap_or_default());
    api.patch_status(
        &session.name_any(),
        &PatchParams::apply(FIELD_MANAGER),
        &Patch::Merge(patch),
    )
    .await
    .map(drop)
}

/// Records a failure on the Session (condition, Event) and returns it.
async fn report(
    op: &Operator,
    session: &Session,
    type_: &str,
    error: ReconcileError,
    version: Option<&str>,
) -> ReconcileError {
    let message = error.to_string();
    tracing::warn!(session = %session.name_any(), namespace = session.namespace().as_deref().unwrap_or(""), "{message}");
    let patch = status::failed(session, type_, &message, version, jiff::Timestamp::now());
    if let Err(e) = write_status(op, session, patch).await {
        tracing::warn!(session = %session.name_any(), "could not record {type_} in status: {e}");
    }
    op.event(&session.object_ref(&()), true, type_, "Reconcile", message)
        .await;
    error
}

/// Reconciles one Session.
pub async fn reconcile(session: Arc<Session>, op: Arc<Operator>) -> Result<Action, ReconcileError> {
    if session.metadata.deletion_timestamp.is_some() {
        // Owner references let the garbage collector remove the children.
        return Ok(Action::await_change());
    }
    // Before every store has had its first list, a missing Template or child
    // only means "not seen yet": acting on it would tear down or rewrite
    // children that are fine.
    if !op.stores.synced() {
        return Ok(Action::requeue(NOT_SYNCED_RETRY));
    }
    let Some(set) = op.scripts.current() else {
        return Ok(Action::requeue(std::time::Duration::from_secs(5)));
    };
    let started = Instant::now();
    let namespace = session.namespace().unwrap_or_default();
    let template = op.stores.template_of(&session);
    let children = op.stores.observed(&session);
    let ctx = SessionContext {
        session: &session,
        template: template.as_deref(),
        children: &children,
        settings: &op.settings,
        now: jiff::Timestamp::now(),
    };
    // Scripts are CPU-bound and bounded by their deadline: run them without
    // holding up the other tasks of this worker thread.
    let evaluation = tokio::task::block_in_place(|| op.reconciler.decide(&set, &ctx));
    op.metrics.evaluated(
        Entry::Reconcile.file(),
        eval_result(&evaluation),
        started.elapsed(),
    );
    let result = async {
        let evaluation = match evaluation {
            Ok(evaluation) => evaluation,
            Err(e) => {
                return Err(
                    report(&op, &session, SCRIPT_ERROR, e.into(), Some(set.version())).await,
                );
            }
        };
        let decision = evaluation.decision;
        match apply_children(&op, &session, &decision.children).await {
            Ok(summary) => tracing::debug!(
                session = %session.name_any(),
                namespace,
                applied = summary.applied,
                unchanged = summary.skipped,
                deleted = summary.deleted,
                "children applied"
            ),
            Err(e) => {
                return Err(
                    report(&op, &session, APPLY_ERROR, e.into(), Some(set.version())).await,
                );
            }
        }
        let before = session.status.as_ref().and_then(|s| s.phase);
        let decided = status::decided(&session, &decision.status, set.version(), ctx.now);
        if let Err(e) = write_status(&op, &session, decided).await {
            return Err(report(&op, &session, APPLY_ERROR, e.into(), Some(set.version())).await);
        }
        let reference = session.object_ref(&());
        if before != Some(decision.status.phase) {
            let phase = format!("{:?}", decision.status.phase);
            let note = match before {
                Some(before) => format!("Session phase changed from {before:?} to {phase}"),
                None => format!("Session phase is {phase}"),
            };
            op.event(&reference, false, &phase, "Reconcile", note).await;
        }
        for event in &decision.events {
            let warning = matches!(event.type_, crate::script::decision::EventType::Warning);
            op.event(
                &reference,
                warning,
                &event.reason,
                "Reconcile",
                event.message.clone(),
            )
            .await;
        }
        if session.spec.state == SessionState::Running {
            op.idle.ensure(&session);
        }
        Ok(decision
            .requeue_after
            .map_or_else(Action::await_change, |after| {
                Action::requeue(after.as_std())
            }))
    }
    .await;
    op.metrics
        .reconciled(&namespace, result.is_ok(), started.elapsed());
    if result.is_ok() {
        op.succeeded(&format!("{namespace}/{}", session.name_any()));
    }
    result
}

/// Requeues a failed Session with a growing backoff.
pub fn error_policy(session: Arc<Session>, _error: &ReconcileError, op: Arc<Operator>) -> Action {
    let key = format!(
        "{}/{}",
        session.namespace().unwrap_or_default(),
        session.name_any()
    );
    Action::requeue(op.failed(&key))
}
