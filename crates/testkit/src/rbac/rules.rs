//! The RBAC rules bound to the operator's ServiceAccount, and whether they
//! grant a request, as Kubernetes' RBAC authorizer decides it
//! (`plugin/pkg/auth/authorizer/rbac` and its bootstrap policy).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::request::{ApiRequest, ResourceRequest};

/// The operator's ServiceAccount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAccount {
    /// Its namespace: the operator's.
    pub namespace: String,
    /// Its name.
    pub name: String,
}

impl fmt::Display for ServiceAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)
    }
}

/// One rule bound to the operator, and where it applies.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    /// The role it comes from, e.g. `ClusterRole streamspace-operator`.
    pub role: String,
    /// The rule.
    pub rule: PolicyRule,
    /// `None` for a ClusterRole bound by a ClusterRoleBinding (every
    /// namespace, and cluster-wide requests); the namespace of a RoleBinding
    /// otherwise.
    pub namespace: Option<String>,
}

impl Grant {
    /// Whether this grant allows `request`.
    pub fn allows(&self, request: &ApiRequest) -> bool {
        let in_scope = match (&self.namespace, request) {
            (None, _) => true,
            (Some(namespace), ApiRequest::Resource(r)) => &r.namespace == namespace,
            (Some(_), ApiRequest::NonResource { .. }) => false,
        };
        in_scope && rule_allows(&self.rule, request)
    }
}

/// Whether `rule` allows `request`, bindings aside.
pub fn rule_allows(rule: &PolicyRule, request: &ApiRequest) -> bool {
    let lists = |list: &[String], item: &str| list.iter().any(|x| x == "*" || x == item);
    let listed =
        |list: &Option<Vec<String>>, item: &str| lists(list.as_deref().unwrap_or_default(), item);
    match request {
        ApiRequest::NonResource { verb, path } => {
            lists(&rule.verbs, verb)
                && rule.non_resource_urls.iter().flatten().any(|url| {
                    url == "*"
                        || url == path
                        || url
                            .strip_suffix('*')
                            .is_some_and(|prefix| path.starts_with(prefix))
                })
        }
        ApiRequest::Resource(r) => {
            lists(&rule.verbs, &r.verb)
                && listed(&rule.api_groups, &r.group)
                && resource_matches(rule, r)
                && rule
                    .resource_names
                    .as_ref()
                    .is_none_or(|names| names.is_empty() || names.contains(&r.name))
        }
    }
}

fn resource_matches(rule: &PolicyRule, request: &ResourceRequest) -> bool {
    let combined = request.resource_path();
    rule.resources.iter().flatten().any(|resource| {
        resource == "*"
            || *resource == combined
            || (!request.subresource.is_empty()
                && resource.strip_prefix("*/") == Some(request.subresource.as_str()))
    })
}

/// What every authenticated user may do, whatever RBAC grants them: the
/// bootstrap ClusterRoles `system:discovery`, `system:public-info-viewer`
/// and `system:basic-user`, bound to `system:authenticated`.
fn granted_to_everyone() -> &'static [PolicyRule] {
    static RULES: OnceLock<Vec<PolicyRule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let strings = |items: &[&str]| Some(items.iter().map(|s| (*s).to_owned()).collect());
        let paths = [
            "/api",
            "/api/*",
            "/apis",
            "/apis/*",
            "/openapi",
            "/openapi/*",
            "/version",
            "/version/",
            "/healthz",
            "/livez",
            "/readyz",
        ];
        vec![
            PolicyRule {
                non_resource_urls: strings(&paths),
                verbs: vec!["get".into()],
                ..PolicyRule::default()
            },
            PolicyRule {
                api_groups: strings(&["authorization.k8s.io"]),
                resources: strings(&["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
                verbs: vec!["create".into()],
                ..PolicyRule::default()
            },
            PolicyRule {
                api_groups: strings(&["authentication.k8s.io"]),
                resources: strings(&["selfsubjectreviews"]),
                verbs: vec!["create".into()],
                ..PolicyRule::default()
            },
        ]
    })
}

/// The RBAC an install grants the operator: every rule bound to its
/// ServiceAccount.
#[derive(Debug, Clone, PartialEq)]
pub struct OperatorRbac {
    /// The operator's ServiceAccount.
    pub service_account: ServiceAccount,
    /// The rules bound to it.
    pub grants: Vec<Grant>,
}

/// Where the shipped RBAC is read from.
const SHIPPED: &str = "deploy/base/rbac.yaml";

impl OperatorRbac {
    /// `deploy/base/rbac.yaml`, its namespaced objects in the namespace
    /// `deploy/base/kustomization.yaml` installs into. Panics, naming the file
    /// and the fault, when it cannot be read.
    pub fn shipped() -> &'static OperatorRbac {
        static SHIPPED_RBAC: OnceLock<OperatorRbac> = OnceLock::new();
        SHIPPED_RBAC.get_or_init(|| {
            let kustomization: Value = read_yaml("deploy/base/kustomization.yaml")
                .into_iter()
                .next()
                .unwrap_or_default();
            let namespace = kustomization["namespace"].as_str().unwrap_or_else(|| {
                panic!("deploy/base/kustomization.yaml sets no namespace for the operator")
            });
            Self::from_manifests(&read_yaml(SHIPPED), namespace)
                .unwrap_or_else(|e| panic!("{SHIPPED}: {e}"))
        })
    }

    /// The rules `docs` (Kubernetes objects) bind to their one
    /// ServiceAccount; namespaced objects without a namespace are in
    /// `default_namespace`.
    pub fn from_manifests(docs: &[Value], default_namespace: &str) -> Result<Self, String> {
        let namespace_of = |doc: &Value| {
            doc["metadata"]["namespace"]
                .as_str()
                .unwrap_or(default_namespace)
                .to_owned()
        };
        let of_kind = |kind: &'static str| docs.iter().filter(move |d| d["kind"] == kind);
        let accounts: Vec<ServiceAccount> = of_kind("ServiceAccount")
            .map(|doc| ServiceAccount {
                namespace: namespace_of(doc),
                name: doc["metadata"]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            })
            .collect();
        let [service_account] = accounts.as_slice() else {
            return Err(format!(
                "expected the operator's one ServiceAccount, found {}",
                accounts.len()
            ));
        };
        let cluster_roles: BTreeMap<String, ClusterRole> = of_kind("ClusterRole")
            .map(typed::<ClusterRole>)
            .map(|role| role.map(|r| (r.metadata.name.clone().unwrap_or_default(), r)))
            .collect::<Result<_, _>>()?;
        let roles: BTreeMap<(String, String), Role> = of_kind("Role")
            .map(|doc| {
                typed::<Role>(doc).map(|r| {
                    (
                        (
                            namespace_of(doc),
                            r.metadata.name.clone().unwrap_or_default(),
                        ),
                        r,
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        let binds_operator = |subjects: &Option<Vec<k8s_openapi::api::rbac::v1::Subject>>| {
            subjects.iter().flatten().any(|s| {
                s.kind == "ServiceAccount"
                    && s.name == service_account.name
                    && s.namespace.as_deref() == Some(&service_account.namespace)
            })
        };
        let cluster_role_rules = |name: &str| -> Result<Vec<PolicyRule>, String> {
            let role = cluster_roles.get(name).ok_or_else(|| {
                format!("a binding of the operator names ClusterRole {name}, which is not defined")
            })?;
            Ok(role.rules.clone().unwrap_or_default())
        };
        let mut grants = Vec::new();
        for doc in of_kind("ClusterRoleBinding") {
            let binding: ClusterRoleBinding = typed(doc)?;
            if binds_operator(&binding.subjects) {
                let role = &binding.role_ref.name;
                for rule in cluster_role_rules(role)? {
                    grants.push(Grant {
                        role: format!("ClusterRole {role}"),
                        rule,
                        namespace: None,
                    });
                }
            }
        }
        for doc in of_kind("RoleBinding") {
            let binding: RoleBinding = typed(doc)?;
            if !binds_operator(&binding.subjects) {
                continue;
            }
            let namespace = namespace_of(doc);
            let (kind, role) = (&binding.role_ref.kind, &binding.role_ref.name);
            let rules = if kind == "Role" {
                let key = (namespace.clone(), role.clone());
                let role = roles.get(&key).ok_or_else(|| {
                    format!(
                        "RoleBinding in {namespace} names Role {role}, which is not defined there"
                    )
                })?;
                role.rules.clone().unwrap_or_default()
            } else {
                cluster_role_rules(role)?
            };
            for rule in rules {
                grants.push(Grant {
                    role: format!("{kind} {role} (bound in {namespace})"),
                    rule,
                    namespace: Some(namespace.clone()),
                });
            }
        }
        Ok(Self {
            service_account: service_account.clone(),
            grants,
        })
    }

    /// Whether the operator may make `request` (made in its own namespace,
    /// if namespaced there).
    pub fn allows(&self, request: &ApiRequest) -> bool {
        self.grants.iter().any(|g| g.allows(request))
            || granted_to_everyone()
                .iter()
                .any(|rule| rule_allows(rule, request))
    }

    /// Why `request` is refused, and the rule that would grant it.
    pub fn refusal(&self, request: &ApiRequest) -> String {
        let account = &self.service_account;
        let (rule, place) = match request {
            ApiRequest::NonResource { verb, path } => (
                format!("  - nonResourceURLs: [\"{path}\"]\n    verbs: [{verb}]"),
                "a ClusterRole bound to it".to_owned(),
            ),
            ApiRequest::Resource(r) => {
                let mut rule = format!(
                    "  - apiGroups: [\"{}\"]\n    resources: [{}]\n",
                    r.group,
                    r.resource_path()
                );
                if !r.name.is_empty() {
                    rule.push_str(&format!(
                        "    resourceNames: [{}]   # if only this object is used\n",
                        r.name
                    ));
                }
                rule.push_str(&format!("    verbs: [{}]", r.verb));
                let place = if r.namespace == account.namespace {
                    format!(
                        "the Role bound to it in {} (or its ClusterRole, if it does this in every namespace)",
                        account.namespace
                    )
                } else {
                    "its ClusterRole".to_owned()
                };
                (rule, place)
            }
        };
        format!(
            "the operator's request `{request}` is not granted to ServiceAccount {account} by \
             {SHIPPED}: if the operator needs it, add to {place}:\n{rule}"
        )
    }
}

fn typed<T: DeserializeOwned>(doc: &Value) -> Result<T, String> {
    serde_json::from_value(doc.clone()).map_err(|e| {
        format!(
            "{} {}: {e}",
            doc["kind"].as_str().unwrap_or_default(),
            doc["metadata"]["name"].as_str().unwrap_or_default()
        )
    })
}

/// The documents of a YAML file of the repository.
fn read_yaml(relative: &str) -> Vec<Value> {
    let path = crate::repo_path(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let docs: Vec<Value> = serde_saphyr::from_multiple(&text)
        .unwrap_or_else(|e| panic!("{relative} is not valid YAML: {e}"));
    docs.into_iter().filter(|d| !d.is_null()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rule(value: Value) -> PolicyRule {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn rules_match_verbs_groups_resources_subresources_and_names() {
        let sessions = rule(json!({
            "apiGroups": ["stream.space"], "resources": ["sessions", "sessions/status"],
            "verbs": ["list", "patch"],
        }));
        assert!(rule_allows(
            &sessions,
            &ApiRequest::resource("list", "stream.space", "sessions", "", "ns", "")
        ));
        assert!(rule_allows(
            &sessions,
            &ApiRequest::resource("patch", "stream.space", "sessions", "status", "ns", "a")
        ));
        assert!(!rule_allows(
            &sessions,
            &ApiRequest::resource("get", "stream.space", "sessions", "", "ns", "a")
        ));
        assert!(!rule_allows(
            &sessions,
            &ApiRequest::resource("list", "", "sessions", "", "ns", "")
        ));
        assert!(!rule_allows(
            &sessions,
            &ApiRequest::resource("patch", "stream.space", "templates", "status", "ns", "a")
        ));
        let any_status =
            rule(json!({ "apiGroups": ["*"], "resources": ["*/status"], "verbs": ["*"] }));
        assert!(rule_allows(
            &any_status,
            &ApiRequest::resource("patch", "apps", "deployments", "status", "ns", "a")
        ));
        assert!(!rule_allows(
            &any_status,
            &ApiRequest::resource("patch", "apps", "deployments", "", "ns", "a")
        ));
        let named = rule(json!({
            "apiGroups": [""], "resources": ["configmaps"], "resourceNames": ["scripts"],
            "verbs": ["get", "list", "create"],
        }));
        assert!(rule_allows(
            &named,
            &ApiRequest::resource("get", "", "configmaps", "", "ns", "scripts")
        ));
        assert!(rule_allows(
            &named,
            &ApiRequest::resource("list", "", "configmaps", "", "ns", "scripts")
        ));
        assert!(!rule_allows(
            &named,
            &ApiRequest::resource("get", "", "configmaps", "", "ns", "other")
        ));
        // A list of every ConfigMap, or a create, names no object to match.
        assert!(!rule_allows(
            &named,
            &ApiRequest::resource("list", "", "configmaps", "", "ns", "")
        ));
        assert!(!rule_allows(
            &named,
            &ApiRequest::resource("create", "", "configmaps", "", "ns", "")
        ));
    }

    fn manifests() -> Vec<Value> {
        let subject = json!([{ "kind": "ServiceAccount", "name": "op", "namespace": "home" }]);
        vec![
            json!({ "kind": "ServiceAccount", "metadata": { "name": "op" } }),
            json!({ "kind": "ClusterRole", "metadata": { "name": "everywhere" }, "rules": [
                { "apiGroups": ["stream.space"], "resources": ["sessions"], "verbs": ["list"] },
            ]}),
            json!({ "kind": "ClusterRoleBinding", "metadata": { "name": "b" }, "subjects": subject,
                    "roleRef": { "apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "everywhere" } }),
            json!({ "kind": "Role", "metadata": { "name": "here" }, "rules": [
                { "apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"] },
            ]}),
            json!({ "kind": "RoleBinding", "metadata": { "name": "b" }, "subjects": subject,
                    "roleRef": { "apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "here" } }),
            // Bound to someone else: not the operator's.
            json!({ "kind": "ClusterRoleBinding", "metadata": { "name": "other" },
                    "subjects": [{ "kind": "ServiceAccount", "name": "op", "namespace": "elsewhere" }],
                    "roleRef": { "apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "all" } }),
            json!({ "kind": "ClusterRole", "metadata": { "name": "all" }, "rules": [
                { "apiGroups": ["*"], "resources": ["*"], "verbs": ["*"] },
            ]}),
        ]
    }

    #[test]
    fn cluster_roles_grant_everywhere_and_roles_in_their_namespace() {
        let rbac = OperatorRbac::from_manifests(&manifests(), "home").unwrap();
        assert_eq!(rbac.service_account.to_string(), "home/op");
        assert_eq!(rbac.grants.len(), 2, "{:#?}", rbac.grants);
        assert!(rbac.allows(&ApiRequest::resource(
            "list",
            "stream.space",
            "sessions",
            "",
            "",
            ""
        )));
        assert!(rbac.allows(&ApiRequest::resource(
            "list",
            "stream.space",
            "sessions",
            "",
            "any",
            ""
        )));
        assert!(rbac.allows(&ApiRequest::resource(
            "get",
            "",
            "configmaps",
            "",
            "home",
            "x"
        )));
        assert!(!rbac.allows(&ApiRequest::resource(
            "get",
            "",
            "configmaps",
            "",
            "other",
            "x"
        )));
        assert!(!rbac.allows(&ApiRequest::resource("get", "", "configmaps", "", "", "")));
        assert!(!rbac.allows(&ApiRequest::resource(
            "delete",
            "stream.space",
            "sessions",
            "",
            "home",
            "x"
        )));
        // Discovery is every authenticated user's.
        let discovery = ApiRequest::NonResource {
            verb: "get".into(),
            path: "/apis/stream.space/v1alpha1".into(),
        };
        assert!(rbac.allows(&discovery));
    }

    #[test]
    fn a_refusal_names_the_request_and_the_rule_to_add() {
        let rbac = OperatorRbac::from_manifests(&manifests(), "home").unwrap();
        let refused = rbac.refusal(&ApiRequest::resource(
            "get", "", "secrets", "", "home", "token",
        ));
        assert!(
            refused.starts_with(
                "the operator's request `get secrets (core) named \"token\" in namespace home` is \
                 not granted to ServiceAccount home/op by deploy/base/rbac.yaml: if the operator needs \
                 it, add to the Role bound to it in home"
            ),
            "{refused}"
        );
        assert!(
            refused.ends_with(
                "  - apiGroups: [\"\"]\n    resources: [secrets]\n    resourceNames: [token]   # \
                 if only this object is used\n    verbs: [get]"
            ),
            "{refused}"
        );
    }

    #[test]
    fn a_binding_to_an_undefined_role_is_an_error() {
        let mut docs = manifests();
        docs.retain(|d| d["kind"] != "Role");
        let error = OperatorRbac::from_manifests(&docs, "home").unwrap_err();
        assert_eq!(
            error,
            "RoleBinding in home names Role here, which is not defined there"
        );
    }

    #[test]
    fn the_shipped_rbac_binds_rules_to_the_operator() {
        let rbac = OperatorRbac::shipped();
        assert_eq!(
            rbac.service_account.to_string(),
            "streamspace/streamspace-operator"
        );
        assert!(rbac.grants.iter().any(|g| g.namespace.is_none()));
        assert!(
            rbac.grants
                .iter()
                .any(|g| g.namespace.as_deref() == Some("streamspace"))
        );
    }
}
