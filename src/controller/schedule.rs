//! When each running Session's idle policy runs next: at most one pending
//! check per Session, at the earliest time asked, kept by the Session's
//! `check_after` rather than by polling every Session on a timer.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use futures::StreamExt;
use kube::runtime::reflector::ObjectRef;
use tokio::sync::mpsc;
use tokio_util::time::{DelayQueue, delay_queue};

use crate::crd::Session;

/// The Sessions with an idle check scheduled, with the generation of the
/// spec each was scheduled for.
pub struct IdleSchedule {
    tx: mpsc::UnboundedSender<(ObjectRef<Session>, Duration)>,
    scheduled: Mutex<HashMap<ObjectRef<Session>, Option<i64>>>,
}

/// Receives the checks to schedule; drained by [`super::idle::run`].
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

    /// Schedules a check now unless one is already scheduled for this
    /// generation of the spec. A changed spec (a shorter `idleTimeout`, say)
    /// is checked at once rather than at a time computed from the old one.
    pub fn ensure(&self, session: &Session) {
        let key = ObjectRef::from_obj(session);
        let generation = session.metadata.generation;
        let previous = self
            .scheduled
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.clone(), generation);
        if previous != Some(generation) {
            let _ = self.tx.send((key, Duration::ZERO));
        }
    }

    /// Schedules the next check of `key` after `after`.
    pub fn again(&self, key: ObjectRef<Session>, after: Duration) {
        let _ = self.tx.send((key, after));
    }

    /// Forgets `key`: its checks have ended (it stopped running, or is gone).
    pub fn forget(&self, key: &ObjectRef<Session>) {
        self.scheduled
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

/// The pending checks: at most one per Session, at the earliest time asked.
#[derive(Default)]
pub struct Pending {
    due: DelayQueue<ObjectRef<Session>>,
    keys: HashMap<ObjectRef<Session>, (delay_queue::Key, tokio::time::Instant)>,
}

impl Pending {
    /// Checks `session` after `after`, or keeps its pending check when that
    /// one is sooner.
    pub fn schedule(&mut self, session: ObjectRef<Session>, after: Duration) {
        let at = tokio::time::Instant::now() + after;
        match self.keys.get_mut(&session) {
            Some((key, pending)) => {
                if at < *pending {
                    self.due.reset_at(key, at);
                    *pending = at;
                }
            }
            None => {
                let key = self.due.insert_at(session.clone(), at);
                self.keys.insert(session, (key, at));
            }
        }
    }

    /// The next Session whose check is due; pending forever when none is.
    pub async fn next_due(&mut self) -> ObjectRef<Session> {
        match self.due.next().await {
            Some(expired) => {
                let session = expired.into_inner();
                self.keys.remove(&session);
                session
            }
            None => std::future::pending().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(name: &str, generation: i64) -> Session {
        let mut session = Session::new(
            name,
            serde_json::from_value(serde_json::json!({"user": "u", "template": "t"})).unwrap(),
        );
        session.metadata.namespace = Some("ns".into());
        session.metadata.generation = Some(generation);
        session
    }

    #[test]
    fn a_check_is_scheduled_once_per_generation_of_the_spec() {
        let (schedule, mut queue) = IdleSchedule::new();
        schedule.ensure(&session("a", 1));
        schedule.ensure(&session("a", 1));
        assert_eq!(
            queue.try_recv().map(|(k, after)| (k.name, after)),
            Ok(("a".into(), Duration::ZERO))
        );
        assert!(
            queue.try_recv().is_err(),
            "the same generation is not scheduled twice"
        );
        schedule.ensure(&session("a", 2));
        assert_eq!(
            queue.try_recv().map(|(k, after)| (k.name, after)),
            Ok(("a".into(), Duration::ZERO)),
            "a changed spec is checked at once"
        );
        schedule.forget(&ObjectRef::from_obj(&session("a", 2)));
        schedule.ensure(&session("a", 2));
        assert!(
            queue.try_recv().is_ok(),
            "a forgotten Session is scheduled again"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_sooner_check_replaces_a_later_one_and_never_the_reverse() {
        let mut pending = Pending::default();
        let a = ObjectRef::from_obj(&session("a", 1));
        let b = ObjectRef::from_obj(&session("b", 1));
        pending.schedule(a.clone(), Duration::from_secs(3600));
        pending.schedule(b.clone(), Duration::from_secs(60));
        pending.schedule(a.clone(), Duration::ZERO);
        pending.schedule(b.clone(), Duration::from_secs(600));
        let start = tokio::time::Instant::now();
        assert_eq!(pending.next_due().await, a);
        assert_eq!(start.elapsed(), Duration::ZERO);
        assert_eq!(pending.next_due().await, b);
        assert_eq!(
            start.elapsed(),
            Duration::from_secs(60),
            "b kept its sooner check"
        );
        let nothing = tokio::time::timeout(Duration::from_secs(7200), pending.next_due()).await;
        assert!(
            nothing.is_err(),
            "one check per Session: a's later one was replaced"
        );
    }
}
