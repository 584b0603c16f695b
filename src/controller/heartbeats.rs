//! Activity heartbeats from StreamSpace's API and proxy, coalesced: at most
//! one status write per Session per interval, and the newest timestamp is
//! always written eventually.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kube::Api;
use kube::api::{Patch, PatchParams};
use kube::runtime::reflector::ObjectRef;
use serde_json::json;

use super::caches::Caches;
use super::kube::Kube;
use crate::crd::Session;
use crate::keys::FIELD_MANAGER;
use crate::metrics::Metrics;

#[derive(Default)]
struct Slot {
    last_write: Option<Instant>,
    pending: Option<jiff::Timestamp>,
    flush_scheduled: bool,
}

impl Slot {
    /// Whether forgetting the slot changes nothing: no write is waiting and
    /// the next heartbeat may be written at once anyway.
    fn idle(&self, interval: Duration) -> bool {
        !self.flush_scheduled
            && self.pending.is_none()
            && self
                .last_write
                .is_none_or(|last| last.elapsed() >= interval)
    }
}

/// Slots kept before the first pruning of idle ones.
const PRUNE_FLOOR: usize = 1024;

#[derive(Default)]
struct Slots {
    by_session: HashMap<ObjectRef<Session>, Slot>,
    // Idle slots are dropped when the map outgrows this, so Sessions that
    // stopped sending heartbeats (or were deleted) do not pile up.
    prune_at: usize,
}

impl Slots {
    /// Drops idle slots once the map has doubled since the last pruning, so
    /// the cost stays proportional to the heartbeats received.
    fn prune(&mut self, interval: Duration) {
        if self.by_session.len() >= self.prune_at {
            self.by_session.retain(|_, slot| !slot.idle(interval));
            self.prune_at = (self.by_session.len() * 2).max(PRUNE_FLOOR);
        }
    }
}

/// Coalesces heartbeats into `status.lastActivity` writes.
pub struct Heartbeats {
    interval: Duration,
    slots: Mutex<Slots>,
    kube: Kube,
    caches: Arc<Caches>,
    metrics: Metrics,
}

/// What became of one heartbeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heartbeat {
    /// Written to the Session's status now.
    Written,
    /// Held; the newest pending time is written when the interval ends.
    Coalesced,
}

impl Heartbeats {
    /// At most one write per Session per `interval`, through `kube`;
    /// `caches` tells which timestamps are already written.
    pub fn new(interval: Duration, kube: Kube, caches: Arc<Caches>, metrics: Metrics) -> Arc<Self> {
        Arc::new(Self {
            interval,
            slots: Mutex::new(Slots {
                by_session: HashMap::new(),
                prune_at: PRUNE_FLOOR,
            }),
            kube,
            caches,
            metrics,
        })
    }

    fn slots(&self) -> std::sync::MutexGuard<'_, Slots> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records activity of `session` at `at`.
    pub async fn record(
        self: &Arc<Self>,
        session: &Session,
        at: jiff::Timestamp,
    ) -> Result<Heartbeat, kube::Error> {
        self.metrics.heartbeat(false);
        let key = ObjectRef::from_obj(session);
        let flush_at = {
            let mut slots = self.slots();
            slots.prune(self.interval);
            let slot = slots.by_session.entry(key.clone()).or_default();
            match slot.last_write {
                Some(last) if last.elapsed() < self.interval => {
                    slot.pending = slot.pending.max(Some(at));
                    if slot.flush_scheduled {
                        return Ok(Heartbeat::Coalesced);
                    }
                    slot.flush_scheduled = true;
                    Some(last + self.interval)
                }
                _ => {
                    slot.last_write = Some(Instant::now());
                    None
                }
            }
        };
        match flush_at {
            None => {
                self.write(&key, at).await?;
                Ok(Heartbeat::Written)
            }
            Some(when) => {
                self.flush_later(key, when);
                Ok(Heartbeat::Coalesced)
            }
        }
    }

    fn flush_later(self: &Arc<Self>, key: ObjectRef<Session>, when: Instant) {
        let this = Arc::clone(self);
        tokio::spawn(async move {
            tokio::time::sleep_until(when.into()).await;
            if let Err(e) = this.flush(&key).await {
                tracing::warn!(session = %key.name, "could not write lastActivity, retrying: {e}");
                this.keep_for_retry(key, e.at);
            }
        });
    }

    /// Puts a timestamp whose write failed back, unless a newer one is
    /// already waiting, and tries again after the interval.
    fn keep_for_retry(self: &Arc<Self>, key: ObjectRef<Session>, at: jiff::Timestamp) {
        let when = {
            let mut slots = self.slots();
            let slot = slots.by_session.entry(key.clone()).or_default();
            slot.pending = slot.pending.max(Some(at));
            if slot.flush_scheduled {
                return;
            }
            slot.flush_scheduled = true;
            Instant::now() + self.interval
        };
        self.flush_later(key, when);
    }

    /// Writes the pending timestamp of `key`, if any.
    async fn flush(&self, key: &ObjectRef<Session>) -> Result<(), FailedWrite> {
        let pending = {
            let mut slots = self.slots();
            let Some(slot) = slots.by_session.get_mut(key) else {
                return Ok(());
            };
            slot.flush_scheduled = false;
            slot.last_write = Some(Instant::now());
            slot.pending.take()
        };
        let Some(at) = pending else { return Ok(()) };
        match self.write(key, at).await {
            // The Session is gone: nothing left to record activity on.
            Err(kube::Error::Api(status)) if status.code == 404 => Ok(()),
            Err(error) => Err(FailedWrite { at, error }),
            Ok(()) => Ok(()),
        }
    }

    /// Writes `lastActivity` unless the Session already has a newer one.
    async fn write(
        &self,
        key: &ObjectRef<Session>,
        at: jiff::Timestamp,
    ) -> Result<(), kube::Error> {
        let current = self.caches.sessions.get(key).and_then(|s| {
            s.status
                .as_ref()?
                .last_activity
                .as_deref()?
                .parse::<jiff::Timestamp>()
                .ok()
        });
        if current.is_some_and(|current| current >= at) {
            return Ok(());
        }
        let namespace = key.namespace.clone().unwrap_or_default();
        let api: Api<Session> = Api::namespaced(self.kube.client().clone(), &namespace);
        let patch = json!({ "status": { "lastActivity": at.to_string() } });
        api.patch_status(
            &key.name,
            &PatchParams::apply(FIELD_MANAGER),
            &Patch::Merge(patch),
        )
        .await?;
        self.metrics.heartbeat(true);
        tracing::debug!(session = %key.name, namespace, at = %at, "lastActivity written");
        Ok(())
    }

    /// Writes every pending heartbeat now (on shutdown).
    pub async fn flush_all(&self) {
        let keys: Vec<_> = self
            .slots()
            .by_session
            .iter()
            .filter(|(_, s)| s.pending.is_some())
            .map(|(k, _)| k.clone())
            .collect();
        for key in keys {
            if let Err(e) = self.flush(&key).await {
                tracing::warn!(session = %key.name, "could not write lastActivity: {e}");
            }
        }
    }
}

/// A `lastActivity` write that failed, with the timestamp it carried.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
struct FailedWrite {
    at: jiff::Timestamp,
    error: kube::Error,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots_with(count: usize, slot: impl Fn(usize) -> Slot) -> Slots {
        Slots {
            by_session: (0..count)
                .map(|i| (ObjectRef::new(&format!("s{i}")).within("ns"), slot(i)))
                .collect(),
            prune_at: PRUNE_FLOOR,
        }
    }

    #[test]
    fn pruning_keeps_every_slot_that_still_matters() {
        let interval = Duration::from_secs(30);
        let long_ago = Instant::now() - Duration::from_secs(60);
        let mut slots = slots_with(PRUNE_FLOOR, |i| match i % 4 {
            0 => Slot {
                last_write: Some(long_ago),
                ..Slot::default()
            },
            1 => Slot {
                last_write: Some(Instant::now()),
                ..Slot::default()
            },
            2 => Slot {
                last_write: Some(long_ago),
                pending: Some(jiff::Timestamp::UNIX_EPOCH),
                flush_scheduled: true,
            },
            _ => Slot {
                last_write: Some(long_ago),
                pending: Some(jiff::Timestamp::UNIX_EPOCH),
                flush_scheduled: false,
            },
        });
        slots.prune(interval);
        // Only the slots written long ago with nothing waiting are dropped.
        assert_eq!(slots.by_session.len(), PRUNE_FLOOR / 4 * 3);
        assert!(slots.by_session.values().all(|slot| !slot.idle(interval)));
        assert_eq!(slots.prune_at, PRUNE_FLOOR / 4 * 3 * 2);
    }

    #[test]
    fn pruning_waits_until_the_map_has_grown() {
        let interval = Duration::from_secs(30);
        let mut slots = slots_with(PRUNE_FLOOR - 1, |_| Slot::default());
        slots.prune(interval);
        assert_eq!(slots.by_session.len(), PRUNE_FLOOR - 1, "below the floor");
        slots
            .by_session
            .insert(ObjectRef::new("one-more").within("ns"), Slot::default());
        slots.prune(interval);
        assert!(
            slots.by_session.is_empty(),
            "idle slots dropped at the floor"
        );
        assert_eq!(slots.prune_at, PRUNE_FLOOR);
    }
}
