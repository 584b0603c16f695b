//! Children as the editor shows them: the objects the operator would apply
//! (sorted the same way on both sides of a diff), as YAML, unified diffs,
//! and live objects cut to the fields the operator manages.

use serde_json::{Map, Value};

use crate::controller::apply::desired_object;
use crate::controller::drift::same_scalar;
use crate::crd::{CHILD_KINDS, Session};
use crate::script::decision::Child;

/// Where each kind goes in a rendered list: the order of the child kinds
/// table.
fn kind_rank(kind: &str) -> usize {
    CHILD_KINDS
        .iter()
        .position(|k| k.kind == kind)
        .unwrap_or(usize::MAX)
}

fn text<'a>(object: &'a Value, pointer: &str) -> &'a str {
    object
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// `(kind, name)` of an object.
pub fn key(object: &Value) -> (String, String) {
    (
        text(object, "/kind").to_owned(),
        text(object, "/metadata/name").to_owned(),
    )
}

/// Sorts objects by kind (in decision order), then name.
pub fn sort(objects: &mut [Value]) {
    objects.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        (kind_rank(&ka.0), ka).cmp(&(kind_rank(&kb.0), kb))
    });
}

/// The objects the operator would apply for `children`, sorted.
pub fn desired(children: &[Child], session: &Session) -> Vec<Value> {
    let mut objects: Vec<Value> = children
        .iter()
        .map(|child| desired_object(child, session))
        .collect();
    sort(&mut objects);
    objects
}

/// A value as YAML; an empty list is the empty string.
pub fn yaml(value: &Value) -> String {
    if value.as_array().is_some_and(Vec::is_empty) {
        return String::new();
    }
    serde_saphyr::to_string(value).unwrap_or_else(|_| value.to_string())
}

/// A unified diff of two texts, empty when they are equal.
pub fn unified(old: &str, new: &str, old_label: &str, new_label: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_label, new_label)
        .to_string()
}

/// Metadata the API server sets, never the operator.
const SERVER_METADATA: [&str; 7] = [
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "managedFields",
    "selfLink",
    "deletionGracePeriodSeconds",
];

/// A live object without its status and server-set metadata.
fn without_server_fields(mut object: Value) -> Value {
    if let Some(map) = object.as_object_mut() {
        map.remove("status");
        if let Some(metadata) = map.get_mut("metadata").and_then(Value::as_object_mut) {
            for field in SERVER_METADATA {
                metadata.remove(field);
            }
        }
    }
    object
}

/// `value` cut to the fields some of `shapes` have: a map keeps the keys
/// a shape has, a list keeps its items (each cut to the items of the shapes
/// at the same index). Where no shape reaches, the value is kept whole. A
/// value the API server normalised (`cpu: 1000m` stored as `"1"`) is shown
/// as the shape wrote it, so it is no difference.
fn project(value: &Value, shapes: &[&Value]) -> Value {
    match value {
        Value::Object(map) => {
            let shapes: Vec<&Map<String, Value>> =
                shapes.iter().filter_map(|s| s.as_object()).collect();
            if shapes.is_empty() {
                return value.clone();
            }
            map.iter()
                .filter_map(|(key, item)| {
                    let inner: Vec<&Value> = shapes.iter().filter_map(|s| s.get(key)).collect();
                    (!inner.is_empty()).then(|| (key.clone(), project(item, &inner)))
                })
                .collect()
        }
        Value::Array(items) => {
            let shapes: Vec<&Vec<Value>> = shapes.iter().filter_map(|s| s.as_array()).collect();
            if shapes.is_empty() {
                return value.clone();
            }
            items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    let inner: Vec<&Value> = shapes.iter().filter_map(|s| s.get(index)).collect();
                    if inner.is_empty() {
                        item.clone()
                    } else {
                        project(item, &inner)
                    }
                })
                .collect()
        }
        _ => shapes
            .iter()
            .find(|shape| same_scalar(shape, value))
            .map_or_else(|| value.clone(), |&shape| shape.clone()),
    }
}

/// Live objects as comparable with desired ones: each cut to the fields
/// the operator applies (now, or with the proposed scripts) so defaults and
/// fields other controllers own are not reported as differences; objects
/// no desired list has (about to be pruned) lose only server-set fields.
/// Sorted.
pub fn live_view(live: Vec<Value>, desired: &[&[Value]]) -> Vec<Value> {
    let mut objects: Vec<Value> = live
        .into_iter()
        .map(|object| {
            let wanted = key(&object);
            let shapes: Vec<&Value> = desired
                .iter()
                .flat_map(|list| list.iter())
                .filter(|d| key(d) == wanted)
                .collect();
            if shapes.is_empty() {
                without_server_fields(object)
            } else {
                project(&object, &shapes)
            }
        })
        .collect();
    sort(&mut objects);
    objects
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn live_objects_keep_only_managed_fields() {
        let live = json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": { "name": "a", "uid": "u", "resourceVersion": "7", "labels": { "x": "1" } },
            "spec": { "replicas": 1, "progressDeadlineSeconds": 600,
                      "template": { "spec": { "containers": [
                          { "name": "c", "image": "old", "terminationMessagePath": "/dev/x" },
                          { "name": "sidecar", "image": "s" } ] } } },
            "status": { "readyReplicas": 1 }
        });
        let desired = [json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": { "name": "a", "labels": { "x": "1" } },
            "spec": { "replicas": 1, "template": { "spec": { "containers": [
                { "name": "c", "image": "new" } ] } } }
        })];
        let view = live_view(vec![live], &[&desired]);
        assert_eq!(
            view[0],
            json!({
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": { "name": "a", "labels": { "x": "1" } },
                "spec": { "replicas": 1, "template": { "spec": { "containers": [
                    { "name": "c", "image": "old" },
                    { "name": "sidecar", "image": "s" } ] } } }
            })
        );
    }

    #[test]
    fn quantities_the_server_normalised_are_no_difference() {
        let live = json!({
            "kind": "Deployment", "metadata": { "name": "a" },
            "spec": { "template": { "spec": { "containers": [{ "name": "c",
                "resources": { "limits": { "cpu": "2", "memory": "2Gi" },
                               "requests": { "cpu": "500m", "memory": "1Gi" } } }] } } }
        });
        let desired = [json!({
            "kind": "Deployment", "metadata": { "name": "a" },
            "spec": { "template": { "spec": { "containers": [{ "name": "c",
                "resources": { "limits": { "cpu": "2000m", "memory": "2048Mi" },
                               "requests": { "cpu": "0.5", "memory": "2Gi" } } }] } } }
        })];
        let view = live_view(vec![live], &[&desired]);
        let resources = &view[0]["spec"]["template"]["spec"]["containers"][0]["resources"];
        assert_eq!(
            resources,
            &json!({ "limits": { "cpu": "2000m", "memory": "2048Mi" },
                     "requests": { "cpu": "0.5", "memory": "1Gi" } }),
            "equal amounts shown as decided; a real difference (1Gi, 2Gi) kept"
        );
    }

    #[test]
    fn unmatched_live_objects_lose_server_fields_and_lists_sort_by_kind() {
        let ingress =
            json!({ "kind": "Ingress", "metadata": { "name": "z", "uid": "u" }, "status": {} });
        let service = json!({ "kind": "Service", "metadata": { "name": "z" } });
        let view = live_view(vec![ingress, service], &[]);
        assert_eq!(key(&view[0]).0, "Service");
        assert_eq!(
            view[1],
            json!({ "kind": "Ingress", "metadata": { "name": "z" } })
        );
    }

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("a\n", "a\n", "x", "y"), "");
        let diff = unified("a\nb\n", "a\nc\n", "cluster", "dry-run");
        assert!(diff.contains("--- cluster") && diff.contains("-b") && diff.contains("+c"));
        assert_eq!(yaml(&json!([])), "");
    }
}
