//! What follows a deletion, done asynchronously like the real controllers:
//! the garbage collector (owner references, with background, foreground and
//! orphan propagation), the server-owned finalizers, namespace termination and
//! the cleanup of a CRD's custom resources.

use std::sync::Weak;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::Shared;
use super::catalog::{CRD_CLEANUP_FINALIZER, custom_by_crd_name};
use super::rest::{
    FOREGROUND, ORPHAN, Propagation, commit_as_controller, delete_object, finalizers, remove_now,
};
use super::store::{ObjectKey, Store};
use super::strategy::{meta_mut, meta_str};

/// Work for the garbage collector.
#[derive(Debug, Clone)]
pub enum GcWork {
    /// An object with this uid is gone: its dependents may be orphaned.
    OwnerGone(String),
    /// An object with owner references was written: delete it if none of
    /// its owners exists.
    CheckOwners(ObjectKey),
    /// An object got a deletionTimestamp: run the finalizers the server owns.
    Finalize(ObjectKey),
    /// A namespace is terminating: delete its content, then the namespace.
    Namespace(String),
}

/// Sends work to the garbage collector.
#[derive(Clone, Debug)]
pub struct GcQueue(UnboundedSender<GcWork>);

impl GcQueue {
    /// Queues work (dropped if the fake is shutting down).
    pub fn send(&self, work: GcWork) {
        let _ = self.0.send(work);
    }
}

/// A queue and the receiving end for [`run`].
pub fn channel() -> (GcQueue, UnboundedReceiver<GcWork>) {
    let (tx, rx) = unbounded_channel();
    (GcQueue(tx), rx)
}

fn owner_refs(object: &Value) -> Vec<Value> {
    object
        .pointer("/metadata/ownerReferences")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn ref_uid(r: &Value) -> &str {
    r.get("uid").and_then(Value::as_str).unwrap_or("")
}

/// Whether an owner with `uid` exists where a dependent in `namespace` can
/// reference it (same namespace, or cluster-scoped).
fn owner_exists(store: &Store, namespace: &str, uid: &str) -> bool {
    store
        .key_of_uid(uid)
        .is_some_and(|k| k.namespace == namespace || k.namespace.is_empty())
}

fn dependents_of(store: &Store, uid: &str) -> Vec<ObjectKey> {
    store
        .all()
        .filter(|(_, s)| owner_refs(&s.object).iter().any(|r| ref_uid(r) == uid))
        .map(|(k, _)| k.clone())
        .collect()
}

/// Writes `object` with changed metadata as the collector.
fn gc_update(store: &mut Store, gc: &GcQueue, key: &ObjectKey, object: Value) {
    commit_as_controller(store, gc, key, object, None);
}

/// Keeps only the owner references `keep` accepts.
fn retain_refs(store: &mut Store, gc: &GcQueue, key: &ObjectKey, keep: impl Fn(&Value) -> bool) {
    let Some(stored) = store.get(key) else { return };
    let mut object = stored.object.clone();
    let refs: Vec<Value> = owner_refs(&object)
        .into_iter()
        .filter(|r| keep(r))
        .collect();
    let meta = meta_mut(&mut object);
    if refs.is_empty() {
        meta.remove("ownerReferences");
    } else {
        meta.insert("ownerReferences".into(), json!(refs));
    }
    gc_update(store, gc, key, object);
}

/// A dependent whose owners may be gone: delete it when none is left,
/// else drop the references to the missing ones.
fn check_dependent(store: &mut Store, gc: &GcQueue, key: &ObjectKey) {
    let Some(stored) = store.get(key) else { return };
    let refs = owner_refs(&stored.object);
    if refs.is_empty()
        || stored
            .object
            .pointer("/metadata/deletionTimestamp")
            .is_some()
    {
        return;
    }
    let solid: Vec<bool> = refs
        .iter()
        .map(|r| owner_exists(store, &key.namespace, ref_uid(r)))
        .collect();
    if !solid.contains(&true) {
        delete_object(store, gc, key, Propagation::Background);
    } else if solid.contains(&false) {
        let namespace = key.namespace.clone();
        let existing: Vec<String> = refs
            .iter()
            .map(ref_uid)
            .filter(|uid| owner_exists(store, &namespace, uid))
            .map(str::to_owned)
            .collect();
        retain_refs(store, gc, key, |r| existing.iter().any(|u| u == ref_uid(r)));
    }
}

/// Runs the server-owned finalizers of a deleted object. Returns whether
/// to come back later (dependents still being deleted).
fn finalize(store: &mut Store, gc: &GcQueue, key: &ObjectKey) -> bool {
    let Some(stored) = store.get(key) else {
        return false;
    };
    let object = stored.object.clone();
    if object.pointer("/metadata/deletionTimestamp").is_none() {
        return false;
    }
    let uid = meta_str(&object, "uid").unwrap_or_default().to_owned();
    let present = finalizers(&object);
    let mut done: Vec<&str> = Vec::new();
    let mut wait = false;

    if present.iter().any(|f| f == ORPHAN) {
        for dep in dependents_of(store, &uid) {
            retain_refs(store, gc, &dep, |r| ref_uid(r) != uid);
        }
        done.push(ORPHAN);
    }
    if present.iter().any(|f| f == FOREGROUND) {
        for dep in dependents_of(store, &uid) {
            let others = store
                .get(&dep)
                .map(|s| owner_refs(&s.object))
                .unwrap_or_default();
            let other_owner = others
                .iter()
                .any(|r| ref_uid(r) != uid && owner_exists(store, &dep.namespace, ref_uid(r)));
            if other_owner {
                retain_refs(store, gc, &dep, |r| ref_uid(r) != uid);
            } else {
                delete_object(store, gc, &dep, Propagation::Background);
            }
        }
        if dependents_of(store, &uid).is_empty() {
            done.push(FOREGROUND);
        } else {
            wait = true;
        }
    }
    if present.iter().any(|f| f == CRD_CLEANUP_FINALIZER) && key.def().is_crd() {
        let instances: Vec<ObjectKey> = match custom_by_crd_name(&key.name) {
            Some(def) => store
                .all()
                .filter(|(k, _)| k.is_of(def))
                .map(|(k, _)| k.clone())
                .collect(),
            None => Vec::new(),
        };
        for instance in &instances {
            delete_object(store, gc, instance, Propagation::Background);
        }
        if instances.iter().all(|k| store.get(k).is_none()) {
            done.push(CRD_CLEANUP_FINALIZER);
        } else {
            wait = true;
        }
    }
    if !done.is_empty()
        && let Some(stored) = store.get(key)
    {
        let mut object = stored.object.clone();
        let remaining: Vec<String> = finalizers(&object)
            .into_iter()
            .filter(|f| !done.contains(&f.as_str()))
            .collect();
        meta_mut(&mut object).insert("finalizers".into(), json!(remaining));
        gc_update(store, gc, key, object);
    }
    wait
}

/// Deletes a terminating namespace's content, then the namespace. Returns
/// whether to come back later (content still being finalized).
fn terminate_namespace(store: &mut Store, gc: &GcQueue, name: &str) -> bool {
    let content: Vec<ObjectKey> = store
        .all()
        .filter(|(k, _)| k.namespace == name)
        .map(|(k, _)| k.clone())
        .collect();
    for key in &content {
        delete_object(store, gc, key, Propagation::Background);
    }
    if content.iter().any(|k| store.get(k).is_some()) {
        return true;
    }
    let ns_key = ObjectKey {
        group: "",
        plural: "namespaces",
        namespace: String::new(),
        name: name.to_owned(),
    };
    remove_now(store, gc, &ns_key);
    false
}

fn process(store: &mut Store, gc: &GcQueue, work: &GcWork) -> bool {
    match work {
        GcWork::OwnerGone(uid) => {
            for dep in dependents_of(store, uid) {
                check_dependent(store, gc, &dep);
            }
            false
        }
        GcWork::CheckOwners(key) => {
            check_dependent(store, gc, key);
            false
        }
        GcWork::Finalize(key) => finalize(store, gc, key),
        GcWork::Namespace(name) => terminate_namespace(store, gc, name),
    }
}

/// The collector: processes work until the fake is dropped.
pub async fn run(shared: Weak<Shared>, mut rx: UnboundedReceiver<GcWork>) {
    while let Some(work) = rx.recv().await {
        let Some(shared) = shared.upgrade() else {
            break;
        };
        let again = process(&mut shared.store(), &shared.gc, &work);
        if again {
            let gc = shared.gc.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(50)).await;
                gc.send(work);
            });
        }
    }
}
