//! Reflector stores of Sessions, Templates and the child kinds, with an
//! index of children by owner so a reconcile finds a Session's children
//! without scanning every object of the cluster.

use std::collections::{HashMap, HashSet};
use std::fmt::Debug;
use std::sync::{Arc, Mutex, RwLock};

use futures::{FutureExt, Stream, StreamExt, TryStreamExt};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Service};
use k8s_openapi::api::networking::v1::Ingress;
use kube::runtime::reflector::{ObjectRef, Store};
use kube::runtime::{WatchStreamExt, reflector, watcher};
use kube::{Api, Resource, ResourceExt};
use serde::de::DeserializeOwned;

use crate::crd::Session;
use crate::script::ObservedChildren;

/// The label every child carries, and the selector of the child watches.
pub const MANAGED_BY: (&str, &str) = ("app.kubernetes.io/managed-by", "streamspace-operator");

/// Children of each owner uid, kept current from watch events.
pub struct OwnerIndex<K: Resource<DynamicType = ()>> {
    by_owner: RwLock<HashMap<String, HashSet<ObjectRef<K>>>>,
    // Filled during a re-list and swapped in when it completes, so children
    // deleted while the watch was down disappear from the index.
    relist: Mutex<Option<HashMap<String, HashSet<ObjectRef<K>>>>>,
}

impl<K: Resource<DynamicType = ()>> Default for OwnerIndex<K> {
    fn default() -> Self {
        Self {
            by_owner: RwLock::default(),
            relist: Mutex::default(),
        }
    }
}

fn owners<K: Resource>(object: &K) -> impl Iterator<Item = String> + '_ {
    object.owner_references().iter().map(|o| o.uid.clone())
}

fn insert<K: Resource<DynamicType = ()>>(
    map: &mut HashMap<String, HashSet<ObjectRef<K>>>,
    object: &K,
) {
    for uid in owners(object) {
        map.entry(uid)
            .or_default()
            .insert(ObjectRef::from_obj(object));
    }
}

impl<K: Resource<DynamicType = ()>> OwnerIndex<K> {
    fn apply(&self, event: &watcher::Event<K>) {
        let mut by_owner = self.by_owner.write().unwrap_or_else(|e| e.into_inner());
        let mut relist = self.relist.lock().unwrap_or_else(|e| e.into_inner());
        match event {
            watcher::Event::Apply(object) => {
                // The owners may have changed: drop the object everywhere first.
                let key = ObjectRef::from_obj(object);
                by_owner.values_mut().for_each(|set| {
                    set.remove(&key);
                });
                insert(&mut by_owner, object);
            }
            watcher::Event::Delete(object) => {
                let key = ObjectRef::from_obj(object);
                for uid in owners(object) {
                    if let Some(set) = by_owner.get_mut(&uid) {
                        set.remove(&key);
                        if set.is_empty() {
                            by_owner.remove(&uid);
                        }
                    }
                }
            }
            watcher::Event::Init => *relist = Some(HashMap::new()),
            watcher::Event::InitApply(object) => {
                insert(relist.get_or_insert_with(HashMap::new), object)
            }
            watcher::Event::InitDone => *by_owner = relist.take().unwrap_or_default(),
        }
    }

    /// The children owned by `uid`.
    pub fn owned_by(&self, uid: &str) -> Vec<ObjectRef<K>> {
        let by_owner = self.by_owner.read().unwrap_or_else(|e| e.into_inner());
        by_owner
            .get(uid)
            .map(|set| set.iter().cloned().collect())
            .unwrap_or_default()
    }
}

/// A store of one child kind and its owner index.
pub struct ChildStore<K: Resource<DynamicType = ()> + 'static> {
    /// Every watched object of the kind.
    pub store: Store<K>,
    /// Objects by owner uid.
    pub index: Arc<OwnerIndex<K>>,
}

impl<K: Resource<DynamicType = ()> + Clone + 'static> ChildStore<K> {
    /// The objects owned by `uid`, from the store.
    pub fn owned_by(&self, uid: &str) -> Vec<Arc<K>> {
        self.index
            .owned_by(uid)
            .iter()
            .filter_map(|r| self.store.get(r))
            .collect()
    }
}

/// Watches `api` into a store. `managedFields` are dropped on the way in:
/// neither scripts nor the host read them, and they are most of an object's
/// memory.
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
    let stream = watcher(api, config)
        .default_backoff()
        .modify(|object| object.managed_fields_mut().clear())
        .reflect(writer);
    (reader, stream)
}

/// Watches the children of one kind that carry the operator's label; returns
/// the store and the stream of changed objects for the controller.
pub fn watch_children<K>(
    api: Api<K>,
) -> (
    ChildStore<K>,
    impl Stream<Item = Result<K, watcher::Error>> + Send + 'static,
)
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
{
    let index: Arc<OwnerIndex<K>> = Arc::default();
    let config = watcher::Config::default().labels(&format!("{}={}", MANAGED_BY.0, MANAGED_BY.1));
    let (reader, events) = reflect(api, config);
    let indexer = Arc::clone(&index);
    let stream = events
        .inspect_ok(move |event| indexer.apply(event))
        .touched_objects()
        .boxed();
    (
        ChildStore {
            store: reader,
            index,
        },
        stream,
    )
}

/// Every store the controllers read from.
pub struct Stores {
    /// Sessions.
    pub sessions: Store<Session>,
    /// Templates.
    pub templates: Store<crate::crd::Template>,
    /// Deployments carrying the operator's label.
    pub deployments: ChildStore<Deployment>,
    /// Services carrying the operator's label.
    pub services: ChildStore<Service>,
    /// PersistentVolumeClaims carrying the operator's label.
    pub persistent_volume_claims: ChildStore<PersistentVolumeClaim>,
    /// Ingresses carrying the operator's label.
    pub ingresses: ChildStore<Ingress>,
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
            && ready(&self.deployments.store)
            && ready(&self.services.store)
            && ready(&self.persistent_volume_claims.store)
            && ready(&self.ingresses.store)
    }
}
