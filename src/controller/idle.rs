//! The idle policy: `idle.rhai` runs for each running Session when its last
//! `check_after` is due (see [`super::schedule`]), not by polling every
//! Session on a timer.

use std::sync::Arc;
use std::time::Duration;

use kube::ResourceExt;
use kube::runtime::reflector::ObjectRef;

use super::context::Context;
use super::evaluate::Idle;
use super::schedule::{IdleQueue, Pending};
use super::transitions::set_state;
use crate::crd::{Session, SessionState};
use crate::script::decision::IdleAction;

/// When no `check_after` is given.
const DEFAULT_CHECK_AFTER: Duration = Duration::from_secs(60);
/// After a failed check (script error, conflict).
const RETRY_AFTER: Duration = Duration::from_secs(30);

/// How long the Session has been idle: since `lastActivity`, else since it
/// was created.
fn idle_for(session: &Session, now: jiff::Timestamp) -> Option<Duration> {
    let since = session
        .status
        .as_ref()
        .and_then(|s| s.last_activity.as_deref())
        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
        .or_else(|| session.creation_timestamp().map(|t| t.0))?;
    Duration::try_from(now.duration_since(since)).ok()
}

/// Runs one check; returns when to check again, or `None` to stop.
async fn check(ctx: &Context, key: &ObjectRef<Session>) -> Option<Duration> {
    let session = ctx.caches.sessions.get(key)?;
    if session.spec.state != SessionState::Running || session.metadata.deletion_timestamp.is_some()
    {
        return None;
    }
    let Some(set) = ctx.scripts.current() else {
        return Some(RETRY_AFTER);
    };
    let now = jiff::Timestamp::now();
    let input = ctx.caches.input(Arc::clone(&session));
    let Ok(evaluation) = ctx.evaluator.session(&set, &Idle, &input, now) else {
        // The evaluator logged why.
        return Some(RETRY_AFTER);
    };
    let decision = evaluation.decision;
    let target = match decision.action {
        IdleAction::None => {
            return Some(
                decision
                    .check_after
                    .map_or(DEFAULT_CHECK_AFTER, |d| d.as_std()),
            );
        }
        IdleAction::Hibernate => SessionState::Hibernated,
        IdleAction::Terminate => SessionState::Terminated,
    };
    match set_state(&ctx.kube, &session, target, "idle", &decision.reason).await {
        Ok(()) => {
            let namespace = session.namespace().unwrap_or_default();
            ctx.metrics.idle_acted(
                &namespace,
                target,
                &decision.reason,
                idle_for(&session, now),
            );
            None
        }
        Err(e) => {
            tracing::warn!(session = %session.name_any(), "could not set state: {e}");
            Some(RETRY_AFTER)
        }
    }
}

/// Runs the idle checks as they come due, until the queue closes.
pub async fn run(ctx: Arc<Context>, mut queue: IdleQueue) {
    let mut pending = Pending::default();
    loop {
        tokio::select! {
            scheduled = queue.recv() => match scheduled {
                Some((key, after)) => pending.schedule(key, after),
                None => return,
            },
            key = pending.next_due() => {
                let ctx = Arc::clone(&ctx);
                tokio::spawn(async move {
                    match check(&ctx, &key).await {
                        Some(after) => ctx.idle.again(key, after),
                        None => ctx.idle.forget(&key),
                    }
                });
            }
        }
    }
}
