//! `POST /api/scripts/impact`: the blast radius of a save, before it is
//! made. Both the proposed and the running set reconcile every Session; the
//! Sessions whose children or status would differ are counted per child
//! kind and changed field, with one sample diff per kind of change.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use serde::Serialize;
use serde_json::{Value, json};

use super::Editor;
use super::paths::changed_paths;
use super::render::{desired, key, unified, yaml};
use super::reply::{ApiError, blocking, body, load_errors, quiet};
use super::scripts::ProposedSet;
use super::world::{SessionInput, World};
use crate::controller::apply::APPLIED_HASH;
use crate::script::{ReconcileDecision, ScriptSet, SessionContext};
use crate::web::auth::Caller;

/// One kind of change and how many Sessions it touches.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// The child kind, `Status`, or `Script` (a failing Session that the
    /// proposed set fixes).
    pub kind: String,
    /// The changed field, e.g. `spec.template.spec.containers[0].image`,
    /// or `(added)` / `(removed)` for whole children.
    pub field: String,
    /// Sessions with this change.
    pub count: usize,
    /// The change on the first such Session, as a unified diff.
    pub sample_diff: String,
}

/// The answer of an impact request.
#[derive(Debug, Serialize)]
pub struct Impact {
    /// Sessions evaluated.
    pub total: usize,
    /// Sessions whose decision changes.
    pub changed: usize,
    /// Sessions the proposed set fails on: `namespace/name: error`.
    pub errors: Vec<String>,
    /// The changes, most frequent first.
    pub changes: Vec<Change>,
}

/// A change group while counting: its Sessions and the first sample.
struct Group {
    count: usize,
    sample: String,
}

/// What one slice of the Sessions contributed.
#[derive(Default)]
struct Tally {
    changed: usize,
    errors: Vec<String>,
    groups: BTreeMap<(String, String), Group>,
}

impl Tally {
    fn add(&mut self, kind: &str, field: String, sample: impl FnOnce() -> String) {
        self.groups
            .entry((kind.to_owned(), field))
            .and_modify(|g| g.count += 1)
            .or_insert_with(|| Group {
                count: 1,
                sample: sample(),
            });
    }

    /// Appends a later slice: counts add up, the earlier sample stays.
    fn merge(&mut self, later: Tally) {
        self.changed += later.changed;
        self.errors.extend(later.errors);
        for (key, group) in later.groups {
            self.groups
                .entry(key)
                .and_modify(|g| g.count += group.count)
                .or_insert(group);
        }
    }
}

/// A child without the applied-hash annotation, which changes with every
/// other change and would only clutter a sample.
fn without_hash(object: &Value) -> Value {
    let mut object = object.clone();
    if let Some(annotations) = object
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
    {
        annotations.remove(APPLIED_HASH);
        if annotations.is_empty() {
            object["metadata"]
                .as_object_mut()
                .map(|m| m.remove("annotations"));
        }
    }
    object
}

fn is_hash_annotation(path: &str) -> bool {
    path == format!("metadata.annotations[\"{APPLIED_HASH}\"]")
}

/// Compares one Session's decisions, recording each kind of change once;
/// returns whether anything changed. A sample diff is rendered only for a
/// kind of change not seen before.
fn compare(
    tally: &mut Tally,
    subject: &str,
    input: &SessionInput,
    before: &ReconcileDecision,
    after: &ReconcileDecision,
) -> bool {
    let by_key = |decision: &ReconcileDecision| -> BTreeMap<(String, String), Value> {
        desired(&decision.children, &input.session)
            .into_iter()
            .map(|o| (key(&o), o))
            .collect()
    };
    let (old, new) = (by_key(before), by_key(after));
    let mut children: Vec<&(String, String)> = old.keys().chain(new.keys()).collect();
    children.sort();
    children.dedup();
    let mut changed = false;
    for child in children {
        let (a, b) = (old.get(child), new.get(child));
        let fields = match (a, b) {
            (Some(a), Some(b)) => changed_paths(a, b)
                .into_iter()
                .filter(|p| !is_hash_annotation(p))
                .collect(),
            (None, _) => vec!["(added)".to_owned()],
            (_, None) => vec!["(removed)".to_owned()],
        };
        let sample = OnceCell::new();
        let label = format!("{subject} {}/{}", child.0, child.1);
        for field in fields {
            changed = true;
            tally.add(&child.0, field, || {
                sample
                    .get_or_init(|| {
                        let text = |v: Option<&Value>| {
                            v.map(|v| yaml(&without_hash(v))).unwrap_or_default()
                        };
                        unified(
                            &text(a),
                            &text(b),
                            &format!("{label} (running version)"),
                            &format!("{label} (edited)"),
                        )
                    })
                    .clone()
            });
        }
    }
    let (a, b) = (json!(before.status), json!(after.status));
    let sample = OnceCell::new();
    for field in changed_paths(&a, &b) {
        changed = true;
        tally.add("Status", field, || {
            sample
                .get_or_init(|| {
                    unified(
                        &yaml(&a),
                        &yaml(&b),
                        &format!("{subject} status (running version)"),
                        &format!("{subject} status (edited)"),
                    )
                })
                .clone()
        });
    }
    changed
}

/// Evaluates one slice of the Sessions with both sets.
fn tally(
    world: &dyn World,
    proposed: &ScriptSet,
    running: &ScriptSet,
    inputs: &[SessionInput],
    now: jiff::Timestamp,
) -> Tally {
    let mut tally = Tally::default();
    for input in inputs {
        let ctx = SessionContext {
            session: &input.session,
            template: input.template.as_deref(),
            children: &input.children,
            settings: world.settings(),
            now,
        };
        let subject = ctx.subject();
        match (running.reconcile(&ctx), proposed.reconcile(&ctx)) {
            (_, Err(error)) => tally.errors.push(format!("{subject}: {error}")),
            (Ok(before), Ok(after)) => {
                if compare(
                    &mut tally,
                    &subject,
                    input,
                    &before.decision,
                    &after.decision,
                ) {
                    tally.changed += 1;
                }
            }
            (Err(error), Ok(_)) => {
                tally.changed += 1;
                tally.add("Script", "(no longer fails)".to_owned(), || {
                    format!("--- {subject} (running version)\n+++ {subject} (edited)\n-{error}\n+decides\n")
                });
            }
        }
    }
    tally
}

/// Evaluates every Session, split over the available cores.
fn measure(world: &dyn World, proposed: &ScriptSet, running: &ScriptSet) -> Impact {
    let inputs = world.sessions();
    let now = jiff::Timestamp::now();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = inputs.len().div_ceil(threads).max(1);
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let workers: Vec<_> = inputs
            .chunks(chunk)
            .map(|slice| scope.spawn(move || quiet(|| tally(world, proposed, running, slice, now))))
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let mut total = Tally::default();
    for later in tallies {
        total.merge(later);
    }
    let mut changes: Vec<Change> = total
        .groups
        .into_iter()
        .map(|((kind, field), group)| Change {
            kind,
            field,
            count: group.count,
            sample_diff: group.sample,
        })
        .collect();
    changes.sort_by_key(|c| std::cmp::Reverse(c.count));
    Impact {
        total: inputs.len(),
        changed: total.changed,
        errors: total.errors,
        changes,
    }
}

/// Measures what saving the proposed set would change.
pub async fn impact(
    State(editor): State<Editor>,
    _caller: Caller,
    request: Result<Json<ProposedSet>, JsonRejection>,
) -> Result<Json<Impact>, ApiError> {
    let scripts = body(request)?.scripts;
    let Some(running) = editor.world.running().current() else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "no script set is running yet: there is nothing to compare with",
        ));
    };
    let world = Arc::clone(&editor.world);
    blocking(move || {
        let proposed = ScriptSet::compile(scripts).map_err(|error| {
            ApiError::with(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "error": "the scripts do not compile", "errors": load_errors(&error) }),
            )
        })?;
        if proposed.version() == running.version() {
            let total = world.sessions().len();
            return Ok(Impact {
                total,
                changed: 0,
                errors: Vec::new(),
                changes: Vec::new(),
            });
        }
        Ok(measure(world.as_ref(), &proposed, &running))
    })
    .await?
    .map(Json)
}
