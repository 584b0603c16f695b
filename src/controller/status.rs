//! The Session status the host writes: the script's phase, url and
//! conditions, plus transition times, the observed generation and the
//! script version. Nothing is written when nothing changed.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{Condition, Time};
use serde_json::{Value, json};

use crate::crd::{Session, SessionPhase, SessionStatus};
use crate::script::decision::StatusDecision;

/// Condition type set when a script fails or returns a wrong decision.
pub const SCRIPT_ERROR: &str = "ScriptError";

/// Condition type set when the API server refuses a child.
pub const APPLY_ERROR: &str = "ApplyError";

/// Condition type set when the API server refuses the Session's status.
pub const STATUS_ERROR: &str = "StatusError";

/// A condition keeping its previous transition time when its status did not
/// change, as Kubernetes conventions require.
pub(crate) fn condition(
    previous: &[Condition],
    type_: &str,
    status: &str,
    reason: &str,
    message: &str,
    generation: Option<i64>,
    now: jiff::Timestamp,
) -> Condition {
    let before = previous.iter().find(|c| c.type_ == type_);
    let last_transition_time = match before {
        Some(before) if before.status == status => before.last_transition_time.clone(),
        _ => Time(now),
    };
    Condition {
        type_: type_.to_owned(),
        status: status.to_owned(),
        reason: reason.to_owned(),
        message: message.to_owned(),
        last_transition_time,
        observed_generation: generation,
    }
}

/// The merge patch for `status`, or `None` when it would change nothing.
fn patch_if_changed(current: &SessionStatus, next: SessionStatus) -> Option<Value> {
    if *current == next {
        return None;
    }
    Some(json!({ "status": {
        "phase": next.phase,
        "url": next.url,
        "podName": next.pod_name,
        "conditions": next.conditions,
        "observedGeneration": next.observed_generation,
        "scriptVersion": next.script_version,
    }}))
}

/// The status a successful reconcile writes. `scriptVersion` names the
/// version whose decision the Session's children and status come from: it
/// moves to `version` only when this decision wrote something
/// (`children_written`, or another status field), so a new version that
/// decides the same as the last writes nothing.
pub fn decided(
    session: &Session,
    decision: &StatusDecision,
    version: &str,
    children_written: bool,
    now: jiff::Timestamp,
) -> Option<Value> {
    let current = session.status.clone().unwrap_or_default();
    let generation = session.metadata.generation;
    let conditions = decision
        .conditions
        .iter()
        .map(|c| {
            condition(
                &current.conditions,
                &c.type_,
                c.status.as_str(),
                &c.reason,
                &c.message,
                generation,
                now,
            )
        })
        .collect();
    let next = SessionStatus {
        phase: Some(decision.phase),
        url: decision.url.clone(),
        pod_name: decision.pod_name.clone(),
        conditions,
        observed_generation: generation,
        ..current.clone()
    };
    if next == current && !children_written && current.script_version.is_some() {
        return None;
    }
    patch_if_changed(
        &current,
        SessionStatus {
            script_version: Some(version.to_owned()),
            ..next
        },
    )
}

/// The status after a failed reconcile: everything as it was, plus a
/// condition of `type_` (ScriptError or ApplyError) saying why.
pub fn failed(
    session: &Session,
    type_: &str,
    message: &str,
    version: Option<&str>,
    now: jiff::Timestamp,
) -> Option<Value> {
    let current = session.status.clone().unwrap_or_default();
    let generation = session.metadata.generation;
    let mut conditions: Vec<Condition> = current
        .conditions
        .iter()
        .filter(|c| c.type_ != type_)
        .cloned()
        .collect();
    conditions.push(condition(
        &current.conditions,
        type_,
        "True",
        type_,
        message,
        generation,
        now,
    ));
    let next = SessionStatus {
        phase: current.phase.or(Some(SessionPhase::Pending)),
        conditions,
        script_version: version
            .map(str::to_owned)
            .or(current.script_version.clone()),
        ..current.clone()
    };
    patch_if_changed(&current, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crd::SessionSpec;
    use crate::script::decision::{ConditionDecision, ConditionStatus};

    fn t(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    fn decision(ready: bool) -> StatusDecision {
        StatusDecision {
            phase: if ready {
                SessionPhase::Running
            } else {
                SessionPhase::Pending
            },
            url: ready.then(|| "https://s.example".to_owned()),
            pod_name: None,
            conditions: vec![ConditionDecision {
                type_: "Ready".into(),
                status: if ready {
                    ConditionStatus::True
                } else {
                    ConditionStatus::False
                },
                reason: "R".into(),
                message: String::new(),
            }],
        }
    }

    fn with_status(patch: &Value) -> Session {
        let mut session = Session::new("s", SessionSpec::new("alice", "firefox"));
        session.metadata.generation = Some(3);
        session.status = Some(serde_json::from_value(patch["status"].clone()).unwrap());
        session
    }

    #[test]
    fn transition_times_move_only_when_status_changes() {
        let mut session = Session::new("s", SessionSpec::new("alice", "firefox"));
        session.metadata.generation = Some(3);
        let first = decided(
            &session,
            &decision(false),
            "v1",
            false,
            t("2026-01-01T00:00:00Z"),
        )
        .unwrap();
        assert_eq!(first["status"]["observedGeneration"], 3);
        assert_eq!(first["status"]["url"], Value::Null);
        let session = with_status(&first);
        assert_eq!(
            decided(
                &session,
                &decision(false),
                "v1",
                false,
                t("2026-01-01T00:05:00Z")
            ),
            None
        );
        let second = decided(
            &session,
            &decision(true),
            "v1",
            false,
            t("2026-01-01T00:10:00Z"),
        )
        .unwrap();
        assert_eq!(
            second["status"]["conditions"][0]["lastTransitionTime"],
            "2026-01-01T00:10:00Z"
        );
        assert_eq!(second["status"]["phase"], "Running");
        assert_eq!(
            decided(
                &with_status(&second),
                &decision(true),
                "v2",
                false,
                t("2026-01-01T00:20:00Z"),
            ),
            None,
            "a new version that decides the same writes nothing"
        );
        let version_only = decided(
            &with_status(&second),
            &decision(true),
            "v2",
            true,
            t("2026-01-01T00:20:00Z"),
        )
        .unwrap();
        assert_eq!(
            version_only["status"]["conditions"][0]["lastTransitionTime"],
            "2026-01-01T00:10:00Z"
        );
        assert_eq!(version_only["status"]["scriptVersion"], "v2");
    }

    #[test]
    fn failures_add_a_condition_and_keep_the_rest() {
        let ok = decided(
            &Session::new("s", SessionSpec::new("a", "b")),
            &decision(true),
            "v1",
            false,
            t("2026-01-01T00:00:00Z"),
        )
        .unwrap();
        let session = with_status(&ok);
        let failed_patch = failed(
            &session,
            SCRIPT_ERROR,
            "reconcile.rhai:3:1: boom",
            None,
            t("2026-01-01T00:01:00Z"),
        )
        .unwrap();
        let conditions = failed_patch["status"]["conditions"].as_array().unwrap();
        assert_eq!(conditions.len(), 2);
        assert_eq!(conditions[1]["type"], "ScriptError");
        assert_eq!(conditions[1]["message"], "reconcile.rhai:3:1: boom");
        assert_eq!(failed_patch["status"]["phase"], "Running");
        assert_eq!(
            failed(
                &with_status(&failed_patch),
                SCRIPT_ERROR,
                "reconcile.rhai:3:1: boom",
                None,
                t("2026-01-01T00:02:00Z")
            ),
            None
        );
        // The next good reconcile drops the error condition.
        let healed = decided(
            &with_status(&failed_patch),
            &decision(true),
            "v1",
            false,
            t("2026-01-01T00:03:00Z"),
        )
        .unwrap();
        assert_eq!(healed["status"]["conditions"].as_array().unwrap().len(), 1);
    }
}
