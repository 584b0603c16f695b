//! The operator's RBAC, checked against the requests it really makes.
//!
//! The fake API server knows the operator by the token of its kubeconfig
//! (see [`crate::TestCluster`]). It derives each of its requests'
//! [`ApiRequest`] attributes as Kubernetes does, answers 403 Forbidden to
//! what [`OperatorRbac::shipped`] (the rules `deploy/base/rbac.yaml` binds to the
//! operator's ServiceAccount) does not grant, as a real API server with RBAC
//! would, and [`record`]s what it served; the test's namespace stands for
//! the operator's own. [`coverage::unused_grants`] then finds the rules no
//! request of the whole suite used.

pub mod coverage;
pub mod record;
mod request;
mod rules;

pub use request::{ApiRequest, ResourceRequest};
pub use rules::{Grant, OperatorRbac, ServiceAccount, rule_allows};
