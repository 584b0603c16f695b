//! Applying a reconcile decision's children: server-side apply with one
//! field manager, owner references and labels set by the host, no write when
//! a child already matches, and pruning of owned children no longer listed.

use std::collections::BTreeSet;
use std::fmt::Debug;

use k8s_openapi::NamespaceResourceScope;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Service};
use k8s_openapi::api::networking::v1::Ingress;
use kube::api::{DeleteParams, Patch, PatchParams, PostParams};
use kube::{Api, Resource, ResourceExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::drift;
use super::state::Operator;
use super::stores::{ChildStore, MANAGED_BY};
use crate::crd::Session;
use crate::metrics::WriteResult;
use crate::script::decision::Child;
use crate::script::naming::dns_label;

/// The field manager of every write the operator makes.
pub const FIELD_MANAGER: &str = "streamspace-operator";

/// Annotation holding a hash of what the operator last applied, so an
/// unchanged child is not written again.
pub const APPLIED_HASH: &str = "stream.space/applied-hash";

/// Label naming the Session that owns a child.
pub const SESSION_LABEL: &str = "stream.space/session";

/// A child write the API server refused.
#[derive(Debug, thiserror::Error)]
#[error("{action} {kind}/{name}: {source}")]
pub struct ApplyError {
    action: &'static str,
    kind: String,
    name: String,
    #[source]
    source: kube::Error,
}

/// Counts of what one apply did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ApplySummary {
    /// Children written.
    pub applied: usize,
    /// Children that already matched.
    pub skipped: usize,
    /// Children pruned.
    pub deleted: usize,
}

/// A Session's name as a label value (at most 63 characters).
pub fn session_label_value(name: &str) -> String {
    if name.len() <= 63 {
        name.to_owned()
    } else {
        dns_label(name)
    }
}

fn hash_of(object: &Value) -> String {
    let bytes = serde_json::to_vec(object).unwrap_or_default();
    Sha256::digest(&bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The object to apply: the script's child with the namespace, the
/// operator's labels, the owner reference (unless it outlives the Session)
/// and the hash annotation.
pub fn desired_object(child: &Child, session: &Session) -> Value {
    let mut object = child.object().clone();
    let outlives = child.outlives_session();
    let metadata = object
        .as_object_mut()
        .expect("checked when the decision was read")
        .entry("metadata")
        .or_insert_with(|| json!({}));
    metadata["namespace"] = json!(session.namespace());
    let labels = metadata
        .as_object_mut()
        .expect("checked when the decision was read")
        .entry("labels")
        .or_insert_with(|| json!({}));
    labels[MANAGED_BY.0] = json!(MANAGED_BY.1);
    if !outlives {
        labels[SESSION_LABEL] = json!(session_label_value(&session.name_any()));
        if let Some(owner) = session.controller_owner_ref(&()) {
            metadata["ownerReferences"] = json!([owner]);
        }
    }
    let hash = hash_of(&object);
    object["metadata"]
        .as_object_mut()
        .expect("metadata was set above")
        .entry("annotations")
        .or_insert_with(|| json!({}))[APPLIED_HASH] = json!(hash);
    object
}

fn applied_hash(object: &Value) -> Option<&str> {
    object["metadata"]["annotations"][APPLIED_HASH].as_str()
}

async fn apply_one<K>(
    op: &Operator,
    store: &ChildStore<K>,
    object: &Value,
    outlives: bool,
) -> Result<WriteResult, ApplyError>
where
    K: Resource<DynamicType = (), Scope = NamespaceResourceScope>
        + Clone
        + DeserializeOwned
        + Serialize
        + Debug
        + 'static,
{
    let namespace = object["metadata"]["namespace"].as_str().unwrap_or_default();
    let name = object["metadata"]["name"].as_str().unwrap_or_default();
    let api: Api<K> = Api::namespaced(op.client.clone(), namespace);
    let observed = store.get(namespace, name);
    let fail = |action, source| ApplyError {
        action,
        kind: K::kind(&()).into_owned(),
        name: name.to_owned(),
        source,
    };
    if outlives {
        // Created once, then left alone: it is shared beyond this Session
        // and most of its spec cannot change after creation.
        if observed.is_some() {
            return Ok(WriteResult::Skipped);
        }
        let typed: K = serde_json::from_value(object.clone())
            .map_err(|e| fail("create", kube::Error::SerdeError(e)))?;
        let params = PostParams {
            field_manager: Some(FIELD_MANAGER.into()),
            ..PostParams::default()
        };
        return match api.create(&params, &typed).await {
            Ok(_) => Ok(WriteResult::Applied),
            Err(kube::Error::Api(status)) if status.code == 409 => Ok(WriteResult::Skipped),
            Err(e) => Err(fail("create", e)),
        };
    }
    let wanted = applied_hash(object).unwrap_or_default();
    let key = format!("{}/{namespace}/{name}", K::kind(&()));
    if let Some(live) = &observed
        && applied_hash(live) == Some(wanted)
    {
        let Some(field) = drift::drifted_field(object, live) else {
            return Ok(WriteResult::Skipped);
        };
        tracing::info!(
            kind = K::kind(&()).as_ref(),
            name,
            namespace,
            field,
            "changed since it was applied; applying it again"
        );
    } else if observed.is_some() && op.recent.applied_lately(&key, wanted) {
        // This very content was applied a moment ago and the store still
        // shows the object before it. (A store without the object is not
        // trusted to lag: the child may have been deleted since.)
        return Ok(WriteResult::Skipped);
    } else {
        tracing::debug!(
            kind = K::kind(&()).as_ref(),
            name,
            current = observed.as_ref().and_then(applied_hash),
            wanted,
            "applying"
        );
    }
    api.patch(
        name,
        &PatchParams::apply(FIELD_MANAGER).force(),
        &Patch::Apply(object),
    )
    .await
    .map_err(|e| fail("apply", e))?;
    op.recent.record(key, wanted);
    Ok(WriteResult::Applied)
}

async fn prune<K>(
    op: &Operator,
    store: &ChildStore<K>,
    uid: &str,
    keep: &BTreeSet<(String, String)>,
) -> Result<usize, ApplyError>
where
    K: Resource<DynamicType = (), Scope = NamespaceResourceScope>
        + Clone
        + Serialize
        + DeserializeOwned
        + Debug
        + 'static,
{
    let kind = K::kind(&()).into_owned();
    let mut deleted = 0;
    for child in store.owned_by(uid) {
        let name = child.name_any();
        if keep.contains(&(kind.clone(), name.clone())) {
            continue;
        }
        let api: Api<K> =
            Api::namespaced(op.client.clone(), &child.namespace().unwrap_or_default());
        match api.delete(&name, &DeleteParams::background()).await {
            Ok(_) => {}
            Err(kube::Error::Api(status)) if status.code == 404 => {}
            Err(source) => {
                return Err(ApplyError {
                    action: "delete",
                    kind,
                    name,
                    source,
                });
            }
        }
        op.metrics.child_write(&kind, WriteResult::Deleted);
        deleted += 1;
    }
    Ok(deleted)
}

/// Applies every child of a decision and prunes the owned children it no
/// longer lists.
pub async fn apply_children(
    op: &Operator,
    session: &Session,
    children: &[Child],
) -> Result<ApplySummary, ApplyError> {
    let mut summary = ApplySummary::default();
    let mut keep = BTreeSet::new();
    for child in children {
        let object = desired_object(child, session);
        let outlives = child.outlives_session();
        let stores = &op.stores;
        let result = match child.kind() {
            "Deployment" => {
                apply_one::<Deployment>(op, &stores.deployments, &object, outlives).await
            }
            "Service" => apply_one::<Service>(op, &stores.services, &object, outlives).await,
            "PersistentVolumeClaim" => {
                apply_one::<PersistentVolumeClaim>(
                    op,
                    &stores.persistent_volume_claims,
                    &object,
                    outlives,
                )
                .await
            }
            "Ingress" => apply_one::<Ingress>(op, &stores.ingresses, &object, outlives).await,
            other => unreachable!("kind {other} passed the decision's allow-list"),
        };
        let result =
            result.inspect_err(|_| op.metrics.child_write(child.kind(), WriteResult::Error))?;
        op.metrics.child_write(child.kind(), result);
        match result {
            WriteResult::Skipped => summary.skipped += 1,
            _ => summary.applied += 1,
        }
        keep.insert((child.kind().to_owned(), child.name().to_owned()));
    }
    let uid = session.uid().unwrap_or_default();
    let stores = &op.stores;
    summary.deleted += prune(op, &stores.deployments, &uid, &keep).await?;
    summary.deleted += prune(op, &stores.services, &uid, &keep).await?;
    summary.deleted += prune(op, &stores.persistent_volume_claims, &uid, &keep).await?;
    summary.deleted += prune(op, &stores.ingresses, &uid, &keep).await?;
    Ok(summary)
}
