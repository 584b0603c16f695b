//! Policy decisions become a patch of `spec.state`: the reconcile then does
//! the rest. The patch carries the resourceVersion it was decided on, so a
//! concurrent change (a user waking the session) is never overwritten.

use kube::api::{Patch, PatchParams};
use kube::{Api, Resource, ResourceExt};
use serde_json::json;

use super::apply::FIELD_MANAGER;
use super::state::Operator;
use crate::crd::{Session, SessionState};

/// Annotation recording why the operator last changed `spec.state`.
pub const STATE_REASON: &str = "stream.space/state-reason";

fn state_name(state: SessionState) -> &'static str {
    match state {
        SessionState::Running => "running",
        SessionState::Hibernated => "hibernated",
        SessionState::Terminated => "terminated",
    }
}

/// Sets `spec.state` with the reason in an annotation and an Event.
/// `source` names the policy (`idle`, `autostart`).
pub async fn set_state(
    op: &Operator,
    session: &Session,
    state: SessionState,
    source: &str,
    reason: &str,
) -> Result<(), kube::Error> {
    let api: Api<Session> =
        Api::namespaced(op.client.clone(), &session.namespace().unwrap_or_default());
    let why = if reason.is_empty() {
        source.to_owned()
    } else {
        format!("{source}: {reason}")
    };
    let patch = json!({
        "metadata": {
            "resourceVersion": session.resource_version(),
            "annotations": { STATE_REASON: why },
        },
        "spec": { "state": state_name(state) },
    });
    api.patch(
        &session.name_any(),
        &PatchParams::apply(FIELD_MANAGER),
        &Patch::Merge(patch),
    )
    .await?;
    let event_reason = match state {
        SessionState::Running => "Wake",
        SessionState::Hibernated => "Hibernate",
        SessionState::Terminated => "Terminate",
    };
    tracing::info!(session = %session.name_any(), namespace = session.namespace().as_deref().unwrap_or(""), state = state_name(state), "{why}");
    op.event(
        &session.object_ref(&()),
        false,
        event_reason,
        "SetState",
        format!("state set to {} by {why}", state_name(state)),
    )
    .await;
    Ok(())
}
