//! The operator's identity against the fake: requests that carry its bearer
//! token are authorized against the RBAC `deploy/base/rbac.yaml` grants its
//! ServiceAccount (with the test's namespace standing for the operator's),
//! refused with 403 Forbidden as a real API server with RBAC refuses them,
//! and recorded.

use std::sync::{Mutex, MutexGuard};

use axum::http::{HeaderMap, header};
use k8s_openapi::api::rbac::v1::PolicyRule;

use super::errors::ApiError;
use super::ids::random_suffix;
use crate::rbac::{self, ApiRequest, OperatorRbac};

/// Who the operator is, to a fake.
#[derive(Debug, Clone)]
pub struct OperatorIdentity {
    /// The bearer token of the operator's kubeconfig.
    pub token: String,
    /// The test's namespace, which stands for the operator's own.
    pub namespace: String,
    /// Whether the requests served count as the operator's for the suite's
    /// check of unused grants ([`crate::rbac::record`]); not for a test of
    /// the fake itself.
    pub recorded: bool,
}

impl OperatorIdentity {
    /// An operator with a fresh random token, whose own namespace
    /// `namespace` stands for, with its requests recorded.
    pub fn new(namespace: &str) -> Self {
        Self {
            token: format!("streamspace-operator-{}", random_suffix(16)),
            namespace: namespace.to_owned(),
            recorded: true,
        }
    }
}

/// The operator's identity, its RBAC and what it was refused.
pub(super) struct OperatorAccess {
    identity: OperatorIdentity,
    rbac: &'static OperatorRbac,
    /// Rules a test grants besides the shipped ones, in the operator's
    /// namespace.
    added: Mutex<Vec<PolicyRule>>,
    refused: Mutex<Vec<String>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl OperatorAccess {
    pub(super) fn new(identity: OperatorIdentity) -> Self {
        Self {
            identity,
            rbac: OperatorRbac::shipped(),
            added: Mutex::default(),
            refused: Mutex::default(),
        }
    }

    /// The operator's bearer token.
    pub(super) fn token(&self) -> &str {
        &self.identity.token
    }

    /// Whether the request carries the operator's token.
    pub(super) fn is_caller(&self, headers: &HeaderMap) -> bool {
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            == Some(self.identity.token.as_str())
    }

    /// Serves `request` if the operator may make it (and records it), else
    /// notes the refusal and answers 403.
    pub(super) fn authorize(&self, request: ApiRequest) -> Result<(), ApiError> {
        let account = &self.rbac.service_account;
        let request = request.in_namespace_of(&self.identity.namespace, &account.namespace);
        let added = || {
            lock(&self.added).iter().any(|rule| {
                matches!(&request, ApiRequest::Resource(r) if r.namespace == account.namespace)
                    && rbac::rule_allows(rule, &request)
            })
        };
        if self.rbac.allows(&request) || added() {
            if self.identity.recorded {
                rbac::record::note(&request);
            }
            return Ok(());
        }
        let refusal = self.rbac.refusal(&request);
        // Printed at once, so a test that then times out shows why.
        eprintln!("fake API server: {refusal}");
        lock(&self.refused).push(refusal);
        Err(ApiError::forbidden(&format!(
            "User \"system:serviceaccount:{}:{}\" cannot {request}: deploy/base/rbac.yaml does not \
             grant it",
            account.namespace, account.name
        )))
    }

    /// Grants `rule` in the operator's namespace besides the shipped RBAC.
    pub(super) fn grant(&self, rule: PolicyRule) {
        lock(&self.added).push(rule);
    }

    /// Every refusal so far, each naming the request and the rule to add.
    pub(super) fn refused(&self) -> Vec<String> {
        lock(&self.refused).clone()
    }
}
