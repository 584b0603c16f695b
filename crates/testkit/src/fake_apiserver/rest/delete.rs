//! DELETE: of one object or a collection, with preconditions and
//! `propagationPolicy`. Objects nothing holds go at once; finalizers (the
//! caller's, or `orphan`/`foregroundDeletion` for those policies) keep an
//! object with a deletionTimestamp until they are removed; a namespace turns
//! Terminating. The collector (`gc`) does the rest asynchronously.

use serde_json::{Value, json};

use super::super::Shared;
use super::super::catalog::ResourceDef;
use super::super::errors::{ApiError, ApiResult};
use super::super::gc::{GcQueue, GcWork};
use super::super::ids;
use super::super::selectors::{FieldSelector, LabelSelector};
use super::super::store::{ObjectKey, Store, Stored};
use super::super::strategy::{meta_mut, meta_str};
use super::Target;

/// `propagationPolicy` of a delete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Propagation {
    /// Delete now; the collector deletes dependents afterwards (default).
    Background,
    /// Dependents first, then the object (`foregroundDeletion` finalizer).
    Foreground,
    /// Keep dependents, removing their owner reference (`orphan` finalizer).
    Orphan,
}

/// Finalizer of an object deleted with `propagationPolicy: Orphan`.
pub const ORPHAN: &str = "orphan";
/// Finalizer of an object deleted with `propagationPolicy: Foreground`.
pub const FOREGROUND: &str = "foregroundDeletion";

/// Deletes the object at `key`: at once when nothing holds it, else by
/// setting its deletionTimestamp until its finalizers are gone. Returns the
/// object (its last state, or the updated one when deletion is pending).
pub fn delete_object(
    store: &mut Store,
    gc: &GcQueue,
    key: &ObjectKey,
    propagation: Propagation,
) -> Option<Value> {
    let stored = store.get(key)?.clone();
    let mut object = stored.object.clone();
    if object.pointer("/metadata/deletionTimestamp").is_some() {
        return Some(object);
    }
    if key.def().is_namespace() {
        meta_mut(&mut object).insert("deletionTimestamp".into(), json!(ids::now()));
        object["status"] = json!({ "phase": "Terminating" });
        let updated = store.replace(
            key,
            Stored {
                object,
                managers: stored.managers,
            },
        );
        gc.send(GcWork::Namespace(key.name.clone()));
        return Some(updated);
    }
    let mut finalizers = finalizers(&object);
    let extra = match propagation {
        Propagation::Background => None,
        Propagation::Foreground => Some(FOREGROUND),
        Propagation::Orphan => Some(ORPHAN),
    };
    if let Some(f) = extra
        && !finalizers.iter().any(|x| x == f)
    {
        finalizers.push(f.to_owned());
    }
    if finalizers.is_empty() {
        remove_now(store, gc, key);
        return Some(stored.object);
    }
    let meta = meta_mut(&mut object);
    meta.insert("finalizers".into(), json!(finalizers));
    meta.insert("deletionTimestamp".into(), json!(ids::now()));
    meta.insert("deletionGracePeriodSeconds".into(), json!(0));
    let updated = store.replace(
        key,
        Stored {
            object,
            managers: stored.managers,
        },
    );
    gc.send(GcWork::Finalize(key.clone()));
    Some(updated)
}

/// Removes the object now and lets the collector look at its dependents.
pub fn remove_now(store: &mut Store, gc: &GcQueue, key: &ObjectKey) {
    if let Some(object) = store.remove(key)
        && let Some(uid) = meta_str(&object, "uid")
    {
        gc.send(GcWork::OwnerGone(uid.to_owned()));
    }
}

/// The object's `metadata.finalizers`.
pub fn finalizers(object: &Value) -> Vec<String> {
    object
        .pointer("/metadata/finalizers")
        .and_then(Value::as_array)
        .map(|fs| {
            fs.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Parsed `DeleteOptions` (body) and `?propagationPolicy=`.
fn delete_options(
    def: &ResourceDef,
    body: &[u8],
    query_policy: Option<&str>,
) -> ApiResult<(Propagation, Value)> {
    let opts: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(body)
            .map_err(|e| ApiError::bad_request(format!("invalid DeleteOptions: {e}")))?
    };
    if opts
        .get("dryRun")
        .and_then(Value::as_array)
        .is_some_and(|d| !d.is_empty())
    {
        return Err(ApiError::bad_request(
            "dryRun is not supported by the fake API server",
        ));
    }
    let policy = opts
        .get("propagationPolicy")
        .and_then(Value::as_str)
        .or(query_policy);
    let propagation = match (
        policy,
        opts.get("orphanDependents").and_then(Value::as_bool),
    ) {
        (Some("Orphan"), _) | (None, Some(true)) => Propagation::Orphan,
        (Some("Foreground"), _) => Propagation::Foreground,
        (Some("Background") | None, _) => Propagation::Background,
        (Some(other), _) => {
            return Err(ApiError::invalid(
                "meta.k8s.io",
                "DeleteOptions",
                "",
                "propagationPolicy",
                "FieldValueNotSupported",
                &format!("Unsupported value: \"{other}\" (for {})", def.plural),
            ));
        }
    };
    Ok((
        propagation,
        opts.get("preconditions").cloned().unwrap_or(json!({})),
    ))
}

/// DELETE of one object. Returns the object: its last state, or with a
/// deletionTimestamp when finalizers hold it.
pub fn delete(
    shared: &Shared,
    t: &Target,
    body: &[u8],
    query_policy: Option<&str>,
) -> ApiResult<Value> {
    let (propagation, preconditions) = delete_options(t.def, body, query_policy)?;
    let mut store = shared.store();
    let key = t.key();
    let current = store
        .get(&key)
        .ok_or_else(|| ApiError::not_found(t.def, t.name()))?
        .object
        .clone();
    for (field, label) in [("uid", "UID"), ("resourceVersion", "ResourceVersion")] {
        if let Some(wanted) = preconditions.get(field).and_then(Value::as_str)
            && Some(wanted) != meta_str(&current, field)
        {
            let why = format!(
                "Precondition failed: {label} in precondition: {wanted}, {label} in object meta: {}",
                meta_str(&current, field).unwrap_or_default()
            );
            return Err(ApiError::conflict_because(t.def, t.name(), &why));
        }
    }
    Ok(delete_object(&mut store, &shared.gc, &key, propagation).unwrap_or(current))
}

/// DELETE of a collection: deletes every object matching the selectors and
/// returns them as a list.
pub fn delete_collection(
    shared: &Shared,
    t: &Target,
    labels: &LabelSelector,
    fields: &FieldSelector,
    body: &[u8],
    query_policy: Option<&str>,
) -> ApiResult<Value> {
    let (propagation, _) = delete_options(t.def, body, query_policy)?;
    let mut store = shared.store();
    let keys: Vec<(ObjectKey, Value)> = store
        .list(t.def, t.namespace.as_deref())
        .filter(|s| labels.matches(&s.object) && fields.matches(&s.object))
        .map(|s| {
            let ns = meta_str(&s.object, "namespace").unwrap_or("");
            (
                ObjectKey::new(t.def, ns, meta_str(&s.object, "name").unwrap_or("")),
                s.object.clone(),
            )
        })
        .collect();
    let items: Vec<Value> = keys
        .into_iter()
        .map(|(key, object)| {
            delete_object(&mut store, &shared.gc, &key, propagation).unwrap_or(object)
        })
        .collect();
    Ok(json!({
        "kind": format!("{}List", t.def.kind),
        "apiVersion": t.def.api_version(),
        "metadata": { "resourceVersion": store.rv().to_string() },
        "items": items,
    }))
}
