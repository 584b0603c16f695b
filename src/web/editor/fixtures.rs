//! `POST /api/scripts/test`: the fixtures of the repository run against a
//! proposed set, as `streamspace-operator test` runs them.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use serde::Serialize;

use super::Editor;
use super::reply::{ApiError, ErrorAt, blocking, body, load_errors};
use super::scripts::ProposedSet;
use crate::script::ScriptSet;
use crate::script::fixtures::{self, CaseReport, FixtureFile, Outcome};
use crate::web::auth::Caller;

/// One case as the editor shows it.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct Case {
    /// The fixture file.
    pub file: String,
    /// The case name.
    pub name: String,
    /// `passed`, `failed` or `error`.
    pub outcome: &'static str,
    /// Each mismatch with its path (failed cases).
    pub mismatches: Vec<String>,
    /// Expected against actual, unified (failed cases).
    pub diff: Option<String>,
    /// Why the case could not run (error cases).
    pub error: Option<String>,
}

impl From<CaseReport> for Case {
    fn from(report: CaseReport) -> Self {
        let (outcome, mismatches, diff, error) = match report.outcome {
            Outcome::Passed => ("passed", Vec::new(), None, None),
            Outcome::Failed { mismatches, diff } => (
                "failed",
                mismatches.iter().map(ToString::to_string).collect(),
                Some(diff),
                None,
            ),
            Outcome::Error(error) => ("error", Vec::new(), None, Some(error)),
        };
        Self {
            file: report.file,
            name: report.name,
            outcome,
            mismatches,
            diff,
            error,
        }
    }
}

/// The result of running the fixtures.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct TestReport {
    /// Whether every case passed.
    pub ok: bool,
    /// `N passed, N failed`.
    pub summary: String,
    /// Every case.
    pub cases: Vec<Case>,
    /// Compile errors, when the set does not load (no case ran).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional = nullable)]
    pub errors: Vec<ErrorAt>,
}

/// How many failing cases a refusal names before it says how many more.
const NAMED_FAILURES: usize = 3;

impl TestReport {
    /// The cases that did not pass, as `file: name`, the first few of them
    /// (and how many more), for a message.
    pub fn failing(&self) -> String {
        let failing: Vec<String> = self
            .cases
            .iter()
            .filter(|c| c.outcome != "passed")
            .map(|c| format!("{}: {}", c.file, c.name))
            .collect();
        let mut text = failing[..failing.len().min(NAMED_FAILURES)].join("; ");
        if failing.len() > NAMED_FAILURES {
            text.push_str(&format!("; and {} more", failing.len() - NAMED_FAILURES));
        }
        text
    }
}

/// Runs every case of `files` against `set` (on the calling thread).
pub fn run(set: &ScriptSet, files: &[FixtureFile]) -> TestReport {
    let reports = fixtures::run_files(set, files);
    TestReport {
        ok: reports.iter().all(CaseReport::passed),
        summary: fixtures::summary(&reports),
        cases: reports.into_iter().map(Case::from).collect(),
        errors: Vec::new(),
    }
}

/// Compiles a proposed set and runs the repository's fixtures against it.
pub async fn test(
    State(editor): State<Editor>,
    _caller: Caller,
    request: Result<Json<ProposedSet>, JsonRejection>,
) -> Result<Json<TestReport>, ApiError> {
    let scripts = body(request)?.scripts;
    let files = editor
        .repo
        .fixtures()
        .await
        .map_err(|e| ApiError::internal(&e))?;
    let report = blocking(move || match ScriptSet::compile(scripts) {
        Ok(set) => run(&set, &files),
        Err(error) => TestReport {
            ok: false,
            summary: format!(
                "the scripts do not compile ({} error(s)); no case ran",
                error.errors.len()
            ),
            cases: Vec::new(),
            errors: load_errors(&error),
        },
    })
    .await?;
    Ok(Json(report))
}
