//! Script sources: the scripts ConfigMap (watched) or a local directory
//! (notify, debounced). Each change is offered to the [`ScriptStore`]; a set
//! that fails to load leaves the running one in place and is reported.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::core::v1::ConfigMap;
use kube::runtime::events::EventType;
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Resource};

use super::kube::Kube;
use super::scripts::{Reload, ScriptStore};
use crate::script::set::read_dir_sources;

/// Editors write a temp file and rename it; wait this long for quiet.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Where the scripts come from.
#[derive(Debug, Clone)]
pub enum ScriptSource {
    /// A ConfigMap: every `*.rhai` key is a script.
    ConfigMap {
        /// Its namespace.
        namespace: String,
        /// Its name.
        name: String,
    },
    /// A local directory of `*.rhai` files.
    Dir(PathBuf),
}

impl std::fmt::Display for ScriptSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScriptSource::ConfigMap { namespace, name } => {
                write!(f, "configmap {namespace}/{name}")
            }
            ScriptSource::Dir(dir) => write!(f, "directory {}", dir.display()),
        }
    }
}

/// The `*.rhai` entries of a ConfigMap.
pub fn configmap_sources(configmap: &ConfigMap) -> BTreeMap<String, String> {
    configmap
        .data
        .iter()
        .flatten()
        .filter(|(key, _)| key.ends_with(".rhai"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// Watches the scripts ConfigMap and offers each version to `scripts`;
/// failures become an Event on the ConfigMap. Runs until the process stops.
pub async fn watch_configmap(
    kube: Kube,
    scripts: Arc<ScriptStore>,
    namespace: String,
    name: String,
) {
    let api: Api<ConfigMap> = Api::namespaced(kube.client().clone(), &namespace);
    let config = watcher::Config::default().fields(&format!("metadata.name={name}"));
    let mut changes = watcher(api, config)
        .default_backoff()
        .applied_objects()
        .boxed();
    let mut missing_logged = false;
    loop {
        match changes.try_next().await {
            Ok(Some(configmap)) => {
                missing_logged = false;
                let origin = format!("configmap {namespace}/{name}");
                if let Reload::Failed(error) = scripts.offer(configmap_sources(&configmap), &origin)
                {
                    let running = scripts
                        .current()
                        .map(|s| s.version().to_owned())
                        .unwrap_or_else(|| "none".into());
                    let note =
                        format!("scripts not loaded; version {running} keeps running:\n{error}");
                    kube.event(
                        &configmap.object_ref(&()),
                        EventType::Warning,
                        "ScriptLoadFailed",
                        "Reload",
                        note,
                    )
                    .await;
                }
            }
            Ok(None) => return,
            Err(e) => {
                if !missing_logged {
                    tracing::warn!("watching scripts configmap {namespace}/{name}: {e}; retrying");
                    missing_logged = true;
                }
            }
        }
    }
}

/// Loads the directory once now and again after every change.
pub async fn watch_dir(scripts: Arc<ScriptStore>, dir: PathBuf) -> anyhow::Result<()> {
    use notify::RecursiveMode;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, move |result| {
        let _ = tx.send(result);
    })?;
    debouncer.watch(&dir, RecursiveMode::NonRecursive)?;
    let origin = format!("directory {}", dir.display());
    let load = |scripts: &ScriptStore| match read_dir_sources(&dir) {
        Ok(sources) => {
            scripts.offer(sources, &origin);
        }
        Err(e) => tracing::error!("{e:#}"),
    };
    load(&scripts);
    while let Some(result) = rx.recv().await {
        match result {
            Ok(_) => load(&scripts),
            Err(errors) => {
                for e in errors {
                    tracing::warn!("watching {}: {e}", dir.display());
                }
            }
        }
    }
    drop(debouncer);
    Ok(())
}
