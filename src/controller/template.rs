//! The Template reconcile: run `template.rhai` and write `status.valid`,
//! `status.message` and a `Valid` condition.

use std::sync::Arc;
use std::time::{Duration, Instant};

use kube::api::{Patch, PatchParams};
use kube::runtime::controller::Action;
use kube::{Api, Resource, ResourceExt};
use serde_json::json;

use super::apply::FIELD_MANAGER;
use super::session::eval_result;
use super::state::Operator;
use super::status::{SCRIPT_ERROR, condition};
use crate::crd::{Template, TemplateStatus};
use crate::script::{Entry, ScriptError};

/// Why a Template reconcile failed.
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    /// The script failed or returned a wrong verdict.
    #[error(transparent)]
    Script(#[from] ScriptError),
    /// The API server refused the status.
    #[error("writing status: {0}")]
    Status(#[from] kube::Error),
}

async fn write_status(
    op: &Operator,
    template: &Template,
    next: TemplateStatus,
) -> Result<(), kube::Error> {
    if template.status.as_ref() == Some(&next) {
        return Ok(());
    }
    let api: Api<Template> =
        Api::namespaced(op.client.clone(), &template.namespace().unwrap_or_default());
    let patch = json!({ "status": { "valid": next.valid, "message": next.message, "conditions": next.conditions } });
    api.patch_status(
        &template.name_any(),
        &PatchParams::apply(FIELD_MANAGER),
        &Patch::Merge(patch),
    )
    .await
    .map(drop)
}

/// Validates one Template.
pub async fn reconcile(
    template: Arc<Template>,
    op: Arc<Operator>,
) -> Result<Action, ValidateError> {
    let Some(set) = op.scripts.current() else {
        return Ok(Action::requeue(Duration::from_secs(5)));
    };
    let started = Instant::now();
    let namespace = template.namespace().unwrap_or_default();
    let now = jiff::Timestamp::now();
    let verdict = tokio::task::block_in_place(|| set.validate(&template, now));
    op.metrics.evaluated(
        Entry::Template.file(),
        eval_result(&verdict),
        started.elapsed(),
    );
    let current = template.status.clone().unwrap_or_default();
    let generation = template.metadata.generation;
    match verdict {
        Ok(verdict) => {
            let verdict = verdict.decision;
            let (status, reason) = if verdict.valid {
                ("True", "TemplateValid")
            } else {
                ("False", "TemplateInvalid")
            };
            let next = TemplateStatus {
                valid: Some(verdict.valid),
                message: Some(verdict.message.clone()),
                conditions: vec![condition(
                    &current.conditions,
                    "Valid",
                    status,
                    reason,
                    &verdict.message,
                    generation,
                    now,
                )],
            };
            let changed = current.valid != next.valid;
            write_status(&op, &template, next).await?;
            op.metrics
                .template_validated(&namespace, if verdict.valid { "valid" } else { "invalid" });
            if changed && !verdict.valid {
                op.event(
                    &template.object_ref(&()),
                    true,
                    reason,
                    "Validate",
                    verdict.message,
                )
                .await;
            }
            op.succeeded(&format!("template:{namespace}/{}", template.name_any()));
            Ok(Action::await_change())
        }
        Err(e) => {
            op.metrics.template_validated(&namespace, "error");
            let message = e.to_string();
            tracing::warn!(template = %template.name_any(), namespace, "{message}");
            let mut conditions: Vec<_> = current
                .conditions
                .iter()
                .filter(|c| c.type_ != SCRIPT_ERROR)
                .cloned()
                .collect();
            conditions.push(condition(
                &current.conditions,
                SCRIPT_ERROR,
                "True",
                SCRIPT_ERROR,
                &message,
                generation,
                now,
            ));
            let next = TemplateStatus {
                conditions,
                ..current
            };
            if let Err(status_error) = write_status(&op, &template, next).await {
                tracing::warn!(template = %template.name_any(), "could not record the script error: {status_error}");
            }
            op.event(
                &template.object_ref(&()),
                true,
                SCRIPT_ERROR,
                "Validate",
                message,
            )
            .await;
            Err(e.into())
        }
    }
}

/// Requeues a failed Template with a growing backoff.
pub fn error_policy(template: Arc<Template>, _error: &ValidateError, op: Arc<Operator>) -> Action {
    let key = format!(
        "template:{}/{}",
        template.namespace().unwrap_or_default(),
        template.name_any()
    );
    Action::requeue(op.failed(&key))
}
