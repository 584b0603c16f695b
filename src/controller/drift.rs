//! Whether a live child still holds what the operator applied. The hash
//! annotation says what was applied last; this says whether someone changed
//! it since (`kubectl scale --replicas=0`, `kubectl edit`), so the next
//! reconcile puts it back instead of skipping the write.
//!
//! The check is a subset match: every field the operator applies must be in
//! the live object with the same value. Fields the API server or other
//! controllers add (defaults, status, `clusterIP`...) are ignored, values the
//! server normalises are compared by meaning (quantities such as `1000m` and
//! `1`), and a zero value the server omits (`""`, `0`, `false`, `[]`, `{}`)
//! matches a missing field.

use serde_json::Value;

use crate::quantity::same_quantity;

/// The path of the first applied field the live object no longer holds, or
/// `None` when it holds them all. `status` is not compared: it is not
/// applied.
pub fn drifted_field(desired: &Value, live: &Value) -> Option<String> {
    let (Value::Object(desired), Value::Object(live)) = (desired, live) else {
        return Some(String::new());
    };
    desired
        .iter()
        .filter(|(key, _)| key.as_str() != "status")
        .find_map(|(key, want)| differs(want, live.get(key)).map(|at| format!("{key}{at}")))
}

/// Where `live` differs from `want`, as a path suffix (`""` for here).
fn differs(want: &Value, live: Option<&Value>) -> Option<String> {
    let Some(live) = live.filter(|v| !v.is_null()) else {
        return (!is_zero(want)).then(String::new);
    };
    match (want, live) {
        (Value::Object(want), Value::Object(live)) => want
            .iter()
            .find_map(|(key, want)| differs(want, live.get(key)).map(|at| format!(".{key}{at}"))),
        (Value::Array(want), Value::Array(live)) => differs_list(want, live),
        (want, live) => (!same_scalar(want, live)).then(String::new),
    }
}

/// Whether two values mean the same to the API server: numbers by value,
/// quantities by amount (`1000m` and `1`), an int-or-string field written
/// either way.
pub fn same_scalar(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::String(a), Value::String(b)) => a == b || same_quantity(a, b),
        (Value::String(a), Value::Number(b)) | (Value::Number(b), Value::String(a)) => {
            *a == b.to_string() || same_quantity(a, &b.to_string())
        }
        (a, b) => a == b,
    }
}

/// Lists of the same length are compared item by item, in order. A longer
/// live list (another field manager added items to a list merged by key)
/// matches when every applied item is somewhere in it.
fn differs_list(want: &[Value], live: &[Value]) -> Option<String> {
    if want.len() == live.len() {
        return want
            .iter()
            .zip(live)
            .enumerate()
            .find_map(|(i, (want, live))| {
                differs(want, Some(live)).map(|at| format!("[{i}]{at}"))
            });
    }
    if live.len() < want.len() {
        return Some(String::new());
    }
    want.iter().enumerate().find_map(|(i, want)| {
        live.iter()
            .all(|live| differs(want, Some(live)).is_some())
            .then(|| format!("[{i}]"))
    })
}

/// The values the API server leaves out of an object when they are set.
fn is_zero(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_zero),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deployment(replicas: i64, cpu: &str) -> Value {
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": { "name": "s", "labels": { "app": "x" } },
            "spec": {
                "replicas": replicas,
                "template": { "spec": { "containers": [{
                    "name": "session", "image": "img:1",
                    "env": [],
                    "ports": [{ "name": "vnc", "containerPort": 3000 }],
                    "resources": { "limits": { "cpu": cpu, "memory": "2Gi" } },
                }]}},
            },
        })
    }

    /// What a real API server returns for `deployment(..)`: defaults added,
    /// the empty env left out, the quantity canonical, status filled in.
    fn served(replicas: i64) -> Value {
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": { "name": "s", "namespace": "ns", "uid": "u", "resourceVersion": "7",
                          "labels": { "app": "x" }, "generation": 2 },
            "spec": {
                "replicas": replicas, "revisionHistoryLimit": 10,
                "strategy": { "type": "RollingUpdate" },
                "template": { "spec": { "restartPolicy": "Always", "containers": [{
                    "name": "session", "image": "img:1", "imagePullPolicy": "IfNotPresent",
                    "ports": [{ "name": "vnc", "containerPort": 3000, "protocol": "TCP" }],
                    "resources": { "limits": { "cpu": "1", "memory": "2Gi" } },
                }]}},
            },
            "status": { "readyReplicas": 1 },
        })
    }

    #[test]
    fn what_the_server_adds_or_normalises_is_no_drift() {
        assert_eq!(drifted_field(&deployment(1, "1000m"), &served(1)), None);
    }

    #[test]
    fn a_changed_applied_field_is_drift_with_its_path() {
        assert_eq!(
            drifted_field(&deployment(1, "1000m"), &served(0)).as_deref(),
            Some("spec.replicas")
        );
        assert_eq!(
            drifted_field(&deployment(1, "500m"), &served(1)).as_deref(),
            Some("spec.template.spec.containers[0].resources.limits.cpu")
        );
        let mut relabelled = served(1);
        relabelled["metadata"]["labels"]["app"] = json!("y");
        assert_eq!(
            drifted_field(&deployment(1, "1"), &relabelled).as_deref(),
            Some("metadata.labels.app")
        );
    }

    #[test]
    fn a_removed_field_or_item_is_drift() {
        let mut unlabelled = served(1);
        unlabelled["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("labels");
        assert_eq!(
            drifted_field(&deployment(1, "1"), &unlabelled).as_deref(),
            Some("metadata.labels")
        );
        let mut portless = served(1);
        portless["spec"]["template"]["spec"]["containers"][0]["ports"] = json!([]);
        assert_eq!(
            drifted_field(&deployment(1, "1"), &portless).as_deref(),
            Some("spec.template.spec.containers[0].ports")
        );
    }

    #[test]
    fn items_another_manager_added_are_no_drift_but_a_lost_item_is() {
        let want = json!({ "spec": { "env": [{ "name": "A", "value": "1" }] } });
        let added = json!({ "spec": { "env": [{ "name": "B", "value": "2" }, { "name": "A", "value": "1" }] } });
        assert_eq!(drifted_field(&want, &added), None);
        let replaced = json!({ "spec": { "env": [{ "name": "B", "value": "2" }, { "name": "C", "value": "3" }] } });
        assert_eq!(
            drifted_field(&want, &replaced).as_deref(),
            Some("spec.env[0]")
        );
    }

    #[test]
    fn int_or_string_and_zero_values() {
        assert_eq!(
            drifted_field(&json!({ "port": "3000" }), &json!({ "port": 3000 })),
            None
        );
        assert_eq!(
            drifted_field(&json!({ "a": "", "b": false, "c": 0, "d": {} }), &json!({})),
            None
        );
        assert_eq!(
            drifted_field(&json!({ "a": true }), &json!({})).as_deref(),
            Some("a")
        );
        assert_eq!(
            drifted_field(&json!({ "a": "x" }), &json!({ "a": null })).as_deref(),
            Some("a")
        );
    }
}
