//! Comparing two reconcile decisions of one Session: each child by kind and
//! name (added, removed, or the fields that change), then the status.

use std::cell::OnceCell;
use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::super::paths::changed_paths;
use super::super::render::{desired, key, unified, yaml};
use super::tally::Tally;
use crate::keys::APPLIED_HASH;
use crate::script::{ReconcileDecision, SessionInput};

/// A child without the applied-hash annotation, which changes with every
/// other change and would only clutter a sample.
fn without_hash(object: &Value) -> Value {
    let mut object = object.clone();
    if let Some(annotations) = object
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
    {
        annotations.remove(APPLIED_HASH);
        if annotations.is_empty() {
            object["metadata"]
                .as_object_mut()
                .map(|m| m.remove("annotations"));
        }
    }
    object
}

fn is_hash_annotation(path: &str) -> bool {
    path == format!("metadata.annotations[\"{APPLIED_HASH}\"]")
}

/// Counts the changes from `before` to `after` (the running and the
/// proposed set's decisions for `input`, named `subject`); returns whether
/// anything changes.
pub fn compare(
    tally: &mut Tally,
    subject: &str,
    input: &SessionInput,
    before: &ReconcileDecision,
    after: &ReconcileDecision,
) -> bool {
    let by_key = |decision: &ReconcileDecision| -> BTreeMap<(String, String), Value> {
        desired(&decision.children, &input.session)
            .into_iter()
            .map(|o| (key(&o), o))
            .collect()
    };
    let (old, new) = (by_key(before), by_key(after));
    let mut children: Vec<&(String, String)> = old.keys().chain(new.keys()).collect();
    children.sort();
    children.dedup();
    let mut changed = false;
    for child in children {
        let (a, b) = (old.get(child), new.get(child));
        let fields = match (a, b) {
            (Some(a), Some(b)) => changed_paths(a, b)
                .into_iter()
                .filter(|p| !is_hash_annotation(p))
                .collect(),
            (None, _) => vec!["(added)".to_owned()],
            (_, None) => vec!["(removed)".to_owned()],
        };
        let sample = OnceCell::new();
        let label = format!("{subject} {}/{}", child.0, child.1);
        for field in fields {
            changed = true;
            tally.add(&child.0, field, || {
                sample
                    .get_or_init(|| {
                        let text = |v: Option<&Value>| {
                            v.map(|v| yaml(&without_hash(v))).unwrap_or_default()
                        };
                        unified(
                            &text(a),
                            &text(b),
                            &format!("{label} (running version)"),
                            &format!("{label} (edited)"),
                        )
                    })
                    .clone()
            });
        }
    }
    let status = tally.values(
        "Status",
        &format!("{subject} status"),
        &json!(before.status),
        &json!(after.status),
    );
    changed || status
}
