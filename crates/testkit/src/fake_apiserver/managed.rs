//! Field ownership (`metadata.managedFields`): which manager owns which
//! fields, updated by every write as the real API server does for
//! non-apply operations, and rendered into the object.
//!
//! Simplifications: client-supplied `managedFields` are ignored (a real
//! server accepts them as a reset), and entries are ordered by manager rather
//! than by time.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::fields::{FieldSet, Schema, is_member, leaves, value_at};

/// Whether a manager wrote with server-side apply or with another verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Operation {
    /// Server-side apply.
    Apply,
    /// Create, update or non-apply patch.
    Update,
}

/// Identity of a `managedFields` entry.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ManagerKey {
    /// The field manager name.
    pub manager: String,
    /// How it wrote.
    pub operation: Operation,
    /// `""` for the main resource, `"status"` for the status subresource.
    pub subresource: String,
}

impl ManagerKey {
    /// How conflict messages name this manager.
    pub fn describe(&self, api_version: &str) -> String {
        let mut s = format!("{:?}", self.manager);
        if !self.subresource.is_empty() {
            s.push_str(&format!(" with subresource {:?}", self.subresource));
        }
        if self.operation == Operation::Update {
            s.push_str(&format!(" using {api_version}"));
        }
        s
    }
}

/// One manager's fields.
#[derive(Clone, Debug, PartialEq)]
pub struct ManagedEntry {
    /// Owned fields.
    pub set: FieldSet,
    /// When the set last changed (RFC 3339).
    pub time: String,
}

/// All managers of an object.
pub type Managers = BTreeMap<ManagerKey, ManagedEntry>;

/// Which part of an object a write may touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The whole object (type without a status subresource).
    Whole,
    /// The main resource of a type with a status subresource: not `status`.
    Main,
    /// The status subresource: only `status`.
    Status,
    /// The status subresource of a type whose status strategy also takes
    /// metadata but labels (Deployment: its controller writes the
    /// revision annotation through `/status`).
    StatusAndMetadata,
}

impl Scope {
    /// Whether this is the status subresource.
    pub fn is_status(self) -> bool {
        matches!(self, Scope::Status | Scope::StatusAndMetadata)
    }

    /// The `subresource` of managedFields entries written in this scope.
    pub fn subresource(self) -> &'static str {
        if self.is_status() { "status" } else { "" }
    }
}

/// Metadata fields no manager owns (the real server's strip set).
const SYSTEM_METADATA: &[&str] = &[
    "name",
    "namespace",
    "creationTimestamp",
    "selfLink",
    "uid",
    "clusterName",
    "generation",
    "managedFields",
    "resourceVersion",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
];

/// The ownable part of an object in a scope: without `apiVersion`, `kind`,
/// system metadata, and outside the scope's fields.
pub fn ownable(object: &Value, scope: Scope) -> Value {
    let mut out = object.as_object().cloned().unwrap_or_default();
    out.remove("apiVersion");
    out.remove("kind");
    match scope {
        Scope::Whole => {}
        Scope::Main => {
            out.remove("status");
        }
        Scope::Status => out.retain(|k, _| k == "status"),
        Scope::StatusAndMetadata => {
            out.retain(|k, _| k == "status" || k == "metadata");
            if let Some(Value::Object(meta)) = out.get_mut("metadata") {
                meta.remove("labels");
            }
        }
    }
    if let Some(Value::Object(meta)) = out.get_mut("metadata") {
        for f in SYSTEM_METADATA {
            meta.remove(*f);
        }
        if meta.is_empty() {
            out.remove("metadata");
        }
    }
    Value::Object(out)
}

/// Records a non-apply write by `key` that turned `old` into `new` (both
/// already [`ownable`] in the write's scope): `key` takes every field it set
/// or changed, other managers lose those fields.
pub fn record_update(
    managers: &mut Managers,
    key: ManagerKey,
    old: &Value,
    new: &Value,
    schema: Schema,
    now: &str,
) {
    let before = leaves(old, schema);
    let changed: FieldSet = leaves(new, schema)
        .into_iter()
        .filter(|(path, value)| match before.get(path) {
            None => true,
            Some(_) if is_member(path) => false,
            Some(old_value) => old_value != value,
        })
        .map(|(path, _)| path)
        .collect();
    if changed.is_empty() {
        return;
    }
    for (other, entry) in managers.iter_mut() {
        if *other != key {
            entry.set.retain(|p| !changed.contains(p));
        }
    }
    let entry = managers.entry(key).or_insert_with(|| ManagedEntry {
        set: FieldSet::new(),
        time: now.to_owned(),
    });
    entry.set.extend(changed);
}

/// Drops owned paths that no longer exist in `object`, and managers left
/// with nothing; stamps `now` on entries whose set differs from `before`.
pub fn settle(
    managers: &mut Managers,
    before: &Managers,
    object: &Value,
    schema: Schema,
    now: &str,
) {
    for entry in managers.values_mut() {
        entry.set.retain(|p| value_at(object, p, schema).is_some());
    }
    managers.retain(|_, e| !e.set.is_empty());
    for (key, entry) in managers.iter_mut() {
        match before.get(key) {
            Some(old) if old.set == entry.set => entry.time = old.time.clone(),
            _ => entry.time = now.to_owned(),
        }
    }
}

/// Writes `metadata.managedFields` from `managers` into `object`.
pub fn render(object: &mut Value, managers: &Managers, api_version: &str) {
    let entries: Vec<Value> = managers
        .iter()
        .map(|(key, entry)| {
            let mut e = json!({
                "manager": key.manager,
                "operation": if key.operation == Operation::Apply { "Apply" } else { "Update" },
                "apiVersion": api_version,
                "time": entry.time,
                "fieldsType": "FieldsV1",
                "fieldsV1": super::fields::fields_v1(&entry.set),
            });
            if !key.subresource.is_empty() {
                e["subresource"] = json!(key.subresource);
            }
            e
        })
        .collect();
    let meta = object
        .as_object_mut()
        .expect("objects are JSON objects")
        .entry("metadata")
        .or_insert_with(|| Value::Object(Map::new()));
    if entries.is_empty() {
        meta.as_object_mut().map(|m| m.remove("managedFields"));
    } else {
        meta["managedFields"] = Value::Array(entries);
    }
}
