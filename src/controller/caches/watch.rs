//! The watches that fill the caches: Sessions and Templates into reflector
//! stores, and each child kind of the table (the objects with the
//! operator's label) into its [`ChildStore`]. Every watch retries with
//! backoff, so an unreachable API server delays the caches, never crashes.

use std::fmt::Debug;
use std::sync::Arc;

use futures::stream::BoxStream;
use futures::{Stream, StreamExt, TryStreamExt};
use kube::api::DynamicObject;
use kube::core::ApiResource;
use kube::runtime::{WatchStreamExt, reflector, watcher};
use kube::{Api, Client, Resource};
use serde::de::DeserializeOwned;

use super::Caches;
use super::children::{ChildStore, prepare};
use crate::crd::{CHILD_KINDS, ChildKind, Session, Template};
use crate::keys::managed_by_selector;

/// The changed objects of one child kind, for the controller to map to
/// their owning Sessions.
pub struct ChildChanges {
    /// The kind, as kube's dynamic API addresses it.
    pub resource: ApiResource,
    /// Every object the watch applied or deleted that changed as scripts
    /// see it.
    pub objects: BoxStream<'static, Result<DynamicObject, watcher::Error>>,
}

/// The event streams behind the caches. They fill the caches only while
/// they are polled: the controllers drive them.
pub struct Watches {
    /// Session events, already reflected into the cache.
    pub sessions: BoxStream<'static, Result<watcher::Event<Session>, watcher::Error>>,
    /// Template events, already reflected into the cache.
    pub templates: BoxStream<'static, Result<watcher::Event<Template>, watcher::Error>>,
    /// One stream per child kind, already applied to its cache.
    pub children: Vec<ChildChanges>,
}

/// `Api` of `K` in `namespace`, or in every namespace when it is empty.
pub fn scoped<K>(client: &Client, namespace: &str) -> Api<K>
where
    K: Resource<Scope = k8s_openapi::NamespaceResourceScope, DynamicType = ()>,
{
    if namespace.is_empty() {
        Api::all(client.clone())
    } else {
        Api::namespaced(client.clone(), namespace)
    }
}

/// Watches `api` into a reflector store, without `managedFields`.
fn reflect<K>(
    api: Api<K>,
) -> (
    reflector::Store<K>,
    impl Stream<Item = Result<watcher::Event<K>, watcher::Error>> + Send + 'static,
)
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
{
    let (reader, writer) = reflector::store();
    let events = watcher(api, watcher::Config::default())
        .default_backoff()
        .modify(|object| object.meta_mut().managed_fields = None)
        .reflect(writer);
    (reader, events)
}

/// Watches the objects of `kind` that carry the operator's label.
fn watch_kind(
    client: &Client,
    namespace: &str,
    kind: &'static ChildKind,
) -> (Arc<ChildStore>, ChildChanges) {
    let resource = kind.api_resource();
    let api: Api<DynamicObject> = if namespace.is_empty() {
        Api::all_with(client.clone(), &resource)
    } else {
        Api::namespaced_with(client.clone(), namespace, &resource)
    };
    let store = Arc::new(ChildStore::new(kind));
    let cache = Arc::clone(&store);
    let config = watcher::Config::default().labels(&managed_by_selector());
    let objects = watcher(api, config)
        .default_backoff()
        .modify(move |object| prepare(kind, object))
        .try_filter_map(move |event| {
            let changed = cache.apply(&event);
            let object = match event {
                watcher::Event::Apply(o)
                | watcher::Event::Delete(o)
                | watcher::Event::InitApply(o) => changed.then_some(o),
                watcher::Event::Init | watcher::Event::InitDone => None,
            };
            std::future::ready(Ok(object))
        })
        .boxed();
    (store, ChildChanges { resource, objects })
}

/// The caches of `namespace` (every namespace when empty) and the watches
/// that fill them.
pub fn watch(client: &Client, namespace: &str) -> (Arc<Caches>, Watches) {
    let (sessions, session_events) = reflect(scoped::<Session>(client, namespace));
    let (templates, template_events) = reflect(scoped::<Template>(client, namespace));
    let (stores, children) = CHILD_KINDS
        .iter()
        .map(|kind| watch_kind(client, namespace, kind))
        .unzip();
    let caches = Arc::new(Caches::new(sessions, templates, stores));
    let watches = Watches {
        sessions: session_events.boxed(),
        templates: template_events.boxed(),
        children,
    };
    (caches, watches)
}
