//! Non-apply patches: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and
//! strategic merge patch.
//!
//! Strategic merge patch is JSON merge patch plus, for built-in types, the
//! merge of keyed lists by their key (containers by `name`, ...; see
//! [`super::fields::Schema`]), set-like lists (`finalizers`) as unions, and
//! the directives `$patch: delete` (in keyed-list items and objects),
//! `$patch: replace` (objects) and `$deleteFromPrimitiveList/<field>`.
//! `$setElementOrder/<field>` and `$retainKeys` are accepted and ignored.
//! Like a real server, it is refused (415) for custom resources.

use serde_json::{Map, Value};

use super::fields::{ListType, PathElement, Schema, all_keyed, item_key};

/// Applies an RFC 7386 JSON merge patch.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch_map) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let target_map = target.as_object_mut().expect("just made an object");
    for (k, v) in patch_map {
        if v.is_null() {
            target_map.remove(k);
        } else {
            merge_patch(target_map.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

/// Applies a strategic merge patch.
pub fn strategic_merge_patch(
    target: &mut Value,
    patch: &Value,
    schema: Schema,
) -> Result<(), String> {
    let mut path = Vec::new();
    strategic_object(target, patch, schema, &mut path)
}

fn strategic_object(
    target: &mut Value,
    patch: &Value,
    schema: Schema,
    path: &mut Vec<PathElement>,
) -> Result<(), String> {
    let Value::Object(patch_map) = patch else {
        *target = patch.clone();
        return Ok(());
    };
    match patch_map.get("$patch").and_then(Value::as_str) {
        Some("replace") => {
            let mut replaced = patch_map.clone();
            replaced.remove("$patch");
            *target = Value::Object(replaced);
            return Ok(());
        }
        Some("delete") => {
            *target = Value::Null;
            return Ok(());
        }
        Some(other) => return Err(format!("unknown patch type: {other}")),
        None => {}
    }
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let target_map = target.as_object_mut().expect("just made an object");
    for (k, v) in patch_map {
        if let Some(field) = k.strip_prefix("$deleteFromPrimitiveList/") {
            if let (Some(Value::Array(items)), Value::Array(remove)) =
                (target_map.get_mut(field), v)
            {
                items.retain(|i| !remove.contains(i));
            }
            continue;
        }
        if k.starts_with("$setElementOrder/") || k == "$retainKeys" {
            continue;
        }
        if v.is_null() {
            target_map.remove(k);
            continue;
        }
        let slot = target_map.entry(k.clone()).or_insert(Value::Null);
        match v {
            Value::Array(patch_items) => {
                let list_type = schema.list_type(path, k);
                path.push(PathElement::Field(k.clone()));
                strategic_list(slot, patch_items, list_type, schema, path)?;
                path.pop();
            }
            Value::Object(_) => {
                path.push(PathElement::Field(k.clone()));
                strategic_object(slot, v, schema, path)?;
                path.pop();
                if slot.is_null() {
                    target_map.remove(k);
                }
            }
            _ => *slot = v.clone(),
        }
    }
    Ok(())
}

fn strategic_list(
    target: &mut Value,
    patch_items: &[Value],
    list_type: ListType,
    schema: Schema,
    path: &mut Vec<PathElement>,
) -> Result<(), String> {
    let mut live = match target.take() {
        Value::Array(items) => items,
        _ => Vec::new(),
    };
    match list_type {
        ListType::Set => {
            for item in patch_items {
                if !live.contains(item) {
                    live.push(item.clone());
                }
            }
        }
        ListType::Map(keys) if all_keyed(patch_items, keys) && all_keyed(&live, keys) => {
            for item in patch_items {
                let key = item_key(item, keys);
                let pos = live.iter().position(|l| item_key(l, keys) == key);
                let delete = item.get("$patch").and_then(Value::as_str) == Some("delete");
                match (pos, delete) {
                    (Some(i), true) => {
                        live.remove(i);
                    }
                    (None, true) => {}
                    (Some(i), false) => {
                        path.push(PathElement::Key(key.expect("keyed")));
                        strategic_object(&mut live[i], item, schema, path)?;
                        path.pop();
                    }
                    (None, false) => {
                        let mut fresh = Value::Object(Map::new());
                        path.push(PathElement::Key(key.expect("keyed")));
                        strategic_object(&mut fresh, item, schema, path)?;
                        path.pop();
                        live.push(fresh);
                    }
                }
            }
        }
        _ => live = patch_items.to_vec(),
    }
    *target = Value::Array(live);
    Ok(())
}

/// Applies an RFC 6902 JSON patch (`add`, `remove`, `replace`, `move`,
/// `copy`, `test`).
pub fn json_patch(target: &mut Value, ops: &Value) -> Result<(), String> {
    let ops = ops
        .as_array()
        .ok_or("a JSON patch must be an array of operations")?;
    for op in ops {
        let name = op
            .get("op")
            .and_then(Value::as_str)
            .ok_or("operation without \"op\"")?;
        let path = op
            .get("path")
            .and_then(Value::as_str)
            .ok_or("operation without \"path\"")?;
        let value = || {
            op.get("value")
                .cloned()
                .ok_or(format!("{name} operation without \"value\""))
        };
        let from = || {
            op.get("from")
                .and_then(Value::as_str)
                .ok_or(format!("{name} operation without \"from\""))
        };
        match name {
            "add" => add(target, path, value()?)?,
            "remove" => {
                remove(target, path)?;
            }
            "replace" => {
                remove(target, path)?;
                add(target, path, value()?)?;
            }
            "move" => {
                let moved = remove(target, from()?)?;
                add(target, path, moved)?;
            }
            "copy" => {
                let copied = target
                    .pointer(from()?)
                    .cloned()
                    .ok_or(format!("missing path {}", from()?))?;
                add(target, path, copied)?;
            }
            "test" => {
                if target.pointer(path) != Some(&value()?) {
                    return Err(format!("testing value {path} failed"));
                }
            }
            other => return Err(format!("unexpected kind: {other}")),
        }
    }
    Ok(())
}

fn split_pointer(path: &str) -> Result<(&str, String), String> {
    let (parent, last) = path
        .rsplit_once('/')
        .ok_or(format!("invalid JSON pointer {path:?}"))?;
    Ok((parent, last.replace("~1", "/").replace("~0", "~")))
}

fn add(target: &mut Value, path: &str, value: Value) -> Result<(), String> {
    if path.is_empty() {
        *target = value;
        return Ok(());
    }
    let (parent, last) = split_pointer(path)?;
    match target.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.insert(last, value);
            Ok(())
        }
        Some(Value::Array(items)) => {
            let index = if last == "-" {
                items.len()
            } else {
                last.parse()
                    .map_err(|_| format!("invalid index {last:?}"))?
            };
            if index > items.len() {
                return Err(format!("index {index} out of bounds"));
            }
            items.insert(index, value);
            Ok(())
        }
        _ => Err(format!(
            "add operation does not apply: doc is missing path: {path:?}"
        )),
    }
}

fn remove(target: &mut Value, path: &str) -> Result<Value, String> {
    let (parent, last) = split_pointer(path)?;
    let missing = || format!("remove operation does not apply: doc is missing path: {path:?}");
    match target.pointer_mut(parent) {
        Some(Value::Object(map)) => map.remove(&last).ok_or_else(missing),
        Some(Value::Array(items)) => {
            let index: usize = last.parse().map_err(|_| missing())?;
            if index < items.len() {
                Ok(items.remove(index))
            } else {
                Err(missing())
            }
        }
        _ => Err(missing()),
    }
}
