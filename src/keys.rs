//! Every label, annotation, field-manager and ConfigMap name or key the
//! operator writes, selects on or reads, in one place: these strings are an
//! interface with the cluster (selectors, `kubectl` users, other
//! controllers), so each has one spelling.

/// The field manager of every write the operator makes.
pub const FIELD_MANAGER: &str = "streamspace-operator";

/// The label every object the operator creates carries, and its value: the
/// child watches select on it.
pub const MANAGED_BY: (&str, &str) = ("app.kubernetes.io/managed-by", FIELD_MANAGER);

/// Label naming the Session that owns a child.
pub const SESSION_LABEL: &str = "stream.space/session";

/// Annotation holding a hash of what the operator last applied to a child,
/// so an unchanged child is not written again.
pub const APPLIED_HASH: &str = "stream.space/applied-hash";

/// A child with this annotation set to `"true"` gets no owner reference and
/// is never pruned: it outlives its Session (the per-user home PVC).
pub const OUTLIVES_SESSION: &str = "stream.space/outlives-session";

/// Annotation recording why the operator last changed a Session's
/// `spec.state` (`idle: idle`, `autostart: connect`).
pub const STATE_REASON: &str = "stream.space/state-reason";

/// Label of a saved script version (a ControllerRevision) naming the
/// scripts ConfigMap it belongs to.
pub const SCRIPTS_LABEL: &str = "stream.space/scripts";

/// Annotation of a saved script version: who saved it.
pub const AUTHOR_ANNOTATION: &str = "stream.space/author";

/// Annotation of a saved script version: when, RFC 3339.
pub const TIME_ANNOTATION: &str = "stream.space/saved-at";

/// Annotation of a saved script version: why.
pub const MESSAGE_ANNOTATION: &str = "stream.space/message";

/// Annotations of a saved script version saved again later (a rollback to
/// it): who, when and why, beside the original author, time and message.
pub const RESTORED_BY_ANNOTATION: &str = "stream.space/restored-by";
/// See [`RESTORED_BY_ANNOTATION`].
pub const RESTORED_AT_ANNOTATION: &str = "stream.space/restored-at";
/// See [`RESTORED_BY_ANNOTATION`].
pub const RESTORED_MESSAGE_ANNOTATION: &str = "stream.space/restored-message";

/// Annotation of a saved script version: its version (content hash).
pub const VERSION_ANNOTATION: &str = "stream.space/version";

/// Prefix of the scripts ConfigMap keys holding fixture files
/// (`tests.reconcile.yaml`); the operator loads only the `*.rhai` keys.
pub const FIXTURE_KEY_PREFIX: &str = "tests.";

/// The ConfigMap of per-user quotas the admission policy reads, by default.
pub const QUOTAS_CONFIGMAP: &str = "streamspace-quotas";

/// The key of the quotas ConfigMap holding the quotas as YAML.
pub const QUOTAS_KEY: &str = "quotas.yaml";

/// `MANAGED_BY` as a label selector.
pub fn managed_by_selector() -> String {
    format!("{}={}", MANAGED_BY.0, MANAGED_BY.1)
}

/// The ConfigMap key of the fixture file `file`: `tests.reconcile.yaml`
/// holds `scripts/tests/reconcile.yaml`.
pub fn fixture_key(file: &str) -> String {
    format!("{FIXTURE_KEY_PREFIX}{file}")
}
