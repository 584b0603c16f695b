//! The quantity fields of the built-in kinds the fake serves, rewritten to
//! their canonical form on every write, as a real API server does by
//! decoding built-in objects into Go types. Custom resources keep their
//! values as written (a real server does not decode them).

use serde_json::Value;

use super::catalog::ResourceDef;
use super::errors::ApiError;
use super::quantity::{QuantityError, canonical};

/// A quantity field that holds no quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidQuantity {
    /// Where, e.g. `spec.template.spec.containers[0].resources.limits[cpu]`.
    pub field: String,
    /// The value as written.
    pub value: String,
    /// Why it is refused.
    pub error: QuantityError,
}

impl InvalidQuantity {
    /// The answer to a create or update carrying it: the decoder refuses
    /// the body (400).
    pub fn undecodable(&self, def: &ResourceDef) -> ApiError {
        ApiError::undecodable(def, &self.error.to_string())
    }

    /// The answer to a patch or apply producing it: 422 naming the field.
    pub fn invalid(&self, def: &ResourceDef, name: &str) -> ApiError {
        let detail = format!("Invalid value: \"{}\": {}", self.value, self.error);
        ApiError::invalid(
            def.group,
            def.kind,
            name,
            &self.field,
            "FieldValueInvalid",
            &detail,
        )
    }
}

/// Rewrites every quantity of `object` (of type `def`) in canonical form.
pub fn normalize(def: &ResourceDef, object: &mut Value) -> Result<(), InvalidQuantity> {
    match (def.group, def.plural) {
        ("apps", "deployments") => at(object, &["spec", "template", "spec"])
            .map_or(Ok(()), |pod| pod_spec(pod, "spec.template.spec")),
        ("", "persistentvolumeclaims") => {
            for (path, name) in [
                (
                    &["spec", "resources", "requests"][..],
                    "spec.resources.requests",
                ),
                (&["spec", "resources", "limits"], "spec.resources.limits"),
                (&["status", "capacity"], "status.capacity"),
                (
                    &["status", "allocatedResources"],
                    "status.allocatedResources",
                ),
            ] {
                if let Some(list) = at(object, path) {
                    resource_list(list, name)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The value at `path` (object fields), when there is one.
fn at<'a>(value: &'a mut Value, path: &[&str]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, field| v.get_mut(*field))
}

/// A `PodSpec`: container resources, pod-level resources, overhead and
/// `emptyDir.sizeLimit`.
fn pod_spec(pod: &mut Value, path: &str) -> Result<(), InvalidQuantity> {
    for list in ["containers", "initContainers", "ephemeralContainers"] {
        let Some(Value::Array(containers)) = pod.get_mut(list) else {
            continue;
        };
        for (i, container) in containers.iter_mut().enumerate() {
            if let Some(resources) = container.get_mut("resources") {
                requirements(resources, &format!("{path}.{list}[{i}].resources"))?;
            }
        }
    }
    if let Some(resources) = pod.get_mut("resources") {
        requirements(resources, &format!("{path}.resources"))?;
    }
    if let Some(overhead) = pod.get_mut("overhead") {
        resource_list(overhead, &format!("{path}.overhead"))?;
    }
    if let Some(Value::Array(volumes)) = pod.get_mut("volumes") {
        for (i, volume) in volumes.iter_mut().enumerate() {
            if let Some(size) = at(volume, &["emptyDir", "sizeLimit"]) {
                quantity(size, &format!("{path}.volumes[{i}].emptyDir.sizeLimit"))?;
            }
        }
    }
    Ok(())
}

/// `ResourceRequirements`: `limits` and `requests`.
fn requirements(resources: &mut Value, path: &str) -> Result<(), InvalidQuantity> {
    for field in ["limits", "requests"] {
        if let Some(list) = resources.get_mut(field) {
            resource_list(list, &format!("{path}.{field}"))?;
        }
    }
    Ok(())
}

/// A `ResourceList`: resource name to quantity.
fn resource_list(list: &mut Value, path: &str) -> Result<(), InvalidQuantity> {
    let Some(map) = list.as_object_mut() else {
        return Ok(());
    };
    map.iter_mut()
        .try_for_each(|(name, value)| quantity(value, &format!("{path}[{name}]")))
}

/// One quantity: a string, or a JSON number (Go reads its text).
fn quantity(value: &mut Value, path: &str) -> Result<(), InvalidQuantity> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return Ok(()),
    };
    let canonical = canonical(&text).map_err(|error| InvalidQuantity {
        field: path.to_owned(),
        value: text,
        error,
    })?;
    *value = Value::String(canonical);
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::fake_apiserver::catalog::find;

    #[test]
    fn deployment_quantities_are_canonical() {
        let def = find("apps", "v1", "deployments").unwrap();
        let mut deployment = json!({ "spec": { "template": { "spec": {
            "containers": [{ "name": "a", "resources": {
                "limits": { "cpu": "1000m", "memory": "1024Mi" },
                "requests": { "cpu": 0.5 } } }],
            "initContainers": [{ "name": "i", "resources": { "limits": { "cpu": 1 } } }],
            "overhead": { "cpu": "2000m" },
            "volumes": [{ "name": "v", "emptyDir": { "sizeLimit": "100000" } }],
        } } } });
        normalize(def, &mut deployment).unwrap();
        let pod = &deployment["spec"]["template"]["spec"];
        assert_eq!(
            pod["containers"][0]["resources"],
            json!({ "limits": { "cpu": "1", "memory": "1Gi" }, "requests": { "cpu": "500m" } })
        );
        assert_eq!(pod["initContainers"][0]["resources"]["limits"]["cpu"], "1");
        assert_eq!(pod["overhead"]["cpu"], "2");
        assert_eq!(pod["volumes"][0]["emptyDir"]["sizeLimit"], "100k");
    }

    #[test]
    fn an_invalid_quantity_is_named_by_its_field() {
        let def = find("", "v1", "persistentvolumeclaims").unwrap();
        let mut pvc = json!({ "spec": { "resources": { "requests": { "storage": "abc" } } } });
        let err = normalize(def, &mut pvc).unwrap_err();
        assert_eq!(err.field, "spec.resources.requests[storage]");
        assert_eq!(err.value, "abc");
        assert_eq!(err.error, QuantityError::FormatWrong);
    }

    #[test]
    fn other_kinds_are_left_alone() {
        let def = find("", "v1", "configmaps").unwrap();
        let mut cm = json!({ "data": { "cpu": "1000m" } });
        normalize(def, &mut cm).unwrap();
        assert_eq!(cm["data"]["cpu"], "1000m");
    }
}
