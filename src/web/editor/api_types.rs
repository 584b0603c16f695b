//! The editor API's request and reply types as TypeScript, for the front
//! end (`web/src/api.generated.ts`, checked by `tests/contract.rs`).

use super::dryrun::{DryRunRequest, DryRunResult};
use super::fixtures::TestReport;
use super::history::{HistoryEntry, HistoryVersion};
use super::impact::Impact;
use super::repo::VersionInfo;
use super::save::{RollbackRequest, SaveRequest, Saved};
use super::scripts::{CheckResult, ProposedSet, ScriptsView};
use super::sessions::{Rollout, SessionInfo};
use crate::script::contract::TypeScript;
use crate::web::auth::NoAccess;

/// Every request and reply body of the editor API (with the types they
/// refer to), as one TypeScript module.
pub fn api_typescript() -> anyhow::Result<String> {
    TypeScript::new("the editor API's Rust types (src/web/editor/)")
        .declare::<ScriptsView>()
        .declare::<NoAccess>()
        .declare::<ProposedSet>()
        .declare::<CheckResult>()
        .declare::<TestReport>()
        .declare::<SessionInfo>()
        .declare::<DryRunRequest>()
        .declare::<DryRunResult>()
        .declare::<Impact>()
        .declare::<SaveRequest>()
        .declare::<RollbackRequest>()
        .declare::<Saved>()
        .declare::<VersionInfo>()
        .declare::<HistoryEntry>()
        .declare::<HistoryVersion>()
        .declare::<Rollout>()
        .finish()
}
