//! Policy decisions become a patch of `spec.state`: the reconcile then does
//! the rest. The patch carries the resourceVersion it was decided on, so a
//! concurrent change (a user waking the session) is never overwritten.

use kube::api::{Patch, PatchParams};
use kube::runtime::events::EventType;
use kube::{Api, Resource, ResourceExt};
use serde_json::json;

use super::kube::Kube;
use crate::crd::{Session, SessionState};
use crate::keys::{FIELD_MANAGER, STATE_REASON};

/// Sets `spec.state` with the reason in an annotation and an Event.
/// `source` names the policy (`idle`, `autostart`). A 409 means the Session
/// changed since it was read: decide again on the new version.
pub async fn set_state(
    kube: &Kube,
    session: &Session,
    state: SessionState,
    source: &str,
    reason: &str,
) -> Result<(), kube::Error> {
    let namespace = session.namespace().unwrap_or_default();
    let api: Api<Session> = Api::namespaced(kube.client().clone(), &namespace);
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
        "spec": { "state": state.as_str() },
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
    tracing::info!(namespace, name = %session.name_any(), state = state.as_str(), "{why}");
    kube.event(
        &session.object_ref(&()),
        EventType::Normal,
        event_reason,
        "SetState",
        format!("state set to {} by {why}", state.as_str()),
    )
    .await;
    Ok(())
}
