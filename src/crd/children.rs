//! The kinds of object a Session may own: one row each. Everything that
//! depends on the set of kinds (the decision's allow-list, `ctx.children`,
//! the watch caches, apply and prune, readiness, the editor's reference)
//! reads this table, so adding a kind is one row here and its RBAC in
//! `deploy/base/rbac.yaml`.

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Service};
use k8s_openapi::api::networking::v1::Ingress;
use kube::core::{ApiResource, GroupVersionKind};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::schema::structural_schema;

/// What names a kind's objects may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRule {
    /// A DNS-1035 label (Services: the name becomes a DNS label).
    DnsLabel,
    /// A DNS subdomain (most kinds).
    DnsSubdomain,
}

/// One kind of child object.
#[derive(Debug)]
pub struct ChildKind {
    /// `kind`, e.g. `Deployment`.
    pub kind: &'static str,
    /// API group, empty for the core group.
    pub group: &'static str,
    /// API version within the group.
    pub version: &'static str,
    /// `apiVersion`, e.g. `apps/v1` or `v1`.
    pub api_version: &'static str,
    /// The resource in URLs and RBAC rules, e.g. `deployments`.
    pub plural: &'static str,
    /// What its names must look like.
    pub names: NameRule,
    /// Whether an owned child of this kind that a decision no longer lists
    /// is deleted.
    pub pruned: bool,
    /// Whether a child of this kind may be marked to outlive its Session
    /// (no owner reference, never pruned), like the per-user home volume.
    pub may_outlive_session: bool,
    /// Checks that an object reads as this kind, naming the first field
    /// that does not: inputs written by hand (fixtures, dry-runs) are
    /// refused as the API server would refuse them.
    pub check: fn(&Value) -> Result<(), String>,
    /// The kind's structural schema, with a description of every field:
    /// what the editor's reference says of `ctx.children`.
    pub schema: fn() -> Value,
    /// The `status` fields scripts see. The rest of the status is the
    /// kind's controller reporting progress (a new Deployment's status is
    /// written about six times): left out, a change there cannot change a
    /// decision, so it does not reconcile the Session.
    pub observed_status: &'static [&'static str],
    /// Prefixes of the annotations the kind's own controller writes
    /// (`deployment.kubernetes.io/revision`): bookkeeping, left out for the
    /// same reason.
    pub controller_annotations: &'static [&'static str],
}

/// Reads `object` as `K`, for [`ChildKind::check`].
fn reads_as<K: DeserializeOwned>(object: &Value) -> Result<(), String> {
    serde_path_to_error::deserialize::<_, K>(object)
        .map(drop)
        .map_err(|e| format!("{}: {}", e.path(), e.inner()))
}

/// The row of the Kubernetes type `K`: its kind, group, version and
/// resource are the type's own, so the table cannot misspell them.
const fn row<K>(
    names: NameRule,
    pruned: bool,
    may_outlive_session: bool,
    observed_status: &'static [&'static str],
    controller_annotations: &'static [&'static str],
) -> ChildKind
where
    K: k8s_openapi::Resource + DeserializeOwned + JsonSchema,
{
    ChildKind {
        kind: K::KIND,
        group: K::GROUP,
        version: K::VERSION,
        api_version: K::API_VERSION,
        plural: K::URL_PATH_SEGMENT,
        names,
        pruned,
        may_outlive_session,
        check: reads_as::<K>,
        schema: structural_schema::<K>,
        observed_status,
        controller_annotations,
    }
}

/// Every kind a Session may own.
pub const CHILD_KINDS: [ChildKind; 4] = [
    row::<Deployment>(
        NameRule::DnsSubdomain,
        true,
        false,
        &["readyReplicas", "availableReplicas"],
        &["deployment.kubernetes.io/"],
    ),
    row::<Service>(NameRule::DnsLabel, true, false, &["loadBalancer"], &[]),
    row::<PersistentVolumeClaim>(
        NameRule::DnsSubdomain,
        true,
        true,
        &["phase"],
        &[
            "pv.kubernetes.io/",
            "volume.kubernetes.io/",
            "volume.beta.kubernetes.io/",
        ],
    ),
    row::<Ingress>(NameRule::DnsSubdomain, true, false, &["loadBalancer"], &[]),
];

impl ChildKind {
    /// The row of `kind`, if a Session may own it.
    pub fn named(kind: &str) -> Option<&'static ChildKind> {
        CHILD_KINDS.iter().find(|k| k.kind == kind)
    }

    /// Every kind's name, for messages: `Deployment, Service, ...`.
    pub fn names() -> String {
        CHILD_KINDS.map(|k| k.kind).join(", ")
    }

    /// The names of the kinds that may outlive their Session, for
    /// messages: `PersistentVolumeClaim`.
    pub fn may_outlive_names() -> String {
        let kinds: Vec<&str> = CHILD_KINDS
            .iter()
            .filter(|k| k.may_outlive_session)
            .map(|k| k.kind)
            .collect();
        kinds.join(", ")
    }

    /// Whether scripts see the annotation `key` (the kind's controller's
    /// own are left out).
    pub fn shows_annotation(&self, key: &str) -> bool {
        !self
            .controller_annotations
            .iter()
            .any(|prefix| key.starts_with(prefix))
    }

    /// Keeps of `status` only the fields scripts see.
    pub fn keep_observed_status(&self, status: &mut Value) {
        if let Value::Object(fields) = status {
            fields.retain(|key, _| self.observed_status.contains(&key.as_str()));
        }
    }

    /// `object` as scripts see it: without the fields no decision may
    /// depend on (the server's bookkeeping, the controller's progress
    /// reports), so a change of only those is no new observation.
    pub fn observed_view(&self, object: &mut Value) {
        if let Some(status) = object.get_mut("status") {
            self.keep_observed_status(status);
        }
        let Some(Value::Object(metadata)) = object.get_mut("metadata") else {
            return;
        };
        metadata.remove("resourceVersion");
        metadata.remove("managedFields");
        if let Some(Value::Object(annotations)) = metadata.get_mut("annotations") {
            annotations.retain(|key, _| self.shows_annotation(key));
        }
    }

    /// The kind as kube's dynamic API addresses it.
    pub fn api_resource(&self) -> ApiResource {
        ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk(self.group, self.version, self.kind),
            self.plural,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_names_its_kubernetes_type() {
        let rows: Vec<(&str, &str, &str)> = CHILD_KINDS
            .iter()
            .map(|k| (k.kind, k.api_version, k.plural))
            .collect();
        assert_eq!(
            rows,
            [
                ("Deployment", "apps/v1", "deployments"),
                ("Service", "v1", "services"),
                ("PersistentVolumeClaim", "v1", "persistentvolumeclaims"),
                ("Ingress", "networking.k8s.io/v1", "ingresses"),
            ]
        );
        let ingresses = ChildKind::named("Ingress").unwrap().api_resource();
        assert_eq!(
            (ingresses.group.as_str(), ingresses.api_version.as_str()),
            ("networking.k8s.io", "networking.k8s.io/v1")
        );
        assert!(ChildKind::named("Secret").is_none());
        assert_eq!(
            ChildKind::names(),
            "Deployment, Service, PersistentVolumeClaim, Ingress"
        );
    }

    #[test]
    fn scripts_see_no_bookkeeping_and_only_the_status_they_read() {
        let deployment = ChildKind::named("Deployment").unwrap();
        let mut object = serde_json::json!({
            "metadata": {
                "name": "d", "resourceVersion": "7", "managedFields": [],
                "annotations": { "deployment.kubernetes.io/revision": "2", "team": "a" },
            },
            "spec": { "replicas": 1 },
            "status": {
                "observedGeneration": 2, "replicas": 1, "updatedReplicas": 1,
                "readyReplicas": 1, "availableReplicas": 1, "conditions": [],
            },
        });
        deployment.observed_view(&mut object);
        assert_eq!(
            object,
            serde_json::json!({
                "metadata": { "name": "d", "annotations": { "team": "a" } },
                "spec": { "replicas": 1 },
                "status": { "readyReplicas": 1, "availableReplicas": 1 },
            })
        );
    }

    #[test]
    fn an_object_of_the_wrong_shape_is_refused_with_its_field() {
        let deployment = ChildKind::named("Deployment").unwrap();
        assert_eq!(
            (deployment.check)(&serde_json::json!({ "spec": { "replicas": "two" } })),
            Err("spec.replicas: invalid type: string \"two\", expected i32".to_owned())
        );
        assert_eq!(
            (deployment.check)(&serde_json::json!({ "spec": { "replicas": 2 } })),
            Ok(())
        );
    }
}
