//! Per-type write rules, as the real registry strategies apply them: system
//! metadata on create, what the main resource and the `/status` subresource
//! may change, when `metadata.generation` is bumped, and the preconditions of
//! an update.

use serde_json::{Map, Value, json};

use super::catalog::{CRD_CLEANUP_FINALIZER, GenerationRule, ResourceDef};
use super::errors::{ApiError, ApiResult};
use super::ids;
use super::managed::Scope;

/// Metadata fields only the server sets; an update keeps the stored values.
const SERVER_METADATA: &[&str] = &[
    "uid",
    "creationTimestamp",
    "generation",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "selfLink",
];

/// The scope of a write to `subresource` of `def`.
pub fn scope(def: &ResourceDef, subresource: Option<&str>) -> Scope {
    match subresource {
        Some("status") if def.group == "apps" && def.plural == "deployments" => {
            Scope::StatusAndMetadata
        }
        Some("status") => Scope::Status,
        _ if def.status_subresource => Scope::Main,
        _ => Scope::Whole,
    }
}

/// The object's `metadata` map (created when missing).
pub fn meta_mut(object: &mut Value) -> &mut Map<String, Value> {
    let obj = object.as_object_mut().expect("objects are JSON objects");
    obj.entry("metadata")
        .or_insert_with(|| Value::Object(Map::new()));
    obj.get_mut("metadata")
        .and_then(Value::as_object_mut)
        .expect("metadata is an object")
}

/// A string field of `metadata`.
pub fn meta_str<'a>(object: &'a Value, field: &str) -> Option<&'a str> {
    object
        .get("metadata")?
        .get(field)?
        .as_str()
        .filter(|s| !s.is_empty())
}

/// Checks `apiVersion`/`kind` of a request body against the resource, filling
/// them in when absent.
pub fn check_type(def: &ResourceDef, object: &mut Value) -> ApiResult<()> {
    let Some(obj) = object.as_object_mut() else {
        return Err(ApiError::bad_request(
            "the body of the request must be a JSON object",
        ));
    };
    let expected = def.api_version();
    match obj.get("apiVersion").and_then(Value::as_str) {
        Some(v) if v != expected => {
            return Err(ApiError::bad_request(format!(
                "the API version in the data ({v}) does not match the expected API version ({expected})"
            )));
        }
        _ => {}
    }
    match obj.get("kind").and_then(Value::as_str) {
        Some(k) if k != def.kind => {
            return Err(ApiError::bad_request(format!(
                "the kind in the data ({k}) does not match the expected kind ({})",
                def.kind
            )));
        }
        _ => {}
    }
    obj.insert("apiVersion".into(), json!(expected));
    obj.insert("kind".into(), json!(def.kind));
    Ok(())
}

/// Checks that the body's namespace (if any) is the request's, and fills it
/// in for namespaced types.
pub fn check_namespace(def: &ResourceDef, object: &mut Value, namespace: &str) -> ApiResult<()> {
    if !def.namespaced {
        meta_mut(object).remove("namespace");
        return Ok(());
    }
    match meta_str(object, "namespace") {
        Some(ns) if ns != namespace => Err(ApiError::bad_request(
            "the namespace of the provided object does not match the namespace sent on the request",
        )),
        _ => {
            meta_mut(object).insert("namespace".into(), json!(namespace));
            Ok(())
        }
    }
}

/// Checks that the body's name (if any) is the one in the URL, and fills it in.
pub fn check_name(object: &mut Value, name: &str) -> ApiResult<()> {
    match meta_str(object, "name") {
        Some(n) if n != name => Err(ApiError::bad_request(format!(
            "the name of the object ({n}) does not match the name on the URL ({name})"
        ))),
        _ => {
            meta_mut(object).insert("name".into(), json!(name));
            Ok(())
        }
    }
}

/// Prepares a new object: server metadata, the generation, the initial
/// status, and what the type's controllers would set at once.
pub fn prepare_create(def: &ResourceDef, object: &mut Value) -> ApiResult<()> {
    if meta_str(object, "resourceVersion").is_some() {
        return Err(ApiError {
            code: 500,
            reason: "InternalError",
            message: "resourceVersion should not be set on objects to be created".into(),
            details: None,
        });
    }
    let meta = meta_mut(object);
    for f in SERVER_METADATA
        .iter()
        .chain(&["managedFields", "resourceVersion"])
    {
        meta.remove(*f);
    }
    meta.insert("uid".into(), json!(ids::new_uid()));
    meta.insert("creationTimestamp".into(), json!(ids::now()));
    if def.generation != GenerationRule::None {
        meta.insert("generation".into(), json!(1));
    }
    let obj = object.as_object_mut().expect("checked object");
    if def.status_subresource {
        match initial_status(def) {
            Some(status) => obj.insert("status".into(), status),
            None => obj.remove("status"),
        };
    }
    if def.is_namespace() {
        let name = meta_str(object, "name").unwrap_or_default().to_owned();
        let labels = meta_mut(object)
            .entry("labels")
            .or_insert_with(|| json!({}));
        labels["kubernetes.io/metadata.name"] = json!(name);
        object["spec"] = json!({ "finalizers": ["kubernetes"] });
    }
    if def.is_crd() {
        establish_crd(object);
    }
    Ok(())
}

fn initial_status(def: &ResourceDef) -> Option<Value> {
    match (def.group, def.plural) {
        ("", "namespaces") => Some(json!({ "phase": "Active" })),
        ("", "persistentvolumeclaims") => Some(json!({ "phase": "Pending" })),
        ("", "services") | ("networking.k8s.io", "ingresses") => {
            Some(json!({ "loadBalancer": {} }))
        }
        ("apps", "deployments") => Some(json!({})),
        _ => None,
    }
}

/// What the apiextensions controllers do to a new CRD: the cleanup
/// finalizer, accepted names and the Established condition (at once here).
fn establish_crd(object: &mut Value) {
    let finalizers = meta_mut(object)
        .entry("finalizers")
        .or_insert_with(|| json!([]));
    if let Some(list) = finalizers.as_array_mut()
        && !list.iter().any(|f| f == CRD_CLEANUP_FINALIZER)
    {
        list.push(json!(CRD_CLEANUP_FINALIZER));
    }
    let now = ids::now();
    let stored: Vec<Value> = object
        .pointer("/spec/versions")
        .and_then(Value::as_array)
        .map(|vs| {
            vs.iter()
                .filter(|v| v.get("storage") == Some(&json!(true)))
                .filter_map(|v| v.get("name").cloned())
                .collect()
        })
        .unwrap_or_default();
    let condition = |type_: &str, reason: &str, message: &str| json!({ "type": type_, "status": "True", "lastTransitionTime": now, "reason": reason, "message": message });
    object["status"] = json!({
        "acceptedNames": object.pointer("/spec/names").cloned().unwrap_or(json!({})),
        "conditions": [
            condition("NamesAccepted", "NoConflicts", "no conflicts found"),
            condition("Established", "InitialNamesAccepted", "the initial names have been accepted"),
        ],
        "storedVersions": stored,
    });
}

/// Optimistic-concurrency preconditions: a `metadata.resourceVersion` or
/// `metadata.uid` in the request must match the stored object (409 otherwise).
pub fn check_preconditions(def: &ResourceDef, old: &Value, candidate: &Value) -> ApiResult<()> {
    let name = meta_str(old, "name").unwrap_or_default();
    if let Some(rv) = meta_str(candidate, "resourceVersion")
        && Some(rv) != meta_str(old, "resourceVersion")
    {
        return Err(ApiError::conflict(def, name));
    }
    if let Some(uid) = meta_str(candidate, "uid")
        && Some(uid) != meta_str(old, "uid")
    {
        let why = format!(
            "Precondition failed: UID in precondition: {uid}, UID in object meta: {}",
            meta_str(old, "uid").unwrap_or_default()
        );
        return Err(ApiError::conflict_because(def, name, &why));
    }

    Ok(())
}

/// Builds the stored object of an update of `old` whose request produced
/// `candidate` (a full object): checks preconditions, keeps what the scope
/// may not change and the server metadata, and bumps the generation.
pub fn prepare_update(
    def: &ResourceDef,
    scope: Scope,
    old: &Value,
    candidate: Value,
) -> ApiResult<Value> {
    check_preconditions(def, old, &candidate)?;
    let name = meta_str(old, "name").unwrap_or_default();
    let mut new = match scope {
        Scope::Whole => candidate,
        Scope::Main => with_status_of(candidate, old),
        Scope::Status => with_status_of(old.clone(), &candidate),
        Scope::StatusAndMetadata => {
            let mut new = with_status_of(old.clone(), &candidate);
            let mut meta = candidate
                .get("metadata")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            match old.pointer("/metadata/labels") {
                Some(labels) => meta.insert("labels".into(), labels.clone()),
                None => meta.remove("labels"),
            };
            new["metadata"] = Value::Object(meta);
            new
        }
    };
    new["apiVersion"] = old["apiVersion"].clone();
    new["kind"] = old["kind"].clone();
    let old_meta = old
        .get("metadata")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let meta = meta_mut(&mut new);
    meta.remove("managedFields");
    for f in SERVER_METADATA
        .iter()
        .chain(&["name", "namespace", "resourceVersion"])
    {
        match old_meta.get(*f) {
            Some(v) => meta.insert((*f).to_owned(), v.clone()),
            None => meta.remove(*f),
        };
    }

    if old_meta.contains_key("deletionTimestamp") {
        let finalizers = |m: &Map<String, Value>| -> Vec<Value> {
            m.get("finalizers")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let before = finalizers(&old_meta);
        if finalizers(meta).iter().any(|f| !before.contains(f)) {
            return Err(ApiError::invalid(
                def.group,
                def.kind,
                name,
                "metadata.finalizers",
                "FieldValueForbidden",
                "Forbidden: no new finalizers can be added if the object is being deleted",
            ));
        }
    }

    // Status writes never bump the generation, whatever metadata they change.
    if let Some(generation) = old.pointer("/metadata/generation").and_then(Value::as_i64)
        && !scope.is_status()
    {
        let bump = match def.generation {
            GenerationRule::None => false,
            GenerationRule::Spec => spec_of(old) != spec_of(&new),
            GenerationRule::SpecAndAnnotations => {
                spec_of(old) != spec_of(&new)
                    || old.pointer("/metadata/annotations") != new.pointer("/metadata/annotations")
            }
        };
        if bump {
            meta_mut(&mut new).insert("generation".into(), json!(generation + 1));
        }
    }
    Ok(new)
}

/// `target` with the `status` of `source` (or without status when `source`
/// has none).
fn with_status_of(mut target: Value, source: &Value) -> Value {
    let obj = target.as_object_mut().expect("objects are JSON objects");
    match source.get("status") {
        Some(status) => obj.insert("status".into(), status.clone()),
        None => obj.remove("status"),
    };
    target
}

/// Everything but `metadata`, `status`, `apiVersion` and `kind`.
fn spec_of(object: &Value) -> Map<String, Value> {
    let mut m = object.as_object().cloned().unwrap_or_default();
    for f in ["metadata", "status", "apiVersion", "kind"] {
        m.remove(f);
    }
    m
}
