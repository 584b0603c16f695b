//! Compute resources in both shapes StreamSpace writes.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ResourceRequirements;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::schema::unwrap_docs;

/// Compute resources of a session's container. Two shapes are accepted: the
/// flat `{memory: 2Gi, cpu: 1000m}` that StreamSpace's API writes (used as both
/// request and limit), and the Kubernetes `{requests: {...}, limits: {...}}`
/// maps. When both are given, an entry of `requests`/`limits` wins over the
/// flat value for the same resource.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = unwrap_docs)]
pub struct ResourceSpec {
    /// Memory for the container, used as both request and limit (flat
    /// shape). A Kubernetes quantity, e.g. `2Gi` or `512Mi`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Quantity>,
    /// CPU for the container, used as both request and limit (flat shape). A
    /// Kubernetes quantity, e.g. `1000m` or `2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<Quantity>,
    /// Minimum resources the container is scheduled with, by resource name
    /// (Kubernetes shape), e.g. `{memory: 1Gi, cpu: 500m}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(schema_with = "quantity_map")]
    pub requests: BTreeMap<String, Quantity>,
    /// Maximum resources the container may use, by resource name
    /// (Kubernetes shape), e.g. `{memory: 2Gi, cpu: "1"}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(schema_with = "quantity_map")]
    pub limits: BTreeMap<String, Quantity>,
}

impl ResourceSpec {
    /// The Kubernetes form: flat `memory`/`cpu` become both a request and a
    /// limit, then explicit `requests`/`limits` entries override them.
    pub fn to_requirements(&self) -> ResourceRequirements {
        let flat: BTreeMap<String, Quantity> = [("memory", &self.memory), ("cpu", &self.cpu)]
            .into_iter()
            .filter_map(|(name, q)| q.clone().map(|q| (name.to_owned(), q)))
            .collect();
        let merge = |explicit: &BTreeMap<String, Quantity>| {
            let mut all = flat.clone();
            all.extend(explicit.clone());
            (!all.is_empty()).then_some(all)
        };
        ResourceRequirements {
            requests: merge(&self.requests),
            limits: merge(&self.limits),
            ..Default::default()
        }
    }
}

/// Schema of a map from resource name to quantity. Written by hand so that
/// the value does not repeat `Quantity`'s page-long description.
fn quantity_map(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "object",
        "additionalProperties": {
            "description": "A Kubernetes quantity, e.g. 2Gi or 500m.",
            "x-kubernetes-int-or-string": true,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        Quantity(s.to_owned())
    }

    #[test]
    fn flat_shape_sets_requests_and_limits() {
        let r: ResourceSpec = serde_json::from_str(r#"{"memory":"2Gi","cpu":"1000m"}"#).unwrap();
        let req = r.to_requirements();
        let want = BTreeMap::from([("cpu".into(), q("1000m")), ("memory".into(), q("2Gi"))]);
        assert_eq!(req.requests.as_ref(), Some(&want));
        assert_eq!(req.limits.as_ref(), Some(&want));
    }

    #[test]
    fn explicit_maps_win_over_flat() {
        let r: ResourceSpec = serde_json::from_str(
            r#"{"memory":"2Gi","requests":{"memory":"1Gi"},"limits":{"cpu":2}}"#,
        )
        .unwrap();
        let req = r.to_requirements();
        assert_eq!(req.requests.unwrap()["memory"], q("1Gi"));
        let limits = req.limits.unwrap();
        assert_eq!(limits["memory"], q("2Gi"));
        assert_eq!(limits["cpu"], q("2"));
    }

    #[test]
    fn empty_spec_has_no_requirements() {
        let r = ResourceSpec::default();
        assert_eq!(r.to_requirements(), ResourceRequirements::default());
        assert_eq!(serde_json::to_string(&r).unwrap(), "{}");
    }
}
