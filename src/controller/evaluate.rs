//! The one way a script runs for a Session or a Template. The controllers,
//! the idle loop, the connection endpoint, the admission webhook and the
//! editor's dry-run and impact all come here: the ctx is built from a [`SessionInput`] (what the
//! caches hold for the Session), the entry point runs under the engine's
//! limits and deadline, and the call is timed, counted and logged with the
//! Session's namespace and name.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::runtime::{Handle, RuntimeFlavor};

use crate::crd::Template;
use crate::metrics::{EvalResult, Metrics};
use crate::script::context::subject_of;
use crate::script::{
    AdmitDecision, AdmitInput, AutostartDecision, ConnectionEvent, Entry, Evaluation, IdleDecision,
    PolicySettings, ReconcileDecision, ScriptError, ScriptSet, SessionContext, SessionInput,
    TemplateVerdict,
};

/// An entry point that decides for one Session.
pub trait SessionScript {
    /// What it returns.
    type Decision;
    /// Which entry point it is.
    const ENTRY: Entry;
    /// Calls it in `set` on `ctx`.
    fn call(
        &self,
        set: &ScriptSet,
        ctx: &SessionContext<'_>,
    ) -> Result<Evaluation<Self::Decision>, ScriptError>;
}

/// `reconcile(ctx)`.
pub struct Reconcile;

/// `idle(ctx)`.
pub struct Idle;

/// `autostart(ctx, event)` for one connection event.
pub struct Autostart<'a>(pub &'a ConnectionEvent);

impl SessionScript for Reconcile {
    type Decision = ReconcileDecision;
    const ENTRY: Entry = Entry::Reconcile;
    fn call(
        &self,
        set: &ScriptSet,
        ctx: &SessionContext<'_>,
    ) -> Result<Evaluation<ReconcileDecision>, ScriptError> {
        set.reconcile(ctx)
    }
}

impl SessionScript for Idle {
    type Decision = IdleDecision;
    const ENTRY: Entry = Entry::Idle;
    fn call(
        &self,
        set: &ScriptSet,
        ctx: &SessionContext<'_>,
    ) -> Result<Evaluation<IdleDecision>, ScriptError> {
        set.idle(ctx)
    }
}

impl SessionScript for Autostart<'_> {
    type Decision = AutostartDecision;
    const ENTRY: Entry = Entry::Autostart;
    fn call(
        &self,
        set: &ScriptSet,
        ctx: &SessionContext<'_>,
    ) -> Result<Evaluation<AutostartDecision>, ScriptError> {
        set.autostart(ctx, self.0)
    }
}

/// The default reconcile written in Rust instead of a script: the baseline
/// the benchmarks measure the script host's overhead against. A script set
/// must still load; its version is what the status records.
#[cfg(feature = "bench")]
#[derive(Clone, Copy)]
pub struct Native(pub fn(&SessionContext<'_>) -> ReconcileDecision);

#[cfg(feature = "bench")]
impl SessionScript for Native {
    type Decision = ReconcileDecision;
    const ENTRY: Entry = Entry::Reconcile;
    fn call(
        &self,
        _: &ScriptSet,
        ctx: &SessionContext<'_>,
    ) -> Result<Evaluation<ReconcileDecision>, ScriptError> {
        let started = Instant::now();
        Ok(Evaluation {
            decision: (self.0)(ctx),
            logs: Vec::new(),
            elapsed: started.elapsed(),
        })
    }
}

/// Runs script calls: with the settings scripts get as `ctx.config`, and
/// counted in the metrics when they are the operator's own. The editor's
/// previews of a draft are not counted, so a draft that fails does not
/// look like a failing operator.
#[derive(Clone)]
pub struct Evaluator {
    settings: PolicySettings,
    metrics: Option<Metrics>,
    /// Whether the last call was slow: the next ones run off the worker.
    slow: Arc<AtomicBool>,
    #[cfg(feature = "bench")]
    native: Option<Native>,
}

/// A call that takes longer than this is moved off the async worker. A
/// typical call takes a few hundred microseconds, less than moving it
/// costs (`block_in_place` hands the worker's core to another thread: the
/// context switches were an eighth of the operator's CPU). After a slow
/// call the next ones are moved until one is fast again, so a slow script
/// set holds a worker for at most one call per worker, bounded by the
/// call's deadline.
const SLOW_CALL: Duration = Duration::from_millis(2);

impl Evaluator {
    /// The operator's evaluator: every call is counted in `metrics`.
    pub fn counted(settings: PolicySettings, metrics: Metrics) -> Self {
        Self {
            settings,
            metrics: Some(metrics),
            slow: Arc::default(),
            #[cfg(feature = "bench")]
            native: None,
        }
    }

    /// An evaluator for previews (dry-runs, impact, the playground): calls
    /// are not counted and their failures are logged at debug level only.
    pub fn preview(settings: PolicySettings) -> Self {
        Self {
            settings,
            metrics: None,
            slow: Arc::default(),
            #[cfg(feature = "bench")]
            native: None,
        }
    }

    /// The same evaluator with `native` deciding in place of `reconcile.rhai`.
    #[cfg(feature = "bench")]
    pub fn with_native(self, native: Native) -> Self {
        Self {
            native: Some(native),
            ..self
        }
    }

    /// The settings scripts get as `ctx.config`.
    pub fn settings(&self) -> &PolicySettings {
        &self.settings
    }

    /// Runs `script` with `set` for the Session of `input` at `now`.
    pub fn session<S: SessionScript>(
        &self,
        set: &ScriptSet,
        script: &S,
        input: &SessionInput,
        now: jiff::Timestamp,
    ) -> Result<Evaluation<S::Decision>, ScriptError> {
        let ctx = input.context(&self.settings, now);
        let result = self.timed(S::ENTRY, || script.call(set, &ctx));
        if let Err(error) = &result {
            self.failed(S::ENTRY, set, &ctx.subject(), error);
        }
        result
    }

    /// Runs `reconcile` for the Session of `input` at `now` (or, in the
    /// benchmarks, its Rust baseline).
    pub fn reconcile(
        &self,
        set: &ScriptSet,
        input: &SessionInput,
        now: jiff::Timestamp,
    ) -> Result<Evaluation<ReconcileDecision>, ScriptError> {
        #[cfg(feature = "bench")]
        if let Some(native) = &self.native {
            return self.session(set, native, input, now);
        }
        self.session(set, &Reconcile, input, now)
    }

    /// Runs `validate` with `set` for `template` at `now`.
    pub fn template(
        &self,
        set: &ScriptSet,
        template: &Template,
        now: jiff::Timestamp,
    ) -> Result<Evaluation<TemplateVerdict>, ScriptError> {
        let result = self.timed(Entry::Template, || set.validate(template, now));
        if let Err(error) = &result {
            self.failed(Entry::Template, set, &subject_of(&template.metadata), error);
        }
        result
    }

    /// Runs `admit` with `set` for the Session of `input` at `now`; `None`
    /// when the set has no `admit.rhai` (every Session is admitted, and
    /// nothing is counted).
    pub fn admit(
        &self,
        set: &ScriptSet,
        input: &AdmitInput,
        now: jiff::Timestamp,
    ) -> Result<Option<Evaluation<AdmitDecision>>, ScriptError> {
        if !set.has(Entry::Admit) {
            return Ok(None);
        }
        let result = self.timed(Entry::Admit, || set.admit(input, &self.settings, now));
        if let Err(error) = &result {
            self.failed(Entry::Admit, set, &input.subject(), error);
        }
        result
    }

    /// Runs `call`, off the async worker while calls are slow (scripts are
    /// CPU-bound, bounded by their deadline; see [`SLOW_CALL`]), and counts
    /// it.
    fn timed<T>(
        &self,
        entry: Entry,
        call: impl FnOnce() -> Result<T, ScriptError>,
    ) -> Result<T, ScriptError> {
        let started = Instant::now();
        let multi_thread = matches!(
            Handle::try_current().map(|h| h.runtime_flavor()),
            Ok(RuntimeFlavor::MultiThread)
        );
        let result = if multi_thread && self.slow.load(Ordering::Relaxed) {
            tokio::task::block_in_place(call)
        } else {
            call()
        };
        let elapsed = started.elapsed();
        self.slow.store(elapsed > SLOW_CALL, Ordering::Relaxed);
        if let Some(metrics) = &self.metrics {
            metrics.evaluated(entry, EvalResult::of(&result), elapsed);
        }
        result
    }

    /// Logs a failed call as the script's own log records are attributed:
    /// to `session`, the `namespace/name` of the Session or Template.
    fn failed(&self, entry: Entry, set: &ScriptSet, session: &str, error: &ScriptError) {
        let (script, version) = (entry.file(), set.version());
        if self.metrics.is_some() {
            tracing::warn!(session, script, version, "{error}");
        } else {
            tracing::debug!(session, script, version, "preview: {error}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_move_off_the_worker_after_a_slow_one_until_one_is_fast() {
        let evaluator = Evaluator::preview(PolicySettings::default());
        let fast = || Ok::<_, ScriptError>(());
        let slow = || {
            std::thread::sleep(SLOW_CALL * 2);
            Ok::<_, ScriptError>(())
        };
        evaluator.timed(Entry::Reconcile, fast).unwrap();
        assert!(!evaluator.slow.load(Ordering::Relaxed));
        evaluator.timed(Entry::Reconcile, slow).unwrap();
        assert!(
            evaluator.clone().slow.load(Ordering::Relaxed),
            "every clone moves its next call"
        );
        evaluator.timed(Entry::Reconcile, fast).unwrap();
        assert!(!evaluator.slow.load(Ordering::Relaxed));
    }
}
