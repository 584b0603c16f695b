//! The REST verbs on stored objects: get, list, create, update (PUT) and the
//! commit of every update (type rules, field managers, resourceVersion,
//! garbage-collector hints); PATCH and DELETE in the submodules.

mod delete;
mod patch_verb;

pub use delete::{
    FOREGROUND, ORPHAN, Propagation, delete, delete_collection, delete_object, finalizers,
    remove_now,
};
pub use patch_verb::patch;

use serde_json::{Value, json};

use super::Shared;
use super::catalog::{ResourceDef, find};
use super::errors::{ApiError, ApiResult};
use super::fields::Schema;
use super::gc::{GcQueue, GcWork};
use super::ids;
use super::managed::{
    ManagerKey, Managers, Operation, Scope, ownable, record_update, render, settle,
};
use super::quantities;
use super::selectors::{FieldSelector, LabelSelector};
use super::store::{ObjectKey, Store, Stored};
use super::strategy::{
    self, check_name, check_namespace, check_type, meta_str, prepare_create, prepare_update,
};

/// What a request addresses.
#[derive(Debug, Clone)]
pub struct Target {
    /// The resource type.
    pub def: &'static ResourceDef,
    /// The namespace; `None` for cluster-scoped types and all-namespaces lists.
    pub namespace: Option<String>,
    /// The object name, for requests on one object.
    pub name: Option<String>,
    /// `status` for the status subresource.
    pub subresource: Option<String>,
}

impl Target {
    fn key(&self) -> ObjectKey {
        ObjectKey::new(
            self.def,
            self.namespace.as_deref().unwrap_or(""),
            self.name.as_deref().unwrap_or(""),
        )
    }

    fn name(&self) -> &str {
        self.name.as_deref().unwrap_or("")
    }

    fn scope(&self) -> Scope {
        strategy::scope(self.def, self.subresource.as_deref())
    }

    /// The resource name write counters use: `deployments`, `deployments/status`.
    pub fn counter(&self) -> String {
        match &self.subresource {
            Some(sub) => format!("{}/{sub}", self.def.plural),
            None => self.def.plural.to_owned(),
        }
    }
}

/// Query parameters and headers of a write.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// `?fieldManager=`.
    pub field_manager: Option<String>,
    /// The request's User-Agent (default manager name for non-apply writes).
    pub user_agent: String,
    /// `?force=`.
    pub force: Option<bool>,
    /// Made with the operator's identity.
    pub by_operator: bool,
}

impl WriteOptions {
    /// The manager of a non-apply write: `fieldManager`, else the
    /// User-Agent up to its first `/`, as the real server derives it.
    fn update_key(&self, scope: Scope) -> ManagerKey {
        let manager = match &self.field_manager {
            Some(m) if !m.is_empty() => m.clone(),
            _ => self
                .user_agent
                .split('/')
                .next()
                .filter(|s| !s.is_empty())
                .unwrap_or("unknown")
                .to_owned(),
        };
        ManagerKey {
            manager,
            operation: Operation::Update,
            subresource: scope.subresource().to_owned(),
        }
    }
}

/// How a committed write changes field ownership.
pub enum Ownership {
    /// A non-apply write by this manager.
    Update(ManagerKey),
    /// Managers already computed (server-side apply).
    Computed(Managers),
}

fn schema(def: &ResourceDef) -> Schema {
    Schema {
        builtin: !def.custom,
    }
}

/// GET one object.
pub fn get(shared: &Shared, t: &Target) -> ApiResult<Value> {
    let store = shared.store();
    store
        .get(&t.key())
        .map(|s| s.object.clone())
        .ok_or_else(|| ApiError::not_found(t.def, t.name()))
}

/// LIST objects matching the selectors.
pub fn list(shared: &Shared, t: &Target, labels: &LabelSelector, fields: &FieldSelector) -> Value {
    let store = shared.store();
    let items: Vec<Value> = store
        .list(t.def, t.namespace.as_deref())
        .filter(|s| labels.matches(&s.object) && fields.matches(&s.object))
        .map(|s| s.object.clone())
        .collect();
    json!({
        "kind": format!("{}List", t.def.kind),
        "apiVersion": t.def.api_version(),
        "metadata": { "resourceVersion": store.rv().to_string() },
        "items": items,
    })
}

/// Refuses writes into a namespace that does not exist (404) or is being
/// deleted (403), as the NamespaceLifecycle admission plugin does.
fn check_namespace_open(
    store: &Store,
    def: &ResourceDef,
    namespace: &str,
    name: &str,
) -> ApiResult<()> {
    if !def.namespaced {
        return Ok(());
    }
    let ns_def = find("", "v1", "namespaces").expect("namespaces are served");
    match store.get(&ObjectKey::new(ns_def, "", namespace)) {
        None => Err(ApiError::not_found(ns_def, namespace)),
        Some(ns) if ns.object.pointer("/metadata/deletionTimestamp").is_some() => {
            Err(ApiError::namespace_terminating(def, name, namespace))
        }
        Some(_) => Ok(()),
    }
}

/// POST: creates an object.
pub fn create(
    shared: &Shared,
    t: &Target,
    mut body: Value,
    opts: &WriteOptions,
) -> ApiResult<Value> {
    check_type(t.def, &mut body)?;
    quantities::normalize(t.def, &mut body).map_err(|e| e.undecodable(t.def))?;
    let namespace = t.namespace.clone().unwrap_or_default();
    check_namespace(t.def, &mut body, &namespace)?;
    if meta_str(&body, "name").is_none() {
        let Some(prefix) = meta_str(&body, "generateName").map(str::to_owned) else {
            return Err(ApiError::invalid(
                t.def.group,
                t.def.kind,
                "",
                "metadata.name",
                "FieldValueRequired",
                "Required value: name or generateName is required",
            ));
        };
        strategy::meta_mut(&mut body).insert(
            "name".into(),
            json!(format!("{prefix}{}", ids::random_suffix(5))),
        );
    }
    let name = meta_str(&body, "name").unwrap_or_default().to_owned();
    let key = ObjectKey::new(t.def, &namespace, &name);

    let mut store = shared.store();
    check_namespace_open(&store, t.def, &namespace, &name)?;
    if store.get(&key).is_some() {
        return Err(ApiError::already_exists(t.def, &name));
    }
    prepare_create(t.def, &mut body)?;
    let scope = strategy::scope(t.def, None);
    let mut managers = Managers::new();
    record_update(
        &mut managers,
        opts.update_key(scope),
        &json!({}),
        &ownable(&body, scope),
        schema(t.def),
        &ids::now(),
    );
    Ok(insert(&mut store, &shared.gc, t.def, key, body, managers))
}

/// Stores a new object with its managers rendered into `managedFields`.
fn insert(
    store: &mut Store,
    gc: &GcQueue,
    def: &ResourceDef,
    key: ObjectKey,
    mut object: Value,
    mut managers: Managers,
) -> Value {
    settle(
        &mut managers,
        &Managers::new(),
        &object,
        schema(def),
        &ids::now(),
    );
    render(&mut object, &managers, &def.api_version());
    let has_owners = object.pointer("/metadata/ownerReferences").is_some();
    let created = store.insert(key.clone(), Stored { object, managers });
    if has_owners {
        gc.send(GcWork::CheckOwners(key));
    }
    created
}

/// Commits `object` as a write of kube-controller-manager (the garbage
/// collector's, the Deployment controller's) to `subresource` of the
/// object at `key`. Such a write is never refused, as the controllers
/// retry; an object deleted meanwhile is not written.
pub fn commit_as_controller(
    store: &mut Store,
    gc: &GcQueue,
    key: &ObjectKey,
    object: Value,
    subresource: Option<&str>,
) {
    let def = key.def();
    let manager = ManagerKey {
        manager: "kube-controller-manager".into(),
        operation: Operation::Update,
        subresource: subresource.unwrap_or_default().into(),
    };
    let _ = commit_update(
        store,
        gc,
        def,
        key,
        object,
        strategy::scope(def, subresource),
        Ownership::Update(manager),
    );
}

/// Commits an update of the stored object at `key` to `candidate`, under
/// the type's rules. An update to a deleted object whose last finalizer is
/// gone completes the deletion.
pub fn commit_update(
    store: &mut Store,
    gc: &GcQueue,
    def: &ResourceDef,
    key: &ObjectKey,
    candidate: Value,
    scope: Scope,
    ownership: Ownership,
) -> ApiResult<Value> {
    let old = store
        .get(key)
        .ok_or_else(|| ApiError::not_found(def, &key.name))?
        .clone();
    let mut new = prepare_update(def, scope, &old.object, candidate)?;
    let now = ids::now();
    let mut managers = match ownership {
        Ownership::Computed(m) => m,
        Ownership::Update(manager) => {
            let mut m = old.managers.clone();
            record_update(
                &mut m,
                manager,
                &ownable(&old.object, scope),
                &ownable(&new, scope),
                schema(def),
                &now,
            );
            m
        }
    };
    settle(&mut managers, &old.managers, &new, schema(def), &now);
    render(&mut new, &managers, &def.api_version());
    let has_owners = new.pointer("/metadata/ownerReferences").is_some();
    let updated = store.replace(
        key,
        Stored {
            object: new,
            managers,
        },
    );
    let finalized = updated.pointer("/metadata/deletionTimestamp").is_some()
        && updated
            .pointer("/metadata/finalizers")
            .and_then(Value::as_array)
            .is_none_or(Vec::is_empty);
    if finalized && !def.is_namespace() {
        remove_now(store, gc, key);
    } else if has_owners {
        gc.send(GcWork::CheckOwners(key.clone()));
    }
    Ok(updated)
}

/// PUT: replaces an object (or its status).
pub fn replace(
    shared: &Shared,
    t: &Target,
    mut body: Value,
    opts: &WriteOptions,
) -> ApiResult<Value> {
    check_type(t.def, &mut body)?;
    quantities::normalize(t.def, &mut body).map_err(|e| e.undecodable(t.def))?;
    check_name(&mut body, t.name())?;
    check_namespace(t.def, &mut body, t.namespace.as_deref().unwrap_or(""))?;
    if t.def.custom && meta_str(&body, "resourceVersion").is_none() {
        return Err(ApiError::invalid(
            t.def.group,
            t.def.kind,
            t.name(),
            "metadata.resourceVersion",
            "FieldValueInvalid",
            "Invalid value: 0x0: must be specified for an update",
        ));
    }
    let mut store = shared.store();
    if store.get(&t.key()).is_none() {
        return Err(ApiError::not_found(t.def, t.name()));
    }
    let scope = t.scope();
    commit_update(
        &mut store,
        &shared.gc,
        t.def,
        &t.key(),
        body,
        scope,
        Ownership::Update(opts.update_key(scope)),
    )
}
