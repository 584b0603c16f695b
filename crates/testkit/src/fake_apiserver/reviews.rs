//! TokenReview and SubjectAccessReview, answered from a policy the test
//! controls: known bearer tokens and allowed (user, verb, resource, name)
//! tuples. Nothing is stored, as with the real review APIs.

use std::collections::BTreeMap;

use serde_json::{Value, json};

/// The user a token authenticates as.
#[derive(Debug, Clone)]
pub struct UserInfo {
    /// `status.user.username`.
    pub username: String,
    /// `status.user.groups`.
    pub groups: Vec<String>,
}

/// One allowed access; `*` in any position matches anything, and an empty
/// name matches every name.
#[derive(Debug, Clone)]
pub struct AccessRule {
    /// A user name or `group:<group>`.
    pub subject: String,
    /// A verb (`get`, `create`, ...).
    pub verb: String,
    /// A resource (`sessions`, `sessions/status`) or, for non-resource
    /// requests, a path (`/metrics`).
    pub resource: String,
    /// An object name.
    pub name: String,
}

/// The policy the review endpoints answer from.
#[derive(Debug, Clone, Default)]
pub struct AccessPolicy {
    /// Known bearer tokens.
    pub tokens: BTreeMap<String, UserInfo>,
    /// Allowed accesses (everything else is denied).
    pub rules: Vec<AccessRule>,
}

fn matches(pattern: &str, value: &str) -> bool {
    pattern == "*" || pattern == value
}

impl AccessPolicy {
    /// Answers a TokenReview (the request object with `status` filled in).
    pub fn token_review(&self, mut review: Value) -> Value {
        let token = review
            .pointer("/spec/token")
            .and_then(Value::as_str)
            .unwrap_or("");
        let audiences = review.pointer("/spec/audiences").cloned();
        let status = match self.tokens.get(token) {
            Some(user) => {
                let mut s = json!({
                    "authenticated": true,
                    "user": { "username": user.username, "uid": format!("uid-{}", user.username), "groups": user.groups },
                });
                if let Some(a) = audiences {
                    s["audiences"] = a;
                }
                s
            }
            None => json!({ "user": {}, "error": "[invalid bearer token, token lookup failed]" }),
        };
        review["status"] = status;
        review["metadata"] = json!({ "creationTimestamp": null });
        review
    }

    /// Answers a SubjectAccessReview.
    pub fn subject_access_review(&self, mut review: Value) -> Value {
        let spec = review.get("spec").cloned().unwrap_or(json!({}));
        let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_owned();
        let user = text(spec.get("user"));
        let groups: Vec<String> = spec
            .get("groups")
            .and_then(Value::as_array)
            .map(|g| {
                g.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let (verb, resource, name) = if let Some(ra) = spec.get("resourceAttributes") {
            let mut resource = text(ra.get("resource"));
            let sub = text(ra.get("subresource"));
            if !sub.is_empty() {
                resource = format!("{resource}/{sub}");
            }
            (text(ra.get("verb")), resource, text(ra.get("name")))
        } else {
            let nra = spec.get("nonResourceAttributes");
            (
                text(nra.and_then(|n| n.get("verb"))),
                text(nra.and_then(|n| n.get("path"))),
                String::new(),
            )
        };
        let allowed = self.rules.iter().any(|r| {
            let subject_ok = match r.subject.strip_prefix("group:") {
                Some(g) => groups.iter().any(|x| x == g) || g == "*",
                None => matches(&r.subject, &user),
            };
            subject_ok
                && matches(&r.verb, &verb)
                && matches(&r.resource, &resource)
                && (r.name.is_empty() || matches(&r.name, &name))
        });
        review["status"] = if allowed {
            json!({ "allowed": true, "reason": "allowed by the fake API server's access policy" })
        } else {
            json!({ "allowed": false })
        };
        review["metadata"] = json!({ "creationTimestamp": null });
        review
    }
}
