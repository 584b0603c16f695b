//! HTTP: maps request paths to discovery documents or resource targets and
//! methods to REST verbs, and renders results and errors as JSON.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::Shared;
use super::catalog::{ResourceDef, find};
use super::discovery;
use super::errors::{ApiError, ApiResult};
use super::rest::{self, Target, WriteOptions};
use super::selectors::{FieldSelector, LabelSelector};
use super::watch::{self, WatchParams};
use crate::rbac::ApiRequest;

/// A JSON response.
pub fn json_response(code: StatusCode, body: &Value) -> Response {
    Response::builder()
        .status(code)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("valid response")
}

/// One HTTP request, decoded.
struct Call {
    method: Method,
    query: BTreeMap<String, String>,
    headers: HeaderMap,
    body: Bytes,
    /// Made with the operator's identity.
    by_operator: bool,
}

impl Call {
    fn param(&self, name: &str) -> Option<&str> {
        self.query.get(name).map(String::as_str)
    }

    /// A boolean query parameter (`true`/`1`), if present.
    fn flag(&self, name: &str) -> Option<bool> {
        self.param(name).map(|v| v == "true" || v == "1")
    }

    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn is_write(&self) -> bool {
        [Method::POST, Method::PUT, Method::PATCH, Method::DELETE].contains(&self.method)
    }

    fn selectors(&self, def: &ResourceDef) -> ApiResult<(LabelSelector, FieldSelector)> {
        Ok((
            LabelSelector::parse(self.param("labelSelector").unwrap_or(""))?,
            FieldSelector::parse(self.param("fieldSelector").unwrap_or(""), def)?,
        ))
    }

    fn write_options(&self) -> WriteOptions {
        WriteOptions {
            field_manager: self.param("fieldManager").map(str::to_owned),
            user_agent: self.header(header::USER_AGENT).to_owned(),
            force: self.flag("force"),
            by_operator: self.by_operator,
        }
    }

    fn watch_params(&self) -> WatchParams {
        WatchParams {
            resource_version: self.param("resourceVersion").map(str::to_owned),
            version_match: self.param("resourceVersionMatch").map(str::to_owned),
            send_initial_events: self.flag("sendInitialEvents"),
            bookmarks: self.flag("allowWatchBookmarks") == Some(true),
            timeout: self
                .param("timeoutSeconds")
                .and_then(|s| s.parse().ok())
                .map(Duration::from_secs),
        }
    }

    /// The body as a JSON (or YAML) object.
    fn object(&self, def: &ResourceDef) -> ApiResult<Value> {
        parse_body(def, self.header(header::CONTENT_TYPE), &self.body)
    }
}

/// The single axum handler: every request comes here.
pub async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if !shared.available.load(Ordering::SeqCst) {
        return ApiError::unavailable().into_response();
    }
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, 32 * 1024 * 1024).await else {
        return ApiError::bad_request("unreadable request body").into_response();
    };
    let operator = shared
        .operator
        .as_ref()
        .filter(|o| o.is_caller(&parts.headers));
    let call = Call {
        query: Query::try_from_uri(&parts.uri)
            .map(|q| q.0)
            .unwrap_or_default(),
        method: parts.method,
        headers: parts.headers,
        body,
        by_operator: operator.is_some(),
    };
    if let Some(operator) = operator {
        let request = ApiRequest::from_http(call.method.as_str(), parts.uri.path(), &call.query);
        if let Err(refused) = operator.authorize(request) {
            return refused.into_response();
        }
    }
    let segments: Vec<&str> = parts
        .uri
        .path()
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    route(&shared, &call, &segments).unwrap_or_else(IntoResponse::into_response)
}

fn ok(body: &Value) -> ApiResult<Response> {
    Ok(json_response(StatusCode::OK, body))
}

fn route(shared: &Arc<Shared>, call: &Call, segments: &[&str]) -> ApiResult<Response> {
    let served = |d: &ResourceDef| shared.served(d);
    let discovery_doc = |doc: Option<Value>| -> ApiResult<Response> {
        if call.method != Method::GET {
            return Err(ApiError::method_not_allowed(call.method.as_str()));
        }
        doc.map(|d| ok(&d))
            .unwrap_or_else(|| Err(ApiError::no_route()))
    };
    match segments {
        ["version"] => discovery_doc(Some(discovery::version())),
        ["healthz" | "readyz" | "livez"] => Ok((StatusCode::OK, "ok").into_response()),
        ["api"] => discovery_doc(Some(discovery::core_versions(shared.addr))),
        ["api", "v1"] => discovery_doc(discovery::resources(&served, "", "v1")),
        ["apis"] => discovery_doc(Some(discovery::groups(&served))),
        ["apis", group] => discovery_doc(discovery::group(&served, group)),
        ["apis", group, version] => discovery_doc(discovery::resources(&served, group, version)),
        ["api", "v1", rest @ ..] => resource(shared, call, "", "v1", rest),
        ["apis", group, version, rest @ ..] => resource(shared, call, group, version, rest),
        _ => Err(ApiError::no_route()),
    }
}

/// Parses the part of a resource path after the group/version.
fn target(shared: &Shared, group: &str, version: &str, rest: &[&str]) -> Option<Target> {
    let lookup = |plural: &str| find(group, version, plural).filter(|d| shared.served(d));
    let make = |def, namespace: Option<&str>, name: Option<&str>, sub: Option<&str>| Target {
        def,
        namespace: namespace.map(str::to_owned),
        name: name.map(str::to_owned),
        subresource: sub.map(str::to_owned),
    };
    let t = match rest {
        ["namespaces", ns, plural, tail @ ..] if lookup(plural).is_some_and(|d| d.namespaced) => {
            let def = lookup(plural)?;
            match tail {
                [] => make(def, Some(ns), None, None),
                [name] => make(def, Some(ns), Some(name), None),
                [name, sub] => make(def, Some(ns), Some(name), Some(sub)),
                _ => return None,
            }
        }
        [plural, tail @ ..] => {
            let def = lookup(plural)?;
            match tail {
                [] => make(def, None, None, None),
                [name] if !def.namespaced => make(def, None, Some(name), None),
                [name, sub] if !def.namespaced => make(def, None, Some(name), Some(sub)),
                _ => return None,
            }
        }
        _ => return None,
    };
    match &t.subresource {
        Some(sub) if sub != "status" || !t.def.status_subresource => None,
        _ => Some(t),
    }
}

fn resource(
    shared: &Arc<Shared>,
    call: &Call,
    group: &str,
    version: &str,
    rest: &[&str],
) -> ApiResult<Response> {
    let t = target(shared, group, version, rest).ok_or_else(ApiError::no_route)?;
    if call.param("dryRun").is_some_and(|v| !v.is_empty()) {
        return Err(ApiError::bad_request(
            "dryRun is not supported by the fake API server",
        ));
    }
    if t.def.review {
        return review(shared, call, &t);
    }
    let result = dispatch(shared, call, &t);
    if result.is_ok() && call.is_write() {
        shared.store().count_write(t.counter());
    }
    result
}

/// TokenReview / SubjectAccessReview: POST only, answered from the policy.
fn review(shared: &Shared, call: &Call, t: &Target) -> ApiResult<Response> {
    if call.method != Method::POST || t.name.is_some() {
        return Err(ApiError::method_not_allowed(call.method.as_str()));
    }
    let review = call.object(t.def)?;
    let policy = shared
        .policy
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let answer = if t.def.kind == "TokenReview" {
        policy.token_review(review)
    } else {
        policy.subject_access_review(review)
    };
    Ok(json_response(StatusCode::CREATED, &answer))
}

/// Runs the REST verb of a request on a stored resource.
fn dispatch(shared: &Arc<Shared>, call: &Call, t: &Target) -> ApiResult<Response> {
    let opts = call.write_options();
    let policy = call.param("propagationPolicy");
    match (&call.method, t.name.is_some()) {
        (&Method::GET, false) => {
            let (labels, fields) = call.selectors(t.def)?;
            if call.flag("watch") == Some(true) {
                return watch::start(shared.clone(), t, labels, fields, call.watch_params());
            }
            ok(&rest::list(shared, t, &labels, &fields))
        }
        (&Method::GET, true) => ok(&rest::get(shared, t)?),
        (&Method::POST, false) => Ok(json_response(
            StatusCode::CREATED,
            &rest::create(shared, t, call.object(t.def)?, &opts)?,
        )),
        (&Method::PUT, true) => ok(&rest::replace(shared, t, call.object(t.def)?, &opts)?),
        (&Method::PATCH, true) => {
            let (code, object) = rest::patch(
                shared,
                t,
                call.header(header::CONTENT_TYPE),
                &call.body,
                &opts,
            )?;
            Ok(json_response(
                StatusCode::from_u16(code).expect("valid code"),
                &object,
            ))
        }
        (&Method::DELETE, true) if t.subresource.is_none() => {
            ok(&rest::delete(shared, t, &call.body, policy)?)
        }
        (&Method::DELETE, false) => {
            let (labels, fields) = call.selectors(t.def)?;
            ok(&rest::delete_collection(
                shared, t, &labels, &fields, &call.body, policy,
            )?)
        }
        (m, _) => Err(ApiError::method_not_allowed(m.as_str())),
    }
}

/// Decodes a JSON (or YAML) request body.
fn parse_body(def: &ResourceDef, content_type: &str, body: &[u8]) -> ApiResult<Value> {
    let media = content_type.split(';').next().unwrap_or("").trim();
    let value: Value = match media {
        "" | "application/json" | "*/*" => serde_json::from_slice(body).map_err(|e| {
            ApiError::bad_request(format!("the body of the request could not be decoded: {e}"))
        })?,
        "application/yaml" => serde_saphyr::from_slice(body).map_err(|e| {
            ApiError::bad_request(format!("the body of the request could not be decoded: {e}"))
        })?,
        other => {
            return Err(ApiError::unsupported_media_type(
                other,
                &["application/json", "application/yaml"],
            ));
        }
    };
    if !value.is_object() {
        return Err(ApiError::bad_request(format!(
            "the body of a {} request must be a JSON object",
            def.kind
        )));
    }
    Ok(value)
}
