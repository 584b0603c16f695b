//! Object storage: objects by resource, namespace and name; the global
//! `resourceVersion` counter; the bounded change history that watches resume
//! from; the registry of open watches; per-resource write counters.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;

use serde_json::Value;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::catalog::{RESOURCES, ResourceDef};
use super::managed::Managers;

/// Identifies one stored object.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ObjectKey {
    /// API group of the resource.
    pub group: &'static str,
    /// Plural resource name.
    pub plural: &'static str,
    /// Namespace; empty for cluster-scoped objects.
    pub namespace: String,
    /// Object name.
    pub name: String,
}

impl ObjectKey {
    /// The key of `name` in `namespace` (ignored for cluster-scoped types).
    pub fn new(def: &ResourceDef, namespace: &str, name: &str) -> Self {
        let namespace = if def.namespaced {
            namespace.to_owned()
        } else {
            String::new()
        };
        Self {
            group: def.group,
            plural: def.plural,
            namespace,
            name: name.to_owned(),
        }
    }

    /// The resource type of the key.
    pub fn def(&self) -> &'static ResourceDef {
        RESOURCES
            .iter()
            .find(|d| self.is_of(d))
            .expect("keys belong to known resources")
    }

    /// Whether the key belongs to `def`.
    pub fn is_of(&self, def: &ResourceDef) -> bool {
        self.group == def.group && self.plural == def.plural
    }
}

/// A stored object and its field managers.
#[derive(Clone, Debug)]
pub struct Stored {
    /// The object as served (including `metadata.managedFields`).
    pub object: Value,
    /// Field ownership.
    pub managers: Managers,
}

/// Type of a watch event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    /// Created.
    Added,
    /// Updated.
    Modified,
    /// Deleted.
    Deleted,
}

impl EventType {
    /// The `type` of the watch event.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Added => "ADDED",
            EventType::Modified => "MODIFIED",
            EventType::Deleted => "DELETED",
        }
    }
}

/// One committed change.
#[derive(Debug)]
pub struct Change {
    /// The resourceVersion of the change.
    pub rv: u64,
    /// What happened.
    pub event: EventType,
    /// Group and plural of the object's resource.
    pub resource: (&'static str, &'static str),
    /// The object after the change (for a deletion: its last state with the
    /// deletion's resourceVersion).
    pub object: Value,
    /// The object before a modification (selectors use it to turn a change
    /// that leaves the selection into DELETED).
    pub previous: Option<Value>,
}

/// What a watch receives from the store.
#[derive(Debug)]
pub enum WatchMsg {
    /// A committed change of the watched resource.
    Change(Arc<Change>),
    /// Close abruptly (simulated API server restart).
    Kill,
}

struct Watcher {
    resource: (&'static str, &'static str),
    tx: UnboundedSender<WatchMsg>,
}

/// An in-process controller's feed of changes (see [`Store::observe`]).
struct Observer {
    resource: (&'static str, &'static str),
    tx: UnboundedSender<Arc<Change>>,
}

/// The object store. All access goes through one mutex, so every write and
/// the events it emits are atomic with respect to readers and new watches.
pub struct Store {
    rv: u64,
    objects: BTreeMap<ObjectKey, Stored>,
    // Keys by metadata.uid, for owner lookups (the garbage collector checks
    // the owners of every written dependent).
    by_uid: HashMap<String, ObjectKey>,
    history: VecDeque<Arc<Change>>,
    history_limit: usize,
    compacted: u64,
    watchers: Vec<Watcher>,
    observers: Vec<Observer>,
    writes: BTreeMap<String, u64>,
}

/// Why a watch cannot resume from a resourceVersion.
pub struct TooOld {
    /// The oldest resourceVersion a watch can still resume from.
    pub oldest: u64,
}

impl Store {
    /// An empty store keeping the last `history_limit` changes.
    pub fn new(history_limit: usize) -> Self {
        Self {
            rv: 0,
            objects: BTreeMap::new(),
            by_uid: HashMap::new(),
            history: VecDeque::new(),
            history_limit,
            compacted: 0,
            watchers: Vec::new(),
            observers: Vec::new(),
            writes: BTreeMap::new(),
        }
    }

    /// The current (latest) resourceVersion.
    pub fn rv(&self) -> u64 {
        self.rv
    }

    /// One object.
    pub fn get(&self, key: &ObjectKey) -> Option<&Stored> {
        self.objects.get(key)
    }

    /// Objects of a resource, in one namespace or all, ordered by namespace
    /// then name (the real storage order).
    pub fn list<'a>(
        &'a self,
        def: &'a ResourceDef,
        namespace: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Stored> + 'a {
        self.objects
            .iter()
            .filter(move |(k, _)| k.is_of(def) && namespace.is_none_or(|ns| k.namespace == ns))
            .map(|(_, s)| s)
    }

    /// The key of the object whose `metadata.uid` is `uid`.
    pub fn key_of_uid(&self, uid: &str) -> Option<&ObjectKey> {
        self.by_uid.get(uid)
    }

    /// Every object with its key.
    pub fn all(&self) -> impl Iterator<Item = (&ObjectKey, &Stored)> {
        self.objects.iter()
    }

    /// Stores a new object, assigning the next resourceVersion; emits ADDED.
    pub fn insert(&mut self, key: ObjectKey, mut stored: Stored) -> Value {
        self.rv += 1;
        set_rv(&mut stored.object, self.rv);
        let object = stored.object.clone();
        let resource = (key.group, key.plural);
        if let Some(uid) = uid_of(&object) {
            self.by_uid.insert(uid.to_owned(), key.clone());
        }
        self.objects.insert(key, stored);
        self.emit(EventType::Added, resource, object.clone(), None);
        object
    }

    /// Replaces an existing object. When nothing but the resourceVersion
    /// would differ, nothing is written, no event is emitted and the stored
    /// object is returned unchanged (as a real server does).
    pub fn replace(&mut self, key: &ObjectKey, mut stored: Stored) -> Value {
        let old = self.objects.get(key).expect("replace of a stored object");
        set_rv(&mut stored.object, self.rv);
        let unchanged = {
            let mut old_obj = old.object.clone();
            set_rv(&mut old_obj, self.rv);
            old_obj == stored.object
        };
        if unchanged {
            return old.object.clone();
        }
        self.rv += 1;
        set_rv(&mut stored.object, self.rv);
        let previous = old.object.clone();
        let object = stored.object.clone();
        self.objects.insert(key.clone(), stored);
        self.emit(
            EventType::Modified,
            (key.group, key.plural),
            object.clone(),
            Some(previous),
        );
        object
    }

    /// Removes an object; emits DELETED carrying the deletion's
    /// resourceVersion. Returns the object as it was.
    pub fn remove(&mut self, key: &ObjectKey) -> Option<Value> {
        let stored = self.objects.remove(key)?;
        if let Some(uid) = uid_of(&stored.object) {
            self.by_uid.remove(uid);
        }
        self.rv += 1;
        let mut last = stored.object.clone();
        set_rv(&mut last, self.rv);
        self.emit(EventType::Deleted, (key.group, key.plural), last, None);
        Some(stored.object)
    }

    fn emit(
        &mut self,
        event: EventType,
        resource: (&'static str, &'static str),
        object: Value,
        previous: Option<Value>,
    ) {
        let change = Arc::new(Change {
            rv: self.rv,
            event,
            resource,
            object,
            previous,
        });
        self.history.push_back(change.clone());
        while self.history.len() > self.history_limit {
            if let Some(dropped) = self.history.pop_front() {
                self.compacted = dropped.rv;
            }
        }
        self.observers
            .retain(|o| o.resource != resource || o.tx.send(change.clone()).is_ok());
        self.watchers.retain(|w| {
            w.resource != resource || w.tx.send(WatchMsg::Change(change.clone())).is_ok()
        });
    }

    /// Every later change of `def`, for a controller inside the fake: unlike
    /// a watch it is never killed, paused or counted as open.
    pub fn observe(&mut self, def: &'static ResourceDef) -> UnboundedReceiver<Arc<Change>> {
        let (tx, rx) = unbounded_channel();
        self.observers.push(Observer {
            resource: (def.group, def.plural),
            tx,
        });
        rx
    }

    /// Registers a watch of `def`; it receives every later change.
    pub fn subscribe(&mut self, def: &'static ResourceDef) -> UnboundedReceiver<WatchMsg> {
        let (tx, rx) = unbounded_channel();
        self.watchers.push(Watcher {
            resource: (def.group, def.plural),
            tx,
        });
        rx
    }

    /// Changes of `def` after `rv`, or [`TooOld`] when some of them have
    /// been compacted away.
    pub fn changes_since(&self, def: &ResourceDef, rv: u64) -> Result<Vec<Arc<Change>>, TooOld> {
        if rv < self.compacted {
            return Err(TooOld {
                oldest: self.compacted + 1,
            });
        }
        Ok(self
            .history
            .iter()
            .filter(|c| c.rv > rv && c.resource == (def.group, def.plural))
            .cloned()
            .collect())
    }

    /// Forgets all history (like an etcd compaction): watches can no longer
    /// resume from any earlier resourceVersion.
    pub fn compact(&mut self) {
        self.history.clear();
        self.compacted = self.rv;
    }

    /// Closes every open watch abruptly.
    pub fn kill_watches(&mut self) {
        for w in self.watchers.drain(..) {
            let _ = w.tx.send(WatchMsg::Kill);
        }
    }

    /// Number of open watches.
    pub fn open_watches(&self) -> usize {
        self.watchers.iter().filter(|w| !w.tx.is_closed()).count()
    }

    /// Counts one successful mutating request on `resource`.
    pub fn count_write(&mut self, resource: String) {
        *self.writes.entry(resource).or_default() += 1;
    }

    /// Successful mutating requests per resource.
    pub fn writes(&self) -> &BTreeMap<String, u64> {
        &self.writes
    }
}

fn uid_of(object: &Value) -> Option<&str> {
    object.pointer("/metadata/uid")?.as_str()
}

fn set_rv(object: &mut Value, rv: u64) {
    object["metadata"]["resourceVersion"] = Value::String(rv.to_string());
}
