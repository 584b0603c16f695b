//! An upgrade of the operator keeps every Session's children unchanged. The
//! operator writes a child only when the object it would apply differs from
//! the one it applied last (their hash is the child's
//! `stream.space/applied-hash` annotation), so a new operator that turns
//! the same script output into the same object writes nothing and restarts
//! no pod; `tests/e2e.rs` (`a_restart_writes_nothing_for_unchanged_children`)
//! shows the writes, this test the objects across releases.
//!
//! `tests/deploy/released/children-<release>.jsonl` records, for every
//! child the release's own scripts decide for the example Sessions of
//! `deploy/examples/`: the Session, the child as the script returned it,
//! and the object that release applied. This test gives each recorded
//! script output to the operator as it is now: it must still be accepted,
//! and become the same object. Cutting a release records its children:
//! `STREAMSPACE_RECORD_RELEASE=1 cargo test --test upgrade`.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use streamspace_operator::app::playground::Examples;
use streamspace_operator::controller::apply::desired_object;
use streamspace_operator::controller::evaluate::Evaluator;
use streamspace_operator::crd::Session;
use streamspace_operator::script::decision::Child;
use streamspace_operator::script::set::read_dir_sources;
use streamspace_operator::script::{ObservedChildren, PolicySettings, ScriptSet, SessionInput};
use streamspace_testkit::{releases, repo_path};

/// One child of a release: what its scripts decided and what it applied.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Recorded {
    /// The Session, as the API server held it.
    session: Session,
    /// The child as the script returned it.
    decided: Value,
    /// The object the release applied for it.
    applied: Value,
}

/// Every child the shipped scripts decide for the example Sessions, as the
/// operator applies it now.
fn children_now() -> Vec<Recorded> {
    let set = ScriptSet::compile(read_dir_sources(&repo_path("scripts")).expect("scripts/"))
        .unwrap_or_else(|e| panic!("the shipped scripts do not load: {e}"));
    let created = "2026-01-01T00:00:00Z".parse().expect("a timestamp");
    let examples = Examples::load(&repo_path("deploy/examples"), created)
        .unwrap_or_else(|e| panic!("deploy/examples: {e}"));
    let evaluator = Evaluator::preview(PolicySettings::default());
    let mut recorded = Vec::new();
    for session in &examples.sessions {
        let template = examples.templates.iter().find(|t| {
            t.metadata.namespace == session.metadata.namespace
                && t.metadata.name.as_deref() == Some(session.spec.template.as_str())
        });
        let input = SessionInput {
            session: Arc::new(session.clone()),
            template: template.cloned().map(Arc::new),
            children: ObservedChildren::default(),
        };
        let decision = evaluator
            .reconcile(&set, &input, created)
            .unwrap_or_else(|e| panic!("reconcile of the example {:?}: {e}", session.metadata.name))
            .decision;
        for child in decision.children {
            recorded.push(Recorded {
                session: session.clone(),
                applied: desired_object(&child, session),
                decided: child.into_object(),
            });
        }
    }
    assert!(
        !recorded.is_empty(),
        "the example Sessions have no children"
    );
    recorded
}

/// What the operator as it is now would apply differently from `recorded`.
fn change(recorded: &Recorded) -> Option<String> {
    let session = &recorded.session;
    let id = format!(
        "Session {}/{}: {} {}",
        session.metadata.namespace.as_deref().unwrap_or_default(),
        session.metadata.name.as_deref().unwrap_or_default(),
        recorded.decided["kind"].as_str().unwrap_or_default(),
        recorded.decided["metadata"]["name"]
            .as_str()
            .unwrap_or_default(),
    );
    let child = match Child::checked(
        recorded.decided.clone(),
        session.metadata.namespace.as_deref(),
    ) {
        Ok(child) => child,
        Err(e) => return Some(format!("{id}: the script's output is refused now: {e}")),
    };
    let applied = desired_object(&child, session);
    if applied == recorded.applied {
        return None;
    }
    let pretty = |v: &Value| serde_json::to_string_pretty(v).expect("JSON");
    let diff = similar::TextDiff::from_lines(&pretty(&recorded.applied), &pretty(&applied))
        .unified_diff()
        .header("applied by the release", "applied now")
        .to_string();
    Some(format!("{id}: applied differently now:\n{diff}"))
}

#[test]
fn an_upgrade_applies_every_released_child_unchanged() {
    if releases::recording() {
        let file = releases::file("children", env!("CARGO_PKG_VERSION"), "jsonl");
        let lines: String = children_now()
            .iter()
            .map(|r| serde_json::to_string(r).expect("JSON") + "\n")
            .collect();
        std::fs::write(&file, lines).unwrap_or_else(|e| panic!("writing {}: {e}", file.display()));
    }
    let files = releases::recorded("children", "jsonl");
    let mut problems = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        for (index, line) in text.lines().enumerate() {
            let recorded: Recorded =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{name}:{}: {e}", index + 1));
            problems.extend(change(&recorded).map(|p| format!("{name}: {p}")));
        }
    }
    assert!(
        problems.is_empty(),
        "an upgrade from a release would rewrite these children (and restart the pods of \
         Deployments whose pod template changed). Keep what the operator adds to a script's \
         output as it was, or say so in the release notes:\n{}",
        problems.join("\n")
    );
}

#[test]
fn a_child_the_operator_now_applies_differently_is_reported() {
    let recorded = children_now().remove(0);
    assert_eq!(change(&recorded), None);
    let mut relabelled = recorded.clone();
    relabelled.applied["metadata"]["labels"]["stream.space/extra"] = "yes".into();
    let found = change(&relabelled).expect("a different applied object is a change");
    assert!(
        found.contains("applied differently now") && found.contains("stream.space/extra"),
        "{found}"
    );
    let mut refused = recorded;
    refused.decided["metadata"]["namespace"] = "elsewhere".into();
    let found = change(&refused).expect("a refused script output is a change");
    assert!(found.contains("refused now"), "{found}");
}
