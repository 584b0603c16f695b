//! [`ConfigMapRepo`]: the scripts ConfigMap (every `*.rhai` key a script,
//! every `tests.<file>` key a fixture file, see
//! [`fixture_key`](crate::keys::fixture_key)) and its
//! saved versions as
//! `apps/v1` ControllerRevisions named `<configmap>-<version>` beside it,
//! owned by it, so the history lives in the cluster. A save replaces the
//! ConfigMap with its resourceVersion as precondition, records the
//! version and an Event naming who saved it; the operator's watch of the
//! ConfigMap then loads the new set.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use anyhow::Context as _;
use futures::FutureExt as _;
use futures::future::BoxFuture;
use k8s_openapi::api::apps::v1::ControllerRevision;
use k8s_openapi::api::core::v1::ConfigMap;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::runtime::RawExtension;
use kube::api::{Api, DeleteParams, ListParams, PostParams};
use kube::runtime::events::EventType;
use kube::{Resource, ResourceExt};
use serde_json::json;

use super::repo::{
    HISTORY_KEPT, HISTORY_SHOWN, Repository, Restored, Revision, Stored, VersionInfo, Write,
    WriteError,
};
use crate::controller::kube::Kube;
use crate::controller::reload::configmap_sources;
use crate::keys::{
    AUTHOR_ANNOTATION, FIELD_MANAGER, FIXTURE_KEY_PREFIX, MANAGED_BY, MESSAGE_ANNOTATION,
    RESTORED_AT_ANNOTATION, RESTORED_BY_ANNOTATION, RESTORED_MESSAGE_ANNOTATION, SCRIPTS_LABEL,
    TIME_ANNOTATION, VERSION_ANNOTATION,
};
use crate::script::fixtures::{FixtureFile, parse_cases};
use crate::script::set::version_of;

/// The scripts ConfigMap and its ControllerRevisions.
pub struct ConfigMapRepo {
    kube: Kube,
    namespace: String,
    name: String,
}

fn stored_of(configmap: &ConfigMap) -> Stored {
    let scripts = configmap_sources(configmap);
    Stored {
        version: version_of(&scripts),
        scripts,
    }
}

/// The revision number (0 for none).
fn revision_of(revision: Option<&ControllerRevision>) -> i64 {
    revision.and_then(|r| r.revision).unwrap_or(0)
}

fn annotation(revision: &ControllerRevision, key: &str) -> String {
    revision.annotations().get(key).cloned().unwrap_or_default()
}

fn info_of(revision: &ControllerRevision) -> VersionInfo {
    VersionInfo {
        version: annotation(revision, VERSION_ANNOTATION),
        author: annotation(revision, AUTHOR_ANNOTATION),
        time: annotation(revision, TIME_ANNOTATION),
        message: annotation(revision, MESSAGE_ANNOTATION),
        restored: revision
            .annotations()
            .contains_key(RESTORED_BY_ANNOTATION)
            .then(|| Restored {
                author: annotation(revision, RESTORED_BY_ANNOTATION),
                time: annotation(revision, RESTORED_AT_ANNOTATION),
                message: annotation(revision, RESTORED_MESSAGE_ANNOTATION),
            }),
    }
}

fn scripts_of(revision: &ControllerRevision) -> BTreeMap<String, String> {
    revision
        .data
        .0
        .as_object()
        .map(|map| {
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

/// The annotations recording `info` on its ControllerRevision.
fn annotations_of(info: &VersionInfo) -> BTreeMap<String, String> {
    let mut annotations = BTreeMap::from([
        (VERSION_ANNOTATION.to_owned(), info.version.clone()),
        (AUTHOR_ANNOTATION.to_owned(), info.author.clone()),
        (TIME_ANNOTATION.to_owned(), info.time.clone()),
        (MESSAGE_ANNOTATION.to_owned(), info.message.clone()),
    ]);
    if let Some(restored) = &info.restored {
        annotations.extend([
            (RESTORED_BY_ANNOTATION.to_owned(), restored.author.clone()),
            (RESTORED_AT_ANNOTATION.to_owned(), restored.time.clone()),
            (
                RESTORED_MESSAGE_ANNOTATION.to_owned(),
                restored.message.clone(),
            ),
        ]);
    }
    annotations
}

/// What is known of a version saved outside the editor: the newest field
/// manager of the ConfigMap and when it wrote.
fn outside(configmap: &ConfigMap, stored: &Stored) -> VersionInfo {
    let newest = configmap
        .metadata
        .managed_fields
        .iter()
        .flatten()
        .filter(|m| m.time.is_some())
        .max_by_key(|m| m.time.as_ref().map(|t| t.0));
    VersionInfo {
        version: stored.version.clone(),
        author: newest.and_then(|m| m.manager.clone()).unwrap_or_default(),
        time: newest
            .and_then(|m| m.time.as_ref())
            .map(|t| t.0.to_string())
            .unwrap_or_default(),
        message: "changed outside the editor (kubectl, GitOps, ...)".into(),
        restored: None,
    }
}

impl ConfigMapRepo {
    /// The ConfigMap `namespace/name` of the running operator.
    pub fn new(kube: Kube, namespace: String, name: String) -> Self {
        Self {
            kube,
            namespace,
            name,
        }
    }

    fn configmaps(&self) -> Api<ConfigMap> {
        Api::namespaced(self.kube.client().clone(), &self.namespace)
    }

    fn revisions(&self) -> Api<ControllerRevision> {
        Api::namespaced(self.kube.client().clone(), &self.namespace)
    }

    fn revision_name(&self, version: &str) -> String {
        format!("{}-{version}", self.name)
    }

    async fn configmap(&self) -> anyhow::Result<ConfigMap> {
        self.configmaps()
            .get_opt(&self.name)
            .await
            .with_context(|| format!("reading the scripts ConfigMap {}/{}", self.namespace, self.name))?
            .with_context(|| {
                format!(
                    "the scripts ConfigMap {}/{} does not exist; create it (kubectl apply -k deploy/)",
                    self.namespace, self.name
                )
            })
    }

    /// This ConfigMap's revisions, newest first.
    async fn list(&self) -> anyhow::Result<Vec<ControllerRevision>> {
        let selector = format!(
            "{SCRIPTS_LABEL}={},{}={}",
            self.name, MANAGED_BY.0, MANAGED_BY.1
        );
        let mut revisions = self
            .revisions()
            .list(&ListParams::default().labels(&selector))
            .await
            .context("listing the saved script versions (ControllerRevisions)")?
            .items;
        revisions.sort_by_key(|r| std::cmp::Reverse(revision_of(Some(r))));
        Ok(revisions)
    }

    async fn find(&self, version: &str) -> anyhow::Result<Option<ControllerRevision>> {
        let revision = self
            .revisions()
            .get_opt(&self.revision_name(version))
            .await
            .context("reading a saved script version")?;
        Ok(revision.filter(|r| r.labels().get(SCRIPTS_LABEL) == Some(&self.name)))
    }

    /// Records a version as the newest revision (an existing record of it
    /// is renumbered) and deletes the oldest beyond [`HISTORY_KEPT`].
    async fn record(
        &self,
        configmap: &ConfigMap,
        info: &VersionInfo,
        scripts: &BTreeMap<String, String>,
    ) -> anyhow::Result<()> {
        let existing = self.list().await?;
        let name = self.revision_name(&info.version);
        let mut revision = ControllerRevision {
            metadata: ObjectMeta {
                name: Some(name.clone()),
                namespace: Some(self.namespace.clone()),
                labels: Some(BTreeMap::from([
                    (MANAGED_BY.0.to_owned(), MANAGED_BY.1.to_owned()),
                    (SCRIPTS_LABEL.to_owned(), self.name.clone()),
                ])),
                annotations: Some(annotations_of(info)),
                owner_references: configmap.owner_ref(&()).map(|o| vec![o]),
                ..ObjectMeta::default()
            },
            data: RawExtension(json!(scripts)),
            revision: Some(revision_of(existing.first()) + 1),
        };
        let params = PostParams {
            field_manager: Some(FIELD_MANAGER.into()),
            ..PostParams::default()
        };
        let api = self.revisions();
        match existing.iter().find(|r| r.name_any() == name) {
            Some(old) => {
                revision.metadata.resource_version = old.resource_version();
                api.replace(&name, &params, &revision).await
            }
            None => api.create(&params, &revision).await,
        }
        .with_context(|| {
            format!(
                "recording version {} as ControllerRevision {name}",
                info.version
            )
        })?;
        let stale = existing
            .iter()
            .filter(|r| r.name_any() != name)
            .skip(HISTORY_KEPT - 1);
        for old in stale {
            if let Err(e) = api.delete(&old.name_any(), &DeleteParams::default()).await {
                tracing::warn!("deleting the old script version {}: {e}", old.name_any());
            }
        }
        Ok(())
    }

    async fn describe_now(&self, stored: &Stored) -> anyhow::Result<VersionInfo> {
        if let Some(revision) = self.find(&stored.version).await? {
            return Ok(info_of(&revision));
        }
        Ok(outside(&self.configmap().await?, stored))
    }

    async fn conflict(&self, base: String) -> WriteError {
        let current = async {
            let stored = stored_of(&self.configmap().await?);
            self.describe_now(&stored).await
        };
        match current.await {
            Ok(current) => WriteError::Conflict {
                base,
                current: Box::new(current),
            },
            Err(e) => WriteError::Failed(e),
        }
    }

    async fn write_now(&self, write: Write) -> Result<VersionInfo, WriteError> {
        let mut configmap = self.configmap().await?;
        let stored = stored_of(&configmap);
        if stored.version != write.base {
            return Err(self.conflict(write.base).await);
        }
        if self.find(&stored.version).await?.is_none() {
            // Keep the version found in the ConfigMap, so it can be restored.
            self.record(&configmap, &outside(&configmap, &stored), &stored.scripts)
                .await?;
        }
        let data = configmap.data.get_or_insert_with(BTreeMap::new);
        data.retain(|key, _| !key.ends_with(".rhai"));
        data.extend(write.scripts.clone());
        configmap.metadata.managed_fields = None;
        let params = PostParams {
            field_manager: Some(FIELD_MANAGER.into()),
            ..PostParams::default()
        };
        let configmap = match self
            .configmaps()
            .replace(&self.name, &params, &configmap)
            .await
        {
            Ok(configmap) => configmap,
            Err(kube::Error::Api(status)) if status.code == 409 => {
                return Err(self.conflict(write.base).await);
            }
            Err(e) => {
                return Err(anyhow::Error::new(e)
                    .context(format!(
                        "writing the scripts ConfigMap {}/{}",
                        self.namespace, self.name
                    ))
                    .into());
            }
        };
        let version = version_of(&write.scripts);
        let earlier = self.find(&version).await?.map(|r| info_of(&r));
        let info = VersionInfo::of_write(version, &write, earlier);
        if let Err(e) = self.record(&configmap, &info, &write.scripts).await {
            // The save happened; only its history entry is missing.
            tracing::error!(
                "version {} saved but not recorded in the history: {e:#}",
                info.version
            );
        }
        let (reason, action, what) = match &write.rollback_of {
            Some(version) => (
                "ScriptsRolledBack",
                "Rollback",
                format!("rolled back to {version}"),
            ),
            None => (
                "ScriptsSaved",
                "Save",
                format!("saved version {}", info.version),
            ),
        };
        let message = if write.message.is_empty() {
            String::new()
        } else {
            format!(": {}", write.message)
        };
        let note = format!(
            "{} {what} in the editor (was {}){message}",
            write.author, write.base
        );
        self.kube
            .event(
                &configmap.object_ref(&()),
                EventType::Normal,
                reason,
                action,
                note,
            )
            .await;
        Ok(info)
    }
}

/// The fixtures of a ConfigMap: keys `tests.<name>.yaml` as `<name>.yaml`.
fn fixtures_of(configmap: &ConfigMap) -> Vec<FixtureFile> {
    configmap
        .data
        .iter()
        .flatten()
        .filter_map(|(key, text)| {
            let name = key.strip_prefix(FIXTURE_KEY_PREFIX)?;
            (name.ends_with(".yaml") || name.ends_with(".yml")).then(|| FixtureFile {
                path: PathBuf::from(name),
                cases: parse_cases(text),
            })
        })
        .collect()
}

impl Repository for ConfigMapRepo {
    fn stored(&self) -> BoxFuture<'_, anyhow::Result<Stored>> {
        async move { Ok(stored_of(&self.configmap().await?)) }.boxed()
    }

    fn describe<'a>(&'a self, stored: &'a Stored) -> BoxFuture<'a, anyhow::Result<VersionInfo>> {
        self.describe_now(stored).boxed()
    }

    fn fixtures(&self) -> BoxFuture<'_, anyhow::Result<Vec<FixtureFile>>> {
        async move { Ok(fixtures_of(&self.configmap().await?)) }.boxed()
    }

    fn write(&self, write: Write) -> BoxFuture<'_, Result<VersionInfo, WriteError>> {
        self.write_now(write).boxed()
    }

    fn history(&self) -> BoxFuture<'_, anyhow::Result<Vec<VersionInfo>>> {
        async move {
            let mut seen = BTreeSet::new();
            Ok(self
                .list()
                .await?
                .iter()
                .map(info_of)
                .filter(|info| seen.insert(info.version.clone()))
                .take(HISTORY_SHOWN)
                .collect())
        }
        .boxed()
    }

    fn revision<'a>(&'a self, version: &'a str) -> BoxFuture<'a, anyhow::Result<Option<Revision>>> {
        async move {
            Ok(self.find(version).await?.map(|revision| Revision {
                info: info_of(&revision),
                scripts: scripts_of(&revision),
            }))
        }
        .boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_are_the_tests_keys() {
        let configmap: ConfigMap = serde_json::from_value(json!({
            "metadata": { "name": "s" },
            "data": { "reconcile.rhai": "x", "tests.idle.yaml": "- bad", "notes.yaml": "" }
        }))
        .unwrap();
        let files = fixtures_of(&configmap);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, PathBuf::from("idle.yaml"));
        // The script set is the `*.rhai` keys only: fixtures never load as scripts.
        let stored = stored_of(&configmap);
        assert_eq!(
            stored.scripts.keys().collect::<Vec<_>>(),
            ["reconcile.rhai"]
        );
        let revision = ControllerRevision {
            data: RawExtension(json!({ "a.rhai": "1", "b.rhai": 2 })),
            ..ControllerRevision::default()
        };
        assert_eq!(
            scripts_of(&revision),
            BTreeMap::from([("a.rhai".to_owned(), "1".to_owned())])
        );
    }
}
