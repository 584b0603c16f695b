//! Writes the watch caches have not caught up with yet. A reconcile that
//! runs right after the operator's own write (a child's or a sibling's
//! event, a Template change, triggers one) may still see the object as it
//! was; without this it would write the same content a second time: a
//! child's apply, or a Session's status patch.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an apply is trusted over a store that has not shown it yet:
/// far longer than a watch event takes, even under load.
const TRUSTED_FOR: Duration = Duration::from_secs(30);

/// The hash the operator last applied to each child, and when.
#[derive(Default)]
pub struct RecentApplies {
    applied: Mutex<HashMap<String, (String, Instant)>>,
}

impl RecentApplies {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (String, Instant)>> {
        self.applied.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records that `hash` was applied to the child `key` just now.
    pub fn record(&self, key: String, hash: &str) {
        let mut applied = self.lock();
        // Entries past their trust are useless: drop them as the map grows.
        if applied.len() >= 1024 && applied.len().is_power_of_two() {
            applied.retain(|_, (_, at)| at.elapsed() < TRUSTED_FOR);
        }
        applied.insert(key, (hash.to_owned(), Instant::now()));
    }

    /// Whether `hash` was applied to `key` recently enough that a store
    /// showing something else is only behind.
    pub fn applied_lately(&self, key: &str, hash: &str) -> bool {
        self.lock()
            .get(key)
            .is_some_and(|(applied, at)| applied == hash && at.elapsed() < TRUSTED_FOR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_hash_just_applied_counts() {
        let recent = RecentApplies::default();
        assert!(!recent.applied_lately("Deployment/ns/a", "h1"));
        recent.record("Deployment/ns/a".into(), "h1");
        assert!(recent.applied_lately("Deployment/ns/a", "h1"));
        assert!(
            !recent.applied_lately("Deployment/ns/a", "h2"),
            "another content"
        );
        assert!(
            !recent.applied_lately("Service/ns/a", "h1"),
            "another child"
        );
        recent.record("Deployment/ns/a".into(), "h2");
        assert!(!recent.applied_lately("Deployment/ns/a", "h1"), "replaced");
    }

    #[test]
    fn an_old_apply_is_not_trusted() {
        let recent = RecentApplies::default();
        let long_ago = Instant::now() - TRUSTED_FOR - Duration::from_secs(1);
        recent
            .lock()
            .insert("Deployment/ns/a".into(), ("h1".into(), long_ago));
        assert!(!recent.applied_lately("Deployment/ns/a", "h1"));
    }
}
