//! The Template controller: run `template.rhai` and write `status.valid`,
//! `status.message` and a `Valid` condition.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures::stream::BoxStream;
use futures::{StreamExt, TryStreamExt};
use kube::api::{Patch, PatchParams};
use kube::runtime::controller::{Action, Controller};
use kube::runtime::events::EventType;
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Resource, ResourceExt};
use serde_json::json;

use super::context::Context;
use super::logging::log_result;
use super::status::{SCRIPT_ERROR, condition};
use crate::crd::{Template, TemplateStatus};
use crate::keys::FIELD_MANAGER;
use crate::metrics::Validation;
use crate::script::ScriptError;

/// How soon a Template is tried again while no script set has loaded.
const NO_SCRIPTS_RETRY: Duration = Duration::from_secs(5);

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
    ctx: &Context,
    template: &Template,
    next: TemplateStatus,
) -> Result<(), kube::Error> {
    if template.status.as_ref() == Some(&next) {
        return Ok(());
    }
    let api: Api<Template> = Api::namespaced(
        ctx.kube.client().clone(),
        &template.namespace().unwrap_or_default(),
    );
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
    ctx: Arc<Context>,
) -> Result<Action, ValidateError> {
    let Some(set) = ctx.scripts.current() else {
        return Ok(Action::requeue(NO_SCRIPTS_RETRY));
    };
    let namespace = template.namespace().unwrap_or_default();
    let now = jiff::Timestamp::now();
    let verdict = ctx.evaluator.template(&set, &template, now);
    let current = template.status.clone().unwrap_or_default();
    let generation = template.metadata.generation;
    match verdict {
        Ok(verdict) => {
            let verdict = verdict.decision;
            let (status, reason, result) = if verdict.valid {
                ("True", "TemplateValid", Validation::Valid)
            } else {
                ("False", "TemplateInvalid", Validation::Invalid)
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
            write_status(&ctx, &template, next).await?;
            ctx.metrics.template_validated(&namespace, result);
            if changed && !verdict.valid {
                ctx.kube
                    .event(
                        &template.object_ref(&()),
                        EventType::Warning,
                        reason,
                        "Validate",
                        verdict.message,
                    )
                    .await;
            }
            ctx.template_failures.forget(&template);
            Ok(Action::await_change())
        }
        Err(e) => {
            ctx.metrics
                .template_validated(&namespace, Validation::Error);
            let message = e.to_string();
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
            if let Err(status_error) = write_status(&ctx, &template, next).await {
                tracing::warn!(template = %template.name_any(), "could not record the script error: {status_error}");
            }
            ctx.kube
                .event(
                    &template.object_ref(&()),
                    EventType::Warning,
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
pub fn error_policy(template: Arc<Template>, _error: &ValidateError, ctx: Arc<Context>) -> Action {
    Action::requeue(ctx.template_failures.failed(&template))
}

/// Runs the Template controller until `shutdown`: every Template is
/// validated when it changes and after every script reload.
pub async fn run(
    ctx: Arc<Context>,
    templates: BoxStream<'static, Result<watcher::Event<Template>, watcher::Error>>,
    shutdown: impl Future<Output = ()> + Send + Sync + 'static,
) {
    let deleted = Arc::clone(&ctx);
    let templates = templates
        .inspect_ok(move |event| {
            if let watcher::Event::Delete(template) = event {
                deleted.template_failures.forget(template);
            }
        })
        .applied_objects();
    Controller::for_stream(templates, ctx.caches.templates.clone())
        .reconcile_all_on(ctx.scripts.swaps())
        .graceful_shutdown_on(shutdown)
        .run(reconcile, error_policy, Arc::clone(&ctx))
        .for_each(|result| async move { log_result(result) })
        .await;
}
