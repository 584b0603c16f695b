//! Which parts of the granted rules the operator's recorded requests used,
//! and those requests as a table.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::rbac::v1::PolicyRule;

use super::request::{ApiRequest, group_label};
use super::rules::{Grant, OperatorRbac};

/// Every part of a rule granted to the operator (one verb on one resource
/// of one group, for one of its `resourceNames`, or one non-resource URL)
/// that no request of `served` used, each as `ROLE: what`.
pub fn unused_grants(rbac: &OperatorRbac, served: &BTreeSet<ApiRequest>) -> Vec<String> {
    rbac.grants
        .iter()
        .flat_map(parts)
        .filter(|part| !served.iter().any(|request| part.allows(request)))
        .map(|part| format!("{}: {}", part.role, describe(&part.rule)))
        .collect()
}

/// `grant` split into one grant per verb, group, resource and name (or
/// non-resource URL).
fn parts(grant: &Grant) -> Vec<Grant> {
    let one = |item: &String| Some(vec![item.clone()]);
    let names: Vec<Option<Vec<String>>> = match grant.rule.resource_names.as_deref() {
        None | Some([]) => vec![None],
        Some(names) => names.iter().map(one).collect(),
    };
    let mut rules = Vec::new();
    for verb in &grant.rule.verbs {
        for url in grant.rule.non_resource_urls.iter().flatten() {
            rules.push(PolicyRule {
                verbs: vec![verb.clone()],
                non_resource_urls: one(url),
                ..PolicyRule::default()
            });
        }
        for group in grant.rule.api_groups.iter().flatten() {
            for resource in grant.rule.resources.iter().flatten() {
                for name in &names {
                    rules.push(PolicyRule {
                        verbs: vec![verb.clone()],
                        api_groups: one(group),
                        resources: one(resource),
                        resource_names: name.clone(),
                        ..PolicyRule::default()
                    });
                }
            }
        }
    }
    rules
        .into_iter()
        .map(|rule| Grant {
            rule,
            ..grant.clone()
        })
        .collect()
}

/// A one-verb rule as `verb resource (group) of NAME`.
fn describe(rule: &PolicyRule) -> String {
    let first = |list: &Option<Vec<String>>| list.iter().flatten().next().cloned();
    let verb = rule.verbs.join(", ");
    match first(&rule.non_resource_urls) {
        Some(url) => format!("{verb} {url}"),
        None => {
            let group = first(&rule.api_groups).unwrap_or_default();
            let group = group_label(&group);
            let resource = first(&rule.resources).unwrap_or_default();
            let name = first(&rule.resource_names)
                .map(|n| format!(" of {n}"))
                .unwrap_or_default();
            format!("{verb} {resource} ({group}){name}")
        }
    }
}

/// The requests of `served` as a table of verb, resource, group, where and
/// which objects (how many, or the one).
pub fn table(served: &BTreeSet<ApiRequest>) -> String {
    let mut rows: BTreeMap<[String; 4], BTreeSet<String>> = BTreeMap::new();
    for request in served {
        let (key, name) = match request {
            ApiRequest::NonResource { verb, path } => (
                [verb.clone(), path.clone(), String::new(), String::new()],
                String::new(),
            ),
            ApiRequest::Resource(r) => {
                let place = if r.namespace.is_empty() {
                    "cluster-wide".to_owned()
                } else {
                    format!("namespace {}", r.namespace)
                };
                (
                    [
                        r.verb.clone(),
                        r.resource_path(),
                        group_label(&r.group).to_owned(),
                        place,
                    ],
                    r.name.clone(),
                )
            }
        };
        let names = rows.entry(key).or_default();
        if !name.is_empty() {
            names.insert(name);
        }
    }
    let mut out = format!(
        "{:<17} {:<24} {:<22} {:<24} objects\n",
        "verb", "resource", "group", "where"
    );
    for ([verb, resource, group, place], names) in &rows {
        let objects = match names.len() {
            0 => "-".to_owned(),
            1 => names.iter().next().cloned().unwrap_or_default(),
            n => format!("{n} named"),
        };
        out.push_str(&format!(
            "{verb:<17} {resource:<24} {group:<22} {place:<24} {objects}\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(verb: &str, resource: &str, namespace: &str, name: &str) -> ApiRequest {
        ApiRequest::resource(verb, "", resource, "", namespace, name)
    }

    fn rbac() -> OperatorRbac {
        let subjects = json!([{ "kind": "ServiceAccount", "name": "op", "namespace": "home" }]);
        let docs = [
            json!({ "kind": "ServiceAccount", "metadata": { "name": "op" } }),
            json!({ "kind": "Role", "metadata": { "name": "r" }, "rules": [
                { "apiGroups": [""], "resources": ["configmaps"], "resourceNames": ["a", "b"], "verbs": ["get", "watch"] },
                { "apiGroups": [""], "resources": ["services", "secrets"], "verbs": ["list"] },
            ]}),
            json!({ "kind": "RoleBinding", "metadata": { "name": "r" }, "subjects": subjects,
                    "roleRef": { "apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "r" } }),
        ];
        OperatorRbac::from_manifests(&docs, "home").unwrap()
    }

    #[test]
    fn every_verb_resource_and_name_granted_must_be_used() {
        let served = BTreeSet::from([
            request("get", "configmaps", "home", "a"),
            request("watch", "configmaps", "home", "b"),
            request("list", "services", "home", ""),
            // Outside the Role's namespace: not a use of it.
            request("list", "secrets", "other", ""),
        ]);
        assert_eq!(
            unused_grants(&rbac(), &served),
            [
                "Role r (bound in home): get configmaps (core) of b",
                "Role r (bound in home): watch configmaps (core) of a",
                "Role r (bound in home): list secrets (core)",
            ]
        );
    }

    #[test]
    fn the_table_has_one_row_per_verb_resource_and_place() {
        let served = BTreeSet::from([
            request("get", "configmaps", "home", "a"),
            request("patch", "services", "home", "x"),
            request("patch", "services", "home", "y"),
            request("list", "services", "", ""),
            ApiRequest::NonResource {
                verb: "get".into(),
                path: "/api".into(),
            },
        ]);
        let table = table(&served);
        let rows: Vec<Vec<&str>> = table
            .lines()
            .map(|l| l.split_whitespace().collect())
            .collect();
        assert_eq!(
            rows,
            [
                vec!["verb", "resource", "group", "where", "objects"],
                vec!["get", "/api", "-"],
                vec!["get", "configmaps", "core", "namespace", "home", "a"],
                vec!["list", "services", "core", "cluster-wide", "-"],
                vec![
                    "patch",
                    "services",
                    "core",
                    "namespace",
                    "home",
                    "2",
                    "named"
                ],
            ]
        );
    }
}
