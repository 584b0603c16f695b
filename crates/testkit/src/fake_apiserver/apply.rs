//! Server-side apply: merge an applied configuration into the live object,
//! detect conflicts with other managers, transfer ownership, and remove the
//! fields the applier owned before and no longer applies.

use serde_json::{Map, Value};

use super::fields::{
    FieldSet, ListType, PathElement, Schema, all_keyed, display, field_set, is_member, item_key,
    remove_at, value_at,
};
use super::managed::{ManagedEntry, ManagerKey, Managers, Operation};

/// An apply by one manager.
pub struct Apply<'a> {
    /// The applier (`?fieldManager=`), keyed with its subresource.
    pub key: ManagerKey,
    /// `?force=true`: take over conflicting fields.
    pub force: bool,
    /// The applied configuration, already [`super::managed::ownable`] in the
    /// request's scope.
    pub config: &'a Value,
    /// List semantics.
    pub schema: Schema,
    /// API version printed in conflict messages.
    pub api_version: &'a str,
    /// Timestamp for changed entries.
    pub now: &'a str,
}

/// Fields other managers own with a different value: (manager, path).
pub type Conflicts = Vec<(String, String)>;

impl Apply<'_> {
    /// Applies onto `live` (an empty object for a create) and its managers.
    /// Returns the merged object and updated managers, or the conflicts.
    pub fn run(&self, live: &Value, managers: &Managers) -> Result<(Value, Managers), Conflicts> {
        let applied = field_set(self.config, self.schema);
        let mut managers = managers.clone();

        let mut conflicts = Vec::new();
        let mut taken: Vec<(ManagerKey, FieldSet)> = Vec::new();
        for (other, entry) in &managers {
            if *other == self.key {
                continue;
            }
            let lost: FieldSet = entry
                .set
                .intersection(&applied)
                .filter(|p| {
                    !is_member(p)
                        && value_at(live, p, self.schema) != value_at(self.config, p, self.schema)
                })
                .cloned()
                .collect();
            for p in &lost {
                conflicts.push((other.describe(self.api_version), display(p)));
            }
            if !lost.is_empty() {
                taken.push((other.clone(), lost));
            }
        }
        if !conflicts.is_empty() && !self.force {
            return Err(conflicts);
        }
        for (other, lost) in taken {
            if let Some(entry) = managers.get_mut(&other) {
                entry.set.retain(|p| !lost.contains(p));
            }
        }

        let mut merged = live.clone();
        merge(&mut merged, self.config, self.schema, &mut Vec::new());

        let previous = managers
            .get(&self.key)
            .map(|e| e.set.clone())
            .unwrap_or_default();
        for path in previous.difference(&applied) {
            let owned_by_other = managers
                .iter()
                .any(|(k, e)| *k != self.key && e.set.contains(path));
            if !owned_by_other {
                remove_at(&mut merged, path, self.schema);
            }
        }
        managers.insert(
            self.key.clone(),
            ManagedEntry {
                set: applied,
                time: self.now.to_owned(),
            },
        );
        Ok((merged, managers))
    }
}

/// The manager key of an apply by `manager` in a subresource.
pub fn apply_key(manager: &str, subresource: &str) -> ManagerKey {
    ManagerKey {
        manager: manager.to_owned(),
        operation: Operation::Apply,
        subresource: subresource.to_owned(),
    }
}

/// Merges `config` into `target`: objects field by field, keyed lists item
/// by item, sets as unions, everything else replaced.
fn merge(target: &mut Value, config: &Value, schema: Schema, path: &mut Vec<PathElement>) {
    let Value::Object(config_map) = config else {
        *target = config.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let target_map = target.as_object_mut().expect("just made an object");
    for (k, v) in config_map {
        let slot = target_map.entry(k.clone()).or_insert(Value::Null);
        match v {
            Value::Object(_) => {
                path.push(PathElement::Field(k.clone()));
                merge(slot, v, schema, path);
                path.pop();
            }
            Value::Array(items) => {
                let list_type = schema.list_type(path, k);
                path.push(PathElement::Field(k.clone()));
                merge_list(slot, items, list_type, schema, path);
                path.pop();
            }
            _ => *slot = v.clone(),
        }
    }
}

fn merge_list(
    target: &mut Value,
    items: &[Value],
    list_type: ListType,
    schema: Schema,
    path: &mut Vec<PathElement>,
) {
    let live = match target.take() {
        Value::Array(live) => live,
        _ => Vec::new(),
    };
    let merged = match list_type {
        ListType::Set => {
            let mut out = live;
            for item in items {
                if !out.contains(item) {
                    out.push(item.clone());
                }
            }
            out
        }
        ListType::Map(keys) if all_keyed(items, keys) && all_keyed(&live, keys) => {
            let mut out = live;
            for item in items {
                let key = item_key(item, keys);
                match out.iter().position(|l| item_key(l, keys) == key) {
                    Some(i) => {
                        path.push(PathElement::Key(key.expect("keyed")));
                        merge(&mut out[i], item, schema, path);
                        path.pop();
                    }
                    None => out.push(item.clone()),
                }
            }
            out
        }
        _ => items.to_vec(),
    };
    *target = Value::Array(merged);
}
