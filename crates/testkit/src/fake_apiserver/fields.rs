//! Field paths and field sets, the unit of ownership of server-side apply,
//! and the list semantics (atomic, set, map keyed by fields) that decide how
//! lists merge.
//!
//! A real API server reads list types from the OpenAPI schema
//! (`x-kubernetes-list-type`, `patchMergeKey`). The fake has no schemas; it
//! uses a table of the well-known keyed lists of built-in types (containers,
//! env, volumes, ports, conditions, ...) and treats every other list as
//! atomic, which is also what a CRD without list-type markers gets.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

/// One step of a field path.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathElement {
    /// A field of an object: `f:name` in `managedFields`.
    Field(String),
    /// An item of a keyed list, by its key fields as canonical JSON:
    /// `k:{"name":"app"}`.
    Key(String),
    /// A scalar of a set-like list, as JSON: `v:"finalizer"`.
    Value(String),
}

/// A path from the object root to a field.
pub type FieldPath = Vec<PathElement>;

/// A set of field paths (what one manager owns).
pub type FieldSet = BTreeSet<FieldPath>;

/// How a list merges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListType {
    /// Replaced as a whole.
    Atomic,
    /// A set of scalars; each element is owned separately.
    Set,
    /// Items identified by these key fields; merged item by item.
    Map(&'static [&'static str]),
}

/// Which schema table applies: built-in types know their keyed lists, custom
/// resources only those of `metadata`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schema {
    /// Whether the object is of a built-in type.
    pub builtin: bool,
}

impl Schema {
    /// The type of the list at `parent` + `field`.
    pub fn list_type(self, parent: &[PathElement], field: &str) -> ListType {
        if parent == [PathElement::Field("metadata".into())] {
            return match field {
                "ownerReferences" => ListType::Map(&["uid"]),
                "finalizers" => ListType::Set,
                _ => ListType::Atomic,
            };
        }
        if !self.builtin {
            return ListType::Atomic;
        }
        match field {
            "containers"
            | "initContainers"
            | "ephemeralContainers"
            | "env"
            | "volumes"
            | "imagePullSecrets" => ListType::Map(&["name"]),
            "volumeMounts" => ListType::Map(&["mountPath"]),
            "conditions" => ListType::Map(&["type"]),
            // Container ports (inside a container item) vs Service ports.
            "ports" if matches!(parent.last(), Some(PathElement::Key(_))) => {
                ListType::Map(&["containerPort", "protocol"])
            }
            "ports" => ListType::Map(&["port", "protocol"]),
            _ => ListType::Atomic,
        }
    }
}

/// The key of a keyed-list item: its key fields (those present), as
/// canonical JSON. `None` when it has none of them.
pub fn item_key(item: &Value, keys: &[&str]) -> Option<String> {
    let obj = item.as_object()?;
    let mut sorted: Vec<&str> = keys.to_vec();
    sorted.sort_unstable();
    let mut parts = Vec::new();
    for k in sorted {
        if let Some(v) = obj.get(k) {
            parts.push(format!("{}:{}", Value::String(k.to_owned()), v));
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(format!("{{{}}}", parts.join(",")))
    }
}

/// Whether a keyed list can be treated as keyed: every item has a key.
pub fn all_keyed(items: &[Value], keys: &[&str]) -> bool {
    items.iter().all(|i| item_key(i, keys).is_some())
}

/// Every owned leaf of `value`: scalars, atomic lists, empty objects, set
/// elements and keyed-list items (the item itself and its fields), with the
/// value there.
pub fn leaves(value: &Value, schema: Schema) -> BTreeMap<FieldPath, &Value> {
    let mut out = BTreeMap::new();
    let mut path = Vec::new();
    if let Value::Object(map) = value {
        walk_object(map, schema, &mut path, &mut out);
    }
    out
}

/// The paths of [`leaves`].
pub fn field_set(value: &Value, schema: Schema) -> FieldSet {
    leaves(value, schema).into_keys().collect()
}

fn walk_object<'a>(
    map: &'a Map<String, Value>,
    schema: Schema,
    path: &mut FieldPath,
    out: &mut BTreeMap<FieldPath, &'a Value>,
) {
    for (k, v) in map {
        let parent_len = path.len();
        match v {
            Value::Object(child) if !child.is_empty() => {
                path.push(PathElement::Field(k.clone()));
                walk_object(child, schema, path, out);
            }
            Value::Array(items) => {
                let list_type = schema.list_type(path, k);
                path.push(PathElement::Field(k.clone()));
                walk_list(items, list_type, v, schema, path, out);
            }
            _ => {
                path.push(PathElement::Field(k.clone()));
                out.insert(path.clone(), v);
            }
        }
        path.truncate(parent_len);
    }
}

fn walk_list<'a>(
    items: &'a [Value],
    list_type: ListType,
    whole: &'a Value,
    schema: Schema,
    path: &mut FieldPath,
    out: &mut BTreeMap<FieldPath, &'a Value>,
) {
    match list_type {
        ListType::Set
            if items.iter().all(|i| !i.is_object() && !i.is_array()) && !items.is_empty() =>
        {
            for item in items {
                let mut p = path.clone();
                p.push(PathElement::Value(item.to_string()));
                out.insert(p, item);
            }
        }
        ListType::Map(keys) if all_keyed(items, keys) && !items.is_empty() => {
            for item in items {
                let key = item_key(item, keys).expect("checked by all_keyed");
                path.push(PathElement::Key(key));
                out.insert(path.clone(), item);
                if let Value::Object(fields) = item {
                    walk_object(fields, schema, path, out);
                }
                path.pop();
            }
        }
        _ => {
            out.insert(path.clone(), whole);
        }
    }
}

/// Whether the path names a list item (membership, not a value).
pub fn is_member(path: &[PathElement]) -> bool {
    matches!(
        path.last(),
        Some(PathElement::Key(_) | PathElement::Value(_))
    )
}

/// The value at `path`, if present.
pub fn value_at<'a>(value: &'a Value, path: &[PathElement], schema: Schema) -> Option<&'a Value> {
    let mut cur = value;
    let mut walked: Vec<PathElement> = Vec::new();
    for (i, elem) in path.iter().enumerate() {
        cur = match elem {
            PathElement::Field(f) => cur.as_object()?.get(f)?,
            PathElement::Key(k) => {
                let keys = list_keys(&walked, schema)?;
                cur.as_array()?
                    .iter()
                    .find(|item| item_key(item, keys).as_deref() == Some(k))?
            }
            PathElement::Value(v) => cur.as_array()?.iter().find(|item| same_json(item, v))?,
        };
        walked.push(path[i].clone());
    }
    Some(cur)
}

/// Whether `item` is the JSON value `text` (a set element of a path).
fn same_json(item: &Value, text: &str) -> bool {
    serde_json::from_str::<Value>(text).is_ok_and(|v| v == *item)
}

/// The key fields of the keyed list at `path` (which ends with the list's
/// field name).
fn list_keys(path: &[PathElement], schema: Schema) -> Option<&'static [&'static str]> {
    let (last, parent) = path.split_last()?;
    let PathElement::Field(name) = last else {
        return None;
    };
    match schema.list_type(parent, name) {
        ListType::Map(keys) => Some(keys),
        _ => None,
    }
}

/// Removes the field or list item at `path`; nothing when absent.
pub fn remove_at(value: &mut Value, path: &[PathElement], schema: Schema) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    let Some(container) = value_at_mut(value, parent, schema) else {
        return;
    };
    match last {
        PathElement::Field(f) => {
            if let Some(map) = container.as_object_mut() {
                map.remove(f);
            }
        }
        PathElement::Key(k) => {
            if let (Some(keys), Some(items)) = (list_keys(parent, schema), container.as_array_mut())
            {
                items.retain(|item| item_key(item, keys).as_deref() != Some(k));
            }
        }
        PathElement::Value(v) => {
            if let Some(items) = container.as_array_mut() {
                items.retain(|item| !same_json(item, v));
            }
        }
    }
}

fn value_at_mut<'a>(
    value: &'a mut Value,
    path: &[PathElement],
    schema: Schema,
) -> Option<&'a mut Value> {
    let mut cur = value;
    for (i, elem) in path.iter().enumerate() {
        cur = match elem {
            PathElement::Field(f) => cur.as_object_mut()?.get_mut(f)?,
            PathElement::Key(k) => {
                let keys = list_keys(&path[..i], schema)?;
                cur.as_array_mut()?
                    .iter_mut()
                    .find(|item| item_key(item, keys).as_deref() == Some(k))?
            }
            PathElement::Value(v) => cur
                .as_array_mut()?
                .iter_mut()
                .find(|item| same_json(item, v))?,
        };
    }
    Some(cur)
}

/// A path as the API server prints it in conflict messages:
/// `.spec.template.spec.containers[name="app"].image`.
pub fn display(path: &[PathElement]) -> String {
    let mut s = String::new();
    for elem in path {
        match elem {
            PathElement::Field(f) => {
                s.push('.');
                s.push_str(f);
            }
            PathElement::Key(k) => {
                let fields: Map<String, Value> = serde_json::from_str(k).unwrap_or_default();
                let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
                s.push_str(&format!("[{}]", parts.join(",")));
            }
            PathElement::Value(v) => s.push_str(&format!("[={v}]")),
        }
    }
    s
}

/// The `fieldsV1` tree of `managedFields` for a set.
pub fn fields_v1(set: &FieldSet) -> Value {
    let mut root = Map::new();
    for path in set {
        let mut node = &mut root;
        for elem in path {
            let key = match elem {
                PathElement::Field(f) => format!("f:{f}"),
                PathElement::Key(k) => format!("k:{k}"),
                PathElement::Value(v) => format!("v:{v}"),
            };
            node = node
                .entry(key)
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .expect("fieldsV1 nodes are objects");
        }
        if matches!(path.last(), Some(PathElement::Key(_))) {
            node.insert(".".into(), Value::Object(Map::new()));
        }
    }
    Value::Object(root)
}
