//! `POST /validate-sessions`: the API server's AdmissionReview (v1) of a
//! Session, answered from the operator's caches (no API call per request)
//! with `admit.rhai`'s decision: allowed, or 403 with the policy's message,
//! plus its warnings, which `kubectl` prints.

use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::extract::State;
use kube::core::DynamicObject;
use kube::core::admission::{AdmissionRequest, AdmissionResponse, AdmissionReview, Operation};

use super::FailurePolicy;
use crate::controller::context::View;
use crate::controller::evaluate::Evaluator;
use crate::crd::Session;
use crate::metrics::AdmissionResult;
use crate::script::admission::{AdmitInput, Operation as AdmitOperation};

/// What the webhook reads: the caches, the scripts, the quotas.
#[derive(Clone)]
pub struct AdmissionState {
    /// The operator's caches, script set and quotas.
    pub view: Arc<View>,
    /// Runs `admit.rhai`, counted.
    pub evaluator: Arc<Evaluator>,
    /// What a failing policy answers.
    pub failure_policy: FailurePolicy,
}

/// Answers one AdmissionReview.
pub async fn validate(
    State(state): State<AdmissionState>,
    Json(review): Json<AdmissionReview<Session>>,
) -> Json<AdmissionReview<DynamicObject>> {
    let started = Instant::now();
    let request: AdmissionRequest<Session> = match review.try_into() {
        Ok(request) => request,
        Err(e) => return Json(AdmissionResponse::invalid(e).into_review()),
    };
    let operation = operation_label(&request.operation);
    let (response, result) = answer(&state, request);
    state
        .view
        .metrics
        .admitted(operation, result, started.elapsed());
    Json(response.into_review())
}

fn operation_label(operation: &Operation) -> &'static str {
    match operation {
        Operation::Create => "CREATE",
        Operation::Update => "UPDATE",
        Operation::Delete => "DELETE",
        Operation::Connect => "CONNECT",
    }
}

/// The response to `request` and how it was decided.
fn answer(
    state: &AdmissionState,
    request: AdmissionRequest<Session>,
) -> (AdmissionResponse, AdmissionResult) {
    let response = AdmissionResponse::from(&request);
    let operation = match request.operation {
        Operation::Create => AdmitOperation::Create,
        Operation::Update => AdmitOperation::Update,
        // The configuration registers CREATE and UPDATE only.
        Operation::Delete | Operation::Connect => return (response, AdmissionResult::Allowed),
    };
    let Some(mut session) = request.object else {
        return (response, AdmissionResult::Allowed);
    };
    let Some(set) = state.view.scripts.current() else {
        return failed(
            state.failure_policy,
            response,
            "no script set is loaded yet".to_owned(),
        );
    };
    if session.metadata.namespace.is_none() {
        session.metadata.namespace = request.namespace;
    }
    let caches = &state.view.caches;
    let user = session.spec.user.clone();
    let input = AdmitInput::new(
        operation,
        Arc::new(session),
        request.old_object.map(Arc::new),
        caches.sessions_of_user(&user),
        |s| caches.template_of(s),
        state.view.quotas.current().for_user(&user),
    );
    match state.evaluator.admit(&set, &input, jiff::Timestamp::now()) {
        Ok(None) => (response, AdmissionResult::Allowed),
        Ok(Some(evaluation)) => {
            let decision = evaluation.decision;
            let mut warned = response;
            warned.warnings = (!decision.warnings.is_empty()).then_some(decision.warnings);
            if decision.allowed {
                (warned, AdmissionResult::Allowed)
            } else {
                (forbidden(warned, decision.message), AdmissionResult::Denied)
            }
        }
        Err(e) => failed(
            state.failure_policy,
            response,
            format!("admit.rhai failed: {e}"),
        ),
    }
}

/// A refusal as `kubectl` shows it: `Error from server (Forbidden):
/// admission webhook "…" denied the request: <message>`.
fn forbidden(response: AdmissionResponse, message: String) -> AdmissionResponse {
    let mut response = response.deny(message);
    response.result.code = 403;
    response.result.reason = "Forbidden".into();
    response
}

/// The answer when the policy could not decide.
fn failed(
    policy: FailurePolicy,
    response: AdmissionResponse,
    error: String,
) -> (AdmissionResponse, AdmissionResult) {
    tracing::warn!("admission: {error}; answered by the failure policy {policy:?}");
    let answer = match policy {
        FailurePolicy::Fail => forbidden(
            response,
            format!("{error} (the admission failure policy is Fail)"),
        ),
        FailurePolicy::Ignore => {
            let mut admitted = response;
            admitted.warnings = Some(vec![format!(
                "{error}; admitted because the admission failure policy is Ignore"
            )]);
            admitted
        }
    };
    (answer, AdmissionResult::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> AdmissionResponse {
        let review: AdmissionReview<Session> = serde_json::from_value(serde_json::json!({
            "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "request": {
                "uid": "u-1",
                "kind": { "group": "stream.space", "version": "v1alpha1", "kind": "Session" },
                "resource": { "group": "stream.space", "version": "v1alpha1", "resource": "sessions" },
                "operation": "CREATE", "userInfo": {}, "dryRun": false
            }
        }))
        .unwrap();
        let request: AdmissionRequest<Session> = review.try_into().unwrap();
        AdmissionResponse::from(&request)
    }

    #[test]
    fn a_refusal_is_403_with_the_message_and_keeps_the_uid() {
        let review =
            serde_json::to_value(forbidden(request(), "over quota".into()).into_review()).unwrap();
        let response = &review["response"];
        assert_eq!(response["uid"], "u-1");
        assert_eq!(response["allowed"], false);
        assert_eq!(response["status"]["code"], 403);
        assert_eq!(response["status"]["message"], "over quota");
    }

    #[test]
    fn a_failing_policy_answers_by_the_failure_policy() {
        let (refused, result) = failed(
            FailurePolicy::Fail,
            request(),
            "admit.rhai failed: boom".into(),
        );
        assert_eq!(result, AdmissionResult::Error);
        assert!(!refused.allowed);
        assert_eq!(
            refused.result.message,
            "admit.rhai failed: boom (the admission failure policy is Fail)"
        );
        let (admitted, _) = failed(
            FailurePolicy::Ignore,
            request(),
            "admit.rhai failed: boom".into(),
        );
        assert!(admitted.allowed);
        assert!(admitted.warnings.unwrap()[0].starts_with("admit.rhai failed: boom; admitted"));
    }
}
