//! The cache of one child kind: the objects that carry the operator's label,
//! as compact JSON, indexed by owner so a reconcile finds a Session's
//! children without scanning every object of the cluster. A typed
//! Kubernetes object takes about ten times its JSON in memory, which at
//! thousands of Sessions made these caches most of the operator's.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use kube::ResourceExt;
use kube::api::DynamicObject;
use kube::runtime::watcher;
use serde_json::Value;

use crate::crd::ChildKind;

/// `namespace/name` of a cached object.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectKey {
    /// Its namespace.
    pub namespace: String,
    /// Its name.
    pub name: String,
}

impl ObjectKey {
    fn of(object: &DynamicObject) -> Self {
        Self {
            namespace: object.namespace().unwrap_or_default(),
            name: object.name_any(),
        }
    }
}

/// Children by owner uid, and owner uids by child, so an event costs the
/// child's own owners rather than a pass over every owner.
#[derive(Default)]
struct Ownership {
    by_owner: HashMap<String, HashSet<ObjectKey>>,
    owners_of: HashMap<ObjectKey, Vec<String>>,
}

impl Ownership {
    fn remove(&mut self, key: &ObjectKey) {
        for uid in self.owners_of.remove(key).unwrap_or_default() {
            if let Some(children) = self.by_owner.get_mut(&uid) {
                children.remove(key);
                if children.is_empty() {
                    self.by_owner.remove(&uid);
                }
            }
        }
    }

    /// Records `key` under `uids`, its current owners (which may have
    /// changed).
    fn insert(&mut self, key: ObjectKey, uids: Vec<String>) {
        self.remove(&key);
        if uids.is_empty() {
            return;
        }
        for uid in &uids {
            self.by_owner
                .entry(uid.clone())
                .or_default()
                .insert(key.clone());
        }
        self.owners_of.insert(key, uids);
    }
}

/// The objects of one kind, and who owns them.
#[derive(Default)]
struct Cache {
    objects: HashMap<ObjectKey, Arc<str>>,
    ownership: Ownership,
}

impl Cache {
    /// Caches `object`; whether that changed what was cached.
    fn insert(&mut self, kind: &ChildKind, object: &DynamicObject) -> bool {
        let key = ObjectKey::of(object);
        match serde_json::to_string(object) {
            Ok(json) => {
                if self.objects.get(&key).is_some_and(|old| **old == *json) {
                    return false;
                }
                let owners = object
                    .owner_references()
                    .iter()
                    .map(|o| o.uid.clone())
                    .collect();
                self.objects.insert(key.clone(), json.into());
                self.ownership.insert(key, owners);
                true
            }
            Err(e) => {
                tracing::warn!(
                    kind = kind.kind,
                    name = key.name,
                    "cannot cache a watched object: {e}"
                );
                true
            }
        }
    }

    /// Forgets `key`; whether it was cached.
    fn remove(&mut self, key: &ObjectKey) -> bool {
        self.ownership.remove(key);
        self.objects.remove(key).is_some()
    }
}

/// Readies a watched object of `kind` for the cache: the object as scripts
/// see it ([`ChildKind::observed_view`]: no `managedFields`, no
/// resourceVersion, only the status fields scripts read), which also keeps
/// the cache small. A listed object carries no apiVersion and kind; scripts
/// and the editor read them, so every cached object gets them.
pub fn prepare(kind: &ChildKind, object: &mut DynamicObject) {
    let metadata = &mut object.metadata;
    metadata.managed_fields = None;
    metadata.resource_version = None;
    if let Some(annotations) = &mut metadata.annotations {
        annotations.retain(|key, _| kind.shows_annotation(key));
    }
    if let Some(status) = object.data.get_mut("status") {
        kind.keep_observed_status(status);
    }
    object.types = Some(kube::core::TypeMeta {
        api_version: kind.api_version.to_owned(),
        kind: kind.kind.to_owned(),
    });
}

/// The objects of one child kind that carry the operator's label, kept
/// from its watch.
pub struct ChildStore {
    kind: &'static ChildKind,
    current: RwLock<Cache>,
    // Filled during a re-list and swapped in when it completes, so children
    // deleted while the watch was down disappear.
    relist: Mutex<Option<Cache>>,
    synced: AtomicBool,
}

impl ChildStore {
    /// An empty store of `kind`, not synced yet.
    pub fn new(kind: &'static ChildKind) -> Self {
        Self {
            kind,
            current: RwLock::default(),
            relist: Mutex::default(),
            synced: AtomicBool::new(false),
        }
    }

    /// The kind this store holds.
    pub fn kind(&self) -> &'static ChildKind {
        self.kind
    }

    /// Takes one event of the kind's watch (its object readied by
    /// `prepare`); whether it changed the object as scripts see it. An
    /// event that did not (the echo of the operator's own write, already
    /// recorded; a status field scripts do not see) need not reconcile the
    /// owner.
    pub fn apply(&self, event: &watcher::Event<DynamicObject>) -> bool {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        let mut relist = self.relist.lock().unwrap_or_else(|e| e.into_inner());
        match event {
            watcher::Event::Apply(object) => current.insert(self.kind, object),
            watcher::Event::Delete(object) => current.remove(&ObjectKey::of(object)),
            watcher::Event::Init => {
                *relist = Some(Cache::default());
                false
            }
            watcher::Event::InitApply(object) => {
                let key = ObjectKey::of(object);
                let relisted = relist.get_or_insert_with(Cache::default);
                relisted.insert(self.kind, object);
                current.objects.get(&key) != relisted.objects.get(&key)
            }
            watcher::Event::InitDone => {
                *current = relist.take().unwrap_or_default();
                self.synced.store(true, Ordering::Release);
                false
            }
        }
    }

    /// Records `object` as the API server answered a write of the
    /// operator's, before its watch event arrives: the next reconcile sees
    /// it, and the event, equal to it, reconciles nothing.
    pub fn record(&self, mut object: DynamicObject) {
        prepare(self.kind, &mut object);
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        current.insert(self.kind, &object);
    }

    /// The object `namespace/name` as JSON: what applying and the editor's
    /// diffs compare with.
    pub fn get(&self, namespace: &str, name: &str) -> Option<Value> {
        let key = ObjectKey {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        };
        let json = {
            let current = self.current.read().unwrap_or_else(|e| e.into_inner());
            current.objects.get(&key)?.clone()
        };
        serde_json::from_str(&json)
            .inspect_err(|e| {
                tracing::error!(
                    kind = self.kind.kind,
                    name,
                    "a cached object does not parse: {e}"
                )
            })
            .ok()
    }

    /// The objects owned by `uid`, as JSON.
    pub fn owned_by(&self, uid: &str) -> Vec<(ObjectKey, Arc<str>)> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner());
        current
            .ownership
            .by_owner
            .get(uid)
            .into_iter()
            .flatten()
            .filter_map(|key| Some((key.clone(), current.objects.get(key)?.clone())))
            .collect()
    }

    /// Whether the first list is complete.
    pub fn synced(&self) -> bool {
        self.synced.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(name: &str, owners: &[&str]) -> DynamicObject {
        let mut object: DynamicObject = serde_json::from_value(serde_json::json!({
            "metadata": {
                "name": name, "namespace": "ns",
                "ownerReferences": owners.iter().map(|uid| serde_json::json!({
                    "apiVersion": "stream.space/v1alpha1", "kind": "Session",
                    "name": uid, "uid": uid,
                })).collect::<Vec<_>>(),
                "managedFields": [{ "manager": "kubectl", "operation": "Update" }],
            }
        }))
        .expect("a Service");
        prepare(ChildKind::named("Service").unwrap(), &mut object);
        object
    }

    fn names(store: &ChildStore, uid: &str) -> Vec<String> {
        let mut names: Vec<String> = store
            .owned_by(uid)
            .into_iter()
            .map(|(key, _)| key.name)
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_cache_follows_owner_changes_deletions_and_relists() {
        let store = ChildStore::new(ChildKind::named("Service").unwrap());
        store.apply(&watcher::Event::Apply(service("a", &["u1"])));
        store.apply(&watcher::Event::Apply(service("b", &["u1", "u2"])));
        assert_eq!(names(&store, "u1"), ["a", "b"]);
        assert_eq!(names(&store, "u2"), ["b"]);

        // b changes owners: it leaves u1.
        store.apply(&watcher::Event::Apply(service("b", &["u2"])));
        assert_eq!(names(&store, "u1"), ["a"]);
        assert_eq!(names(&store, "u2"), ["b"]);

        store.apply(&watcher::Event::Delete(service("a", &["u1"])));
        assert!(names(&store, "u1").is_empty());

        // A re-list replaces everything once done: c appears, b (deleted
        // while the watch was down) disappears.
        store.apply(&watcher::Event::Init);
        store.apply(&watcher::Event::InitApply(service("c", &["u3"])));
        assert_eq!(
            names(&store, "u2"),
            ["b"],
            "the old view until the list is done"
        );
        assert!(!store.synced(), "not synced before the first list is done");
        store.apply(&watcher::Event::InitDone);
        assert!(store.synced());
        assert!(names(&store, "u2").is_empty());
        assert_eq!(names(&store, "u3"), ["c"]);
        assert!(store.get("ns", "b").is_none());
        assert!(store.get("other", "c").is_none());
    }

    fn deployment(resource_version: &str, status: serde_json::Value) -> DynamicObject {
        let mut object: DynamicObject = serde_json::from_value(serde_json::json!({
            "metadata": {
                "name": "d", "namespace": "ns", "resourceVersion": resource_version,
                "ownerReferences": [{ "apiVersion": "stream.space/v1alpha1", "kind": "Session",
                                      "name": "s", "uid": "u1" }],
            },
            "spec": { "replicas": 1 },
            "status": status,
        }))
        .expect("a Deployment");
        prepare(ChildKind::named("Deployment").unwrap(), &mut object);
        object
    }

    #[test]
    fn only_what_scripts_see_counts_as_a_change() {
        let store = ChildStore::new(ChildKind::named("Deployment").unwrap());
        let created = deployment("1", serde_json::json!({}));
        store.record(created.clone());
        assert!(
            !store.apply(&watcher::Event::Apply(created)),
            "the echo of the operator's own write"
        );
        let progress = serde_json::json!({ "observedGeneration": 1, "replicas": 1 });
        assert!(
            !store.apply(&watcher::Event::Apply(deployment("2", progress))),
            "the controller's progress"
        );
        let ready = serde_json::json!({ "observedGeneration": 1, "readyReplicas": 1 });
        assert!(store.apply(&watcher::Event::Apply(deployment("3", ready.clone()))));
        assert_eq!(
            store.get("ns", "d").unwrap()["status"],
            serde_json::json!({ "readyReplicas": 1 })
        );
        assert!(!store.apply(&watcher::Event::Apply(deployment("4", ready.clone()))));
        // A re-list that finds it as it was changes nothing either.
        store.apply(&watcher::Event::Init);
        assert!(!store.apply(&watcher::Event::InitApply(deployment("5", ready))));
        store.apply(&watcher::Event::InitDone);
        assert!(store.apply(&watcher::Event::Delete(deployment(
            "6",
            serde_json::json!({})
        ))));
    }

    #[test]
    fn cached_objects_carry_their_kind_and_no_managed_fields() {
        // Objects of a list come without apiVersion and kind.
        let store = ChildStore::new(ChildKind::named("Service").unwrap());
        store.apply(&watcher::Event::Apply(service("c", &["u3"])));
        let cached = store.get("ns", "c").expect("cached");
        assert_eq!(cached["apiVersion"], "v1");
        assert_eq!(cached["kind"], "Service");
        assert_eq!(cached["metadata"]["name"], "c");
        assert!(cached["metadata"].get("managedFields").is_none());
        let (_, json) = &store.owned_by("u3")[0];
        assert_eq!(serde_json::from_str::<Value>(json).unwrap(), cached);
    }
}
