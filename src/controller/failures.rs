//! Per-object backoff after failed reconciles: 5 s doubling to 5 min, reset
//! by a good reconcile and forgotten when the object is deleted.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::Duration;

use kube::Resource;
use kube::runtime::reflector::ObjectRef;

/// How many times in a row each object failed.
pub struct Failures<K: Resource<DynamicType = ()>> {
    counts: Mutex<HashMap<ObjectRef<K>, u32>>,
}

impl<K: Resource<DynamicType = ()>> Default for Failures<K> {
    fn default() -> Self {
        Self {
            counts: Mutex::default(),
        }
    }
}

/// Backoff after `failures` failed reconciles of one object.
fn backoff(failures: u32) -> Duration {
    Duration::from_secs((5u64 << failures.min(6)).min(300))
}

impl<K: Resource<DynamicType = ()>> Failures<K>
where
    ObjectRef<K>: Hash + Eq,
{
    fn counts(&self) -> std::sync::MutexGuard<'_, HashMap<ObjectRef<K>, u32>> {
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records a failed reconcile of `object` and returns how long to wait.
    pub fn failed(&self, object: &K) -> Duration {
        let mut counts = self.counts();
        let count = counts.entry(ObjectRef::from_obj(object)).or_default();
        let wait = backoff(*count);
        *count += 1;
        wait
    }

    /// Forgets the failures of `object`: after a good reconcile, or once it
    /// is deleted.
    pub fn forget(&self, object: &K) {
        self.counts().remove(&ObjectRef::from_obj(object));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crd::{Session, SessionSpec};

    #[test]
    fn backoff_doubles_to_five_minutes() {
        let waits: Vec<u64> = (0..9).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 300, 300, 300]);
        assert_eq!(backoff(u32::MAX), Duration::from_secs(300));
    }

    #[test]
    fn each_object_backs_off_on_its_own_until_forgotten() {
        let failures = Failures::<Session>::default();
        let session = |name: &str| {
            let mut s = Session::new(name, SessionSpec::new("alice", "firefox"));
            s.metadata.namespace = Some("ns".into());
            s
        };
        let (a, b) = (session("a"), session("b"));
        assert_eq!(failures.failed(&a), Duration::from_secs(5));
        assert_eq!(failures.failed(&a), Duration::from_secs(10));
        assert_eq!(failures.failed(&b), Duration::from_secs(5));
        assert_eq!(failures.counts().len(), 2);
        failures.forget(&a);
        assert_eq!(
            failures.counts().len(),
            1,
            "a deleted Session leaves nothing behind"
        );
        assert_eq!(
            failures.failed(&a),
            Duration::from_secs(5),
            "a starts again"
        );
    }
}
