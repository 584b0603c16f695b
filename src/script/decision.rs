//! The typed decisions scripts return. A map of the wrong shape is refused
//! with the path of the fault (`children[2].kind: ...`), before anything is
//! applied, so a script bug never reaches the cluster half-done.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use rhai::Dynamic;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::duration::ScriptDuration;
use super::entry::Entry;
use super::error::ScriptError;
use crate::crd::{
    CHILD_KINDS, CONDITION_REASON_PATTERN, ChildKind, NameRule, SessionPhase, pattern_mismatch,
    structural_schema,
};
use crate::keys::OUTLIVES_SESSION;

/// One object a Session should own, as the script built it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(transparent)]
#[schemars(schema_with = "child_schema")]
pub struct Child(Value);

/// Any object of an allowed kind: the kinds and their API versions are the
/// schema's enums, everything else is free-form.
fn child_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let versions: BTreeSet<&str> = CHILD_KINDS.iter().map(|k| k.api_version).collect();
    let kinds = CHILD_KINDS.map(|k| k.kind);
    schemars::json_schema!({
        "type": "object",
        "description": "An object the Session should own. The operator sets its namespace, owner reference and labels.",
        "x-kubernetes-preserve-unknown-fields": true,
        "properties": {
            "apiVersion": { "type": "string", "enum": versions, "description": "The API version of its kind." },
            "kind": { "type": "string", "enum": kinds, "description": "One of the child kinds." },
            "metadata": {
                "type": "object",
                "description": format!(
                    "At least `name`; annotate `{OUTLIVES_SESSION}: \"true\"` to keep the object after the Session; allowed on: {}.",
                    ChildKind::may_outlive_names()
                ),
                "x-kubernetes-preserve-unknown-fields": true,
                "properties": {
                    "name": { "type": "string", "description": "Its name, unique per kind among the Session's children." },
                    "namespace": { "type": "string", "description": "Leave it out: children live in the Session's namespace." },
                },
            },
        },
    })
}

impl Child {
    /// Checks `object` as a child of a Session in `namespace`, as a
    /// script's children are checked (kind, apiVersion, name, namespace,
    /// labels and annotations).
    pub fn checked(object: Value, namespace: Option<&str>) -> Result<Child, ScriptError> {
        check_child(Entry::Reconcile, 0, object, namespace)
    }

    /// The object as JSON.
    pub fn object(&self) -> &Value {
        &self.0
    }

    /// Takes the object out.
    pub fn into_object(self) -> Value {
        self.0
    }

    fn text(&self, pointer: &str) -> &str {
        self.0
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// `apiVersion`.
    pub fn api_version(&self) -> &str {
        self.text("/apiVersion")
    }

    /// `kind`.
    pub fn kind(&self) -> &str {
        self.text("/kind")
    }

    /// The row of its kind in the table of child kinds.
    pub fn kind_row(&self) -> &'static ChildKind {
        ChildKind::named(self.kind()).expect("a Child is made only of an allowed kind")
    }

    /// `metadata.name`.
    pub fn name(&self) -> &str {
        self.text("/metadata/name")
    }

    /// Whether the child is marked to outlive its Session.
    pub fn outlives_session(&self) -> bool {
        self.0
            .pointer("/metadata/annotations")
            .and_then(|a| a.get(OUTLIVES_SESSION))
            .and_then(Value::as_str)
            == Some("true")
    }
}

/// What `reconcile` decided for one Session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReconcileDecision {
    /// Every child the Session should own.
    pub children: Vec<Child>,
    /// The Session's status.
    pub status: StatusDecision,
    /// Reconcile again after this long.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requeue_after: Option<ScriptDuration>,
    /// Events to record on the Session.
    pub events: Vec<EventDecision>,
}

/// What `reconcile` returns: what the Session should own and its status.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawReconcile {
    /// The complete list of objects the Session should own; owned children
    /// that are not listed are deleted.
    #[serde(default)]
    #[schemars(with = "Vec<Child>")]
    children: Vec<Value>,
    /// The Session's status.
    status: StatusDecision,
    /// Optional: reconcile again after this long, e.g. `"5m"`.
    #[serde(default)]
    requeue_after: Option<ScriptDuration>,
    /// Optional: Events to record on the Session.
    #[serde(default)]
    events: Vec<EventDecision>,
}

/// The status part of a reconcile decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StatusDecision {
    /// The Session's phase.
    pub phase: SessionPhase,
    /// Where the user reaches the session; `()` for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The pod serving the session, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_name: Option<String>,
    /// Conditions to set; the host adds transition times.
    #[serde(default)]
    pub conditions: Vec<ConditionDecision>,
}

/// A condition as a script states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionDecision {
    /// CamelCase condition type, e.g. `Ready`.
    #[serde(rename = "type")]
    #[schemars(pattern(CONDITION_REASON_PATTERN), length(max = REASON_MAX_LENGTH))]
    pub type_: String,
    /// `True`, `False` or `Unknown`.
    pub status: ConditionStatus,
    /// CamelCase reason, e.g. `DeploymentNotReady`.
    #[schemars(pattern(CONDITION_REASON_PATTERN), length(max = REASON_MAX_LENGTH))]
    pub reason: String,
    /// Human-readable detail.
    #[serde(default)]
    pub message: String,
}

/// The status of a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ConditionStatus {
    /// The condition holds.
    True,
    /// The condition does not hold.
    False,
    /// Not known yet.
    Unknown,
}

impl ConditionStatus {
    /// The status as a condition spells it: `True`, `False`, `Unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::True => "True",
            Self::False => "False",
            Self::Unknown => "Unknown",
        }
    }
}

/// An Event a script asks to record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventDecision {
    /// `Normal` or `Warning`.
    #[serde(rename = "type")]
    pub type_: EventType,
    /// CamelCase reason.
    #[schemars(pattern(CONDITION_REASON_PATTERN), length(max = REASON_MAX_LENGTH))]
    pub reason: String,
    /// Human-readable message.
    #[serde(default)]
    pub message: String,
}

/// The type of an Event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum EventType {
    /// Something expected happened.
    Normal,
    /// Something needs attention.
    Warning,
}

/// What `idle` decided for a running Session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdleDecision {
    /// What to do now.
    pub action: IdleAction,
    /// Why, recorded in an annotation, an Event and a metric label.
    #[serde(default)]
    pub reason: String,
    /// When to ask again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_after: Option<ScriptDuration>,
}

/// The action of an idle decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum IdleAction {
    /// Leave the session as it is.
    None,
    /// Set `spec.state` to hibernated.
    Hibernate,
    /// Set `spec.state` to terminated.
    Terminate,
}

/// What `autostart` decided for a connection event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AutostartDecision {
    /// Whether to set `spec.state` to running.
    pub wake: bool,
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// What `validate` decided for a Template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateVerdict {
    /// Whether Sessions may use the Template.
    pub valid: bool,
    /// Written to `status.message`.
    #[serde(default)]
    pub message: String,
}

/// What `admit` decided for a Session being created or changed: the answer
/// of the admission webhook, which kubectl prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdmitDecision {
    /// Whether the API server may store the Session.
    pub allowed: bool,
    /// Why it is refused: required when `allowed` is false, shown to the
    /// user (`kubectl` prints it after `admission webhook ... denied the
    /// request:`).
    #[serde(default)]
    pub message: String,
    /// Optional: warnings shown to the user even when it is admitted, e.g.
    /// `at 90% of your memory quota`.
    #[serde(default)]
    pub warnings: Vec<String>,
}

fn refuse(entry: Entry, path: impl Into<String>, message: impl Into<String>) -> ScriptError {
    ScriptError::Decision {
        script: entry.file().to_owned(),
        path: path.into(),
        message: message.into(),
    }
}

/// Converts a script's return value into `T`, naming the path of a fault.
fn decode<T: DeserializeOwned>(
    entry: Entry,
    value: &Dynamic,
    example: &str,
) -> Result<T, ScriptError> {
    if !value.is_map() {
        return Err(refuse(
            entry,
            "decision",
            format!("expected a map like {example}, got {}", value.type_name()),
        ));
    }
    // Serialize (unlike from_dynamic) reads through shared values, which a
    // decision holds when it returns variables a closure captured.
    let json = serde_json::to_value(value).map_err(|e| refuse(entry, "decision", e.to_string()))?;
    serde_path_to_error::deserialize(json).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." {
            "decision".to_owned()
        } else {
            path
        };
        refuse(entry, path, e.inner().to_string())
    })
}

/// Kubernetes refuses longer condition and Event reasons.
const REASON_MAX_LENGTH: u32 = 1024;

/// A CamelCase reason or condition type as Kubernetes accepts it.
fn check_reason(entry: Entry, path: String, reason: &str) -> Result<(), ScriptError> {
    let fault = pattern_mismatch(CONDITION_REASON_PATTERN, reason).or_else(|| {
        (reason.len() > REASON_MAX_LENGTH as usize)
            .then(|| format!("a reason has at most {REASON_MAX_LENGTH} characters"))
    });
    match fault {
        Some(message) => Err(refuse(entry, path, message)),
        None => Ok(()),
    }
}

fn is_dns_label(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_dns_subdomain(name: &str) -> bool {
    name.len() <= 253
        && name.split('.').all(|part| {
            !part.is_empty()
                && part.starts_with(|c: char| c.is_ascii_alphanumeric())
                && part.ends_with(|c: char| c.is_ascii_alphanumeric())
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

fn check_string_map(entry: Entry, path: &str, map: Option<&Value>) -> Result<(), ScriptError> {
    let Some(map) = map else { return Ok(()) };
    let Some(map) = map.as_object() else {
        return Err(refuse(entry, path, "expected a map of strings"));
    };
    for (key, value) in map {
        if !value.is_string() {
            return Err(refuse(
                entry,
                format!("{path}.{key}"),
                format!(
                    "values must be strings, got {value}: write it in quotes, e.g. \"{}\"",
                    value.to_string().trim_matches('"')
                ),
            ));
        }
    }
    Ok(())
}

fn check_child(
    entry: Entry,
    index: usize,
    object: Value,
    namespace: Option<&str>,
) -> Result<Child, ScriptError> {
    let at = |field: &str| format!("children[{index}]{field}");
    if !object.is_object() {
        return Err(refuse(
            entry,
            at(""),
            format!("expected an object map, got {object}"),
        ));
    }
    let child = Child(object);
    let Some(row) = ChildKind::named(child.kind()) else {
        return Err(refuse(
            entry,
            at(".kind"),
            format!(
                "{:?} is not an allowed kind (allowed: {})",
                child.kind(),
                ChildKind::names()
            ),
        ));
    };
    let (kind, api_version) = (row.kind, row.api_version);
    if child.api_version() != api_version {
        return Err(refuse(
            entry,
            at(".apiVersion"),
            format!(
                "a {kind} must have apiVersion {api_version:?}, got {:?}",
                child.api_version()
            ),
        ));
    }
    let name = child.name();
    let valid = match row.names {
        NameRule::DnsLabel => is_dns_label(name),
        NameRule::DnsSubdomain => is_dns_subdomain(name),
    };
    if !valid {
        return Err(refuse(
            entry,
            at(".metadata.name"),
            format!(
                "{name:?} is not a valid {kind} name (lower-case letters, digits and '-', at most 63 characters): build it with dns_label() or child_name()"
            ),
        ));
    }
    let metadata = child.object().get("metadata");
    if let Some(ns) = metadata
        .and_then(|m| m.get("namespace"))
        .filter(|v| !v.is_null())
        && ns.as_str() != namespace
    {
        return Err(refuse(
            entry,
            at(".metadata.namespace"),
            format!(
                "{ns} is not the Session's namespace: children live beside their Session; leave namespace out"
            ),
        ));
    }
    if metadata
        .and_then(|m| m.get("ownerReferences"))
        .is_some_and(|v| !v.is_null())
    {
        return Err(refuse(
            entry,
            at(".metadata.ownerReferences"),
            "set by the operator: leave it out",
        ));
    }
    check_string_map(
        entry,
        &at(".metadata.labels"),
        metadata.and_then(|m| m.get("labels")),
    )?;
    check_string_map(
        entry,
        &at(".metadata.annotations"),
        metadata.and_then(|m| m.get("annotations")),
    )?;
    if child.outlives_session() && !row.may_outlive_session {
        return Err(refuse(
            entry,
            at(&format!(".metadata.annotations[\"{OUTLIVES_SESSION}\"]")),
            format!(
                "a {kind} cannot outlive its Session: nothing would ever remove it; only {} can",
                ChildKind::may_outlive_names()
            ),
        ));
    }
    Ok(child)
}

impl ReconcileDecision {
    /// Converts and checks what `reconcile` returned for a Session in `namespace`.
    pub fn from_script(value: &Dynamic, namespace: Option<&str>) -> Result<Self, ScriptError> {
        let entry = Entry::Reconcile;
        let raw: RawReconcile = decode(
            entry,
            value,
            "#{ children: [..], status: #{ phase: \"Running\" } }",
        )?;
        let mut seen = BTreeSet::new();
        let mut children = Vec::with_capacity(raw.children.len());
        for (index, object) in raw.children.into_iter().enumerate() {
            let child = check_child(entry, index, object, namespace)?;
            if !seen.insert((child.kind().to_owned(), child.name().to_owned())) {
                return Err(refuse(
                    entry,
                    format!("children[{index}]"),
                    format!(
                        "a second {} named {:?}: child names must be unique per kind",
                        child.kind(),
                        child.name()
                    ),
                ));
            }
            children.push(child);
        }
        for (i, condition) in raw.status.conditions.iter().enumerate() {
            check_reason(
                entry,
                format!("status.conditions[{i}].type"),
                &condition.type_,
            )?;
            check_reason(
                entry,
                format!("status.conditions[{i}].reason"),
                &condition.reason,
            )?;
        }
        for (i, event) in raw.events.iter().enumerate() {
            check_reason(entry, format!("events[{i}].reason"), &event.reason)?;
        }
        Ok(Self {
            children,
            status: raw.status,
            requeue_after: raw.requeue_after,
            events: raw.events,
        })
    }
}

impl IdleDecision {
    /// Converts what `idle` returned.
    pub fn from_script(value: &Dynamic) -> Result<Self, ScriptError> {
        decode(
            Entry::Idle,
            value,
            "#{ action: \"none\", check_after: \"1m\" }",
        )
    }
}

impl AutostartDecision {
    /// Converts what `autostart` returned.
    pub fn from_script(value: &Dynamic) -> Result<Self, ScriptError> {
        decode(
            Entry::Autostart,
            value,
            "#{ wake: true, reason: \"connect\" }",
        )
    }
}

impl TemplateVerdict {
    /// Converts what `validate` returned.
    pub fn from_script(value: &Dynamic) -> Result<Self, ScriptError> {
        decode(Entry::Template, value, "#{ valid: true, message: \"...\" }")
    }
}

impl AdmitDecision {
    /// Converts what `admit` returned. A refusal must say why: the user
    /// sees nothing else.
    pub fn from_script(value: &Dynamic) -> Result<Self, ScriptError> {
        let decision: AdmitDecision =
            decode(Entry::Admit, value, "#{ allowed: false, message: \"...\" }")?;
        if !decision.allowed && decision.message.trim().is_empty() {
            return Err(refuse(
                Entry::Admit,
                "message",
                "a refusal needs a message saying why, which the user sees: return #{ allowed: false, message: \"...\" }",
            ));
        }
        Ok(decision)
    }
}

/// The structural schema of what `entry` returns, as its typed decision
/// reads it: fixture expectations are checked against it, so one that no
/// decision could satisfy is refused by the decision types' own rules.
pub fn decision_schema(entry: Entry) -> &'static Value {
    static SCHEMAS: OnceLock<[Value; Entry::ALL.len()]> = OnceLock::new();
    let schemas = SCHEMAS.get_or_init(|| {
        Entry::ALL.map(|entry| match entry {
            Entry::Reconcile => structural_schema::<RawReconcile>(),
            Entry::Idle => structural_schema::<IdleDecision>(),
            Entry::Autostart => structural_schema::<AutostartDecision>(),
            Entry::Template => structural_schema::<TemplateVerdict>(),
            Entry::Admit => structural_schema::<AdmitDecision>(),
        })
    });
    let index = Entry::ALL
        .iter()
        .position(|e| *e == entry)
        .unwrap_or_default();
    &schemas[index]
}
