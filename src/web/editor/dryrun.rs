//! `POST /api/scripts/dry-run`: the proposed set's decision for one
//! Session (a live one, or one posted as YAML) at a chosen clock, with the
//! children the operator would apply and their diff against what is there
//! now. Nothing is written.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::Editor;
use super::render::{self, desired, live_view, unified, yaml};
use super::reply::{ApiError, blocking, body};
use super::world::{Mode, SessionInput, World};
use crate::crd::{Session, SessionState, Template};
use crate::script::{ObservedChildren, ScriptLog, ScriptSet, SessionContext};
use crate::web::auth::Caller;

/// A Session by namespace and name.
#[derive(Debug, Deserialize)]
pub struct SessionRef {
    /// Its namespace.
    pub namespace: String,
    /// Its name.
    pub name: String,
}

/// The body of a dry-run.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DryRunRequest {
    /// The proposed scripts.
    pub scripts: BTreeMap<String, String>,
    /// A Session the operator holds.
    #[serde(default)]
    pub session: Option<SessionRef>,
    /// Or a Session as YAML.
    #[serde(default)]
    pub session_yaml: Option<String>,
    /// The Template of a posted Session (default: the one the world has).
    #[serde(default)]
    pub template_yaml: Option<String>,
    /// The evaluation clock, RFC 3339 (default: now).
    #[serde(default)]
    pub now: Option<String>,
}

/// One script log record.
#[derive(Debug, Serialize)]
pub struct LogLine {
    /// `debug`, `info` or `warn`.
    pub level: String,
    /// What the script logged.
    pub message: String,
}

/// The answer of a dry-run.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DryRunResult {
    /// Whether the proposed set decided.
    pub ok: bool,
    /// The reconcile decision as the script returned it, plus `idle`: what
    /// `idle.rhai` decides at that clock (running Sessions).
    pub decision: Option<Value>,
    /// The children the operator would apply, as YAML.
    pub children_yaml: String,
    /// The children there now (the cluster's, or what the running set
    /// decides when the Session is not from the cluster), as YAML.
    pub current_children_yaml: String,
    /// Unified diff from the current children to the decided ones.
    pub diff: String,
    /// The decided status.
    pub status: Option<Value>,
    /// The decided events.
    pub events: Vec<Value>,
    /// What the scripts logged.
    pub logs: Vec<LogLine>,
    /// Why the proposed set did not decide.
    pub error: Option<String>,
}

fn with_type_meta(mut value: Value, kind: &str) -> Value {
    if let Some(map) = value.as_object_mut() {
        map.entry("apiVersion")
            .or_insert_with(|| "stream.space/v1alpha1".into());
        map.entry("kind").or_insert_with(|| kind.into());
    }
    value
}

fn parse_yaml<T: DeserializeOwned>(field: &str, kind: &str, text: &str) -> Result<T, ApiError> {
    let bad =
        |message: String| ApiError::new(StatusCode::BAD_REQUEST, format!("{field}: {message}"));
    let value: Value = serde_saphyr::from_str(text).map_err(|e| bad(e.to_string()))?;
    crate::crd::validate_object(kind, &value).map_err(|e| bad(e.to_string()))?;
    serde_path_to_error::deserialize(with_type_meta(value, kind))
        .map_err(|e| bad(format!("{}: {}", e.path(), e.inner())))
}

/// The Session the request names, and whether it is the cluster's.
fn resolve(world: &dyn World, request: &DryRunRequest) -> Result<(SessionInput, bool), ApiError> {
    if let Some(wanted) = &request.session {
        let input = world
            .sessions()
            .into_iter()
            .find(|i| {
                i.session.metadata.namespace.as_deref() == Some(wanted.namespace.as_str())
                    && i.session.metadata.name.as_deref() == Some(wanted.name.as_str())
            })
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    format!("session {}/{} not found", wanted.namespace, wanted.name),
                )
            })?;
        return Ok((input, world.mode() == Mode::Cluster));
    }
    let Some(text) = &request.session_yaml else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "name a session ({namespace, name}) or post one as sessionYaml",
        ));
    };
    let mut session: Session = parse_yaml("sessionYaml", "Session", text)?;
    let namespace = session
        .metadata
        .namespace
        .get_or_insert_with(|| "default".into())
        .clone();
    let template = match &request.template_yaml {
        Some(text) if !text.trim().is_empty() => Some(Arc::new(parse_yaml::<Template>(
            "templateYaml",
            "Template",
            text,
        )?)),
        _ => world.template(&namespace, &session.spec.template),
    };
    let input = SessionInput {
        session: Arc::new(session),
        template,
        children: ObservedChildren::default(),
    };
    Ok((input, false))
}

fn logs(records: Vec<ScriptLog>, script: &str) -> impl Iterator<Item = LogLine> + '_ {
    records.into_iter().map(move |r| LogLine {
        level: serde_json::to_value(r.level)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        message: format!("{script}: {}", r.message),
    })
}

/// The proposed set's decisions for `input`, compared with the cluster's
/// children (`from_cluster`) or the running set's.
fn evaluate(
    world: &dyn World,
    proposed: &ScriptSet,
    input: &SessionInput,
    from_cluster: bool,
    now: jiff::Timestamp,
) -> DryRunResult {
    let ctx = SessionContext {
        session: &input.session,
        template: input.template.as_deref(),
        children: &input.children,
        settings: world.settings(),
        now,
    };
    let running = world
        .running()
        .current()
        .and_then(|set| set.reconcile(&ctx).ok())
        .map(|e| desired(&e.decision.children, &input.session))
        .unwrap_or_default();
    let decided = proposed.reconcile(&ctx);
    let wanted = decided
        .as_ref()
        .map(|e| desired(&e.decision.children, &input.session))
        .unwrap_or_default();
    let current = if from_cluster {
        let named: Vec<(String, String)> = wanted.iter().chain(&running).map(render::key).collect();
        let live = world.live_children(input, &named).unwrap_or_default();
        live_view(live, &[&wanted, &running])
    } else {
        running
    };
    let current_children_yaml = yaml(&Value::Array(current));
    let evaluation = match decided {
        Ok(evaluation) => evaluation,
        Err(error) => {
            return DryRunResult {
                error: Some(error.to_string()),
                current_children_yaml,
                ..DryRunResult::default()
            };
        }
    };
    let children_yaml = yaml(&Value::Array(wanted));
    let label = if from_cluster {
        "cluster"
    } else {
        "running version"
    };
    let mut decision = serde_json::to_value(&evaluation.decision).unwrap_or(Value::Null);
    let mut log_lines: Vec<LogLine> = logs(evaluation.logs, "reconcile.rhai").collect();
    if input.session.spec.state == SessionState::Running {
        decision["idle"] = match proposed.idle(&ctx) {
            Ok(idle) => {
                log_lines.extend(logs(idle.logs, "idle.rhai"));
                serde_json::to_value(idle.decision).unwrap_or(Value::Null)
            }
            Err(error) => json!({ "error": error.to_string() }),
        };
    }
    DryRunResult {
        ok: true,
        diff: unified(&current_children_yaml, &children_yaml, label, "dry-run"),
        status: serde_json::to_value(&evaluation.decision.status).ok(),
        events: evaluation
            .decision
            .events
            .iter()
            .filter_map(|e| serde_json::to_value(e).ok())
            .collect(),
        decision: Some(decision),
        children_yaml,
        current_children_yaml,
        logs: log_lines,
        error: None,
    }
}

/// Runs the proposed set on one Session; writes nothing.
pub async fn dry_run(
    State(editor): State<Editor>,
    _caller: Caller,
    request: Result<Json<DryRunRequest>, JsonRejection>,
) -> Result<Json<DryRunResult>, ApiError> {
    let mut request = body(request)?;
    let now = match request.now.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => text.parse().map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("now: {text:?} is not an RFC 3339 time: {e}"),
            )
        })?,
        _ => jiff::Timestamp::now(),
    };
    let (input, from_cluster) = resolve(editor.world.as_ref(), &request)?;
    let scripts = std::mem::take(&mut request.scripts);
    let world = Arc::clone(&editor.world);
    let result = blocking(move || match ScriptSet::compile(scripts) {
        Ok(proposed) => evaluate(world.as_ref(), &proposed, &input, from_cluster, now),
        Err(error) => DryRunResult {
            error: Some(format!("the scripts do not compile:\n{error}")),
            ..DryRunResult::default()
        },
    })
    .await?;
    Ok(Json(result))
}
