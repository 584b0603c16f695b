//! The `Session` custom resource: one user's running (or sleeping) app.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Condition;
use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::resources::ResourceSpec;
use super::schema::{DescribeItems, drop_description, unwrap_docs};
use super::{
    DNS_LABEL_PATTERN, DNS_SUBDOMAIN_PATTERN, DURATION_MIN_LENGTH, DURATION_PATTERN, default_true,
};

/// Desired state of a StreamSpace session: which user runs which Template,
/// whether it should be running, and its limits.
// Clippy mistakes the repeated `type_ = ...` of the printcolumn(...) lists
// for duplicated attributes.
#[allow(clippy::duplicated_attributes)]
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, PartialEq, JsonSchema)]
#[kube(
    group = "stream.space",
    version = "v1alpha1",
    kind = "Session",
    plural = "sessions",
    shortname = "ss",
    namespaced,
    status = "SessionStatus",
    derive = "PartialEq",
    doc = "A StreamSpace session: a containerised desktop or app streamed to one user, \
           built from a Template of the same namespace.",
    printcolumn(name = "User", type_ = "string", json_path = ".spec.user"),
    printcolumn(name = "Template", type_ = "string", json_path = ".spec.template"),
    printcolumn(name = "State", type_ = "string", json_path = ".spec.state"),
    printcolumn(name = "Phase", type_ = "string", json_path = ".status.phase"),
    printcolumn(name = "URL", type_ = "string", json_path = ".status.url"),
    printcolumn(
        name = "Age",
        type_ = "date",
        json_path = ".metadata.creationTimestamp"
    )
)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = unwrap_docs)]
pub struct SessionSpec {
    /// Name of the user who owns the session. A DNS label (lower case
    /// letters, digits and `-`, at most 63 characters), e.g. `alice`.
    #[schemars(pattern(DNS_LABEL_PATTERN), length(min = 1, max = 63))]
    pub user: String,
    /// Name of the Template (in the session's namespace) to run: any
    /// Template name (a DNS subdomain, at most 253 characters), e.g.
    /// `firefox` or `changedetection.io`.
    #[schemars(pattern(DNS_SUBDOMAIN_PATTERN), length(min = 1, max = 253))]
    pub template: String,
    /// Desired state: `running`, `hibernated` (scaled to zero, home kept) or
    /// `terminated` (workload deleted). Default `running`.
    #[serde(default)]
    pub state: SessionState,
    /// Compute resources, either flat `{memory: 2Gi, cpu: 1000m}` or
    /// `{requests: {...}, limits: {...}}`. When absent, the Template's
    /// `defaultResources` apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<ResourceSpec>,
    /// Whether the user's persistent home volume is mounted at `/config`.
    /// Default `true`.
    #[serde(default = "default_true")]
    pub persistent_home: bool,
    /// How long the session may be idle (no activity) before it is
    /// hibernated. A duration of whole numbers with units `h`, `m`, `s`, e.g.
    /// `30m`, `1h30m`. Default `30m`.
    #[serde(default = "default_idle_timeout")]
    #[schemars(pattern(DURATION_PATTERN), length(min = DURATION_MIN_LENGTH))]
    pub idle_timeout: String,
    /// How long the session may exist before it is ended, however active. A
    /// duration of whole numbers with units `h`, `m`, `s`, e.g. `8h`,
    /// `12h30m`. Default `8h`.
    #[serde(default = "default_max_session_duration")]
    #[schemars(pattern(DURATION_PATTERN), length(min = DURATION_MIN_LENGTH))]
    pub max_session_duration: String,
    /// Free-form tags; each becomes the pod label `tag.stream.space/<tag>: "true"`.
    /// Default empty, e.g. `[dev, team-a]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(transform = DescribeItems::new("A tag, e.g. `dev`."))]
    pub tags: Vec<String>,
}

impl SessionSpec {
    /// A spec for `user` running `template`, with every other field at its
    /// default (the same values deserializing would fill in).
    pub fn new(user: impl Into<String>, template: impl Into<String>) -> Self {
        Self {
            user: user.into(),
            template: template.into(),
            state: SessionState::default(),
            resources: None,
            persistent_home: true,
            idle_timeout: default_idle_timeout(),
            max_session_duration: default_max_session_duration(),
            tags: Vec::new(),
        }
    }
}

fn default_idle_timeout() -> String {
    "30m".to_owned()
}

fn default_max_session_duration() -> String {
    "8h".to_owned()
}

/// Desired state of a session.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(transform = drop_description)]
pub enum SessionState {
    /// The workload runs and is reachable.
    #[default]
    Running,
    /// The workload is scaled to zero; the home volume is kept.
    Hibernated,
    /// The workload is deleted; the home volume is kept.
    Terminated,
}

impl SessionState {
    /// The state as `spec.state` spells it: `running`, `hibernated`,
    /// `terminated`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Hibernated => "hibernated",
            Self::Terminated => "terminated",
        }
    }
}

/// Observed state of a session, written by the operator.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = unwrap_docs)]
pub struct SessionStatus {
    /// Lifecycle phase: `Pending` (starting), `Running` (ready),
    /// `Hibernated`, `Failed` or `Terminated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<SessionPhase>,
    /// URL at which the user reaches the session, e.g.
    /// `https://alice-firefox-1a2b3c4d.streamspace.local`. Absent while hibernated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Name of the pod running the session, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_name: Option<String>,
    /// Time of the last user activity (RFC 3339, e.g. `2026-01-01T12:00:00Z`);
    /// the idle timeout counts from here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date-time"))]
    pub last_activity: Option<String>,
    /// Resources the session was last seen using (kept for StreamSpace
    /// compatibility).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_usage: Option<ResourceUsage>,
    /// Standard conditions, e.g. `Ready` and `TemplateResolved`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// The `metadata.generation` of the spec that was last reconciled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// Version (content hash) of the policy scripts that last reconciled
    /// the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script_version: Option<String>,
}

/// Lifecycle phase of a session.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
#[schemars(transform = drop_description)]
pub enum SessionPhase {
    /// Created but not ready yet.
    Pending,
    /// The workload is ready.
    Running,
    /// Scaled to zero.
    Hibernated,
    /// Could not be brought to its desired state.
    Failed,
    /// The workload was removed.
    Terminated,
}

impl SessionPhase {
    /// The phase as `status.phase` spells it, e.g. `Running`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Running => "Running",
            Self::Hibernated => "Hibernated",
            Self::Failed => "Failed",
            Self::Terminated => "Terminated",
        }
    }
}

/// Resource usage as StreamSpace reported it.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = unwrap_docs)]
pub struct ResourceUsage {
    /// Memory in use, e.g. `1.2Gi`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    /// CPU in use, e.g. `250m`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn omitted_fields_get_defaults() {
        let spec: SessionSpec =
            serde_json::from_str(r#"{"user":"alice","template":"firefox"}"#).unwrap();
        assert_eq!(spec, SessionSpec::new("alice", "firefox"));
        assert_eq!(spec.state, SessionState::Running);
        assert!(spec.persistent_home);
        assert_eq!(spec.idle_timeout, "30m");
        assert_eq!(spec.max_session_duration, "8h");
    }

    #[test]
    fn serializes_camel_case_and_skips_empty() {
        let value = serde_json::to_value(SessionSpec::new("alice", "firefox")).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "user": "alice", "template": "firefox", "state": "running",
                "persistentHome": true, "idleTimeout": "30m", "maxSessionDuration": "8h",
            })
        );
        assert_eq!(
            serde_json::to_value(SessionStatus::default()).unwrap(),
            serde_json::json!({})
        );
    }

    #[test]
    fn as_str_spells_states_and_phases_as_the_api_does() {
        for state in [
            SessionState::Running,
            SessionState::Hibernated,
            SessionState::Terminated,
        ] {
            assert_eq!(serde_json::to_value(state).unwrap(), state.as_str());
        }
        for phase in [
            SessionPhase::Pending,
            SessionPhase::Running,
            SessionPhase::Hibernated,
            SessionPhase::Failed,
            SessionPhase::Terminated,
        ] {
            assert_eq!(serde_json::to_value(phase).unwrap(), phase.as_str());
        }
    }

    #[test]
    fn unknown_state_is_rejected() {
        let err =
            serde_json::from_str::<SessionSpec>(r#"{"user":"a","template":"b","state":"paused"}"#);
        assert!(err.is_err());
    }
}
