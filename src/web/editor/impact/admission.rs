//! Which existing Sessions the edited `admit.rhai` would have refused: each
//! Session admitted as a CREATE of it beside the same user's other Sessions,
//! under the user's quota.

use std::sync::Arc;

use serde::Serialize;

use super::super::admission::Admission;
use crate::controller::evaluate::Evaluator;
use crate::crd::Session;
use crate::script::ScriptSet;
use crate::script::context::subject_of;

/// A Session the edited `admit.rhai` refuses.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Refusal {
    /// `namespace/name`.
    pub session: String,
    /// The refusal's message, as kubectl would print it.
    pub message: String,
}

/// What the edited `admit.rhai` decides for the Sessions there are.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct AdmissionImpact {
    /// `admit.rhai`.
    pub script: String,
    /// Sessions evaluated.
    pub total: usize,
    /// The Sessions it would refuse to create as they are now.
    pub refused: Vec<Refusal>,
    /// Sessions it fails on: `namespace/name: error`.
    pub errors: Vec<String>,
}

/// The refusals and errors of one slice of the Sessions.
#[derive(Default)]
pub struct AdmissionTally {
    total: usize,
    refused: Vec<Refusal>,
    errors: Vec<String>,
}

impl AdmissionTally {
    /// Admits `session` with `proposed` (which has `admit.rhai`) at `now`.
    pub fn admit(
        &mut self,
        preview: &Evaluator,
        proposed: &ScriptSet,
        admission: &Admission<'_>,
        session: &Arc<Session>,
        now: jiff::Timestamp,
    ) {
        self.total += 1;
        let subject = subject_of(&session.metadata);
        match preview.admit(proposed, &admission.input(session), now) {
            Ok(Some(e)) if !e.decision.allowed => self.refused.push(Refusal {
                session: subject,
                message: e.decision.message,
            }),
            Ok(_) => {}
            Err(error) => self.errors.push(format!("{subject}: {error}")),
        }
    }

    /// Adds a later slice of Sessions.
    pub fn merge(&mut self, later: AdmissionTally) {
        self.total += later.total;
        self.refused.extend(later.refused);
        self.errors.extend(later.errors);
    }

    /// The report of `script`.
    pub fn report(self, script: &str) -> AdmissionImpact {
        AdmissionImpact {
            script: script.to_owned(),
            total: self.total,
            refused: self.refused,
            errors: self.errors,
        }
    }
}
