//! The paths at which two JSON values differ, written as a reader of the
//! object would: `spec.template.spec.containers[0].image`,
//! `metadata.labels["stream.space/session"]`.

use serde_json::Value;

fn plain(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn field(path: &str, key: &str) -> String {
    match (path.is_empty(), plain(key)) {
        (true, true) => key.to_owned(),
        (false, true) => format!("{path}.{key}"),
        (_, false) => format!("{path}[{}]", Value::from(key)),
    }
}

fn walk(a: Option<&Value>, b: Option<&Value>, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                walk(x.get(key), y.get(key), &field(path, key), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            for index in 0..x.len().max(y.len()) {
                walk(x.get(index), y.get(index), &format!("{path}[{index}]"), out);
            }
        }
        (x, y) if x.filter(|v| !v.is_null()) == y.filter(|v| !v.is_null()) => {}
        _ => out.push(if path.is_empty() {
            "(whole)".to_owned()
        } else {
            path.to_owned()
        }),
    }
}

/// Every path where `a` and `b` differ, in key order. A map or list that
/// only one side has is one path, not one per leaf; a `null` equals a
/// missing value.
pub fn changed_paths(a: &Value, b: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(Some(a), Some(b), "", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_name_the_changed_leaves() {
        let a = json!({
            "metadata": { "labels": { "stream.space/session": "a", "x": "1" } },
            "spec": { "template": { "spec": { "containers": [{ "image": "old", "name": "c" }] } } },
            "url": null
        });
        let b = json!({
            "metadata": { "labels": { "stream.space/session": "b", "x": "1" } },
            "spec": { "template": { "spec": {
                "containers": [{ "image": "new", "name": "c" }, { "name": "d" }],
                "volumes": [{ "name": "v" }] } } }
        });
        assert_eq!(
            changed_paths(&a, &b),
            [
                "metadata.labels[\"stream.space/session\"]",
                "spec.template.spec.containers[0].image",
                "spec.template.spec.containers[1]",
                "spec.template.spec.volumes",
            ]
        );
        assert!(changed_paths(&a, &a).is_empty());
        assert_eq!(changed_paths(&json!(1), &json!(2)), ["(whole)"]);
    }
}
