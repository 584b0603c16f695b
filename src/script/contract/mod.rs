//! The script contract (v1) as one value, built from the Rust declarations
//! alone: the entry points ([`Entry`]) and the decisions they return (the
//! decision types' schemas), their inputs (`ctx` from the CRDs' schemas,
//! [`PolicySettings`] and the child kinds, `event` from
//! [`ConnectionEvent`], `admit`'s own `ctx` from [`AdmitField`] and
//! [`Quota`]), the helper functions (the helpers module's Rhai
//! metadata and doc comments), and the enum values scripts use.
//!
//! The README's tables of entry points and helpers and the editor's
//! reference (`web/src/rhai/contract.ts`) are generated from it;
//! `tests/contract.rs` fails when they differ and `make contract` writes
//! them again.

mod field;
mod helper_docs;
mod markdown;
mod typescript;

use anyhow::Context as _;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::CustomResourceExt;
use schemars::JsonSchema;
use serde::Serialize;
use ts_rs::TS;

pub use field::{Depth, Field, FieldType};
pub use helper_docs::{Helper, Param};
pub use typescript::TypeScript;

use super::admission::{ADMIT_CTX_DOC, AdmitField, Operation};
use super::context::{CTX_DOC, CtxField, PolicySettings};
use super::decision::{ConditionStatus, EventType, IdleAction, decision_schema};
use super::entry::Entry;
use super::policy::{ConnectionEvent, ConnectionKind};
use crate::crd::{CHILD_KINDS, Session, SessionPhase, SessionState, Template, structural_schema};
use crate::quota::Quota;

/// Everything a script is written against.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    /// The entry points, in the order they are documented.
    pub entries: Vec<EntryPoint>,
    /// The parameters of the entry points, by name: `ctx`, `event`,
    /// `template`; an entry point may describe a parameter itself instead
    /// (its `ownInputs`).
    pub inputs: Vec<Field>,
    /// The helper functions, by name.
    pub helpers: Vec<Helper>,
    /// The values of the enums scripts read and return.
    pub enums: Enums,
    /// The kinds of object a reconcile may return, which `ctx.children`
    /// holds.
    pub child_kinds: Vec<ChildKind>,
}

/// A script the operator calls, and what it returns.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntryPoint {
    /// The script file, e.g. `reconcile.rhai`.
    pub script: String,
    /// The function the script must define.
    pub function: String,
    /// Its parameters, each described by its own input of that name, else
    /// by the contract's.
    pub params: Vec<String>,
    /// The parameters it describes itself, in place of the contract's
    /// input of the same name: `admit`'s `ctx`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional = nullable)]
    pub own_inputs: Vec<Field>,
    /// When the operator calls it.
    pub called: String,
    /// The map it returns.
    pub decision: Field,
}

/// The values of the enums scripts use.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Enums {
    /// `status.phase` of a Session.
    pub phases: Vec<String>,
    /// `spec.state` of a Session.
    pub states: Vec<String>,
    /// `action` of an idle decision.
    pub idle_actions: Vec<String>,
    /// `status` of a condition.
    pub condition_statuses: Vec<String>,
    /// `type` of an Event.
    pub event_types: Vec<String>,
    /// `event` of a connection event.
    pub connection_events: Vec<String>,
    /// `operation` of an admission.
    pub operations: Vec<String>,
}

/// A kind of object a Session may own.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChildKind {
    /// Its kind, e.g. `Deployment`.
    pub kind: String,
    /// Its API version, e.g. `apps/v1`.
    pub api_version: String,
}

impl Contract {
    /// Builds the contract from the Rust declarations.
    pub fn build() -> anyhow::Result<Contract> {
        let child_kinds: Vec<ChildKind> = CHILD_KINDS
            .iter()
            .map(|kind| ChildKind {
                kind: kind.kind.to_owned(),
                api_version: kind.api_version.to_owned(),
            })
            .collect();
        let entries = Entry::ALL
            .into_iter()
            .map(entry_point)
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut inputs: Vec<Field> = Vec::new();
        for entry in &entries {
            for name in &entry.params {
                let own = entry.own_inputs.iter().any(|input| input.name == *name);
                if !own && !inputs.iter().any(|input| input.name == *name) {
                    inputs.push(input(name)?);
                }
            }
        }
        Ok(Contract {
            entries,
            inputs,
            helpers: helpers()?,
            enums: Enums {
                phases: enum_values::<SessionPhase>()?,
                states: enum_values::<SessionState>()?,
                idle_actions: enum_values::<IdleAction>()?,
                condition_statuses: enum_values::<ConditionStatus>()?,
                event_types: enum_values::<EventType>()?,
                connection_events: enum_values::<ConnectionKind>()?,
                operations: enum_values::<Operation>()?,
            },
            child_kinds,
        })
    }

    /// The contract as a TypeScript module: its types and `CONTRACT`.
    pub fn typescript(&self) -> anyhow::Result<String> {
        let mut module = TypeScript::new("the script contract (src/script/contract/)");
        module.declare::<Contract>();
        module.constant("The script contract (v1).", "CONTRACT", "Contract", self)?;
        module.finish()
    }
}

fn entry_point(entry: Entry) -> anyhow::Result<EntryPoint> {
    let own_inputs = match entry {
        Entry::Admit => vec![admit_ctx()?],
        Entry::Reconcile | Entry::Idle | Entry::Autostart | Entry::Template => Vec::new(),
    };
    Ok(EntryPoint {
        script: entry.file().to_owned(),
        function: entry.function().to_owned(),
        params: entry.params().iter().map(|p| (*p).to_owned()).collect(),
        own_inputs,
        called: entry.called().to_owned(),
        decision: Field::from_schema("decision", decision_schema(entry), Depth::All),
    })
}

/// The entry-point parameter `name`.
fn input(name: &str) -> anyhow::Result<Field> {
    match name {
        "ctx" => ctx(),
        "event" => Ok(Field::from_schema(
            "event",
            &structural_schema::<ConnectionEvent>(),
            Depth::All,
        )),
        "template" => custom_resource::<Template>("template"),
        other => anyhow::bail!(
            "the entry parameter `{other}` has no description: add it to contract::input"
        ),
    }
}

fn ctx() -> anyhow::Result<Field> {
    let mut fields = Vec::new();
    for field in CtxField::ALL {
        let (name, doc) = (field.name(), field.doc());
        let described = match field {
            CtxField::Session => custom_resource::<Session>(name)?,
            CtxField::Template => custom_resource::<Template>(name)?,
            CtxField::Children => children(),
            CtxField::Now => Field::plain(name, FieldType::String, ""),
            CtxField::Config => {
                Field::from_schema(name, &structural_schema::<PolicySettings>(), Depth::All)
            }
        };
        fields.push(described.documented(doc));
    }
    Ok(Field::map("ctx", CTX_DOC, fields))
}

/// `admit`'s `ctx`: the Session being admitted, the user's others and
/// quota.
fn admit_ctx() -> anyhow::Result<Field> {
    let mut fields = Vec::new();
    for field in AdmitField::ALL {
        let (name, doc) = (field.name(), field.doc());
        let described = match field {
            AdmitField::Operation => {
                Field::from_schema(name, &structural_schema::<Operation>(), Depth::All)
            }
            AdmitField::Session | AdmitField::OldSession => custom_resource::<Session>(name)?,
            AdmitField::Template => custom_resource::<Template>(name)?,
            AdmitField::Sessions => Field {
                items: Some(Box::new(custom_resource::<Session>(name)?)),
                ..Field::plain(name, FieldType::Array, "")
            },
            AdmitField::Templates => Field {
                items: Some(Box::new(custom_resource::<Template>(name)?)),
                ..Field::plain(name, FieldType::Array, "")
            },
            AdmitField::Quota => {
                Field::from_schema(name, &structural_schema::<Quota>(), Depth::All)
            }
            AdmitField::Now => Field::plain(name, FieldType::String, ""),
            AdmitField::Config => {
                Field::from_schema(name, &structural_schema::<PolicySettings>(), Depth::All)
            }
        };
        fields.push(described.documented(doc));
    }
    Ok(Field::map("ctx", ADMIT_CTX_DOC, fields))
}

/// A custom resource as scripts get it: its CRD's schema, with the type
/// and object metadata that the CRD leaves out.
fn custom_resource<K>(name: &str) -> anyhow::Result<Field>
where
    K: CustomResourceExt + kube::Resource<DynamicType = ()>,
{
    let crd = K::crd();
    let schema = crd
        .spec
        .versions
        .first()
        .and_then(|v| v.schema.as_ref())
        .and_then(|s| s.open_api_v3_schema.as_ref())
        .with_context(|| format!("the CRD {} has no schema", K::crd_name()))?;
    let mut field = Field::from_schema(name, &serde_json::to_value(schema)?, Depth::All);
    let constant = |key: &str, value: String| Field {
        values: vec![value.clone()],
        ..Field::plain(key, FieldType::String, &format!("`\"{value}\"`."))
    };
    let meta = vec![
        constant("apiVersion", K::api_version(&()).into_owned()),
        constant("kind", K::kind(&()).into_owned()),
        Field::from_schema(
            "metadata",
            &structural_schema::<ObjectMeta>(),
            Depth::Levels(1),
        ),
    ];
    field.fields.splice(0..0, meta);
    Ok(field)
}

/// `ctx.children`: a list of each child kind, its objects described two
/// levels deep (their `spec` fields and the `status` fields scripts see,
/// not those fields' keys).
fn children() -> Field {
    let lists = CHILD_KINDS
        .iter()
        .map(|row| {
            let (kind, api_version) = (row.kind, row.api_version);
            let mut object = Field::from_schema(kind, &(row.schema)(), Depth::Levels(2));
            if let Some(status) = object.fields.iter_mut().find(|f| f.name == "status") {
                status
                    .fields
                    .retain(|f| row.observed_status.contains(&f.name.as_str()));
            }
            Field {
                items: Some(Box::new(object)),
                ..Field::plain(
                    kind,
                    FieldType::Array,
                    &format!(
                        "The Session's {kind} objects (`{api_version}`); empty when there are none."
                    ),
                )
            }
        })
        .collect();
    Field::map("children", "", lists)
}

/// The values of a fieldless enum, from its schema.
fn enum_values<T: JsonSchema>() -> anyhow::Result<Vec<String>> {
    let values = Field::from_schema("", &structural_schema::<T>(), Depth::Levels(0)).values;
    anyhow::ensure!(
        !values.is_empty(),
        "{} has no enum values in its schema",
        T::schema_name()
    );
    Ok(values)
}

/// The helpers, from the metadata of an engine that has only them.
fn helpers() -> anyhow::Result<Vec<Helper>> {
    let mut engine = rhai::Engine::new_raw();
    super::helpers::register(&mut engine);
    let metadata = engine
        .gen_fn_metadata_to_json(false)
        .context("exporting the helpers' metadata")?;
    helper_docs::helpers_from_metadata(&metadata)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use rhai::Dynamic;

    use super::*;
    use crate::script::helpers;
    use crate::script::sandbox::{self, CallInfo, Limits, with_call};

    fn contract() -> Contract {
        Contract::build().unwrap_or_else(|e| panic!("{e:#}"))
    }

    /// The clock the helpers' examples are written for.
    const EXAMPLE_CLOCK: &str = "2026-01-01T12:00:00Z";

    #[test]
    fn every_helper_example_holds_in_the_sandbox() {
        let mut engine = sandbox::engine(&Limits::default());
        helpers::register(&mut engine);
        let helpers = contract().helpers;
        assert!(helpers.len() >= 15, "{helpers:?}");
        for helper in helpers {
            let info = CallInfo {
                script: "example.rhai".into(),
                version: String::new(),
                subject: None,
                now: EXAMPLE_CLOCK.parse().unwrap(),
            };
            let (value, logs) = with_call(info, Duration::from_secs(1), || {
                engine.eval::<Dynamic>(&helper.example)
            });
            let value = value
                .unwrap_or_else(|e| panic!("{}: `{}` fails: {e}", helper.name, helper.example));
            let called = helper.example.contains(&format!("{}(", helper.name));
            assert!(
                called,
                "{}: `{}` does not call it",
                helper.name, helper.example
            );
            if helper.returns == "()" {
                // Helpers that return nothing are called for the record
                // they write to the script's log.
                assert!(
                    value.is_unit() && logs.len() == 1,
                    "{}: `{}` gave {value} and logged {logs:?}",
                    helper.name,
                    helper.example
                );
            } else {
                assert!(
                    value.as_bool() == Ok(true),
                    "{}: `{}` must be a comparison that holds at {EXAMPLE_CLOCK}, got {value}",
                    helper.name,
                    helper.example
                );
            }
        }
    }

    #[test]
    fn the_helpers_have_their_names_types_and_docs() {
        let helpers = contract().helpers;
        let between = helpers
            .iter()
            .find(|h| h.name == "seconds_between")
            .unwrap();
        let params: Vec<(&str, &str)> = between
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.kind.as_str()))
            .collect();
        assert_eq!(params, [("from", "string"), ("to", "string")]);
        assert_eq!(between.returns, "int");
        assert!(between.errors.is_some());
        let label = helpers.iter().find(|h| h.name == "label_value").unwrap();
        assert_eq!(
            (label.params[0].kind.as_str(), label.errors.as_ref()),
            ("any", None)
        );
        let log = helpers.iter().find(|h| h.name == "log_warn").unwrap();
        assert_eq!((log.params.len(), log.returns.as_str()), (1, "()"));
        assert!(
            helpers
                .iter()
                .all(|h| !h.doc.is_empty() && h.params.iter().all(|p| !p.doc.is_empty()))
        );
    }

    #[test]
    fn the_entries_and_their_decisions_come_from_the_entry_points() {
        let entries = contract().entries;
        let names: Vec<(&str, &str, String)> = entries
            .iter()
            .map(|e| (e.script.as_str(), e.function.as_str(), e.params.join(",")))
            .collect();
        assert_eq!(
            names,
            [
                ("reconcile.rhai", "reconcile", "ctx".to_owned()),
                ("idle.rhai", "idle", "ctx".to_owned()),
                ("autostart.rhai", "autostart", "ctx,event".to_owned()),
                ("template.rhai", "validate", "template".to_owned()),
                ("admit.rhai", "admit", "ctx".to_owned()),
            ]
        );
        let admit = &entries[4].decision;
        let fields: Vec<(&str, FieldType)> = admit
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.kind))
            .collect();
        assert_eq!(
            fields,
            [
                ("allowed", FieldType::Bool),
                ("message", FieldType::String),
                ("warnings", FieldType::Array)
            ]
        );
        let idle = &entries[1].decision;
        assert_eq!(
            idle.field("action").unwrap().values,
            ["none", "hibernate", "terminate"]
        );
        let child = entries[0]
            .decision
            .field("children")
            .unwrap()
            .items
            .as_deref()
            .unwrap();
        assert_eq!(
            child.field("kind").unwrap().values,
            CHILD_KINDS.map(|k| k.kind)
        );
        assert!(!child.field("metadata").unwrap().doc.is_empty());
        let phase = entries[0]
            .decision
            .field("status")
            .unwrap()
            .field("phase")
            .unwrap();
        assert!(!phase.doc.is_empty() && phase.values.contains(&"Running".to_owned()));
    }

    #[test]
    fn ctx_has_every_field_described() {
        let contract = contract();
        let ctx = &contract.inputs[0];
        let names: Vec<&str> = ctx.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, CtxField::ALL.map(CtxField::name));
        assert!(ctx.fields.iter().all(|f| !f.doc.is_empty()));
        let session = ctx.field("session").unwrap();
        assert_eq!(session.field("kind").unwrap().values, ["Session"]);
        let metadata = session.field("metadata").unwrap();
        assert!(
            metadata
                .field("creationTimestamp")
                .is_some_and(|f| !f.doc.is_empty())
        );
        let state = session.field("spec").unwrap().field("state").unwrap();
        assert_eq!(state.values, contract.enums.states);
        let children = ctx.field("children").unwrap();
        let kinds: Vec<&str> = children.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(kinds, CHILD_KINDS.map(|k| k.kind));
        let deployment = children
            .field("Deployment")
            .unwrap()
            .items
            .as_deref()
            .unwrap();
        let ready = deployment
            .field("status")
            .unwrap()
            .field("readyReplicas")
            .unwrap();
        assert_eq!(ready.kind, FieldType::Int);
        let config = ctx.field("config").unwrap();
        assert_eq!(config.field("vncPort").unwrap().kind, FieldType::Int);
        assert!(
            config
                .field("ingressDomain")
                .is_some_and(|f| !f.doc.is_empty())
        );
        let inputs: Vec<&str> = contract.inputs.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(inputs, ["ctx", "event", "template"]);
        assert_eq!(
            contract.inputs[1].field("event").unwrap().values,
            contract.enums.connection_events
        );
    }

    #[test]
    fn admit_describes_its_own_ctx_and_the_others_share_theirs() {
        let contract = contract();
        let own: Vec<(&str, usize)> = contract
            .entries
            .iter()
            .map(|e| (e.script.as_str(), e.own_inputs.len()))
            .collect();
        assert_eq!(
            own,
            [
                ("reconcile.rhai", 0),
                ("idle.rhai", 0),
                ("autostart.rhai", 0),
                ("template.rhai", 0),
                ("admit.rhai", 1)
            ]
        );
        let ctx = &contract.entries[4].own_inputs[0];
        assert_eq!(
            (ctx.name.as_str(), ctx.doc.as_str()),
            ("ctx", ADMIT_CTX_DOC)
        );
        let names: Vec<&str> = ctx.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, AdmitField::ALL.map(AdmitField::name));
        assert!(ctx.fields.iter().all(|f| !f.doc.is_empty()));
        assert_eq!(
            ctx.field("operation").unwrap().values,
            contract.enums.operations
        );
        let sessions = ctx.field("sessions").unwrap();
        let item = sessions.items.as_deref().unwrap();
        assert_eq!(sessions.kind, FieldType::Array);
        assert_eq!(item.field("kind").unwrap().values, ["Session"]);
        assert!(item.field("spec").unwrap().field("user").is_some());
        let quota = ctx.field("quota").unwrap();
        let limits: Vec<(&str, FieldType)> = quota
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.kind))
            .collect();
        assert_eq!(
            limits,
            [
                ("cpu", FieldType::String),
                ("maxSessions", FieldType::Int),
                ("memory", FieldType::String)
            ]
        );
        assert!(quota.fields.iter().all(|f| !f.doc.is_empty()));
        assert_eq!(
            ctx.field("old_session")
                .unwrap()
                .field("kind")
                .unwrap()
                .values,
            ["Session"]
        );
    }

    #[test]
    fn every_observed_status_field_is_in_the_schema_and_the_contract() {
        let doc = CtxField::Children.doc();
        for kind in &CHILD_KINDS {
            let schema = (kind.schema)();
            for field in kind.observed_status {
                assert!(
                    schema["properties"]["status"]["properties"]
                        .get(field)
                        .is_some(),
                    "{}.status.{field} is not in its schema",
                    kind.kind
                );
                assert!(
                    doc.contains(&format!("`{field}`")),
                    "ctx.children's doc names {}.status.{field}",
                    kind.kind
                );
            }
        }
    }

    #[test]
    fn the_enums_are_read_from_the_rust_enums() {
        let enums = contract().enums;
        assert_eq!(
            enums.phases,
            ["Pending", "Running", "Hibernated", "Failed", "Terminated"]
        );
        assert_eq!(enums.states, ["running", "hibernated", "terminated"]);
        assert_eq!(enums.idle_actions, ["none", "hibernate", "terminate"]);
        assert_eq!(enums.condition_statuses, ["True", "False", "Unknown"]);
        assert_eq!(enums.event_types, ["Normal", "Warning"]);
        assert_eq!(enums.connection_events, ["connect", "disconnect"]);
        assert_eq!(enums.operations, ["CREATE", "UPDATE"]);
    }
}
