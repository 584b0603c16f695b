//! `streamspace-operator run`: connect, check the CRDs, start the stores,
//! controllers, script source, idle loop and HTTP server, and stop cleanly
//! on SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, bail};
use futures::StreamExt;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Secret, Service};
use k8s_openapi::api::networking::v1::Ingress;
use kube::config::KubeConfigOptions;
use kube::runtime::controller::{self, Controller};
use kube::runtime::events::{Recorder, Reporter};
use kube::runtime::reflector::ObjectRef;
use kube::runtime::{Predicate, WatchStreamExt, predicates, watcher};
use kube::{Api, Client, Resource, ResourceExt};
use tokio_util::sync::CancellationToken;

use super::heartbeats::Heartbeats;
use super::idle::{self, IdleSchedule};
use super::reload::{self, ScriptSource};
use super::scripts::ScriptStore;
use super::session::Reconciler;
use super::state::Operator;
use super::stores::{Stores, reflect, watch_children};
use super::{session, template};
use crate::crd::{Session, Template};
use crate::metrics::Metrics;
use crate::script::PolicySettings;
use crate::script::duration::ScriptDuration;
use crate::web::auth::EditorAuthArgs;
use crate::web::logs::LogHub;
use crate::web::{self, ServiceToken, WebState};

/// Flags of `run`; each has an environment fallback.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Namespace whose Sessions and Templates to manage; empty for all.
    #[arg(long, env = "STREAMSPACE_NAMESPACE", default_value = "")]
    namespace: String,
    /// The operator's own namespace (default for the scripts ConfigMap).
    #[arg(long, env = "POD_NAMESPACE", default_value = "streamspace")]
    operator_namespace: String,
    /// Scripts ConfigMap as NAMESPACE/NAME or NAME (default: streamspace-scripts
    /// in the operator's namespace).
    #[arg(
        long,
        env = "STREAMSPACE_SCRIPTS_CONFIGMAP",
        conflicts_with = "scripts_dir"
    )]
    scripts_configmap: Option<String>,
    /// Read the scripts from this directory instead of a ConfigMap.
    #[arg(long, env = "STREAMSPACE_SCRIPTS_DIR")]
    scripts_dir: Option<PathBuf>,
    /// Address of the HTTP server (health, metrics, session endpoints).
    #[arg(long, env = "STREAMSPACE_LISTEN", default_value = "0.0.0.0:8080")]
    listen: SocketAddr,
    /// Sessions reconciled at once.
    #[arg(long, env = "STREAMSPACE_CONCURRENCY", default_value_t = 8)]
    concurrency: u16,
    /// Token StreamSpace's API and proxy present on the session endpoints.
    #[arg(long, env = "STREAMSPACE_API_TOKEN", hide_env_values = true)]
    api_token: Option<String>,
    /// Read that token from key `token` of this Secret (NAMESPACE/NAME or NAME).
    #[arg(
        long,
        env = "STREAMSPACE_API_TOKEN_SECRET",
        conflicts_with = "api_token"
    )]
    api_token_secret: Option<String>,
    /// At most one lastActivity write per Session per this interval.
    #[arg(long, env = "STREAMSPACE_HEARTBEAT_INTERVAL", default_value = "30s")]
    heartbeat_interval: ScriptDuration,
    /// Settings passed to scripts as ctx.config.
    #[command(flatten)]
    settings: PolicySettings,
    /// How editor users authenticate.
    #[command(flatten)]
    editor_auth: EditorAuthArgs,
}

/// `NAMESPACE/NAME`, or `NAME` in `default_namespace`.
fn namespaced_name(value: &str, default_namespace: &str) -> (String, String) {
    match value.split_once('/') {
        Some((namespace, name)) => (namespace.to_owned(), name.to_owned()),
        None => (default_namespace.to_owned(), value.to_owned()),
    }
}

fn api<K>(client: &Client, namespace: &str) -> Api<K>
where
    K: Resource<Scope = k8s_openapi::NamespaceResourceScope, DynamicType = ()>,
{
    if namespace.is_empty() {
        Api::all(client.clone())
    } else {
        Api::namespaced(client.clone(), namespace)
    }
}

/// The client configuration, looked up in the order controllers use: the
/// kubeconfig named by `KUBECONFIG` (set on purpose, so it wins), then the
/// in-cluster service account, then `~/.kube/config`.
async fn kube_config() -> anyhow::Result<kube::Config> {
    let options = KubeConfigOptions::default();
    if std::env::var_os("KUBECONFIG").is_some_and(|v| !v.is_empty()) {
        return kube::Config::from_kubeconfig(&options)
            .await
            .context("reading the kubeconfig named by KUBECONFIG");
    }
    match kube::Config::incluster() {
        Ok(config) => Ok(config),
        Err(in_cluster) => kube::Config::from_kubeconfig(&options)
            .await
            .with_context(|| {
                format!(
                    "no Kubernetes configuration found: not in a cluster ({in_cluster}), \
                 KUBECONFIG is not set and ~/.kube/config is not usable"
                )
            }),
    }
}

/// Waits for the API server (retrying with backoff, never panicking) and
/// checks that both CRDs are served.
async fn check_api(client: &Client, shutdown: &CancellationToken) -> anyhow::Result<()> {
    let group_version = Session::api_version(&()).into_owned();
    let mut wait = Duration::from_secs(1);
    loop {
        match client.list_api_group_resources(&group_version).await {
            Ok(list) => {
                for plural in ["sessions", "templates"] {
                    if !list.resources.iter().any(|r| r.name == plural) {
                        bail!(missing_crd(plural));
                    }
                }
                return Ok(());
            }
            Err(kube::Error::Api(status)) if status.code == 404 => bail!(missing_crd("sessions")),
            // Waiting does not mend credentials: say what to fix and stop.
            Err(kube::Error::Api(status)) if status.code == 401 => bail!(
                "the API server refused the credentials (401 {}): check the service account \
                 token or the user of the kubeconfig",
                status.message
            ),
            Err(kube::Error::Api(status)) if status.code == 403 => bail!(
                "the credentials may not discover {group_version} (403 {}): grant the operator's \
                 RBAC from deploy/rbac.yaml",
                status.message
            ),
            Err(e) => {
                tracing::warn!(
                    "cannot reach the Kubernetes API server ({e}); retrying in {}s",
                    wait.as_secs()
                );
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = shutdown.cancelled() => bail!("stopped while waiting for the API server"),
                }
                wait = (wait * 2).min(Duration::from_secs(30));
            }
        }
    }
}

fn missing_crd(plural: &str) -> String {
    format!(
        "the CustomResourceDefinition {plural}.{} is not installed; install both CRDs with \
         `streamspace-operator crd | kubectl apply -f -` (or `kubectl apply -k deploy/`) and start again",
        Session::group(&())
    )
}

async fn service_token(client: &Client, args: &RunArgs) -> anyhow::Result<ServiceToken> {
    let Some(secret) = &args.api_token_secret else {
        return Ok(ServiceToken::new(args.api_token.as_deref()));
    };
    let (namespace, name) = namespaced_name(secret, &args.operator_namespace);
    let secret = Api::<Secret>::namespaced(client.clone(), &namespace)
        .get(&name)
        .await
        .with_context(|| format!("reading the API token Secret {namespace}/{name}"))?;
    let token = secret
        .data
        .as_ref()
        .and_then(|d| d.get("token"))
        .and_then(|t| String::from_utf8(t.0.clone()).ok())
        .with_context(|| format!("Secret {namespace}/{name} has no UTF-8 key `token`"))?;
    Ok(ServiceToken::new(Some(&token)))
}

/// Completes on SIGTERM or Ctrl-C.
async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::warn!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = terminate => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}

fn log_results<K: Resource, E: std::fmt::Display>(
    result: Result<(ObjectRef<K>, controller::Action), controller::Error<E, watcher::Error>>,
) {
    match result {
        Ok(_) => {}
        Err(controller::Error::ReconcilerFailed(e, object)) => {
            tracing::debug!(object = %object, "reconcile failed: {e}")
        }
        Err(e) => tracing::warn!("controller: {e}"),
    }
}

/// Runs the operator until SIGTERM.
pub async fn run(args: RunArgs) -> anyhow::Result<()> {
    run_with(args, Reconciler::Scripts).await
}

/// Runs the operator until SIGTERM, with `reconciler` deciding Sessions.
pub async fn run_with(args: RunArgs, reconciler: Reconciler) -> anyhow::Result<()> {
    let shutdown = CancellationToken::new();
    tokio::spawn({
        let shutdown = shutdown.clone();
        async move {
            shutdown_signal().await;
            tracing::info!("shutting down");
            shutdown.cancel();
        }
    });
    let client =
        Client::try_from(kube_config().await?).context("building the Kubernetes client")?;
    check_api(&client, &shutdown).await?;
    let token = service_token(&client, &args).await?;
    if !token.configured() {
        tracing::warn!(
            "no API token configured (--api-token or --api-token-secret): the session endpoints refuse every call"
        );
    }

    let metrics = Metrics::new();
    let scripts = Arc::new(ScriptStore::new(metrics.clone()));
    let namespace = args.namespace.as_str();
    let (deployments, deployment_changes) = watch_children::<Deployment>(api(&client, namespace));
    let (services, service_changes) = watch_children::<Service>(api(&client, namespace));
    let (persistent_volume_claims, pvc_changes) =
        watch_children::<PersistentVolumeClaim>(api(&client, namespace));
    let (ingresses, ingress_changes) = watch_children::<Ingress>(api(&client, namespace));

    let (templates, template_events) = reflect(
        api::<Template>(&client, namespace),
        watcher::Config::default(),
    );
    let template_controller =
        Controller::for_stream(template_events.applied_objects(), templates.clone());
    let (sessions, session_events) = reflect(
        api::<Session>(&client, namespace),
        watcher::Config::default(),
    );
    // Status is the operator's own output (phase, conditions, heartbeats'
    // lastActivity), so a status-only change does not call for a reconcile;
    // spec (generation), labels and annotations do, since scripts read them.
    let session_changes = session_events.applied_objects().predicate_filter(
        predicates::generation
            .combine(predicates::labels)
            .combine(predicates::annotations),
        Default::default(),
    );
    let session_controller = Controller::for_stream(session_changes, sessions.clone());
    let (idle_schedule, idle_queue) = IdleSchedule::new();
    let reporter = Reporter {
        controller: "streamspace-operator".into(),
        instance: std::env::var("POD_NAME").ok(),
    };
    let op = Arc::new(
        Operator::new(
            client.clone(),
            Stores {
                sessions: sessions.clone(),
                templates,
                deployments,
                services,
                persistent_volume_claims,
                ingresses,
            },
            Arc::clone(&scripts),
            args.settings.clone(),
            Recorder::new(client.clone(), reporter),
            metrics,
            idle_schedule,
        )
        .with_reconciler(reconciler),
    );

    let source = match &args.scripts_dir {
        Some(dir) => ScriptSource::Dir(dir.clone()),
        None => {
            let value = args
                .scripts_configmap
                .as_deref()
                .unwrap_or("streamspace-scripts");
            let (namespace, name) = namespaced_name(value, &args.operator_namespace);
            ScriptSource::ConfigMap { namespace, name }
        }
    };
    tracing::info!(%source, namespace = if namespace.is_empty() { "all" } else { namespace }, "starting");
    let configmap = match &source {
        ScriptSource::ConfigMap { namespace, name } => Some((namespace.as_str(), name.as_str())),
        ScriptSource::Dir(_) => None,
    };
    let auth = args
        .editor_auth
        .authenticator(&client, &args.operator_namespace, configmap)
        .await?;
    let editor = web::editor::Editor::for_operator(Arc::clone(&op), &source, auth.clone());
    let source_task = match source {
        ScriptSource::Dir(dir) => {
            let scripts = Arc::clone(&scripts);
            tokio::spawn(async move {
                if let Err(e) = reload::watch_dir(scripts, dir).await {
                    tracing::error!("script directory watch stopped: {e:#}");
                }
            })
        }
        ScriptSource::ConfigMap { namespace, name } => {
            tokio::spawn(reload::watch_configmap(Arc::clone(&op), namespace, name))
        }
    };

    let heartbeats = Heartbeats::new(args.heartbeat_interval.as_std());
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let state = WebState {
        op: Arc::clone(&op),
        token: Arc::new(token),
        heartbeats: Arc::clone(&heartbeats),
        auth,
        logs: LogHub::global().clone(),
    };
    let server = tokio::spawn(web::serve(
        listener,
        web::router(state, editor),
        shutdown.clone().cancelled_owned(),
    ));

    // Every swap of the script set reconciles every Session and Template again.
    let reloads = || {
        futures::stream::unfold(scripts.subscribe(), |mut rx| async move {
            rx.changed().await.ok()?;
            Some(((), rx))
        })
    };
    let template_users = sessions.clone();
    let sessions_task = session_controller
        .owns_stream(deployment_changes)
        .owns_stream(service_changes)
        .owns_stream(pvc_changes)
        .owns_stream(ingress_changes)
        .watches(
            api::<Template>(&client, namespace),
            watcher::Config::default(),
            move |template: Template| {
                let namespace = template.namespace();
                let name = template.name_any();
                template_users
                    .state()
                    .into_iter()
                    .filter(|s| s.namespace() == namespace && s.spec.template == name)
                    .map(|s| ObjectRef::from_obj(s.as_ref()))
                    .collect::<Vec<_>>()
            },
        )
        .reconcile_all_on(reloads())
        .with_config(controller::Config::default().concurrency(args.concurrency))
        .graceful_shutdown_on(shutdown.clone().cancelled_owned())
        .run(session::reconcile, session::error_policy, Arc::clone(&op))
        .for_each(|result| async move { log_results(result) });
    let templates_task = template_controller
        .reconcile_all_on(reloads())
        .graceful_shutdown_on(shutdown.clone().cancelled_owned())
        .run(template::reconcile, template::error_policy, Arc::clone(&op))
        .for_each(|result| async move { log_results(result) });
    let idle_task = tokio::spawn(idle::run(Arc::clone(&op), idle_queue));

    tokio::join!(sessions_task, templates_task);
    heartbeats.flush_all(&op).await;
    for task in [source_task, idle_task] {
        task.abort();
    }
    server
        .await
        .context("HTTP server task")?
        .context("HTTP server")?;
    tracing::info!("stopped");
    Ok(())
}
