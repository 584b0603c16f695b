//! The kinds of object a Session may own: one row each. Everything that
//! depends on the set of kinds (the decision's allow-list, `ctx.children`,
//! the watch caches, apply and prune, readiness, the editor's reference)
//! reads this table, so adding a kind is one row here and its RBAC in
//! `deploy/rbac.yaml`.

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Service};
use k8s_openapi::api::networking::v1::Ingress;
use kube::core::{ApiResource, GroupVersionKind};
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
}

/// Reads `object` as `K`, for [`ChildKind::check`].
fn reads_as<K: DeserializeOwned>(object: &Value) -> Result<(), String> {
    serde_path_to_error::deserialize::<_, K>(object)
        .map(drop)
        .map_err(|e| format!("{}: {}", e.path(), e.inner()))
}

/// Every kind a Session may own.
pub const CHILD_KINDS: [ChildKind; 4] = [
    ChildKind {
        kind: "Deployment",
        group: "apps",
        version: "v1",
        plural: "deployments",
        names: NameRule::DnsSubdomain,
        pruned: true,
        may_outlive_session: false,
        check: reads_as::<Deployment>,
        schema: structural_schema::<Deployment>,
    },
    ChildKind {
        kind: "Service",
        group: "",
        version: "v1",
        plural: "services",
        names: NameRule::DnsLabel,
        pruned: true,
        may_outlive_session: false,
        check: reads_as::<Service>,
        schema: structural_schema::<Service>,
    },
    ChildKind {
        kind: "PersistentVolumeClaim",
        group: "",
        version: "v1",
        plural: "persistentvolumeclaims",
        names: NameRule::DnsSubdomain,
        pruned: true,
        may_outlive_session: true,
        check: reads_as::<PersistentVolumeClaim>,
        schema: structural_schema::<PersistentVolumeClaim>,
    },
    ChildKind {
        kind: "Ingress",
        group: "networking.k8s.io",
        version: "v1",
        plural: "ingresses",
        names: NameRule::DnsSubdomain,
        pruned: true,
        may_outlive_session: false,
        check: reads_as::<Ingress>,
        schema: structural_schema::<Ingress>,
    },
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

    /// `apiVersion`, e.g. `apps/v1` or `v1`.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_owned()
        } else {
            format!("{}/{}", self.group, self.version)
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
    use kube::Resource;

    /// The table's strings are those of the Kubernetes types they name.
    fn same_as<K: Resource<DynamicType = ()>>(row: &ChildKind) {
        assert_eq!(row.kind, K::kind(&()));
        assert_eq!(row.group, K::group(&()));
        assert_eq!(row.version, K::version(&()));
        assert_eq!(row.plural, K::plural(&()));
        assert_eq!(row.api_version(), K::api_version(&()));
    }

    #[test]
    fn every_row_names_its_kubernetes_type() {
        same_as::<Deployment>(&CHILD_KINDS[0]);
        same_as::<Service>(&CHILD_KINDS[1]);
        same_as::<PersistentVolumeClaim>(&CHILD_KINDS[2]);
        same_as::<Ingress>(&CHILD_KINDS[3]);
        assert!(ChildKind::named("Secret").is_none());
        assert_eq!(
            ChildKind::names(),
            "Deployment, Service, PersistentVolumeClaim, Ingress"
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
