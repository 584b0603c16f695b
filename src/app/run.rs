//! `streamspace-operator run`: connect, check the CRDs, build the caches,
//! controllers, script source, idle loop and HTTP server from their parts,
//! and stop cleanly on SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, bail};
use k8s_openapi::api::core::v1::Secret;
use kube::config::KubeConfigOptions;
use kube::{Api, Client, Resource};
use tokio_util::sync::CancellationToken;

use crate::controller::activity::Activity;
use crate::controller::caches;
use crate::controller::context::{Context, View};
use crate::controller::evaluate::Evaluator;
use crate::controller::kube::Kube;
use crate::controller::quotas::{self, QuotaStore};
use crate::controller::reload::{self, ScriptSource};
use crate::controller::schedule::IdleSchedule;
use crate::controller::scripts::ScriptStore;
use crate::controller::session::{self, SessionTriggers};
use crate::controller::{idle, template};
use crate::crd::Session;
use crate::metrics::Metrics;
use crate::script::PolicySettings;
use crate::script::duration::ScriptDuration;
use crate::web::admission::{self, AdmissionArgs, AdmissionState};
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
    /// The admission webhook.
    #[command(flatten)]
    admission: AdmissionArgs,
    /// The quotas the admission policy sees: a ConfigMap NAMESPACE/NAME or
    /// NAME (in the operator's namespace), key `quotas.yaml`.
    #[arg(
        long,
        env = "STREAMSPACE_QUOTAS_CONFIGMAP",
        default_value = "streamspace-quotas"
    )]
    quotas_configmap: String,
}

/// `NAMESPACE/NAME`, or `NAME` in `default_namespace`.
fn namespaced_name(value: &str, default_namespace: &str) -> (String, String) {
    match value.split_once('/') {
        Some((namespace, name)) => (namespace.to_owned(), name.to_owned()),
        None => (default_namespace.to_owned(), value.to_owned()),
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
                 RBAC from deploy/base/rbac.yaml",
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

/// Runs the operator until SIGTERM.
pub async fn run(args: RunArgs) -> anyhow::Result<()> {
    run_with(args, |evaluator| evaluator).await
}

/// Runs the operator until SIGTERM with `native` deciding Sessions in place
/// of `reconcile.rhai`: the baseline the benchmarks measure against.
#[cfg(feature = "bench")]
pub async fn run_native(
    args: RunArgs,
    native: crate::controller::evaluate::Native,
) -> anyhow::Result<()> {
    run_with(args, |evaluator| evaluator.with_native(native)).await
}

/// Where the scripts come from: the directory, or the ConfigMap named by
/// the flags (default `streamspace-scripts` in the operator's namespace).
fn script_source(args: &RunArgs) -> ScriptSource {
    match &args.scripts_dir {
        Some(dir) => ScriptSource::Dir(dir.clone()),
        None => {
            let value = args
                .scripts_configmap
                .as_deref()
                .unwrap_or("streamspace-scripts");
            let (namespace, name) = namespaced_name(value, &args.operator_namespace);
            ScriptSource::ConfigMap { namespace, name }
        }
    }
}

/// Starts the quota ConfigMap's watch and the admission webhook.
async fn start_admission(
    args: &RunArgs,
    kube: &Kube,
    ctx: &Context,
    view: Arc<View>,
    shutdown: CancellationToken,
) -> anyhow::Result<[tokio::task::JoinHandle<()>; 2]> {
    let (namespace, name) = namespaced_name(&args.quotas_configmap, &args.operator_namespace);
    let watch = tokio::spawn(quotas::watch_quotas(
        kube.clone(),
        Arc::clone(&ctx.quotas),
        namespace,
        name,
    ));
    let state = AdmissionState {
        view,
        evaluator: Arc::new(Evaluator::counted(
            args.settings.clone(),
            ctx.metrics.clone(),
        )),
        failure_policy: args.admission.admission_failure_policy,
    };
    let server = admission::start(
        &args.admission,
        &args.operator_namespace,
        kube,
        state,
        shutdown,
    )
    .await?;
    Ok([watch, server])
}

/// Connects, builds every part and runs them until SIGTERM.
async fn run_with(
    args: RunArgs,
    evaluator: impl FnOnce(Evaluator) -> Evaluator,
) -> anyhow::Result<()> {
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
    let kube = Kube::new(client.clone());
    let namespace = args.namespace.as_str();
    let (caches, watches) = caches::watch(&client, namespace);
    let (idle_schedule, idle_queue) = IdleSchedule::new();
    let ctx = Arc::new(Context {
        kube: kube.clone(),
        caches,
        scripts: Arc::clone(&scripts),
        quotas: Arc::new(QuotaStore::new(metrics.clone())),
        evaluator: evaluator(Evaluator::counted(args.settings.clone(), metrics.clone())),
        evaluated: Default::default(),
        metrics,
        idle: idle_schedule,
        recent: Default::default(),
        reconcile_log: Default::default(),
        session_failures: Default::default(),
        template_failures: Default::default(),
    });

    let source = script_source(&args);
    tracing::info!(%source, namespace = if namespace.is_empty() { "all" } else { namespace }, "starting");
    let configmap = match &source {
        ScriptSource::ConfigMap { namespace, name } => Some((namespace.as_str(), name.as_str())),
        ScriptSource::Dir(_) => None,
    };
    let auth = args
        .editor_auth
        .authenticator(&client, &args.operator_namespace, configmap)
        .await?;
    let view = Arc::new(ctx.view());
    let editor =
        web::editor::Editor::for_operator(Arc::clone(&view), kube.clone(), &source, auth.clone());
    let source_task = match source {
        ScriptSource::Dir(dir) => {
            let scripts = Arc::clone(&scripts);
            tokio::spawn(async move {
                if let Err(e) = reload::watch_dir(scripts, dir).await {
                    tracing::error!("script directory watch stopped: {e:#}");
                }
            })
        }
        ScriptSource::ConfigMap { namespace, name } => tokio::spawn(reload::watch_configmap(
            kube.clone(),
            Arc::clone(&scripts),
            namespace,
            name,
        )),
    };

    let activity = Arc::new(Activity::new(
        Arc::clone(&ctx),
        args.heartbeat_interval.as_std(),
    ));
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let state = WebState {
        view: Arc::clone(&view),
        activity: Arc::clone(&activity),
        token: Arc::new(token),
        auth,
        logs: LogHub::global().clone(),
    };
    let server = tokio::spawn(web::serve(
        listener,
        web::router(state, editor),
        shutdown.clone().cancelled_owned(),
    ));

    let admission_tasks = if args.admission.admission {
        Some(start_admission(&args, &kube, &ctx, view, shutdown.clone()).await?)
    } else {
        None
    };

    let triggers = SessionTriggers {
        sessions: watches.sessions,
        children: watches.children,
        namespace: args.namespace.clone(),
    };
    let sessions_task = session::run(
        Arc::clone(&ctx),
        triggers,
        args.concurrency,
        shutdown.clone().cancelled_owned(),
    );
    let templates_task = template::run(
        Arc::clone(&ctx),
        watches.templates,
        shutdown.clone().cancelled_owned(),
    );
    let idle_task = tokio::spawn(idle::run(Arc::clone(&ctx), idle_queue));

    tokio::join!(sessions_task, templates_task);
    activity.flush().await;
    for task in [source_task, idle_task]
        .into_iter()
        .chain(admission_tasks.into_iter().flatten())
    {
        task.abort();
    }
    server
        .await
        .context("HTTP server task")?
        .context("HTTP server")?;
    tracing::info!("stopped");
    Ok(())
}
