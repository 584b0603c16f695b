//! An HTTP request to the API server as its authorizer sees it: the
//! attributes Kubernetes derives from the method, the path and the query
//! (`RequestInfo`, in k8s.io/apiserver's `endpoints/request/requestinfo.go`).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// What RBAC authorizes: a request for a resource, or for any other path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ApiRequest {
    /// A path under `/api/v1/` or `/apis/GROUP/VERSION/`.
    Resource(ResourceRequest),
    /// Any other path (discovery, `/version`, health): its verb is the
    /// lower-case HTTP method.
    NonResource {
        /// `get`, `post`...
        verb: String,
        /// The URL path.
        path: String,
    },
}

/// The attributes of a resource request. Empty strings stand for "none", as
/// in Kubernetes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ResourceRequest {
    /// `get`, `list`, `watch`, `create`, `update`, `patch`, `delete` or
    /// `deletecollection`.
    pub verb: String,
    /// The API group, `""` for the core group.
    pub group: String,
    /// The resource (plural).
    pub resource: String,
    /// The subresource, such as `status`.
    pub subresource: String,
    /// The namespace; `""` for a cluster-scoped resource or all namespaces.
    pub namespace: String,
    /// The object: from the path, or from a list or watch whose field
    /// selector requires `metadata.name`; `""` for a collection or a create.
    pub name: String,
}

/// An API group as messages name it: `core` for the core group's `""`.
pub fn group_label(group: &str) -> &str {
    if group.is_empty() { "core" } else { group }
}

impl ResourceRequest {
    /// `resource` or `resource/subresource`, as RBAC rules name it.
    pub fn resource_path(&self) -> String {
        if self.subresource.is_empty() {
            self.resource.clone()
        } else {
            format!("{}/{}", self.resource, self.subresource)
        }
    }
}

/// Namespaces have their own subresources in a path that also names the
/// namespace (`/api/v1/namespaces/NAME/status`).
const NAMESPACE_SUBRESOURCES: [&str; 2] = ["status", "finalize"];

impl ApiRequest {
    /// A resource request of these attributes (`""` for none).
    pub fn resource(
        verb: &str,
        group: &str,
        resource: &str,
        subresource: &str,
        namespace: &str,
        name: &str,
    ) -> Self {
        ApiRequest::Resource(ResourceRequest {
            verb: verb.to_owned(),
            group: group.to_owned(),
            resource: resource.to_owned(),
            subresource: subresource.to_owned(),
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        })
    }

    /// The request `method path?query` (the query already decoded). Special
    /// verb paths (`/api/v1/watch/...`, `proxy`) are not recognised: nothing
    /// here uses them.
    pub fn from_http(method: &str, path: &str, query: &BTreeMap<String, String>) -> Self {
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let non_resource = || ApiRequest::NonResource {
            verb: method.to_ascii_lowercase(),
            path: path.to_owned(),
        };
        let (group, rest) = match parts.as_slice() {
            ["api", _version, rest @ ..] if !rest.is_empty() => ("", rest),
            ["apis", group, _version, rest @ ..] if !rest.is_empty() => (*group, rest),
            _ => return non_resource(),
        };
        let mut verb = match method {
            "POST" => "create",
            "GET" | "HEAD" => "get",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => "",
        }
        .to_owned();
        let mut namespace = "";
        let mut rest = rest;
        if rest[0] == "namespaces" && rest.len() > 1 {
            namespace = rest[1];
            if rest.len() > 2 && !NAMESPACE_SUBRESOURCES.contains(&rest[2]) {
                rest = &rest[2..];
            }
        }
        let part = |i: usize| rest.get(i).copied().unwrap_or_default().to_owned();
        let mut name = part(1);
        if name.is_empty() && verb == "get" {
            verb = if query.get("watch").is_some_and(|w| is_true(w)) {
                "watch".to_owned()
            } else {
                "list".to_owned()
            };
            name = query
                .get("fieldSelector")
                .and_then(|s| required_name(s))
                .unwrap_or_default();
        }
        if name.is_empty() && verb == "delete" {
            verb = "deletecollection".to_owned();
        }
        ApiRequest::Resource(ResourceRequest {
            verb,
            group: group.to_owned(),
            resource: part(0),
            subresource: part(2),
            namespace: namespace.to_owned(),
            name,
        })
    }

    /// The same request made in namespace `to` where it was made in `from`:
    /// what the operator's request in a test's namespace would be in the
    /// namespace it is installed in.
    pub fn in_namespace_of(mut self, from: &str, to: &str) -> Self {
        if let ApiRequest::Resource(request) = &mut self
            && request.namespace == from
        {
            request.namespace = to.to_owned();
        }
        self
    }
}

/// A boolean query parameter as the API server decodes it: anything but
/// `0` and `false` is true.
fn is_true(value: &str) -> bool {
    value != "0" && !value.eq_ignore_ascii_case("false")
}

/// The name a field selector requires (`metadata.name=NAME` among its
/// terms), when it is a valid path segment.
fn required_name(selector: &str) -> Option<String> {
    selector.split(',').find_map(|term| {
        let (field, value) = term.split_once('=')?;
        let value = value.strip_prefix('=').unwrap_or(value);
        let valid =
            !value.is_empty() && value != "." && value != ".." && !value.contains(['/', '%']);
        (field.trim() == "metadata.name" && valid).then(|| value.trim().to_owned())
    })
}

impl fmt::Display for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiRequest::NonResource { verb, path } => write!(f, "{verb} {path}"),
            ApiRequest::Resource(r) => {
                let group = group_label(&r.group);
                write!(f, "{} {} ({group})", r.verb, r.resource_path())?;
                if !r.name.is_empty() {
                    write!(f, " named {:?}", r.name)?;
                }
                if r.namespace.is_empty() {
                    write!(f, " cluster-wide")
                } else {
                    write!(f, " in namespace {}", r.namespace)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, path: &str, query: &[(&str, &str)]) -> ApiRequest {
        let query = query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ApiRequest::from_http(method, path, &query)
    }

    #[test]
    fn verbs_come_from_the_method_the_name_and_the_watch_parameter() {
        let sessions = "/apis/stream.space/v1alpha1/namespaces/ns/sessions";
        let cases = [
            (request("GET", sessions, &[]), "list", ""),
            (request("GET", sessions, &[("watch", "true")]), "watch", ""),
            (request("GET", sessions, &[("watch", "1")]), "watch", ""),
            (request("GET", sessions, &[("watch", "false")]), "list", ""),
            (request("GET", &format!("{sessions}/a"), &[]), "get", "a"),
            (request("POST", sessions, &[]), "create", ""),
            (request("PUT", &format!("{sessions}/a"), &[]), "update", "a"),
            (
                request("PATCH", &format!("{sessions}/a"), &[]),
                "patch",
                "a",
            ),
            (
                request("DELETE", &format!("{sessions}/a"), &[]),
                "delete",
                "a",
            ),
            (request("DELETE", sessions, &[]), "deletecollection", ""),
        ];
        for (found, verb, name) in cases {
            assert_eq!(
                found,
                ApiRequest::resource(verb, "stream.space", "sessions", "", "ns", name),
                "{verb}"
            );
        }
    }

    #[test]
    fn groups_namespaces_and_subresources_come_from_the_path() {
        assert_eq!(
            request(
                "PATCH",
                "/apis/stream.space/v1alpha1/namespaces/ns/sessions/a/status",
                &[]
            ),
            ApiRequest::resource("patch", "stream.space", "sessions", "status", "ns", "a")
        );
        assert_eq!(
            request("GET", "/api/v1/configmaps", &[("watch", "true")]),
            ApiRequest::resource("watch", "", "configmaps", "", "", "")
        );
        assert_eq!(
            request("POST", "/apis/authentication.k8s.io/v1/tokenreviews", &[]),
            ApiRequest::resource(
                "create",
                "authentication.k8s.io",
                "tokenreviews",
                "",
                "",
                ""
            )
        );
        // A namespace is its own namespace, also with a subresource.
        assert_eq!(
            request("GET", "/api/v1/namespaces/ns", &[]),
            ApiRequest::resource("get", "", "namespaces", "", "ns", "ns")
        );
        assert_eq!(
            request("PUT", "/api/v1/namespaces/ns/finalize", &[]),
            ApiRequest::resource("update", "", "namespaces", "finalize", "ns", "ns")
        );
        assert_eq!(
            request("GET", "/api/v1/namespaces", &[]),
            ApiRequest::resource("list", "", "namespaces", "", "", "")
        );
    }

    #[test]
    fn a_field_selector_on_the_name_names_the_object_of_a_list_or_watch() {
        let configmaps = "/api/v1/namespaces/ns/configmaps";
        let watched = request(
            "GET",
            configmaps,
            &[
                ("watch", "true"),
                ("fieldSelector", "metadata.name=scripts"),
            ],
        );
        assert_eq!(
            watched,
            ApiRequest::resource("watch", "", "configmaps", "", "ns", "scripts")
        );
        let listed = request(
            "GET",
            configmaps,
            &[(
                "fieldSelector",
                "metadata.namespace=ns,metadata.name==scripts",
            )],
        );
        assert_eq!(
            listed,
            ApiRequest::resource("list", "", "configmaps", "", "ns", "scripts")
        );
        for selector in [
            "metadata.name!=scripts",
            "metadata.name=a/b",
            "metadata.namespace=ns",
        ] {
            assert_eq!(
                request("GET", configmaps, &[("fieldSelector", selector)]),
                ApiRequest::resource("list", "", "configmaps", "", "ns", ""),
                "{selector}"
            );
        }
    }

    #[test]
    fn discovery_and_other_paths_are_not_resource_requests() {
        for path in [
            "/api",
            "/api/v1",
            "/apis",
            "/apis/stream.space",
            "/apis/stream.space/v1alpha1",
            "/version",
        ] {
            assert_eq!(
                request("GET", path, &[]),
                ApiRequest::NonResource {
                    verb: "get".into(),
                    path: path.into()
                }
            );
        }
    }

    #[test]
    fn the_tests_namespace_stands_for_the_operators() {
        let made =
            ApiRequest::resource("get", "", "configmaps", "", "streamspace-e2e-x", "scripts");
        assert_eq!(
            made.clone()
                .in_namespace_of("streamspace-e2e-x", "streamspace"),
            ApiRequest::resource("get", "", "configmaps", "", "streamspace", "scripts")
        );
        assert_eq!(made.clone().in_namespace_of("other", "streamspace"), made);
        assert_eq!(
            made.to_string(),
            "get configmaps (core) named \"scripts\" in namespace streamspace-e2e-x"
        );
    }
}
