//! `POST /api/scripts/dry-run`: the proposed set's decisions for one
//! Session (a live one, or one posted as YAML) at a chosen clock, with the
//! children the operator would apply and their diff against what is there
//! now, what idle.rhai decides, what autostart.rhai decides for a posted
//! connection event, the verdict on the Session's Template and whether
//! admit.rhai would let the Session be created as it is; or the verdict on
//! a Template posted alone. Nothing is written.

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
use super::admission::Admission;
use super::render::{self, desired, live_view, unified, yaml};
use super::reply::{ApiError, blocking, body};
use super::world::{Mode, World};
use crate::controller::evaluate::{Autostart, Evaluator, Idle, Reconcile};
use crate::crd::{Session, SessionState, Template, with_type_meta};
use crate::script::{
    ConnectionEvent, Entry, Evaluation, LoadError, ObservedChildren, ScriptError, ScriptLog,
    ScriptSet, SessionInput,
};
use crate::web::auth::Caller;

/// A Session by namespace and name.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct SessionRef {
    /// Its namespace.
    pub namespace: String,
    /// Its name.
    pub name: String,
}

/// The body of a dry-run.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DryRunRequest {
    /// The proposed scripts.
    pub scripts: BTreeMap<String, String>,
    /// A Session the operator holds.
    #[serde(default)]
    #[ts(optional)]
    pub session: Option<SessionRef>,
    /// Or a Session as YAML.
    #[serde(default)]
    #[ts(optional)]
    pub session_yaml: Option<String>,
    /// The Template of a posted Session (default: the one the world has);
    /// posted without a Session, only its verdict is decided.
    #[serde(default)]
    #[ts(optional)]
    pub template_yaml: Option<String>,
    /// A connection event to decide `autostart` for (its `user` defaults
    /// to the Session's).
    #[serde(default)]
    #[ts(optional)]
    pub event: Option<ConnectionEvent>,
    /// The evaluation clock, RFC 3339 (default: now).
    #[serde(default)]
    #[ts(optional)]
    pub now: Option<String>,
}

/// One script log record.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct LogLine {
    /// `debug`, `info` or `warn`.
    pub level: String,
    /// What the script logged.
    pub message: String,
}

/// The answer of a dry-run.
#[derive(Debug, Default, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DryRunResult {
    /// Whether the proposed set decided.
    pub ok: bool,
    /// The reconcile decision as the script returned it, plus what the
    /// other scripts decide at that clock: `idle` (running Sessions),
    /// `autostart` (when an event is posted), `template` (the verdict on
    /// the Session's Template) and `admit` (whether the Session could be
    /// created as it is, beside the user's other Sessions and under their
    /// quota, when the set has `admit.rhai`), each a decision or `{error}`.
    /// For a Template posted alone, only `template`.
    #[ts(type = "Record<string, unknown> | null")]
    pub decision: Option<Value>,
    /// The children the operator would apply, as YAML.
    pub children_yaml: String,
    /// The children there now (the cluster's, or what the running set
    /// decides when the Session is not from the cluster), as YAML.
    pub current_children_yaml: String,
    /// Unified diff from the current children to the decided ones.
    pub diff: String,
    /// The decided status.
    #[ts(type = "Record<string, unknown> | null")]
    pub status: Option<Value>,
    /// The decided events.
    #[ts(type = "Array<Record<string, unknown>>")]
    pub events: Vec<Value>,
    /// What the scripts logged.
    pub logs: Vec<LogLine>,
    /// Why the proposed set did not decide.
    pub error: Option<String>,
}

fn parse_yaml<T: DeserializeOwned>(field: &str, kind: &str, text: &str) -> Result<T, ApiError> {
    let bad =
        |message: String| ApiError::new(StatusCode::BAD_REQUEST, format!("{field}: {message}"));
    let mut value: Value = serde_saphyr::from_str(text).map_err(|e| bad(e.to_string()))?;
    crate::crd::validate_object(kind, &value).map_err(|e| bad(e.to_string()))?;
    with_type_meta(&mut value, kind);
    serde_path_to_error::deserialize(value).map_err(|e| bad(format!("{}: {}", e.path(), e.inner())))
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
            "name a session ({namespace, name}), post one as sessionYaml, or post a Template alone as templateYaml",
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

/// The Template of a request that posts a Template and no Session.
fn template_alone(request: &DryRunRequest) -> Result<Option<Template>, ApiError> {
    let posted = |text: &Option<String>| text.as_deref().is_some_and(|t| !t.trim().is_empty());
    if request.session.is_some() || posted(&request.session_yaml) || !posted(&request.template_yaml)
    {
        return Ok(None);
    }
    let text = request.template_yaml.as_deref().unwrap_or_default();
    parse_yaml("templateYaml", "Template", text).map(Some)
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

/// A decision as JSON, or `{error}`; what its script logged is added to
/// `lines`.
fn decided<T: Serialize>(
    result: Result<Evaluation<T>, ScriptError>,
    entry: Entry,
    lines: &mut Vec<LogLine>,
) -> Value {
    match result {
        Ok(evaluation) => {
            lines.extend(logs(evaluation.logs, entry.file()));
            serde_json::to_value(evaluation.decision).unwrap_or(Value::Null)
        }
        Err(error) => json!({ "error": error.to_string() }),
    }
}

/// What a dry-run decides for.
enum Subject {
    /// A Template posted alone: only its verdict.
    Template(Box<Template>),
    /// A Session, live (`from_cluster`) or posted.
    Session {
        input: SessionInput,
        from_cluster: bool,
    },
}

/// What the proposed set runs for one dry-run: the set, the editor's
/// preview evaluator and the clock.
struct Trial<'a> {
    proposed: &'a ScriptSet,
    preview: &'a Evaluator,
    now: jiff::Timestamp,
}

/// What idle.rhai, autostart.rhai (for `event`), template.rhai and
/// admit.rhai decide for the Session of `input`, as fields of `decision`.
fn other_decisions(
    world: &dyn World,
    trial: &Trial<'_>,
    input: &SessionInput,
    event: Option<ConnectionEvent>,
    decision: &mut Value,
    lines: &mut Vec<LogLine>,
) {
    let Trial {
        proposed,
        preview,
        now,
    } = *trial;
    let session = &input.session;
    if session.spec.state == SessionState::Running {
        let idle = preview.session(proposed, &Idle, input, now);
        decision["idle"] = decided(idle, Entry::Idle, lines);
    }
    if let Some(mut event) = event {
        if event.user.is_empty() {
            event.user = session.spec.user.clone();
        }
        let autostart = preview.session(proposed, &Autostart(&event), input, now);
        decision["autostart"] = decided(autostart, Entry::Autostart, lines);
    }
    if let Some(template) = &input.template {
        let verdict = preview.template(proposed, template, now);
        decision["template"] = decided(verdict, Entry::Template, lines);
    }
    if proposed.has(Entry::Admit) {
        let sessions = world.sessions();
        let admission = Admission::new(world, &sessions);
        if let Some(admitted) = preview
            .admit(proposed, &admission.input(session), now)
            .transpose()
        {
            decision["admit"] = decided(admitted, Entry::Admit, lines);
        }
    }
}

/// The verdict on a Template posted alone.
fn verdict(trial: &Trial<'_>, template: &Template) -> DryRunResult {
    match trial.preview.template(trial.proposed, template, trial.now) {
        Ok(evaluation) => DryRunResult {
            ok: true,
            decision: Some(json!({ "template": evaluation.decision })),
            logs: logs(evaluation.logs, Entry::Template.file()).collect(),
            ..DryRunResult::default()
        },
        Err(error) => DryRunResult {
            error: Some(error.to_string()),
            ..DryRunResult::default()
        },
    }
}

/// The answer when the proposed set does not compile.
fn not_compiled(error: &LoadError) -> DryRunResult {
    DryRunResult {
        error: Some(format!("the scripts do not compile:\n{error}")),
        ..DryRunResult::default()
    }
}

/// The proposed set's decisions for `input`, compared with the cluster's
/// children (`from_cluster`) or the running set's.
fn evaluate(
    world: &dyn World,
    trial: &Trial<'_>,
    input: &SessionInput,
    from_cluster: bool,
    event: Option<ConnectionEvent>,
) -> DryRunResult {
    let Trial { preview, now, .. } = *trial;
    let running = world
        .running()
        .current()
        .and_then(|set| preview.session(&set, &Reconcile, input, now).ok())
        .map(|e| desired(&e.decision.children, &input.session))
        .unwrap_or_default();
    let decided = preview.session(trial.proposed, &Reconcile, input, now);
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
    let mut log_lines: Vec<LogLine> = logs(evaluation.logs, Entry::Reconcile.file()).collect();
    other_decisions(world, trial, input, event, &mut decision, &mut log_lines);
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
    let scripts = std::mem::take(&mut request.scripts);
    let subject = match template_alone(&request)? {
        Some(template) => Subject::Template(Box::new(template)),
        None => {
            let (input, from_cluster) = resolve(editor.world.as_ref(), &request)?;
            Subject::Session {
                input,
                from_cluster,
            }
        }
    };
    let event = request.event.take();
    let (world, preview) = (Arc::clone(&editor.world), editor.preview.clone());
    let result = blocking(move || {
        let proposed = match ScriptSet::compile(scripts) {
            Ok(proposed) => proposed,
            Err(error) => return not_compiled(&error),
        };
        let trial = Trial {
            proposed: &proposed,
            preview: &preview,
            now,
        };
        match subject {
            Subject::Template(template) => verdict(&trial, &template),
            Subject::Session {
                input,
                from_cluster,
            } => evaluate(world.as_ref(), &trial, &input, from_cluster, event),
        }
    })
    .await?;
    Ok(Json(result))
}
