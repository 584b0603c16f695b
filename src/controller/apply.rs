//! Applying a reconcile decision's children: server-side apply with one
//! field manager, owner references and labels set by the host, no write when
//! a child already matches, and pruning of owned children no longer listed.
//! Every kind is handled alike, as its row of the child kinds table says.

use std::collections::BTreeSet;

use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use kube::{Resource, ResourceExt};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::caches::ChildStore;
use super::context::Context;
use super::drift;
use crate::crd::{ChildKind, Session};
use crate::keys::{APPLIED_HASH, FIELD_MANAGER, MANAGED_BY, SESSION_LABEL};
use crate::metrics::WriteResult;
use crate::script::decision::Child;
use crate::script::naming::dns_label;

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

impl ApplyError {
    fn new(action: &'static str, kind: &ChildKind, name: &str, source: kube::Error) -> Self {
        Self {
            action,
            kind: kind.kind.to_owned(),
            name: name.to_owned(),
            source,
        }
    }
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

/// A short hash of `object`'s JSON: what was written, to compare with
/// without keeping the content.
pub(super) fn hash_of(object: &Value) -> String {
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

/// The kind's API in `namespace`: made only for a write, since most
/// applies find the child unchanged.
fn api(ctx: &Context, kind: &ChildKind, namespace: &str) -> Api<DynamicObject> {
    Api::namespaced_with(ctx.kube.client().clone(), namespace, &kind.api_resource())
}

async fn apply_one(
    ctx: &Context,
    store: &ChildStore,
    object: &Value,
    outlives: bool,
) -> Result<WriteResult, ApplyError> {
    let kind = store.kind();
    let namespace = object["metadata"]["namespace"].as_str().unwrap_or_default();
    let name = object["metadata"]["name"].as_str().unwrap_or_default();
    let observed = store.get(namespace, name);
    let fail = |action, source| ApplyError::new(action, kind, name, source);
    if outlives {
        // Created once, then left alone: it is shared beyond this Session
        // and most of its spec cannot change after creation.
        if observed.is_some() {
            return Ok(WriteResult::Skipped);
        }
        let object: DynamicObject = serde_json::from_value(object.clone())
            .map_err(|e| fail("create", kube::Error::SerdeError(e)))?;
        let params = PostParams {
            field_manager: Some(FIELD_MANAGER.into()),
            ..PostParams::default()
        };
        return match api(ctx, kind, namespace).create(&params, &object).await {
            Ok(created) => {
                store.record(created);
                Ok(WriteResult::Applied)
            }
            Err(kube::Error::Api(status)) if status.code == 409 => Ok(WriteResult::Skipped),
            Err(e) => Err(fail("create", e)),
        };
    }
    let wanted = applied_hash(object).unwrap_or_default();
    let recent_key = || format!("{}/{namespace}/{name}", kind.kind);
    if let Some(live) = &observed
        && applied_hash(live) == Some(wanted)
    {
        let Some(field) = drift::drifted_field(object, live) else {
            return Ok(WriteResult::Skipped);
        };
        tracing::info!(
            kind = kind.kind,
            name,
            namespace,
            field,
            "changed since it was applied; applying it again"
        );
    } else if observed.is_some() && ctx.recent.applied_lately(&recent_key(), wanted) {
        // This very content was applied a moment ago and the store still
        // shows the object before it. (A store without the object is not
        // trusted to lag: the child may have been deleted since.)
        return Ok(WriteResult::Skipped);
    } else {
        tracing::debug!(
            kind = kind.kind,
            name,
            current = observed.as_ref().and_then(applied_hash),
            wanted,
            "applying"
        );
    }
    let applied = api(ctx, kind, namespace)
        .patch(
            name,
            &PatchParams::apply(FIELD_MANAGER).force(),
            &Patch::Apply(object),
        )
        .await
        .map_err(|e| fail("apply", e))?;
    store.record(applied);
    ctx.recent.record(recent_key(), wanted);
    Ok(WriteResult::Applied)
}

/// Deletes the children of `store` owned by `uid` that `keep` does not
/// list; returns how many.
async fn prune(
    ctx: &Context,
    store: &ChildStore,
    uid: &str,
    keep: &BTreeSet<(&str, &str)>,
) -> Result<usize, ApplyError> {
    let kind = store.kind();
    let mut deleted = 0;
    for (child, _) in store.owned_by(uid) {
        if keep.contains(&(kind.kind, child.name.as_str())) {
            continue;
        }
        let deleting = api(ctx, kind, &child.namespace)
            .delete(&child.name, &DeleteParams::background())
            .await;
        match deleting {
            Ok(_) => {}
            Err(kube::Error::Api(status)) if status.code == 404 => {}
            Err(source) => return Err(ApplyError::new("delete", kind, &child.name, source)),
        }
        ctx.metrics.child_write(kind.kind, WriteResult::Deleted);
        deleted += 1;
    }
    Ok(deleted)
}

/// Applies every child of a decision and prunes the owned children it no
/// longer lists.
pub async fn apply_children(
    ctx: &Context,
    session: &Session,
    children: &[Child],
) -> Result<ApplySummary, ApplyError> {
    let mut summary = ApplySummary::default();
    let mut keep = BTreeSet::new();
    for child in children {
        let object = desired_object(child, session);
        let store = ctx.caches.store(child.kind_row());
        let result = apply_one(ctx, store, &object, child.outlives_session())
            .await
            .inspect_err(|_| ctx.metrics.child_write(child.kind(), WriteResult::Error))?;
        ctx.metrics.child_write(child.kind(), result);
        match result {
            WriteResult::Skipped => summary.skipped += 1,
            _ => summary.applied += 1,
        }
        keep.insert((child.kind(), child.name()));
    }
    let uid = session.uid().unwrap_or_default();
    for store in ctx.caches.child_stores().filter(|s| s.kind().pruned) {
        summary.deleted += prune(ctx, store, &uid, &keep).await?;
    }
    Ok(summary)
}
