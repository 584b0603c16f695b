//! The watch caches: reflector stores of Sessions and Templates, and for
//! each child kind a cache of compact JSON indexed by owner, so a reconcile
//! finds a Session's children without scanning every object of the cluster.

use std::collections::{HashMap, HashSet};
use std::fmt::Debug;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use futures::{FutureExt, Stream, StreamExt, TryStreamExt};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Service};
use k8s_openapi::api::networking::v1::Ingress;
use kube::runtime::reflector::{ObjectRef, Store};
use kube::runtime::{WatchStreamExt, reflector, watcher};
use kube::{Api, Resource, ResourceExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::crd::Session;
use crate::script::ObservedChildren;

/// The label every child carries, and the selector of the child watches.
pub const MANAGED_BY: (&str, &str) = ("app.kubernetes.io/managed-by", "streamspace-operator");

/// Children by owner uid, and owner uids by child, so an event costs the
/// child's own owners rather than a pass over every owner.
struct Ownership<K: Resource<DynamicType = ()>> {
    by_owner: HashMap<String, HashSet<ObjectRef<K>>>,
    owners_of: HashMap<ObjectRef<K>, Vec<String>>,
}

impl<K: Resource<DynamicType = ()>> Default for Ownership<K> {
    fn default() -> Self {
        Self {
            by_owner: HashMap::new(),
            owners_of: HashMap::new(),
        }
    }
}

impl<K: Resource<DynamicType = ()>> Ownership<K> {
    fn remove(&mut self, key: &ObjectRef<K>) {
        for uid in self.owners_of.remove(key).unwrap_or_default() {
            if let Some(children) = self.by_owner.get_mut(&uid) {
                children.remove(key);
                if children.is_empty() {
                    self.by_owner.remove(&uid);
                }
            }
        }
    }

    /// Records `object` under its current owners (which may have changed).
    fn insert(&mut self, object: &K) {
        let key = ObjectRef::from_obj(object);
        self.remove(&key);
        let uids: Vec<String> = object
            .owner_references()
            .iter()
            .map(|o| o.uid.clone())
            .collect();
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

/// The objects of one child kind, and who owns them.
struct Cache<K: Resource<DynamicType = ()>> {
    objects: HashMap<ObjectRef<K>, Arc<str>>,
    ownership: Ownership<K>,
}

impl<K: Resource<DynamicType = ()>> Default for Cache<K> {
    fn default() -> Self {
        Self {
            objects: HashMap::new(),
            ownership: Ownership::default(),
        }
    }
}

impl<K: Resource<DynamicType = ()> + Serialize> Cache<K> {
    fn insert(&mut self, object: &K) {
        let key = ObjectRef::from_obj(object);
        match serde_json::to_string(object) {
            Ok(json) => {
                self.objects.insert(key, json.into());
                self.ownership.insert(object);
            }
            Err(e) => tracing::warn!(object = %key, "cannot cache a watched object: {e}"),
        }
    }

    fn remove(&mut self, key: &ObjectRef<K>) {
        self.objects.remove(key);
        self.ownership.remove(key);
    }
}

/// The objects of one child kind that carry the operator's label, kept from
/// its watch. They are held as compact JSON and typed again when read: a
/// typed Kubernetes object takes about ten times its JSON in memory, which
/// at thousands of Sessions made these caches most of the operator's.
pub struct ChildStore<K: Resource<DynamicType = ()>> {
    current: RwLock<Cache<K>>,
    // Filled during a re-list and swapped in when it completes, so children
    // deleted while the watch was down disappear.
    relist: Mutex<Option<Cache<K>>>,
    synced: AtomicBool,
}

impl<K: Resource<DynamicType = ()>> Default for ChildStore<K> {
    fn default() -> Self {
        Self {
            current: RwLock::default(),
            relist: Mutex::default(),
            synced: AtomicBool::new(false),
        }
    }
}

impl<K> ChildStore<K>
where
    K: Resource<DynamicType = ()> + Serialize + DeserializeOwned,
{
    fn apply(&self, event: &watcher::Event<K>) {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        let mut relist = self.relist.lock().unwrap_or_else(|e| e.into_inner());
        match event {
            watcher::Event::Apply(object) => current.insert(object),
            watcher::Event::Delete(object) => current.remove(&ObjectRef::from_obj(object)),
            watcher::Event::Init => *relist = Some(Cache::default()),
            watcher::Event::InitApply(object) => {
                relist.get_or_insert_with(Cache::default).insert(object)
            }
            watcher::Event::InitDone => {
                *current = relist.take().unwrap_or_default();
                self.synced.store(true, Ordering::Release);
            }
        }
    }

    fn parsed<T: DeserializeOwned>(key: &ObjectRef<K>, json: &str) -> Option<T> {
        serde_json::from_str(json)
            .inspect_err(|e| tracing::error!(object = %key, "a cached object does not parse: {e}"))
            .ok()
    }

    /// The object `namespace/name` as JSON: what applying and the editor's
    /// diffs compare with, so it is not typed on the way.
    pub fn get(&self, namespace: &str, name: &str) -> Option<Value> {
        let key = ObjectRef::new(name).within(namespace);
        let json = {
            let current = self.current.read().unwrap_or_else(|e| e.into_inner());
            current.objects.get(&key)?.clone()
        };
        Self::parsed(&key, &json)
    }

    /// The objects owned by `uid`.
    pub fn owned_by(&self, uid: &str) -> Vec<Arc<K>> {
        let owned: Vec<(ObjectRef<K>, Arc<str>)> = {
            let current = self.current.read().unwrap_or_else(|e| e.into_inner());
            current
                .ownership
                .by_owner
                .get(uid)
                .into_iter()
                .flatten()
                .filter_map(|key| Some((key.clone(), current.objects.get(key)?.clone())))
                .collect()
        };
        owned
            .iter()
            .filter_map(|(key, json)| Self::parsed(key, json).map(Arc::new))
            .collect()
    }

    /// Whether the first list is complete.
    pub fn synced(&self) -> bool {
        self.synced.load(Ordering::Acquire)
    }
}

/// The watch of `api`, retried with backoff. `managedFields` are dropped on
/// the way in: neither scripts nor the host read them, and they are most of
/// an object's memory.
fn watch<K>(
    api: Api<K>,
    config: watcher::Config,
) -> impl Stream<Item = Result<watcher::Event<K>, watcher::Error>> + Send + 'static
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
{
    watcher(api, config)
        .default_backoff()
        .modify(|object| object.managed_fields_mut().clear())
}

/// Watches `api` into a store.
pub fn reflect<K>(
    api: Api<K>,
    config: watcher::Config,
) -> (
    Store<K>,
    impl Stream<Item = Result<watcher::Event<K>, watcher::Error>> + Send + 'static,
)
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
{
    let (reader, writer) = reflector::store();
    (reader, watch(api, config).reflect(writer))
}

/// Watches the children of one kind that carry the operator's label; returns
/// their cache and the stream of changed objects for the controller.
pub fn watch_children<K>(
    api: Api<K>,
) -> (
    Arc<ChildStore<K>>,
    impl Stream<Item = Result<K, watcher::Error>> + Send + 'static,
)
where
    K: Resource<DynamicType = ()>
        + Clone
        + Serialize
        + DeserializeOwned
        + Debug
        + Send
        + Sync
        + 'static,
{
    let store: Arc<ChildStore<K>> = Arc::default();
    let config = watcher::Config::default().labels(&format!("{}={}", MANAGED_BY.0, MANAGED_BY.1));
    let cache = Arc::clone(&store);
    let stream = watch(api, config)
        .inspect_ok(move |event| cache.apply(event))
        .touched_objects()
        .boxed();
    (store, stream)
}

/// Every store the controllers read from.
pub struct Stores {
    /// Sessions.
    pub sessions: Store<Session>,
    /// Templates.
    pub templates: Store<crate::crd::Template>,
    /// Deployments carrying the operator's label.
    pub deployments: Arc<ChildStore<Deployment>>,
    /// Services carrying the operator's label.
    pub services: Arc<ChildStore<Service>>,
    /// PersistentVolumeClaims carrying the operator's label.
    pub persistent_volume_claims: Arc<ChildStore<PersistentVolumeClaim>>,
    /// Ingresses carrying the operator's label.
    pub ingresses: Arc<ChildStore<Ingress>>,
}

impl Stores {
    /// The children a Session owns, as scripts see them.
    pub fn observed(&self, session: &Session) -> ObservedChildren {
        let uid = session.uid().unwrap_or_default();
        ObservedChildren {
            deployments: self.deployments.owned_by(&uid),
            services: self.services.owned_by(&uid),
            persistent_volume_claims: self.persistent_volume_claims.owned_by(&uid),
            ingresses: self.ingresses.owned_by(&uid),
        }
    }

    /// The Template a Session names, in its namespace.
    pub fn template_of(&self, session: &Session) -> Option<Arc<crate::crd::Template>> {
        let namespace = session.namespace().unwrap_or_default();
        self.templates
            .get(&ObjectRef::new(&session.spec.template).within(&namespace))
    }

    /// Whether every store has had its first full list.
    pub fn synced(&self) -> bool {
        // Checked without waiting: readiness is polled by /readyz.
        fn ready<K: Resource<DynamicType = ()> + Clone + 'static>(store: &Store<K>) -> bool {
            matches!(store.wait_until_ready().now_or_never(), Some(Ok(())))
        }
        ready(&self.sessions)
            && ready(&self.templates)
            && self.deployments.synced()
            && self.services.synced()
            && self.persistent_volume_claims.synced()
            && self.ingresses.synced()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(name: &str, owners: &[&str]) -> Service {
        serde_json::from_value(serde_json::json!({
            "metadata": {
                "name": name, "namespace": "ns",
                "ownerReferences": owners.iter().map(|uid| serde_json::json!({
                    "apiVersion": "stream.space/v1alpha1", "kind": "Session",
                    "name": uid, "uid": uid,
                })).collect::<Vec<_>>(),
            }
        }))
        .expect("a Service")
    }

    fn names(store: &ChildStore<Service>, uid: &str) -> Vec<String> {
        let mut names: Vec<String> = store.owned_by(uid).iter().map(|s| s.name_any()).collect();
        names.sort();
        names
    }

    #[test]
    fn the_cache_follows_owner_changes_deletions_and_relists() {
        let index = ChildStore::<Service>::default();
        index.apply(&watcher::Event::Apply(service("a", &["u1"])));
        index.apply(&watcher::Event::Apply(service("b", &["u1", "u2"])));
        assert_eq!(names(&index, "u1"), ["a", "b"]);
        assert_eq!(names(&index, "u2"), ["b"]);

        // b changes owners: it leaves u1.
        index.apply(&watcher::Event::Apply(service("b", &["u2"])));
        assert_eq!(names(&index, "u1"), ["a"]);
        assert_eq!(names(&index, "u2"), ["b"]);

        index.apply(&watcher::Event::Delete(service("a", &["u1"])));
        assert!(names(&index, "u1").is_empty());

        // A re-list replaces everything once done: c appears, b (deleted
        // while the watch was down) disappears.
        index.apply(&watcher::Event::Init);
        index.apply(&watcher::Event::InitApply(service("c", &["u3"])));
        assert_eq!(
            names(&index, "u2"),
            ["b"],
            "the old view until the list is done"
        );
        assert!(!index.synced(), "not synced before the first list is done");
        index.apply(&watcher::Event::InitDone);
        assert!(index.synced());
        assert!(names(&index, "u2").is_empty());
        assert_eq!(names(&index, "u3"), ["c"]);
        assert_eq!(
            index.get("ns", "c").map(|c| c["metadata"]["name"].clone()),
            Some(serde_json::json!("c"))
        );
        assert!(index.get("ns", "b").is_none());
        assert!(index.get("other", "c").is_none());
    }
}
