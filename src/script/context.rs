//! The `ctx` a script gets: the Session with its defaults filled in, its
//! Template, the children observed in the cluster, the clock and the
//! operator's settings.

use std::sync::{Arc, OnceLock};

use rhai::{Dynamic, EvalAltResult, ImmutableString, Map};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::crd::{CHILD_KINDS, ChildKind, Session, Template};

/// Operator settings passed to scripts as `ctx.config`; each is also a
/// command-line flag with an environment fallback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, clap::Args, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PolicySettings {
    /// Domain of session hosts: `<session>.<ingressDomain>`.
    #[arg(long, env = "INGRESS_DOMAIN", default_value_t = PolicySettings::default().ingress_domain)]
    pub ingress_domain: String,
    /// IngressClass of session Ingresses.
    #[arg(long, env = "INGRESS_CLASS", default_value_t = PolicySettings::default().ingress_class)]
    pub ingress_class: String,
    /// StorageClass of home PVCs; empty for the cluster default.
    #[arg(long, env = "STORAGE_CLASS", default_value_t = PolicySettings::default().storage_class)]
    pub storage_class: String,
    /// Size of a home PVC.
    #[arg(long, env = "HOME_SIZE", default_value_t = PolicySettings::default().home_size)]
    pub home_size: String,
    /// Access mode of a home PVC.
    #[arg(long, env = "HOME_ACCESS_MODE", default_value_t = PolicySettings::default().home_access_mode)]
    pub home_access_mode: String,
    /// Memory when neither Session nor Template sets resources.
    #[arg(long, env = "DEFAULT_MEMORY", default_value_t = PolicySettings::default().default_memory)]
    pub default_memory: String,
    /// CPU when neither Session nor Template sets resources.
    #[arg(long, env = "DEFAULT_CPU", default_value_t = PolicySettings::default().default_cpu)]
    pub default_cpu: String,
    /// VNC port when a Template names none.
    #[arg(long, env = "VNC_PORT", default_value_t = PolicySettings::default().vnc_port)]
    pub vnc_port: i64,
}

impl Default for PolicySettings {
    fn default() -> Self {
        Self {
            ingress_domain: "streamspace.local".into(),
            ingress_class: "traefik".into(),
            storage_class: String::new(),
            home_size: "50Gi".into(),
            home_access_mode: "ReadWriteMany".into(),
            default_memory: "2Gi".into(),
            default_cpu: "1000m".into(),
            vnc_port: 5900,
        }
    }
}

/// The children of a Session observed in the cluster, by kind: each object
/// as the compact JSON the watch caches hold, turned into script values only
/// when a script reads `ctx.children`.
#[derive(Debug, Clone, Default)]
pub struct ObservedChildren {
    objects: Vec<(&'static ChildKind, Arc<str>)>,
}

impl ObservedChildren {
    /// Adds an object of `kind`, as JSON.
    pub fn add(&mut self, kind: &'static ChildKind, json: Arc<str>) {
        self.objects.push((kind, json));
    }

    /// Every object with its kind.
    pub fn iter(&self) -> impl Iterator<Item = (&'static ChildKind, &str)> {
        self.objects
            .iter()
            .map(|(kind, json)| (*kind, json.as_ref()))
    }

    /// The objects of `kind`, as JSON.
    pub fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a str> {
        self.iter()
            .filter(move |(k, _)| k.kind == kind)
            .map(|(_, json)| json)
    }

    /// Sorts objects (each with `kind`) into their kinds, checking each
    /// reads as that kind.
    pub fn from_objects(objects: Vec<Value>) -> Result<Self, String> {
        let mut children = Self::default();
        for (index, mut object) in objects.into_iter().enumerate() {
            let name = object
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let Some(kind) = ChildKind::named(name) else {
                return Err(format!(
                    "children[{index}].kind: {name:?} is not a child kind ({})",
                    ChildKind::names()
                ));
            };
            (kind.check)(&object).map_err(|e| format!("children[{index}].{e}"))?;
            kind.observed_view(&mut object);
            children.add(kind, object.to_string().into());
        }
        Ok(children)
    }

    fn to_dynamic(&self) -> Result<Map, String> {
        CHILD_KINDS
            .iter()
            .map(|kind| {
                let objects = self
                    .of_kind(kind.kind)
                    .map(json_dynamic)
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((kind.kind.into(), Dynamic::from_array(objects)))
            })
            .collect()
    }
}

/// What a Session script call is given.
#[derive(Debug, Clone, Copy)]
pub struct SessionContext<'a> {
    /// The Session.
    pub session: &'a Session,
    /// Its Template, when it exists.
    pub template: Option<&'a Template>,
    /// Its children observed in the cluster.
    pub children: &'a ObservedChildren,
    /// Operator settings.
    pub settings: &'a PolicySettings,
    /// The evaluation clock.
    pub now: jiff::Timestamp,
}

/// A Session with what its scripts read, owned: taken from the watch caches
/// at one moment, or from example files, or posted to a dry-run.
#[derive(Debug, Clone)]
pub struct SessionInput {
    /// The Session.
    pub session: Arc<Session>,
    /// Its Template, when it exists.
    pub template: Option<Arc<Template>>,
    /// Its children observed in the cluster.
    pub children: ObservedChildren,
}

impl SessionInput {
    /// The `ctx` scripts get for this Session at `now`.
    pub fn context<'a>(
        &'a self,
        settings: &'a PolicySettings,
        now: jiff::Timestamp,
    ) -> SessionContext<'a> {
        SessionContext {
            session: &self.session,
            template: self.template.as_deref(),
            children: &self.children,
            settings,
            now,
        }
    }
}

/// `namespace/name` of an object, for log attribution.
pub fn subject_of(metadata: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta) -> String {
    format!(
        "{}/{}",
        metadata.namespace.as_deref().unwrap_or_default(),
        metadata.name.as_deref().unwrap_or_default()
    )
}

/// An object as a script sees it, with `status` always a map so scripts can
/// write `ctx.session.status.phase` before any status exists.
pub(crate) fn object_dynamic<T: Serialize>(object: &T) -> Result<Dynamic, String> {
    rhai::serde::to_dynamic(object)
        .map(with_status_map)
        .map_err(|e| e.to_string())
}

/// An object given as JSON as a script sees it (see [`object_dynamic`]):
/// read straight into script values, without a typed object between.
fn json_dynamic(json: &str) -> Result<Dynamic, String> {
    serde_json::from_str(json)
        .map(with_status_map)
        .map_err(|e| e.to_string())
}

fn with_status_map(mut value: Dynamic) -> Dynamic {
    if let Some(mut map) = value.write_lock::<Map>() {
        let status = map.entry("status".into()).or_insert(Dynamic::UNIT);
        if status.is_unit() {
            *status = Map::new().into();
        }
    }
    value
}

impl SessionContext<'_> {
    /// `namespace/name` of the Session.
    pub fn subject(&self) -> String {
        subject_of(&self.session.metadata)
    }

    /// The Session's namespace.
    pub fn namespace(&self) -> Option<&str> {
        self.session.metadata.namespace.as_deref()
    }

    /// Builds the `ctx` object.
    pub fn to_dynamic(&self) -> Result<Dynamic, String> {
        let template = match self.template {
            Some(template) => object_dynamic(template)?,
            None => Dynamic::UNIT,
        };
        let parts = CtxParts {
            session: read_only(object_dynamic(self.session)?),
            template: read_only(template),
            config: read_only(rhai::serde::to_dynamic(self.settings).map_err(|e| e.to_string())?),
            now: self.now.to_string().into(),
            children: self.children.clone(),
            children_value: OnceLock::new(),
        };
        Ok(Dynamic::from(ScriptCtx(Arc::new(parts))))
    }
}

/// What `ctx` is, for the script contract.
pub const CTX_DOC: &str = "The evaluation context of `reconcile`, `idle` and `autostart`: a read-only object. \
Reading a field gives the script its own copy, so changing what it read never changes `ctx`; \
assigning a field of `ctx` is an error. `ctx.keys()` lists the fields and `ctx[\"session\"]` works too.";

/// A field of `ctx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CtxField {
    /// `ctx.session`.
    Session,
    /// `ctx.template`.
    Template,
    /// `ctx.children`.
    Children,
    /// `ctx.now`.
    Now,
    /// `ctx.config`.
    Config,
}

impl CtxField {
    /// Every field, in the order `ctx.keys()` lists them.
    pub const ALL: [CtxField; 5] = [
        CtxField::Session,
        CtxField::Template,
        CtxField::Children,
        CtxField::Now,
        CtxField::Config,
    ];

    /// The name scripts read it by.
    pub fn name(self) -> &'static str {
        match self {
            CtxField::Session => "session",
            CtxField::Template => "template",
            CtxField::Children => "children",
            CtxField::Now => "now",
            CtxField::Config => "config",
        }
    }

    /// What it holds, for the script contract.
    pub fn doc(self) -> &'static str {
        match self {
            CtxField::Session => {
                "The Session, with the defaults of its spec filled in (`state` `running`, `persistentHome` `true`, \
                 `idleTimeout` `30m`, `maxSessionDuration` `8h`); its `status` is always a map."
            }
            CtxField::Template => "The Session's Template, or `()` when it does not exist.",
            CtxField::Children => {
                "The Session's children observed in the cluster, by kind: every child kind is present, \
                 each a list (empty when none is observed). Each object has its metadata (without \
                 `resourceVersion`, `managedFields` and the annotations its kind's controller writes), \
                 its spec, and of its status only the fields a decision reads (Deployment \
                 `readyReplicas` and `availableReplicas`, PersistentVolumeClaim `phase`, Service and \
                 Ingress `loadBalancer`): a change of anything else reconciles nothing."
            }
            CtxField::Now => {
                "The evaluation clock, RFC 3339 (the same as `now()`), e.g. `\"2026-01-01T12:00:00Z\"`."
            }
            CtxField::Config => "The operator's settings (its command-line flags).",
        }
    }
}

/// A value scripts can read without copying it and cannot change: shared
/// (reading `ctx.session.spec.user` copies nothing) and constant (writing
/// through it is an error). Rhai copies it when a script binds it to a
/// variable or passes it to a function, so such copies are the script's own.
pub(crate) fn read_only(value: Dynamic) -> Dynamic {
    value.into_read_only().into_shared()
}

/// The `ctx` argument: a read-only object with the fields `session`,
/// `template`, `children`, `now` and `config`.
///
/// Not a map because Rhai copies every argument of every function call: a
/// map ctx was copied deeply each time a script passed it to a helper
/// function, which cost more than everything else together. This object is
/// copied by reference, its fields are read-only values, and `children`
/// (the largest part) is converted only when a script reads it. Changing a
/// field through ctx (`ctx.session.spec.user = "bob"`) is an error; a copy
/// (`let s = ctx.session;`, or a function's argument) may be changed freely
/// and never changes the ctx.
#[derive(Clone)]
pub struct ScriptCtx(Arc<CtxParts>);

struct CtxParts {
    session: Dynamic,
    template: Dynamic,
    config: Dynamic,
    now: ImmutableString,
    children: ObservedChildren,
    children_value: OnceLock<Result<Dynamic, String>>,
}

impl ScriptCtx {
    fn session(&self) -> Dynamic {
        self.0.session.clone()
    }

    fn template(&self) -> Dynamic {
        self.0.template.clone()
    }

    fn config(&self) -> Dynamic {
        self.0.config.clone()
    }

    fn now(&self) -> ImmutableString {
        self.0.now.clone()
    }

    fn children(&self) -> Result<Dynamic, Box<EvalAltResult>> {
        match self.0.children_value.get_or_init(|| {
            self.0
                .children
                .to_dynamic()
                .map(|map| read_only(Dynamic::from_map(map)))
        }) {
            Ok(map) => Ok(map.clone()),
            Err(e) => Err(format!("ctx.children could not be converted: {e}").into()),
        }
    }

    fn field(&self, name: &str) -> Result<Dynamic, Box<EvalAltResult>> {
        let Some(field) = CtxField::ALL.into_iter().find(|f| f.name() == name) else {
            let names: Vec<&str> = CtxField::ALL.map(CtxField::name).to_vec();
            return Err(format!("ctx has no field {name:?} (fields: {})", names.join(", ")).into());
        };
        match field {
            CtxField::Session => Ok(self.session()),
            CtxField::Template => Ok(self.template()),
            CtxField::Children => self.children(),
            CtxField::Now => Ok(self.now().into()),
            CtxField::Config => Ok(self.config()),
        }
    }
}

/// Registers the `ctx` type: its fields as properties and as `ctx["name"]`.
pub(crate) fn register(engine: &mut rhai::Engine) {
    engine
        .register_type_with_name::<ScriptCtx>("Ctx")
        .register_get("session", |c: &mut ScriptCtx| c.session())
        .register_get("template", |c: &mut ScriptCtx| c.template())
        .register_get("children", |c: &mut ScriptCtx| c.children())
        .register_get("now", |c: &mut ScriptCtx| c.now())
        .register_get("config", |c: &mut ScriptCtx| c.config())
        .register_indexer_get(|c: &mut ScriptCtx, name: ImmutableString| c.field(&name))
        .register_fn("keys", |_: &mut ScriptCtx| -> rhai::Array {
            CtxField::ALL
                .into_iter()
                .map(|f| Dynamic::from(f.name()))
                .collect()
        });
}
