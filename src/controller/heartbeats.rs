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

use super::apply::FIELD_MANAGER;
use super::state::Operator;
use crate::crd::Session;

#[derive(Default)]
struct Slot {
    last_write: Option<Instant>,
    pending: Option<jiff::Timestamp>,
    flush_scheduled: bool,
}

/// Coalesces heartbeats into `status.lastActivity` writes.
pub struct Heartbeats {
    interval: Duration,
    slots: Mutex<HashMap<ObjectRef<Session>, Slot>>,
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
    /// At most one write per Session per `interval`.
    pub fn new(interval: Duration) -> Arc<Self> {
        Arc::new(Self {
            interval,
            slots: Mutex::default(),
        })
    }

    fn slots(&self) -> std::sync::MutexGuard<'_, HashMap<ObjectRef<Session>, Slot>> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records activity of `session` at `at`.
    pub async fn record(
        self: &Arc<Self>,
        op: &Arc<Operator>,
        session: &Session,
        at: jiff::Timestamp,
    ) -> Result<Heartbeat, kube::Error> {
        op.metrics.heartbeat(false);
        let key = ObjectRef::from_obj(session);
        let flush_at = {
            let mut slots = self.slots();
            let slot = slots.entry(key.clone()).or_default();
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
                write(op, &key, at).await?;
                Ok(Heartbeat::Written)
            }
            Some(when) => {
                let (this, op) = (Arc::clone(self), Arc::clone(op));
                tokio::spawn(async move {
                    tokio::time::sleep_until(when.into()).await;
                    this.flush(&op, &key).await;
                });
                Ok(Heartbeat::Coalesced)
            }
        }
    }

    async fn flush(&self, op: &Operator, key: &ObjectRef<Session>) {
        let pending = {
            let mut slots = self.slots();
            let Some(slot) = slots.get_mut(key) else {
                return;
            };
            slot.flush_scheduled = false;
            slot.last_write = Some(Instant::now());
            slot.pending.take()
        };
        if let Some(at) = pending
            && let Err(e) = write(op, key, at).await
        {
            tracing::warn!(session = %key.name, "could not write lastActivity: {e}");
        }
    }

    /// Writes every pending heartbeat now (on shutdown).
    pub async fn flush_all(&self, op: &Operator) {
        let keys: Vec<_> = self
            .slots()
            .iter()
            .filter(|(_, s)| s.pending.is_some())
            .map(|(k, _)| k.clone())
            .collect();
        for key in keys {
            self.flush(op, &key).await;
        }
    }
}

/// Writes `lastActivity` unless the Session already has a newer one.
async fn write(
    op: &Operator,
    key: &ObjectRef<Session>,
    at: jiff::Timestamp,
) -> Result<(), kube::Error> {
    let current = op.stores.sessions.get(key).and_then(|s| {
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
    let api: Api<Session> = Api::namespaced(op.client.clone(), &namespace);
    let patch = json!({ "status": { "lastActivity": at.to_string() } });
    api.patch_status(
        &key.name,
        &PatchParams::apply(FIELD_MANAGER),
        &Patch::Merge(patch),
    )
    .await?;
    op.metrics.heartbeat(true);
    tracing::debug!(session = %key.name, namespace, at = %at, "lastActivity written");
    Ok(())
}
