//! [`EvaluatedVersions`]: the script version that last evaluated each
//! Session, the operator's own record of how far a new version has
//! reached. It is kept in memory, not in the Session's status: a reload
//! whose decisions change nothing then writes nothing at all, and
//! `status.scriptVersion` keeps naming the version whose decision the
//! Session's children and status come from.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use kube::ResourceExt;

use crate::crd::Session;

/// The version that last evaluated each Session, by uid.
#[derive(Default)]
pub struct EvaluatedVersions {
    by_uid: Mutex<HashMap<String, Arc<str>>>,
}

impl EvaluatedVersions {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Arc<str>>> {
        self.by_uid.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records that `version` evaluated `session` just now.
    pub fn record(&self, session: &Session, version: &str) {
        let Some(uid) = session.uid() else { return };
        let mut by_uid = self.lock();
        if by_uid.get(&uid).is_some_and(|v| **v == *version) {
            return;
        }
        by_uid.insert(uid, version.into());
    }

    /// Forgets a deleted Session.
    pub fn forget(&self, session: &Session) {
        if let Some(uid) = session.uid() {
            self.lock().remove(&uid);
        }
    }

    /// The version that last evaluated `session`, if one has since the
    /// operator started.
    pub fn of(&self, session: &Session) -> Option<Arc<str>> {
        let uid = session.uid()?;
        self.lock().get(&uid).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crd::SessionSpec;

    fn session(uid: &str) -> Session {
        let mut session = Session::new(uid, SessionSpec::new("alice", "firefox"));
        session.metadata.uid = Some(uid.into());
        session
    }

    #[test]
    fn the_last_version_is_kept_until_the_session_is_forgotten() {
        let versions = EvaluatedVersions::default();
        let (a, b) = (session("a"), session("b"));
        assert_eq!(versions.of(&a), None);
        versions.record(&a, "v1");
        versions.record(&b, "v1");
        versions.record(&a, "v2");
        assert_eq!(versions.of(&a).as_deref(), Some("v2"));
        assert_eq!(versions.of(&b).as_deref(), Some("v1"));
        versions.forget(&a);
        assert_eq!(versions.of(&a), None);
        assert_eq!(
            versions.of(&Session::new("x", SessionSpec::new("a", "b"))),
            None,
            "a Session without uid is not recorded"
        );
    }
}
