//! API errors in the shape of the real `meta.k8s.io/v1` `Status` object.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::catalog::ResourceDef;

/// A failed request: an HTTP code and the `Status` body the real API server
/// would send.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status code (also `Status.code`).
    pub code: u16,
    /// `Status.reason`, e.g. `NotFound`.
    pub reason: &'static str,
    /// `Status.message`.
    pub message: String,
    /// `Status.details`, when the real server fills it.
    pub details: Option<Value>,
}

/// Result of an API operation.
pub type ApiResult<T> = Result<T, ApiError>;

fn details(def: &ResourceDef, name: &str) -> Value {
    let mut d = json!({ "name": name, "kind": def.plural });
    if !def.group.is_empty() {
        d["group"] = json!(def.group);
    }
    d
}

impl ApiError {
    fn new(code: u16, reason: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            reason,
            message: message.into(),
            details: None,
        }
    }

    fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    /// 404 for an object that does not exist.
    pub fn not_found(def: &ResourceDef, name: &str) -> Self {
        Self::new(
            404,
            "NotFound",
            format!("{} \"{name}\" not found", def.qualified()),
        )
        .with_details(details(def, name))
    }

    /// 404 for a path no resource is served at.
    pub fn no_route() -> Self {
        Self::new(
            404,
            "NotFound",
            "the server could not find the requested resource",
        )
        .with_details(json!({}))
    }

    /// 409 for a create whose name is taken.
    pub fn already_exists(def: &ResourceDef, name: &str) -> Self {
        Self::new(
            409,
            "AlreadyExists",
            format!("{} \"{name}\" already exists", def.qualified()),
        )
        .with_details(details(def, name))
    }

    /// 409 for a stale `resourceVersion` (optimistic concurrency).
    pub fn conflict(def: &ResourceDef, name: &str) -> Self {
        Self::conflict_because(
            def,
            name,
            "the object has been modified; please apply your changes to the latest version and try again",
        )
    }

    /// 409 `Conflict` with a specific cause (e.g. a failed UID precondition).
    pub fn conflict_because(def: &ResourceDef, name: &str, why: &str) -> Self {
        Self::new(
            409,
            "Conflict",
            format!(
                "Operation cannot be fulfilled on {} \"{name}\": {why}",
                def.qualified()
            ),
        )
        .with_details(details(def, name))
    }

    /// 409 from server-side apply: fields owned by other managers.
    /// `conflicts` holds (manager description, field path) pairs.
    pub fn apply_conflict(def: &ResourceDef, name: &str, conflicts: &[(String, String)]) -> Self {
        let n = conflicts.len();
        let message = if n == 1 {
            format!(
                "Apply failed with 1 conflict: conflict with {}: {}",
                conflicts[0].0, conflicts[0].1
            )
        } else {
            let list: Vec<String> = conflicts
                .iter()
                .map(|(m, f)| format!("conflict with {m}: {f}"))
                .collect();
            format!("Apply failed with {n} conflicts: {}", list.join("\n"))
        };
        let causes: Vec<Value> = conflicts
            .iter()
            .map(|(m, f)| {
                json!({ "reason": "FieldManagerConflict", "message": format!("conflict with {m}"), "field": f })
            })
            .collect();
        let mut d = details(def, name);
        d["causes"] = json!(causes);
        Self::new(409, "Conflict", message).with_details(d)
    }

    /// 400 for a malformed request.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "BadRequest", message)
    }

    /// 400 for a body the type's decoder refuses (a malformed quantity), in
    /// the real server's words.
    pub fn undecodable(def: &ResourceDef, why: &str) -> Self {
        Self::new(
            400,
            "BadRequest",
            format!(
                "{kind} in version \"{version}\" cannot be handled as a {kind}: {why}",
                kind = def.kind,
                version = def.version
            ),
        )
    }

    /// 422 `Invalid` for a field that fails validation; `kind` is the Kind of
    /// the object (or options) being validated.
    pub fn invalid(
        group: &str,
        kind: &str,
        name: &str,
        field: &str,
        cause: &str,
        detail: &str,
    ) -> Self {
        let mut d = json!({
            "kind": kind,
            "causes": [{ "reason": cause, "message": detail, "field": field }],
        });
        if !name.is_empty() {
            d["name"] = json!(name);
        }
        if !group.is_empty() {
            d["group"] = json!(group);
        }
        let qualified = if group.is_empty() {
            kind.to_owned()
        } else {
            format!("{kind}.{group}")
        };
        Self::new(
            422,
            "Invalid",
            format!("{qualified} \"{name}\" is invalid: {field}: {detail}"),
        )
        .with_details(d)
    }

    /// 403 for a create in a namespace that is being deleted.
    pub fn namespace_terminating(def: &ResourceDef, name: &str, namespace: &str) -> Self {
        let message = format!(
            "{} \"{name}\" is forbidden: unable to create new content in namespace {namespace} because it is being terminated",
            def.qualified()
        );
        let mut d = details(def, name);
        d["causes"] = json!([{
            "reason": "NamespaceTerminating",
            "message": format!("namespace {namespace} is being terminated"),
            "field": "metadata.namespace",
        }]);
        Self::new(403, "Forbidden", message).with_details(d)
    }

    /// 403 for a request its caller is not authorized to make.
    pub fn forbidden(message: &str) -> Self {
        Self::new(403, "Forbidden", message).with_details(json!({}))
    }

    /// 405 for a verb the resource does not support.
    pub fn method_not_allowed(verb: &str) -> Self {
        Self::new(
            405,
            "MethodNotAllowed",
            format!("the server does not allow this method on the requested resource ({verb})"),
        )
        .with_details(json!({}))
    }

    /// 415 for a body or patch type the resource does not accept.
    pub fn unsupported_media_type(content_type: &str, accepted: &[&str]) -> Self {
        Self::new(
            415,
            "UnsupportedMediaType",
            format!(
                "the body of the request was in an unknown format - accepted media types include: {} (got {content_type:?})",
                accepted.join(", ")
            ),
        )
    }

    /// 410 `Expired`: a watch asked for history that has been compacted.
    pub fn expired(requested: u64, oldest: u64) -> Self {
        Self::new(
            410,
            "Expired",
            format!("too old resource version: {requested} ({oldest})"),
        )
    }

    /// 503: the server is (simulated to be) unavailable.
    pub fn unavailable() -> Self {
        Self::new(
            503,
            "ServiceUnavailable",
            "the server is currently unable to handle the request",
        )
        .with_details(json!({}))
    }

    /// The `Status` object.
    pub fn status(&self) -> Value {
        let mut s = json!({
            "kind": "Status", "apiVersion": "v1", "metadata": {},
            "status": "Failure", "message": self.message, "reason": self.reason, "code": self.code,
        });
        if let Some(d) = &self.details {
            s["details"] = d.clone();
        }
        s
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = StatusCode::from_u16(self.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        super::routes::json_response(code, &self.status())
    }
}
