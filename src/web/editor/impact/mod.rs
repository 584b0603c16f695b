//! `POST /api/scripts/impact`: the blast radius of a save, before it is
//! made. The proposed and the running set both decide for everything the
//! operator holds, at one clock: `reconcile.rhai` for every Session,
//! `idle.rhai` for the running ones, `template.rhai` for every Template.
//! What would change is counted per script, per kind and field, with one
//! sample diff for each kind of change. The proposed `admit.rhai`, when
//! there is one, says which Sessions it would refuse to create as they are.

mod admission;
mod reconcile;
mod tally;

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use serde::Serialize;
use serde_json::json;

use super::Editor;
use super::admission::Admission;
use super::reply::{ApiError, blocking, body, load_errors, quiet};
use super::scripts::ProposedSet;
use super::world::World;
use crate::controller::evaluate::{Evaluator, Idle, Reconcile, SessionScript};
use crate::crd::SessionState;
use crate::script::context::subject_of;
use crate::script::{Entry, Evaluation, ScriptError, ScriptSet, SessionInput};
use crate::web::auth::Caller;
use admission::{AdmissionImpact, AdmissionTally};
use tally::{ScriptImpact, Tally};

/// The answer of an impact request.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct Impact {
    /// Sessions evaluated.
    pub total: usize,
    /// Sessions whose reconcile or idle decision changes.
    pub changed: usize,
    /// What each script's decisions would change: reconcile, idle,
    /// template.
    pub scripts: Vec<ScriptImpact>,
    /// Which Sessions the proposed `admit.rhai` would refuse to create as
    /// they are; `null` when the proposed set has none.
    pub admission: Option<AdmissionImpact>,
}

/// What one slice of the Sessions contributed.
#[derive(Default)]
struct SessionTally {
    /// Sessions with any decision changed.
    changed: usize,
    reconcile: Tally,
    idle: Tally,
    admit: AdmissionTally,
}

impl SessionTally {
    fn merge(&mut self, later: SessionTally) {
        self.changed += later.changed;
        self.reconcile.merge(later.reconcile);
        self.idle.merge(later.idle);
        self.admit.merge(later.admit);
    }
}

/// Compares two decisions field by field, as changes of `kind` whose
/// sample diff is labelled `label`.
fn decisions<T: Serialize>(
    kind: &'static str,
    label: String,
) -> impl FnOnce(&mut Tally, &Evaluation<T>, &Evaluation<T>) -> bool {
    move |tally, before, after| {
        tally.values(
            kind,
            &label,
            &json!(before.decision),
            &json!(after.decision),
        )
    }
}

/// The two sets that decide, how they run and at which clock.
#[derive(Clone, Copy)]
struct Comparison<'a> {
    preview: &'a Evaluator,
    running: &'a ScriptSet,
    proposed: &'a ScriptSet,
    now: jiff::Timestamp,
}

impl Comparison<'_> {
    /// What `script` decides for `input` with each set: running, proposed.
    fn session<S: SessionScript>(
        &self,
        script: &S,
        input: &SessionInput,
    ) -> [Result<Evaluation<S::Decision>, ScriptError>; 2] {
        [self.running, self.proposed].map(|set| self.preview.session(set, script, input, self.now))
    }
}

/// Evaluates one slice of the Sessions with both sets, and with the
/// proposed `admit.rhai` against `admission` when it has one.
fn sessions(
    cmp: Comparison<'_>,
    admission: Option<&Admission<'_>>,
    inputs: &[SessionInput],
) -> SessionTally {
    let mut tally = SessionTally::default();
    for input in inputs {
        let subject = subject_of(&input.session.metadata);
        let [before, after] = cmp.session(&Reconcile, input);
        let reconciled = tally
            .reconcile
            .outcome(&subject, before, after, |t, before, after| {
                reconcile::compare(t, &subject, input, &before.decision, &after.decision)
            });
        // idle.rhai only ever runs for running Sessions.
        let idled = input.session.spec.state == SessionState::Running && {
            let [before, after] = cmp.session(&Idle, input);
            tally.idle.outcome(
                &subject,
                before,
                after,
                decisions("idle", format!("{subject} idle")),
            )
        };
        tally.changed += usize::from(reconciled || idled);
        if let Some(admission) = admission {
            tally.admit.admit(
                cmp.preview,
                cmp.proposed,
                admission,
                &input.session,
                cmp.now,
            );
        }
    }
    tally
}

/// Evaluates every Template with both sets.
fn templates(world: &dyn World, cmp: Comparison<'_>) -> Tally {
    let mut tally = Tally::default();
    for template in world.templates() {
        let subject = subject_of(&template.metadata);
        tally.outcome(
            &subject,
            cmp.preview.template(cmp.running, &template, cmp.now),
            cmp.preview.template(cmp.proposed, &template, cmp.now),
            decisions("Template", format!("{subject} verdict")),
        );
    }
    tally
}

/// Evaluates everything, the Sessions split over the available cores.
fn measure(world: &dyn World, cmp: Comparison<'_>) -> Impact {
    let inputs = world.sessions();
    let admission = cmp
        .proposed
        .has(Entry::Admit)
        .then(|| Admission::new(world, &inputs));
    let admission = admission.as_ref();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = inputs.len().div_ceil(threads).max(1);
    let slices: Vec<SessionTally> = std::thread::scope(|scope| {
        let workers: Vec<_> = inputs
            .chunks(chunk)
            .map(|slice| scope.spawn(move || quiet(|| sessions(cmp, admission, slice))))
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let mut total = SessionTally::default();
    for later in slices {
        total.merge(later);
    }
    let templates = templates(world, cmp);
    Impact {
        total: inputs.len(),
        changed: total.changed,
        scripts: vec![
            total.reconcile.report(Entry::Reconcile.file(), "sessions"),
            total.idle.report(Entry::Idle.file(), "running sessions"),
            templates.report(Entry::Template.file(), "templates"),
        ],
        admission: admission.map(|_| total.admit.report(Entry::Admit.file())),
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
    let (world, preview) = (Arc::clone(&editor.world), editor.preview.clone());
    blocking(move || {
        let proposed = ScriptSet::compile(scripts).map_err(|error| {
            ApiError::with(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "error": "the scripts do not compile", "errors": load_errors(&error) }),
            )
        })?;
        let cmp = Comparison {
            preview: &preview,
            running: &running,
            proposed: &proposed,
            now: jiff::Timestamp::now(),
        };
        Ok(measure(world.as_ref(), cmp))
    })
    .await?
    .map(Json)
}
