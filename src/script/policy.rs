//! Typed calls of the entry points: build the inputs, call the script,
//! convert its decision.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::admission::AdmitInput;
use super::context::{PolicySettings, SessionContext, object_dynamic, subject_of};
use super::decision::{
    AdmitDecision, AutostartDecision, IdleDecision, ReconcileDecision, TemplateVerdict,
};
use super::entry::Entry;
use super::error::ScriptError;
use super::sandbox::ScriptLog;
use super::set::{Called, ScriptSet};
use crate::crd::Template;

/// A decision with what the script logged while making it.
#[derive(Debug, Clone)]
pub struct Evaluation<T> {
    /// The typed decision.
    pub decision: T,
    /// Records the script logged.
    pub logs: Vec<ScriptLog>,
    /// Time spent in the script.
    pub elapsed: Duration,
}

/// A connection event from StreamSpace's proxy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ConnectionEvent {
    /// `connect` or `disconnect`.
    pub event: ConnectionKind,
    /// The user who connected.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub user: String,
}

/// The kind of a connection event.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, ts_rs::TS,
)]
#[serde(rename_all = "lowercase")]
pub enum ConnectionKind {
    /// A client connected.
    Connect,
    /// A client went away.
    Disconnect,
}

fn input_error(entry: Entry, message: String) -> ScriptError {
    ScriptError::Input {
        script: entry.file().to_owned(),
        message,
    }
}

fn evaluated<T>(
    called: Called,
    convert: impl FnOnce(&rhai::Dynamic) -> Result<T, ScriptError>,
) -> Result<Evaluation<T>, ScriptError> {
    Ok(Evaluation {
        decision: convert(&called.value)?,
        logs: called.logs,
        elapsed: called.elapsed,
    })
}

impl ScriptSet {
    fn call_session(
        &self,
        entry: Entry,
        ctx: &SessionContext<'_>,
        extra: Option<rhai::Dynamic>,
    ) -> Result<Called, ScriptError> {
        let arg = ctx.to_dynamic().map_err(|e| input_error(entry, e))?;
        let subject = Some(ctx.subject());
        match extra {
            Some(extra) => self.call(entry, subject, ctx.now, (arg, extra)),
            None => self.call(entry, subject, ctx.now, (arg,)),
        }
    }

    /// Runs `reconcile(ctx)`.
    pub fn reconcile(
        &self,
        ctx: &SessionContext<'_>,
    ) -> Result<Evaluation<ReconcileDecision>, ScriptError> {
        let called = self.call_session(Entry::Reconcile, ctx, None)?;
        evaluated(called, |v| {
            ReconcileDecision::from_script(v, ctx.namespace())
        })
    }

    /// Runs `idle(ctx)`.
    pub fn idle(&self, ctx: &SessionContext<'_>) -> Result<Evaluation<IdleDecision>, ScriptError> {
        let called = self.call_session(Entry::Idle, ctx, None)?;
        evaluated(called, IdleDecision::from_script)
    }

    /// Runs `autostart(ctx, event)`.
    pub fn autostart(
        &self,
        ctx: &SessionContext<'_>,
        event: &ConnectionEvent,
    ) -> Result<Evaluation<AutostartDecision>, ScriptError> {
        let event = rhai::serde::to_dynamic(event)
            .map_err(|e| input_error(Entry::Autostart, e.to_string()))?;
        let called = self.call_session(Entry::Autostart, ctx, Some(event))?;
        evaluated(called, AutostartDecision::from_script)
    }

    /// Runs `validate(template)`.
    pub fn validate(
        &self,
        template: &Template,
        now: jiff::Timestamp,
    ) -> Result<Evaluation<TemplateVerdict>, ScriptError> {
        let arg = object_dynamic(template).map_err(|e| input_error(Entry::Template, e))?;
        let called = self.call(
            Entry::Template,
            Some(subject_of(&template.metadata)),
            now,
            (arg,),
        )?;
        evaluated(called, TemplateVerdict::from_script)
    }

    /// Runs `admit(ctx)` for `input` with the operator's `settings` at
    /// `now`; `None` when the set has no `admit.rhai`, which admits every
    /// Session.
    pub fn admit(
        &self,
        input: &AdmitInput,
        settings: &PolicySettings,
        now: jiff::Timestamp,
    ) -> Result<Option<Evaluation<AdmitDecision>>, ScriptError> {
        if !self.has(Entry::Admit) {
            return Ok(None);
        }
        let ctx = input
            .to_dynamic(settings, now)
            .map_err(|e| input_error(Entry::Admit, e))?;
        let called = self.call(Entry::Admit, Some(input.subject()), now, (ctx,))?;
        evaluated(called, AdmitDecision::from_script).map(Some)
    }
}
