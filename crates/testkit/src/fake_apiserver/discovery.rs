//! Discovery documents: `/api`, `/api/v1`, `/apis`, `/apis/{group}`,
//! `/apis/{group}/{version}` and `/version`. Custom resources appear only
//! while their CRD exists. Aggregated discovery (`apidiscovery.k8s.io/v2`) is
//! not served: these are the classic (unaggregated) documents.

use std::net::SocketAddr;

use serde_json::{Value, json};

use super::catalog::{RESOURCES, ResourceDef};

/// The group/versions served, in catalog order, core group first.
fn group_versions(served: &dyn Fn(&ResourceDef) -> bool) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for d in RESOURCES.iter().filter(|d| served(d)) {
        if !out.contains(&(d.group, d.version)) {
            out.push((d.group, d.version));
        }
    }
    out
}

/// `GET /api`.
pub fn core_versions(addr: SocketAddr) -> Value {
    json!({
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{ "clientCIDR": "0.0.0.0/0", "serverAddress": addr.to_string() }],
    })
}

fn group_doc(group: &str, versions: &[&str]) -> Value {
    let vs: Vec<Value> = versions
        .iter()
        .map(|v| json!({ "groupVersion": format!("{group}/{v}"), "version": v }))
        .collect();
    json!({ "name": group, "versions": vs, "preferredVersion": vs[0] })
}

/// `GET /apis`.
pub fn groups(served: &dyn Fn(&ResourceDef) -> bool) -> Value {
    let mut docs: Vec<Value> = Vec::new();
    for (group, version) in group_versions(served)
        .into_iter()
        .filter(|(g, _)| !g.is_empty())
    {
        docs.push(group_doc(group, &[version]));
    }
    json!({ "kind": "APIGroupList", "apiVersion": "v1", "groups": docs })
}

/// `GET /apis/{group}`, if the group is served.
pub fn group(served: &dyn Fn(&ResourceDef) -> bool, group: &str) -> Option<Value> {
    let versions: Vec<&str> = group_versions(served)
        .into_iter()
        .filter(|(g, _)| *g == group && !g.is_empty())
        .map(|(_, v)| v)
        .collect();
    if versions.is_empty() {
        return None;
    }
    let mut doc = group_doc(group, &versions);
    doc["kind"] = json!("APIGroup");
    doc["apiVersion"] = json!("v1");
    Some(doc)
}

/// `GET /api/v1` or `/apis/{group}/{version}`, if served.
pub fn resources(
    served: &dyn Fn(&ResourceDef) -> bool,
    group: &str,
    version: &str,
) -> Option<Value> {
    let defs: Vec<&ResourceDef> = RESOURCES
        .iter()
        .filter(|d| d.group == group && d.version == version && served(d))
        .collect();
    if defs.is_empty() {
        return None;
    }
    let mut list = Vec::new();
    for d in defs {
        let mut entry = json!({
            "name": d.plural, "singularName": d.singular, "namespaced": d.namespaced,
            "kind": d.kind, "verbs": d.verbs(),
        });
        if !d.short_names.is_empty() {
            entry["shortNames"] = json!(d.short_names);
        }
        list.push(entry);
        if d.status_subresource {
            list.push(json!({
                "name": format!("{}/status", d.plural), "singularName": "", "namespaced": d.namespaced,
                "kind": d.kind, "verbs": ["get", "patch", "update"],
            }));
        }
    }
    let group_version = if group.is_empty() {
        version.to_owned()
    } else {
        format!("{group}/{version}")
    };
    Some(
        json!({ "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": list }),
    )
}

/// `GET /version`.
pub fn version() -> Value {
    json!({
        "major": "1", "minor": "33", "gitVersion": "v1.33.0-streamspace-fake",
        "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
        "buildDate": "2025-01-01T00:00:00Z", "goVersion": "go1.24.0", "compiler": "gc",
        "platform": "linux/amd64",
    })
}
