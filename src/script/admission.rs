//! What `admit.rhai` is given: the Session being created or changed, the
//! same user's other Sessions and their quota, as a read-only `ctx` of its
//! own (the Session scripts' `ctx` has children and settings instead).

use std::sync::Arc;

use rhai::{Dynamic, EvalAltResult, ImmutableString};
use serde::{Deserialize, Serialize};

use super::context::{PolicySettings, object_dynamic, read_only, subject_of};
use crate::crd::{Session, Template};
use crate::quota::Quota;

/// The change a Session is admitted for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "UPPERCASE")]
#[value(rename_all = "UPPERCASE")]
pub enum Operation {
    /// A new Session.
    Create,
    /// A change of an existing Session.
    Update,
}

impl Operation {
    /// The operation as admission requests and scripts spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Create => "CREATE",
            Operation::Update => "UPDATE",
        }
    }
}

/// A Session to admit with what `admit.rhai` reads about it.
#[derive(Debug, Clone)]
pub struct AdmitInput {
    /// Whether the Session is created or changed.
    pub operation: Operation,
    /// The Session as it would be stored.
    pub session: Arc<Session>,
    /// The Session as it is stored now, on an update.
    pub old_session: Option<Arc<Session>>,
    /// Its Template, when it exists.
    pub template: Option<Arc<Template>>,
    /// The same user's other Sessions, without the one admitted.
    pub sessions: Vec<Arc<Session>>,
    /// The Templates those other Sessions name, each once: their resources
    /// default to a Template's.
    pub templates: Vec<Arc<Template>>,
    /// The user's quota.
    pub quota: Quota,
}

impl AdmitInput {
    /// The input for admitting `session` under the user's `quota`: of
    /// `existing` (every Session the operator holds, in any namespace it
    /// manages), the same user's others, and of the Templates `template_of`
    /// finds (the Template a Session names in its namespace), its own and
    /// the others'.
    pub fn new(
        operation: Operation,
        session: Arc<Session>,
        old_session: Option<Arc<Session>>,
        existing: impl IntoIterator<Item = Arc<Session>>,
        template_of: impl Fn(&Session) -> Option<Arc<Template>>,
        quota: Quota,
    ) -> Self {
        let user = &session.spec.user;
        let sessions: Vec<Arc<Session>> = existing
            .into_iter()
            .filter(|other| {
                other.spec.user == *user
                    && (other.metadata.namespace != session.metadata.namespace
                        || other.metadata.name != session.metadata.name)
            })
            .collect();
        let mut templates: Vec<Arc<Template>> = Vec::new();
        for template in sessions.iter().filter_map(|s| template_of(s)) {
            let key = |t: &Template| (t.metadata.namespace.clone(), t.metadata.name.clone());
            if !templates.iter().any(|t| key(t) == key(&template)) {
                templates.push(template);
            }
        }
        Self {
            operation,
            template: template_of(&session),
            quota,
            session,
            old_session,
            sessions,
            templates,
        }
    }

    /// `namespace/name` of the Session, for log attribution.
    pub fn subject(&self) -> String {
        subject_of(&self.session.metadata)
    }

    /// Builds the `ctx` object with the operator's `settings` at the clock
    /// `now`.
    pub(crate) fn to_dynamic(
        &self,
        settings: &PolicySettings,
        now: jiff::Timestamp,
    ) -> Result<Dynamic, String> {
        let fields = AdmitField::ALL
            .into_iter()
            .map(|field| {
                let value = match field {
                    AdmitField::Operation => Dynamic::from(self.operation.as_str()),
                    AdmitField::Session => object_dynamic(self.session.as_ref())?,
                    AdmitField::OldSession => match &self.old_session {
                        Some(old) => object_dynamic(old.as_ref())?,
                        None => Dynamic::UNIT,
                    },
                    AdmitField::Template => match &self.template {
                        Some(template) => object_dynamic(template.as_ref())?,
                        None => Dynamic::UNIT,
                    },
                    AdmitField::Sessions => Dynamic::from_array(
                        self.sessions
                            .iter()
                            .map(|s| object_dynamic(s.as_ref()))
                            .collect::<Result<_, _>>()?,
                    ),
                    AdmitField::Templates => Dynamic::from_array(
                        self.templates
                            .iter()
                            .map(|t| object_dynamic(t.as_ref()))
                            .collect::<Result<_, _>>()?,
                    ),
                    AdmitField::Quota => {
                        rhai::serde::to_dynamic(&self.quota).map_err(|e| e.to_string())?
                    }
                    AdmitField::Config => {
                        rhai::serde::to_dynamic(settings).map_err(|e| e.to_string())?
                    }
                    AdmitField::Now => Dynamic::from(now.to_string()),
                };
                Ok(read_only(value))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Dynamic::from(AdmitCtx(Arc::new(fields))))
    }
}

/// What `admit`'s `ctx` is, for the script contract.
pub const ADMIT_CTX_DOC: &str = "The admission context of `admit`: a read-only object, like the `ctx` of the other \
scripts but with the Session being created or changed, the same user's other Sessions their Templates and their quota. \
Reading a field gives the script its own copy; assigning a field of `ctx` is an error. \
`ctx.keys()` lists the fields and `ctx[\"quota\"]` works too.";

/// A field of `admit`'s `ctx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdmitField {
    /// `ctx.operation`.
    Operation,
    /// `ctx.session`.
    Session,
    /// `ctx.old_session`.
    OldSession,
    /// `ctx.template`.
    Template,
    /// `ctx.sessions`.
    Sessions,
    /// `ctx.templates`.
    Templates,
    /// `ctx.quota`.
    Quota,
    /// `ctx.now`.
    Now,
    /// `ctx.config`.
    Config,
}

impl AdmitField {
    /// Every field, in the order `ctx.keys()` lists them.
    pub const ALL: [AdmitField; 9] = [
        AdmitField::Operation,
        AdmitField::Session,
        AdmitField::OldSession,
        AdmitField::Template,
        AdmitField::Sessions,
        AdmitField::Templates,
        AdmitField::Quota,
        AdmitField::Now,
        AdmitField::Config,
    ];

    /// The name scripts read it by.
    pub fn name(self) -> &'static str {
        match self {
            AdmitField::Operation => "operation",
            AdmitField::Session => "session",
            AdmitField::OldSession => "old_session",
            AdmitField::Template => "template",
            AdmitField::Sessions => "sessions",
            AdmitField::Templates => "templates",
            AdmitField::Quota => "quota",
            AdmitField::Now => "now",
            AdmitField::Config => "config",
        }
    }

    /// What it holds, for the script contract.
    pub fn doc(self) -> &'static str {
        match self {
            AdmitField::Operation => {
                "`\"CREATE\"` for a new Session, `\"UPDATE\"` for a change of one."
            }
            AdmitField::Session => {
                "The Session as it would be stored, as the other scripts see a Session: the defaults \
                 of its spec filled in, its `status` always a map."
            }
            AdmitField::OldSession => {
                "On `UPDATE`, the Session as it is stored now; `()` on `CREATE`."
            }
            AdmitField::Template => "The Session's Template, or `()` when it does not exist.",
            AdmitField::Sessions => {
                "The same user's other Sessions, as the operator's caches hold them (any state; the \
                 Session being admitted is not among them)."
            }
            AdmitField::Templates => {
                "The Templates the other Sessions name, each once (a Session without resources of its \
                 own requests its Template's `defaultResources`); a missing one is not there."
            }
            AdmitField::Config => {
                "The operator's settings (its command-line flags), as the other scripts get them: \
                 `defaultCpu` and `defaultMemory` are what a Session requests when neither it nor its \
                 Template sets resources."
            }
            AdmitField::Quota => {
                "The user's quota from the quota ConfigMap: their own entry over the default, field \
                 by field. Each limit is `()` when there is none; `cpu` and `memory` are Kubernetes \
                 quantities as written there (read them with `cpu_millis` and `memory_bytes`)."
            }
            AdmitField::Now => {
                "The evaluation clock, RFC 3339 (the same as `now()`), e.g. `\"2026-01-01T12:00:00Z\"`."
            }
        }
    }
}

/// `admit`'s `ctx`: a read-only object whose fields are shared and
/// constant, copied by reference when passed to a function (see
/// `ScriptCtx` for why it is no map).
#[derive(Clone)]
pub struct AdmitCtx(Arc<Vec<Dynamic>>);

impl AdmitCtx {
    fn get(&self, field: AdmitField) -> Dynamic {
        // Built in the order of `AdmitField::ALL`, which is the enum's.
        self.0[field as usize].clone()
    }

    fn field(&self, name: &str) -> Result<Dynamic, Box<EvalAltResult>> {
        match AdmitField::ALL.into_iter().find(|f| f.name() == name) {
            Some(field) => Ok(self.get(field)),
            None => {
                let names: Vec<&str> = AdmitField::ALL.map(AdmitField::name).to_vec();
                Err(format!("ctx has no field {name:?} (fields: {})", names.join(", ")).into())
            }
        }
    }
}

/// Registers the admission `ctx` type: its fields as properties and as
/// `ctx["name"]`.
pub(crate) fn register(engine: &mut rhai::Engine) {
    engine.register_type_with_name::<AdmitCtx>("Ctx");
    for field in AdmitField::ALL {
        engine.register_get(field.name(), move |c: &mut AdmitCtx| c.get(field));
    }
    engine
        .register_indexer_get(|c: &mut AdmitCtx, name: ImmutableString| c.field(&name))
        .register_fn("keys", |_: &mut AdmitCtx| -> rhai::Array {
            AdmitField::ALL
                .into_iter()
                .map(|f| Dynamic::from(f.name()))
                .collect()
        });
}
