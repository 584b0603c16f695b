//! PATCH: JSON merge patch, strategic merge patch, JSON patch and
//! server-side apply (which may create the object).

use serde_json::{Map, Value, json};

use super::super::Shared;
use super::super::apply::{Apply, apply_key};
use super::super::errors::{ApiError, ApiResult};
use super::super::ids;
use super::super::managed::{Managers, ownable};
use super::super::patch::{json_patch, merge_patch, strategic_merge_patch};
use super::super::quantities;
use super::super::strategy::{
    self, check_name, check_namespace, check_type, meta_str, prepare_create,
};
use super::{Ownership, Target, WriteOptions, check_namespace_open, commit_update, insert, schema};

/// Media types accepted for PATCH.
const PATCH_TYPES: &[&str] = &[
    "application/json-patch+json",
    "application/merge-patch+json",
    "application/strategic-merge-patch+json",
    "application/apply-patch+yaml",
];

/// PATCH: merge, strategic merge, JSON patch or server-side apply. Returns
/// 201 when an apply created the object, else 200.
pub fn patch(
    shared: &Shared,
    t: &Target,
    content_type: &str,
    body: &[u8],
    opts: &WriteOptions,
) -> ApiResult<(u16, Value)> {
    let media = content_type.split(';').next().unwrap_or("").trim();
    if media == "application/apply-patch+yaml" {
        return apply(shared, t, body, opts);
    }
    if opts.force.is_some() {
        return Err(ApiError::invalid(
            "meta.k8s.io",
            "PatchOptions",
            "",
            "force",
            "FieldValueForbidden",
            "Forbidden: may not be specified for non-apply patch",
        ));
    }
    let custom_strategic = media == "application/strategic-merge-patch+json" && t.def.custom;
    if !PATCH_TYPES.contains(&media) || custom_strategic {
        let accepted: Vec<&str> = PATCH_TYPES
            .iter()
            .copied()
            .filter(|m| !(t.def.custom && m.contains("strategic")))
            .collect();
        return Err(ApiError::unsupported_media_type(media, &accepted));
    }
    let patch: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("error decoding patch: {e}")))?;
    let mut store = shared.store();
    let key = t.key();
    let current = store
        .get(&key)
        .ok_or_else(|| ApiError::not_found(t.def, t.name()))?
        .object
        .clone();
    let mut candidate = current;
    match media {
        "application/merge-patch+json" => merge_patch(&mut candidate, &patch),
        "application/strategic-merge-patch+json" => {
            strategic_merge_patch(&mut candidate, &patch, schema(t.def)).map_err(|e| {
                ApiError::bad_request(format!("error applying strategic merge patch: {e}"))
            })?
        }
        _ => json_patch(&mut candidate, &patch).map_err(|e| ApiError {
            code: 422,
            reason: "Invalid",
            message: format!("the server rejected our request due to an error in our request: {e}"),
            details: None,
        })?,
    }
    if !candidate.is_object() {
        return Err(ApiError::bad_request(
            "the patched object is not a JSON object",
        ));
    }
    check_name(&mut candidate, t.name())?;
    quantities::normalize(t.def, &mut candidate).map_err(|e| e.invalid(t.def, t.name()))?;
    let scope = t.scope();
    let updated = commit_update(
        &mut store,
        &shared.gc,
        t.def,
        &key,
        candidate,
        scope,
        Ownership::Update(opts.update_key(scope)),
    )?;
    Ok((200, updated))
}

/// Server-side apply (`application/apply-patch+yaml`, JSON or YAML body).
fn apply(shared: &Shared, t: &Target, body: &[u8], opts: &WriteOptions) -> ApiResult<(u16, Value)> {
    let Some(manager) = opts.field_manager.as_deref().filter(|m| !m.is_empty()) else {
        return Err(ApiError::invalid(
            "meta.k8s.io",
            "PatchOptions",
            "",
            "fieldManager",
            "FieldValueRequired",
            "Required value: is required for apply patch",
        ));
    };
    let mut config = applied_configuration(t, body)?;
    // Normalised before anything compares it with the live object, so an
    // equal quantity written differently is no change and no conflict.
    quantities::normalize(t.def, &mut config).map_err(|e| e.invalid(t.def, t.name()))?;
    let scope = t.scope();
    let (now, api_version) = (ids::now(), t.def.api_version());
    let ownable_config = without_nulls(ownable(&config, scope));
    let applier = Apply {
        key: apply_key(manager, scope.subresource()),
        force: opts.force.unwrap_or(false),
        config: &ownable_config,
        schema: schema(t.def),
        api_version: &api_version,
        now: &now,
    };
    let conflict =
        |conflicts: Vec<(String, String)>| ApiError::apply_conflict(t.def, t.name(), &conflicts);

    let key = t.key();
    let mut store = shared.store();
    let Some(existing) = store.get(&key).cloned() else {
        if scope.is_status() {
            return Err(ApiError::not_found(t.def, t.name()));
        }
        shared.authorize_apply_create(t, opts)?;
        let namespace = t.namespace.as_deref().unwrap_or("");
        check_namespace_open(&store, t.def, namespace, t.name())?;
        if meta_str(&config, "resourceVersion").is_some() {
            return Err(ApiError::conflict(t.def, t.name()));
        }
        let (merged, managers) = applier
            .run(&json!({}), &Managers::new())
            .map_err(conflict)?;
        let mut object = json!({ "apiVersion": api_version, "kind": t.def.kind, "metadata": { "name": t.name() } });
        if t.def.namespaced {
            object["metadata"]["namespace"] = json!(namespace);
        }
        merge_patch(&mut object, &merged);
        prepare_create(t.def, &mut object)?;
        return Ok((
            201,
            insert(&mut store, &shared.gc, t.def, key, object, managers),
        ));
    };

    strategy::check_preconditions(t.def, &existing.object, &config)?;
    let (merged, managers) = applier
        .run(&existing.object, &existing.managers)
        .map_err(conflict)?;
    let updated = commit_update(
        &mut store,
        &shared.gc,
        t.def,
        &key,
        merged,
        scope,
        Ownership::Computed(managers),
    )?;
    Ok((200, updated))
}

/// Decodes and checks an applied configuration: an object of the resource's
/// apiVersion and kind, named as in the URL.
fn applied_configuration(t: &Target, body: &[u8]) -> ApiResult<Value> {
    let mut config: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => serde_saphyr::from_slice(body)
            .map_err(|e| ApiError::bad_request(format!("error decoding YAML: {e}")))?,
    };
    if !config.is_object() || config.get("apiVersion").is_none() || config.get("kind").is_none() {
        return Err(ApiError::bad_request(
            "invalid object: apiVersion and kind must be set in an applied configuration",
        ));
    }
    check_type(t.def, &mut config)?;
    check_name(&mut config, t.name())?;
    check_namespace(t.def, &mut config, t.namespace.as_deref().unwrap_or(""))?;
    Ok(config)
}

/// A copy without `null` object fields: an applied `null` is treated as an
/// omitted field.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}
