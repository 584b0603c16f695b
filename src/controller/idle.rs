//! The idle policy: `idle.rhai` runs for each running Session when its last
//! `check_after` is due, not by polling every Session on a timer.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use kube::ResourceExt;
use kube::runtime::reflector::ObjectRef;
use tokio::sync::mpsc;
use tokio_util::time::DelayQueue;

use super::session::eval_result;
use super::state::Operator;
use super::transitions::set_state;
use crate::crd::{Session, SessionState};
use crate::script::decision::IdleAction;
use crate::script::{Entry, SessionContext};

/// When no `check_after` is given.
const DEFAULT_CHECK_AFTER: Duration = Duration::from_secs(60);
/// After a failed check (script error, conflict).
const RETRY_AFTER: Duration = Duration::from_secs(30);

/// The Sessions with an idle check scheduled.
pub struct IdleSchedule {
    tx: mpsc::UnboundedSender<(ObjectRef<Session>, Duration)>,
    scheduled: Mutex<HashSet<ObjectRef<Session>>>,
}

/// Receives the checks to schedule; drained by [`run`].
pub type IdleQueue = mpsc::UnboundedReceiver<(ObjectRef<Session>, Duration)>;

impl IdleSchedule {
    /// A schedule and the queue its loop consumes.
    pub fn new() -> (Self, IdleQueue) {
        let (tx, rx) = mpsc::unbounded_channel();
        let schedule = Self {
            tx,
            scheduled: Mutex::default(),
        };
        (schedule, rx)
    }

    /// Schedules a check now unless one is already scheduled.
    pub fn ensure(&self, session: &Session) {
        let key = ObjectRef::from_obj(session);
        if self
            .scheduled
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.clone())
        {
            let _ = self.tx.send((key, Duration::ZERO));
        }
    }

    fn again(&self, key: ObjectRef<Session>, after: Duration) {
        let _ = self.tx.send((key, after));
    }

    fn forget(&self, key: &ObjectRef<Session>) {
        self.scheduled
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

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
async fn check(op: &Operator, key: &ObjectRef<Session>) -> Option<Duration> {
    let session = op.stores.sessions.get(key)?;
    if session.spec.state != SessionState::Running || session.metadata.deletion_timestamp.is_some()
    {
        return None;
    }
    let Some(set) = op.scripts.current() else {
        return Some(RETRY_AFTER);
    };
    let template = op.stores.template_of(&session);
    let children = op.stores.observed(&session);
    let now = jiff::Timestamp::now();
    let ctx = SessionContext {
        session: &session,
        template: template.as_deref(),
        children: &children,
        settings: &op.settings,
        now,
    };
    let started = Instant::now();
    let decision = tokio::task::block_in_place(|| set.idle(&ctx));
    op.metrics.evaluated(
        Entry::Idle.file(),
        eval_result(&decision),
        started.elapsed(),
    );
    let decision = match decision {
        Ok(evaluation) => evaluation.decision,
        Err(e) => {
            tracing::warn!(session = %session.name_any(), "idle check failed: {e}");
            return Some(RETRY_AFTER);
        }
    };
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
    match set_state(op, &session, target, "idle", &decision.reason).await {
        Ok(()) => {
            let namespace = session.namespace().unwrap_or_default();
            op.metrics
                .hibernated(&namespace, &decision.reason, idle_for(&session, now));
            None
        }
        Err(e) => {
            tracing::warn!(session = %session.name_any(), "could not set state: {e}");
            Some(RETRY_AFTER)
        }
    }
}

/// Runs the idle checks as they come due, until the queue closes.
pub async fn run(op: Arc<Operator>, mut queue: IdleQueue) {
    let mut due: DelayQueue<ObjectRef<Session>> = DelayQueue::new();
    loop {
        tokio::select! {
            scheduled = queue.recv() => match scheduled {
                Some((key, after)) => { due.insert(key, after); }
                None => return,
            },
            Some(expired) = due.next(), if !due.is_empty() => {
                let key = expired.into_inner();
                let op = Arc::clone(&op);
                tokio::spawn(async move {
                    match check(&op, &key).await {
                        Some(after) => op.idle.again(key, after),
                        None => op.idle.forget(&key),
                    }
                });
            }
        }
    }
}
