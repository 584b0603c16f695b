//! The quota ConfigMap, watched like the scripts: each version that parses
//! replaces the quotas the admission policy sees; one that does not is
//! refused (a Warning Event on the ConfigMap, a metric, a log line) and the
//! last good quotas keep serving. Without the ConfigMap nobody has a quota.

use std::sync::{Arc, RwLock};

use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::core::v1::ConfigMap;
use kube::runtime::events::EventType;
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Resource};

use super::kube::Kube;
use crate::keys::QUOTAS_KEY;
use crate::metrics::Metrics;
use crate::quota::Quotas;

/// The quotas in force.
pub struct QuotaStore {
    current: RwLock<Arc<Quotas>>,
    metrics: Metrics,
}

impl QuotaStore {
    /// No quotas until the ConfigMap is read.
    pub fn new(metrics: Metrics) -> Self {
        Self {
            current: RwLock::new(Arc::new(Quotas::default())),
            metrics,
        }
    }

    /// The quotas in force now.
    pub fn current(&self) -> Arc<Quotas> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    fn set(&self, quotas: Quotas) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(quotas);
    }

    /// Takes the quotas of `configmap` when they parse; the error otherwise.
    fn offer(&self, configmap: &ConfigMap) -> Result<(), String> {
        let text = configmap
            .data
            .as_ref()
            .and_then(|d| d.get(QUOTAS_KEY))
            .map_or("", String::as_str);
        let parsed = Quotas::parse(text).map_err(|e| format!("{QUOTAS_KEY}: {e}"));
        self.metrics.quotas_reloaded(parsed.is_ok());
        self.set(parsed?);
        Ok(())
    }
}

/// Follows the ConfigMap `namespace/name` until the watch ends.
pub async fn watch_quotas(kube: Kube, store: Arc<QuotaStore>, namespace: String, name: String) {
    let api: Api<ConfigMap> = Api::namespaced(kube.client().clone(), &namespace);
    let config = watcher::Config::default().fields(&format!("metadata.name={name}"));
    let mut events = watcher(api, config).default_backoff().boxed();
    let mut failing = false;
    loop {
        match events.try_next().await {
            Ok(Some(watcher::Event::Apply(configmap) | watcher::Event::InitApply(configmap))) => {
                failing = false;
                match store.offer(&configmap) {
                    Ok(()) => {
                        tracing::info!(configmap = %format!("{namespace}/{name}"), "quotas loaded")
                    }
                    Err(error) => {
                        tracing::error!(
                            "quotas of {namespace}/{name} not loaded; the last good ones stay: {error}"
                        );
                        kube.event(
                            &configmap.object_ref(&()),
                            EventType::Warning,
                            "QuotasInvalid",
                            "Reload",
                            format!("quotas not loaded; the last good ones stay: {error}"),
                        )
                        .await;
                    }
                }
            }
            Ok(Some(watcher::Event::Delete(_))) => {
                tracing::warn!(
                    "quota ConfigMap {namespace}/{name} deleted: nobody has a quota now"
                );
                store.set(Quotas::default());
            }
            Ok(Some(watcher::Event::Init | watcher::Event::InitDone)) => {}
            Ok(None) => return,
            Err(e) => {
                if !failing {
                    tracing::warn!(
                        "watching the quota ConfigMap {namespace}/{name}: {e}; retrying"
                    );
                    failing = true;
                }
            }
        }
    }
}
