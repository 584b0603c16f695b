//! StreamSpace custom resources (`stream.space/v1alpha1`): the `Session` and
//! `Template` types and the generation of their CustomResourceDefinitions.

mod children;
mod manifest;
mod resources;
mod schema;
mod session;
mod template;
mod validation;
mod value_text;

pub use children::{CHILD_KINDS, ChildKind, NameRule};
pub use manifest::{definitions, file_name, render_one, render_yaml, write_dir};
pub use resources::ResourceSpec;
pub use schema::structural_schema;
pub use session::{ResourceUsage, Session, SessionPhase, SessionSpec, SessionState, SessionStatus};
pub use template::{
    Capability, KasmVncSpec, Template, TemplateSpec, TemplateStatus, VncProtocol, VncSpec,
};
pub use validation::{
    Completeness, InvalidObject, Violation, pattern_mismatch, validate_object, violations,
    with_type_meta,
};
pub(crate) use value_text::{brief, join_path};

/// A DNS label: what `spec.user` of a Session must match.
pub const DNS_LABEL_PATTERN: &str = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

/// A DNS subdomain (RFC 1123): the names Kubernetes gives objects such as
/// Templates (`changedetection.io`), so what `spec.template` must match.
pub const DNS_SUBDOMAIN_PATTERN: &str =
    "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/// A duration of whole numbers with units `h`, `m`, `s` in that order, e.g.
/// `30m`, `1h30m`. Matches the empty string too; schemas add
/// [`DURATION_MIN_LENGTH`].
pub const DURATION_PATTERN: &str = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";

/// The shortest duration, e.g. `0s`.
pub const DURATION_MIN_LENGTH: u32 = 2;

/// A condition or Event reason as Kubernetes accepts it (the pattern of
/// `metav1.Condition.reason`): CamelCase, e.g. `DeploymentNotReady`.
pub const CONDITION_REASON_PATTERN: &str = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

/// Serde default of the boolean fields that default to `true`.
fn default_true() -> bool {
    true
}
