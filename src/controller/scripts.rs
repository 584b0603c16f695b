//! The running script set and its reloads. Only a set that loads replaces
//! the running one; every swap is announced so all Sessions are reconciled
//! with the new version.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use futures::Stream;
use tokio::sync::watch;

use crate::metrics::Metrics;
use crate::script::{LoadError, ScriptSet};

/// The outcome of offering a new set of sources.
#[derive(Debug)]
pub enum Reload {
    /// The set loaded and is now running, with this version.
    Swapped(String),
    /// The sources are those of the running set: nothing to do.
    Unchanged,
    /// The set did not load; the previous one keeps running.
    Failed(LoadError),
}

/// The last failed load, for the editor and `/readyz`.
#[derive(Debug, Clone)]
pub struct LoadFailure {
    /// The version the failed sources would have had.
    pub version: String,
    /// Why they did not load.
    pub error: LoadError,
}

/// Holds the running [`ScriptSet`].
pub struct ScriptStore {
    current: RwLock<Option<Arc<ScriptSet>>>,
    last_failure: RwLock<Option<LoadFailure>>,
    swapped: watch::Sender<Option<String>>,
    metrics: Metrics,
}

impl ScriptStore {
    /// An empty store: nothing can be reconciled until a set loads.
    pub fn new(metrics: Metrics) -> Self {
        Self {
            current: RwLock::new(None),
            last_failure: RwLock::new(None),
            swapped: watch::channel(None).0,
            metrics,
        }
    }

    /// The running set, if one has loaded.
    pub fn current(&self) -> Option<Arc<ScriptSet>> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The last load that failed since the last swap.
    pub fn last_failure(&self) -> Option<LoadFailure> {
        self.last_failure
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Yields once after every swap from now on: what makes the
    /// controllers reconcile everything with a new version.
    pub fn swaps(&self) -> impl Stream<Item = ()> + Send + Sync + 'static {
        futures::stream::unfold(self.swapped.subscribe(), |mut swapped| async move {
            swapped.changed().await.ok()?;
            Some(((), swapped))
        })
    }

    /// Compiles `sources` and, when they load, makes them the running set.
    pub fn offer(&self, sources: BTreeMap<String, String>, origin: &str) -> Reload {
        let version = crate::script::set::version_of(&sources);
        if self.current().is_some_and(|set| set.version() == version) {
            // A failed change was reverted: the newest sources load again.
            if self
                .last_failure
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .is_some()
            {
                self.metrics.load_recovered();
                tracing::info!(version, origin, "scripts are back to the running version");
            }
            return Reload::Unchanged;
        }
        match ScriptSet::compile(sources) {
            Ok(set) => {
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(set));
                *self.last_failure.write().unwrap_or_else(|e| e.into_inner()) = None;
                self.metrics.reloaded(Some(&version));
                tracing::info!(version, origin, "script set loaded");
                self.swapped.send_replace(Some(version.clone()));
                Reload::Swapped(version)
            }
            Err(error) => {
                self.metrics.reloaded(None);
                let running = self.current().map(|s| s.version().to_owned());
                for e in &error.errors {
                    tracing::error!(
                        version,
                        origin,
                        running = running.as_deref().unwrap_or("none"),
                        "script set not loaded: {e}"
                    );
                }
                *self.last_failure.write().unwrap_or_else(|e| e.into_inner()) = Some(LoadFailure {
                    version,
                    error: error.clone(),
                });
                Reload::Failed(error)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(reconcile: &str) -> BTreeMap<String, String> {
        let mut sources = crate::script::set::read_dir_sources(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts"
        )))
        .expect("the default scripts");
        sources.insert("reconcile.rhai".into(), reconcile.into());
        sources
    }

    fn failing(metrics: &Metrics) -> bool {
        metrics
            .render()
            .lines()
            .any(|line| line == "streamspace_script_load_failing 1")
    }

    #[test]
    fn reverting_a_failed_change_clears_the_failure() {
        let metrics = Metrics::new();
        let store = ScriptStore::new(metrics.clone());
        let good =
            sources("fn reconcile(ctx) { #{ children: [], status: #{ phase: \"Pending\" } } }");
        let Reload::Swapped(version) = store.offer(good.clone(), "test") else {
            panic!("the good set loads");
        };
        assert!(matches!(
            store.offer(sources("fn reconcile(ctx) { let x = ; }"), "test"),
            Reload::Failed(_)
        ));
        assert!(failing(&metrics));
        assert!(store.last_failure().is_some());

        assert!(matches!(store.offer(good, "test"), Reload::Unchanged));
        assert!(!failing(&metrics), "the revert loads again");
        assert!(store.last_failure().is_none());
        assert_eq!(
            store.current().map(|s| s.version().to_owned()),
            Some(version)
        );
    }
}
