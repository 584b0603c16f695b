//! The operator at scale, against a Kubernetes API: the in-process fake
//! API server of `streamspace-testkit` by default (with its simulated
//! Deployment controller and pods that become ready, so the status churn of
//! a real cluster is there), or the cluster named by
//! `STREAMSPACE_TEST_KUBECONFIG`. The operator runs as its own process, so
//! its CPU and memory are its own. It prints one table:
//!
//! - throughput: with the operator running and its Template validated, N
//!   Sessions are created at once; the time until every one is Running,
//!   for the operator binary and for the same operator with the default
//!   reconcile written in Rust
//!   (`native::reconcile`, checked equal to the scripts by the `reconcile`
//!   benchmark); their ratio is the script host's overhead. For each, over
//!   that time: the operator's CPU per Session, its reconciles per Session,
//!   its writes per Session by resource (counted by the fake API server)
//!   and its peak memory;
//! - reload: the time from a ConfigMap update to every Session evaluated by
//!   the new version (the operator's own record, in
//!   `streamspace_sessions_by_script_version`), and the writes it caused,
//!   for a change that alters no decision (expected: no write at all) and
//!   one that alters every Deployment;
//! - steady state: resident memory (now and peak) and CPU of the operator
//!   holding N Sessions with their children, idle after the sync;
//! - heartbeats: activity calls accepted per second and the status writes
//!   they caused.
//!
//! Run with `cargo bench --features bench --bench operator` (N = 100, 1,000 and 5,000; a few
//! minutes), or `cargo bench --features bench --bench operator -- 5000` for chosen sizes. Under `cargo test` it runs with N = 10 as a check that every
//! measurement works: what must hold whatever the speed (every Session
//! Running, every child there, no write for an unchanged decision, one
//! per changed Deployment, every heartbeat accepted) is asserted in both
//! modes; the speed and memory targets are reported, not asserted.

mod native;

/// The operator binary's allocator, so the figures are the operator's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail, ensure};
use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Service};
use k8s_openapi::api::networking::v1::Ingress;
use kube::Client;
use kube::api::{Api, ListParams, PostParams};
use kube::runtime::{WatchStreamExt, watcher};
use serde_json::json;
use streamspace_operator::app::logging::{self, LogFormat};
use streamspace_operator::app::{RunArgs, run_native};
use streamspace_operator::controller::evaluate::Native;
use streamspace_operator::crd::{Session, SessionPhase, Template};
use streamspace_operator::script::set::version_of;

use streamspace_testkit::TestCluster;
use streamspace_testkit::cluster::KUBECONFIG_ENV;
use streamspace_testkit::operator::{Http, Launch, OperatorProcess, TOKEN, put_scripts, scripts};

/// Set in the environment of a copy of this binary that runs the operator
/// with the native reconcile.
const NATIVE_OPERATOR: &str = "STREAMSPACE_BENCH_NATIVE_OPERATOR";

/// The operator logs only warnings while measured.
const LOG_FILTER: &str = "warn";

/// Targets the table reports against.
const OVERHEAD_TARGET: f64 = 1.2;
const RELOAD_TARGET: Duration = Duration::from_secs(2);
const RSS_TARGET_MB: f64 = 150.0;
const CPU_PER_SESSION_TARGET_MS: f64 = 2.5;
const RECONCILES_PER_SESSION_TARGET: f64 = 2.5;
const WRITES_PER_SESSION_TARGET: f64 = 6.0;

/// How long a simulated pod takes to become ready after its Deployment is
/// written.
const POD_READY_AFTER: Duration = Duration::from_millis(100);

/// Writes made after the last Session became Running (the last status
/// churn, an Event) are counted too: they are waited for this long.
const SETTLE: Duration = Duration::from_secs(1);

/// What the harness itself writes (the scripts, the Sessions), not counted
/// as the operator's.
const HARNESS_RESOURCES: [&str; 2] = ["configmaps", "sessions"];

/// The operator's default `--heartbeat-interval`.
const HEARTBEAT_INTERVAL: Duration = Duration::from_secs(30);

fn main() -> anyhow::Result<()> {
    if std::env::var_os(NATIVE_OPERATOR).is_some() {
        return native_operator();
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let plan = match (args.iter().any(|a| a == "--bench"), sizes.is_empty()) {
        (false, _) => Plan::check(),
        (true, true) => Plan::full(vec![100, 1_000, 5_000]),
        (true, false) => Plan::full(sizes),
    };
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(plan))
}

/// `run` of the operator, with the Rust reconcile instead of the script's.
fn native_operator() -> anyhow::Result<()> {
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }
    #[derive(clap::Subcommand)]
    enum Command {
        Run(RunArgs),
    }
    let Command::Run(args) = Cli::parse().command;
    logging::init(LogFormat::Text, "info");
    tokio::runtime::Runtime::new()?.block_on(run_native(args, Native(native::reconcile)))
}

// ---- the plan ---------------------------------------------------------------

/// What to measure, and how big.
struct Plan {
    /// Session counts of the throughput runs.
    sizes: Vec<usize>,
    /// The size whose world the reload and heartbeat runs reuse.
    reload_size: usize,
    /// Sizes whose steady state is measured.
    steady_sizes: Vec<usize>,
    /// How long the idle operator is watched for its CPU.
    steady_window: Duration,
    /// How long heartbeats are sent.
    heartbeat_window: Duration,
    /// Concurrent heartbeat senders.
    heartbeat_senders: usize,
}

impl Plan {
    /// The benchmark: `cargo bench --features bench --bench operator [-- N...]`. Reload and
    /// heartbeats run at N = 1,000 (or the first size given), the steady
    /// state at every size from 1,000 up.
    fn full(sizes: Vec<usize>) -> Self {
        let reload_size = if sizes.contains(&1_000) {
            1_000
        } else {
            sizes[0]
        };
        let steady_sizes = sizes.iter().copied().filter(|&n| n >= 1_000).collect();
        Self {
            sizes,
            reload_size,
            steady_sizes,
            steady_window: Duration::from_secs(10),
            heartbeat_window: Duration::from_secs(5),
            heartbeat_senders: 32,
        }
    }

    /// The check `cargo test` runs.
    fn check() -> Self {
        Self {
            sizes: vec![10],
            reload_size: 10,
            steady_sizes: vec![10],
            steady_window: Duration::from_secs(1),
            heartbeat_window: Duration::from_secs(1),
            heartbeat_senders: 4,
        }
    }

    /// How long a sync of `n` Sessions may take before the run is failed.
    fn limit(n: usize) -> Duration {
        Duration::from_secs(60) + Duration::from_millis(100) * n as u32
    }
}

/// Which reconcile the operator runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    Script,
    Native,
}

// ---- measurements -----------------------------------------------------------

/// One operator's way from its start to every Session Running.
struct Sync {
    took: Duration,
    cpu_seconds: f64,
    peak_rss_mb: f64,
    reconciles: f64,
    /// The operator's writes by resource (`deployments`,
    /// `sessions/status`, ...), when the fake API server counted them.
    writes: Option<BTreeMap<String, u64>>,
}

impl Sync {
    /// Operator writes per Session, and the writes by resource.
    fn writes_per_session(&self, n: usize) -> Option<(f64, String)> {
        let writes = self.writes.as_ref()?;
        let per = |count: u64| count as f64 / n as f64;
        let by_resource: Vec<String> = writes
            .iter()
            .map(|(resource, &count)| format!("{resource} {count}"))
            .collect();
        Some((per(writes.values().sum()), by_resource.join(", ")))
    }
}

struct Throughput {
    n: usize,
    script: Sync,
    native: Sync,
}

struct Reload {
    label: &'static str,
    n: usize,
    took: Duration,
    child_writes: f64,
    /// Every write of the operator, when the fake API server counted them.
    writes: Option<u64>,
}

struct Steady {
    n: usize,
    rss_mb: f64,
    peak_rss_mb: f64,
    sync_cpu_seconds: f64,
    idle_cpu_percent: f64,
}

struct Heartbeats {
    n: usize,
    accepted: u64,
    window: Duration,
    status_writes: f64,
}

#[derive(Default)]
struct Results {
    throughput: Vec<Throughput>,
    reloads: Vec<Reload>,
    steady: Vec<Steady>,
    heartbeats: Vec<Heartbeats>,
}

async fn run(plan: Plan) -> anyhow::Result<()> {
    let mut results = Results::default();
    for &n in &plan.sizes {
        let (native, world) = World::synced(n, Variant::Native).await?;
        world.stop().await;
        let (script, world) = World::synced(n, Variant::Script).await?;
        results.throughput.push(Throughput { n, script, native });
        if plan.steady_sizes.contains(&n) {
            results.steady.push(world.steady(plan.steady_window).await?);
        }
        if n == plan.reload_size {
            let sources = scripts(&[]);
            let no_op = edited(&sources, |s| format!("// reloaded\n{s}"));
            results
                .reloads
                .push(world.reload("no-op output", no_op).await?);
            let changed = edited(&sources, annotate_deployments);
            results
                .reloads
                .push(world.reload("changed output", changed).await?);
            results.heartbeats.push(world.heartbeats(&plan).await?);
        }
        world.stop().await;
    }
    print_table(&results);
    check(&results)
}

/// What must hold at any speed.
fn check(results: &Results) -> anyhow::Result<()> {
    for reload in &results.reloads {
        let expected = match reload.label {
            "no-op output" => 0.0,
            _ => reload.n as f64,
        };
        ensure!(
            reload.child_writes == expected,
            "reload with {}: {} child writes, expected {expected}",
            reload.label,
            reload.child_writes
        );
        if reload.label == "no-op output" {
            ensure!(
                reload.writes.unwrap_or(0) == 0,
                "reload with no-op output: {:?} writes, expected none at all",
                reload.writes
            );
        }
    }
    for beats in &results.heartbeats {
        let windows = beats.window.as_secs_f64() / HEARTBEAT_INTERVAL.as_secs_f64();
        let bound = beats.n as f64 * (1.0 + windows.ceil());
        ensure!(
            beats.status_writes <= bound,
            "{} heartbeat status writes for {} Sessions in {:?}: more than one per Session per interval",
            beats.status_writes,
            beats.n,
            beats.window
        );
    }
    Ok(())
}

/// The default scripts with `reconcile.rhai` rewritten.
fn edited(
    sources: &BTreeMap<String, String>,
    edit: impl Fn(&str) -> String,
) -> BTreeMap<String, String> {
    let mut sources = sources.clone();
    let reconcile = sources
        .get_mut("reconcile.rhai")
        .expect("the default scripts have reconcile.rhai");
    *reconcile = edit(reconcile);
    sources
}

/// A reconcile that annotates every Deployment the default one returns.
fn annotate_deployments(source: &str) -> String {
    let renamed = source.replacen("fn reconcile(ctx)", "fn default_reconcile(ctx)", 1);
    assert_ne!(renamed, source, "reconcile.rhai defines fn reconcile(ctx)");
    format!(
        r#"{renamed}
fn reconcile(ctx) {{
    let decision = default_reconcile(ctx);
    for i in 0..decision.children.len() {{
        if decision.children[i].kind == "Deployment" {{
            decision.children[i].metadata.annotations = #{{ "bench.stream.space/revision": "2" }};
        }}
    }}
    decision
}}
"#
    )
}

// ---- one world: a cluster, its Sessions and an operator ----------------------

struct World {
    cluster: TestCluster,
    operator: OperatorProcess,
    sessions: SessionWatch,
    n: usize,
    version: String,
}

impl World {
    /// Starts the operator with a validated Template, then creates `n`
    /// Sessions at once and waits until every one is Running; what that
    /// took and cost the operator.
    async fn synced(n: usize, variant: Variant) -> anyhow::Result<(Sync, Self)> {
        let cluster = TestCluster::start_with_ready_pods(POD_READY_AFTER).await;
        let sources = scripts(&[]);
        put_scripts(&cluster, &sources).await;
        let (client, namespace) = (cluster.client(), cluster.namespace());
        create_template(&client, namespace).await?;
        let sessions = SessionWatch::start(&client, namespace);

        let program = match variant {
            Variant::Script => PathBuf::from(env!("CARGO_BIN_EXE_streamspace-operator")),
            Variant::Native => std::env::current_exe()?,
        };
        let env: &[(&str, &str)] = match variant {
            Variant::Script => &[],
            Variant::Native => &[(NATIVE_OPERATOR, "1")],
        };
        let launch = Launch {
            program: &program,
            args: &[],
            env,
            log_filter: LOG_FILTER,
            kubeconfig: None,
        };
        let version = version_of(&sources);
        let operator = OperatorProcess::start_with(&cluster, &launch).await;
        wait_template_valid(&client, namespace).await?;
        let pid = operator.pid().context("the operator runs")?;
        let reconciles = "streamspace_session_reconciliations_total";
        let (cpu_before, reconciles_before) =
            (cpu_seconds(pid)?, operator.metric_sum(reconciles).await);
        let writes_before = cluster.fake().map(|f| f.write_counts());

        let started = Instant::now();
        create_sessions(&client, namespace, n).await?;
        sessions
            .wait_running(n, Plan::limit(n))
            .await
            .with_context(|| format!("{variant:?} operator, N = {n}:\n{}", operator.log()))?;
        let took = started.elapsed();
        tokio::time::sleep(SETTLE).await;
        let sync = Sync {
            took,
            cpu_seconds: cpu_seconds(pid)? - cpu_before,
            peak_rss_mb: proc_status_mb(pid, "VmHWM")?,
            reconciles: operator.metric_sum(reconciles).await - reconciles_before,
            writes: writes_before.map(|before| {
                operator_writes(&before, &cluster.fake().expect("a fake").write_counts())
            }),
        };
        let world = Self {
            cluster,
            operator,
            sessions,
            n,
            version,
        };
        world.check_children().await?;
        Ok((sync, world))
    }

    /// Every Session's four children exist.
    async fn check_children(&self) -> anyhow::Result<()> {
        let (client, ns) = (self.cluster.client(), self.cluster.namespace());
        let counts = [
            ("Deployment", count::<Deployment>(&client, ns).await?),
            ("Service", count::<Service>(&client, ns).await?),
            ("Ingress", count::<Ingress>(&client, ns).await?),
            (
                "PersistentVolumeClaim",
                count::<PersistentVolumeClaim>(&client, ns).await?,
            ),
        ];
        for (kind, count) in counts {
            ensure!(count == self.n, "{count} {kind}s for {} Sessions", self.n);
        }
        Ok(())
    }

    /// Memory and CPU of the operator once it holds every Session.
    async fn steady(&self, window: Duration) -> anyhow::Result<Steady> {
        let pid = self.operator.pid().context("the operator runs")?;
        let sync_cpu_seconds = cpu_seconds(pid)?;
        tokio::time::sleep(window).await;
        let idle_cpu = cpu_seconds(pid)? - sync_cpu_seconds;
        Ok(Steady {
            n: self.n,
            rss_mb: proc_status_mb(pid, "VmRSS")?,
            peak_rss_mb: proc_status_mb(pid, "VmHWM")?,
            sync_cpu_seconds,
            idle_cpu_percent: 100.0 * idle_cpu / window.as_secs_f64(),
        })
    }

    /// Puts `sources` in the ConfigMap; the time until every Session is
    /// evaluated by their version, and the writes that caused.
    async fn reload(
        &self,
        label: &'static str,
        sources: BTreeMap<String, String>,
    ) -> anyhow::Result<Reload> {
        let before = self.child_writes().await;
        let writes_before = self.cluster.fake().map(|f| f.write_counts());
        let version = version_of(&sources);
        ensure!(version != self.version, "the edit changes the version");
        let evaluated = format!("streamspace_sessions_by_script_version{{version=\"{version}\"}}");
        let started = Instant::now();
        put_scripts(&self.cluster, &sources).await;
        let deadline = started + Plan::limit(self.n);
        while self.operator.metric(&evaluated).await < Some(self.n as f64) {
            ensure!(
                Instant::now() < deadline,
                "reload with {label}: not every Session evaluated by {version}:\n{}",
                self.operator.log()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let took = started.elapsed();
        tokio::time::sleep(SETTLE).await;
        Ok(Reload {
            label,
            n: self.n,
            took,
            child_writes: self.child_writes().await - before,
            writes: writes_before.map(|before| {
                operator_writes(
                    &before,
                    &self.cluster.fake().expect("a fake").write_counts(),
                )
                .values()
                .sum()
            }),
        })
    }

    /// Heartbeats from concurrent senders, round robin over the Sessions.
    async fn heartbeats(&self, plan: &Plan) -> anyhow::Result<Heartbeats> {
        let writes = "streamspace_heartbeat_writes_total";
        let before = self.metric(writes).await?;
        let names: Arc<Vec<String>> = Arc::new((0..self.n).map(session_name).collect());
        let deadline = Instant::now() + plan.heartbeat_window;
        let senders = (0..plan.heartbeat_senders).map(|sender| {
            let names = Arc::clone(&names);
            let base = format!(
                "{}/api/v1/namespaces/{}/sessions",
                self.operator.base(),
                self.cluster.namespace()
            );
            let step = plan.heartbeat_senders;
            tokio::spawn(async move {
                let http = Http::new();
                let (mut accepted, mut refused) = (0u64, Vec::new());
                for i in (sender..).step_by(step) {
                    if Instant::now() >= deadline {
                        break;
                    }
                    let url = format!("{base}/{}/activity", names[i % names.len()]);
                    match http.post(&url, Some(TOKEN), "{}").await {
                        (200, _) => accepted += 1,
                        (status, body) => refused.push(format!("{status} {body}")),
                    }
                }
                (accepted, refused)
            })
        });
        let mut accepted = 0;
        for sender in futures::future::join_all(senders).await {
            let (ok, refused) = sender?;
            ensure!(
                refused.is_empty(),
                "heartbeats refused: {:?}",
                &refused[..refused.len().min(3)]
            );
            accepted += ok;
        }
        // The writes of the last heartbeats finish after their answers.
        tokio::time::sleep(Duration::from_millis(500)).await;
        Ok(Heartbeats {
            n: self.n,
            accepted,
            window: plan.heartbeat_window,
            status_writes: self.metric(writes).await? - before,
        })
    }

    async fn metric(&self, sample: &str) -> anyhow::Result<f64> {
        self.operator
            .metric(sample)
            .await
            .with_context(|| format!("the operator exports {sample}"))
    }

    /// Child writes the operator made so far, all kinds.
    async fn child_writes(&self) -> f64 {
        let writes = self.operator.applied_writes().await;
        writes.iter().filter_map(|(_, applied)| *applied).sum()
    }

    async fn stop(self) {
        self.sessions.stop();
        self.operator.stop().await;
        self.cluster.cleanup().await;
    }
}

/// The writes counted between `before` and `after`, by resource, without
/// the harness's own.
fn operator_writes(
    before: &BTreeMap<String, u64>,
    after: &BTreeMap<String, u64>,
) -> BTreeMap<String, u64> {
    after
        .iter()
        .filter(|(resource, _)| !HARNESS_RESOURCES.contains(&resource.as_str()))
        .map(|(resource, count)| {
            let was = before.get(resource).copied().unwrap_or(0);
            (resource.clone(), count - was)
        })
        .filter(|(_, count)| *count > 0)
        .collect()
}

fn session_name(i: usize) -> String {
    format!("user{i}-firefox-{i:08x}")
}

/// The Template every Session uses.
async fn create_template(client: &Client, namespace: &str) -> anyhow::Result<()> {
    let template: Template = serde_json::from_value(json!({
        "apiVersion": "stream.space/v1alpha1", "kind": "Template",
        "metadata": { "name": "firefox" },
        "spec": { "displayName": "Firefox", "baseImage": "lscr.io/linuxserver/firefox:latest",
                  "kasmvnc": { "enabled": true, "port": 3000 } }
    }))?;
    Api::<Template>::namespaced(client.clone(), namespace)
        .create(&PostParams::default(), &template)
        .await?;
    Ok(())
}

/// Waits until the operator has validated the Template, as it would have
/// long before Sessions are created in a running cluster.
async fn wait_template_valid(client: &Client, namespace: &str) -> anyhow::Result<()> {
    let templates: Api<Template> = Api::namespaced(client.clone(), namespace);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let template = templates.get("firefox").await?;
        if template.status.is_some_and(|s| s.valid == Some(true)) {
            return Ok(());
        }
        ensure!(Instant::now() < deadline, "the Template was not validated");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// `n` Sessions, created at once (16 requests in flight), each of its own
/// user (so each has its own home PVC: four children per Session).
async fn create_sessions(client: &Client, namespace: &str, n: usize) -> anyhow::Result<()> {
    let sessions: Api<Session> = Api::namespaced(client.clone(), namespace);
    futures::stream::iter(0..n)
        .map(|i| {
            let sessions = sessions.clone();
            async move {
                let session: Session = serde_json::from_value(json!({
                    "apiVersion": "stream.space/v1alpha1", "kind": "Session",
                    "metadata": { "name": session_name(i) },
                    "spec": { "user": format!("user{i}"), "template": "firefox" }
                }))?;
                sessions.create(&PostParams::default(), &session).await?;
                anyhow::Ok(())
            }
        })
        .buffer_unordered(16)
        .try_collect::<()>()
        .await
}

async fn count<K>(client: &Client, namespace: &str) -> anyhow::Result<usize>
where
    K: kube::Resource<Scope = k8s_openapi::NamespaceResourceScope, DynamicType = ()>
        + Clone
        + serde::de::DeserializeOwned
        + std::fmt::Debug,
{
    let api: Api<K> = Api::namespaced(client.clone(), namespace);
    let selector = "app.kubernetes.io/managed-by=streamspace-operator";
    Ok(api
        .list(&ListParams::default().labels(selector))
        .await?
        .items
        .len())
}

/// User and system CPU time of a process so far, from `/proc/PID/stat`
/// (the operator's own `process_cpu_seconds_total` counts whole seconds).
fn cpu_seconds(pid: u32) -> anyhow::Result<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // Fields after the command name, which is in parentheses and may hold
    // spaces: state is the first, utime and stime the 12th and 13th.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .context("/proc/PID/stat has a command name")?
        .1
        .split_whitespace()
        .collect();
    let ticks: f64 = fields[11].parse::<f64>()? + fields[12].parse::<f64>()?;
    Ok(ticks / clock_ticks_per_second())
}

/// `getconf CLK_TCK`: the unit of the times in `/proc/PID/stat`.
fn clock_ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok()?.trim().parse().ok())
        // USER_HZ, which Linux keeps at 100 on every common architecture.
        .unwrap_or(100.0)
}

/// A line of `/proc/PID/status` in kB, as MB.
fn proc_status_mb(pid: u32, field: &str) -> anyhow::Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kb: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .with_context(|| format!("{field} in /proc/{pid}/status"))?;
    Ok(kb / 1024.0)
}

// ---- what the API says of the Sessions -----------------------------------------

/// The phase of every Session, kept current by a watch.
struct SessionWatch {
    phases: Arc<Mutex<HashMap<String, Option<SessionPhase>>>>,
    task: tokio::task::JoinHandle<()>,
}

impl SessionWatch {
    fn start(client: &Client, namespace: &str) -> Self {
        let phases: Arc<Mutex<HashMap<String, Option<SessionPhase>>>> = Arc::default();
        let api: Api<Session> = Api::namespaced(client.clone(), namespace);
        let seen = Arc::clone(&phases);
        let task = tokio::spawn(async move {
            let mut events = watcher(api, watcher::Config::default())
                .default_backoff()
                .applied_objects()
                .boxed();
            while let Some(event) = events.next().await {
                if let Ok(session) = event {
                    let phase = session.status.and_then(|s| s.phase);
                    let name = session.metadata.name.unwrap_or_default();
                    seen.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(name, phase);
                }
            }
        });
        Self { phases, task }
    }

    fn count(&self, matches: impl Fn(&Option<SessionPhase>) -> bool) -> usize {
        let phases = self.phases.lock().unwrap_or_else(|e| e.into_inner());
        phases.values().filter(|p| matches(p)).count()
    }

    /// Waits until `n` Sessions are Running.
    async fn wait_running(&self, n: usize, limit: Duration) -> anyhow::Result<()> {
        self.wait(n, limit, |p| *p == Some(SessionPhase::Running))
            .await
            .with_context(|| format!("waiting for {n} Sessions to be Running"))
    }

    async fn wait(
        &self,
        n: usize,
        limit: Duration,
        matches: impl Fn(&Option<SessionPhase>) -> bool,
    ) -> anyhow::Result<()> {
        let deadline = Instant::now() + limit;
        loop {
            let done = self.count(&matches);
            if done >= n {
                return Ok(());
            }
            if Instant::now() >= deadline {
                bail!("only {done} of {n} after {limit:?}");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    fn stop(&self) {
        self.task.abort();
    }
}

// ---- the table ------------------------------------------------------------------

fn print_table(results: &Results) {
    println!();
    println!(
        "operator benchmarks against {} on {}",
        api_under_test(),
        machine()
    );
    println!();
    println!("| measurement | N | script host | native baseline | ratio, target |");
    println!("| --- | ---: | --- | --- | --- |");
    for t in &results.throughput {
        throughput_rows(t);
    }
    for r in &results.reloads {
        let target = if r.label == "no-op output" {
            format!(
                "target ≤ {:?} with 0 writes: {}",
                RELOAD_TARGET,
                verdict(r.took <= RELOAD_TARGET && r.writes.unwrap_or(0) == 0)
            )
        } else {
            String::new()
        };
        let writes = r
            .writes
            .map_or_else(|| "not counted".to_owned(), |w| w.to_string());
        println!(
            "| reload, {}: ConfigMap to every Session evaluated | {} | {:.2} s, {} child writes, {writes} writes in all | | {target} |",
            r.label,
            r.n,
            r.took.as_secs_f64(),
            r.child_writes
        );
    }
    for s in &results.steady {
        let target = if s.n == 5_000 {
            format!(
                "target < {RSS_TARGET_MB} MB: {}",
                verdict(s.peak_rss_mb < RSS_TARGET_MB)
            )
        } else {
            String::new()
        };
        println!(
            "| steady state: RSS (peak), idle CPU, CPU to sync | {} | {:.0} MB ({:.0} MB), {:.1} %, {:.1} s | | {target} |",
            s.n, s.rss_mb, s.peak_rss_mb, s.idle_cpu_percent, s.sync_cpu_seconds
        );
    }
    for h in &results.heartbeats {
        println!(
            "| heartbeats: accepted, status writes ({:?} interval) | {} | {:.0}/s, {} writes for {} heartbeats | | |",
            HEARTBEAT_INTERVAL,
            h.n,
            h.accepted as f64 / h.window.as_secs_f64(),
            h.status_writes,
            h.accepted
        );
    }
    println!();
}

/// The throughput rows of one size: rate, CPU, reconciles, writes and
/// memory, for the script host and the native baseline.
fn throughput_rows(t: &Throughput) {
    let n = t.n as f64;
    let (script, native) = (&t.script, &t.native);
    let ratio = script.took.as_secs_f64() / native.took.as_secs_f64();
    let rate = |s: &Sync| {
        format!(
            "{:.0}/s ({:.2} s)",
            n / s.took.as_secs_f64(),
            s.took.as_secs_f64()
        )
    };
    let overhead = if t.n == 1_000 {
        format!(
            "{ratio:.2}× (target ≤ {OVERHEAD_TARGET}×: {})",
            verdict(ratio <= OVERHEAD_TARGET)
        )
    } else {
        format!("{ratio:.2}×")
    };
    println!(
        "| throughput: Sessions to Running | {} | {} | {} | {overhead} |",
        t.n,
        rate(script),
        rate(native)
    );
    let cpu = |s: &Sync| 1000.0 * s.cpu_seconds / n;
    println!(
        "| operator CPU per Session | {} | {:.2} ms | {:.2} ms | target ≤ {CPU_PER_SESSION_TARGET_MS} ms: {} |",
        t.n,
        cpu(script),
        cpu(native),
        verdict(cpu(script) <= CPU_PER_SESSION_TARGET_MS)
    );
    let reconciles = |s: &Sync| s.reconciles / n;
    println!(
        "| reconciles per Session | {} | {:.2} | {:.2} | target ≤ {RECONCILES_PER_SESSION_TARGET}: {} |",
        t.n,
        reconciles(script),
        reconciles(native),
        verdict(reconciles(script) <= RECONCILES_PER_SESSION_TARGET)
    );
    let writes = |s: &Sync| {
        s.writes_per_session(t.n).map_or_else(
            || "not counted".to_owned(),
            |(all, by)| format!("{all:.3} ({by})"),
        )
    };
    let writes_verdict = script
        .writes_per_session(t.n)
        .map_or_else(String::new, |(all, _)| {
            format!(
                "target ≤ {WRITES_PER_SESSION_TARGET}: {}",
                verdict(all <= WRITES_PER_SESSION_TARGET)
            )
        });
    println!(
        "| operator writes per Session | {} | {} | {} | {writes_verdict} |",
        t.n,
        writes(script),
        writes(native)
    );
    println!(
        "| peak RSS during the sync | {} | {:.0} MB | {:.0} MB | |",
        t.n, script.peak_rss_mb, native.peak_rss_mb
    );
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "NOT met" }
}

fn api_under_test() -> String {
    match std::env::var(KUBECONFIG_ENV) {
        Ok(path) if !path.is_empty() => format!("the cluster of {path}"),
        _ => "the in-process fake API server".to_owned(),
    }
}

/// CPU model and count, from /proc.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")?
                .split_once(':')
                .map(|(_, m)| m.trim())
        })
        .unwrap_or("unknown CPU");
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            let kb: f64 = m.lines().next()?.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!(", {:.0} GiB", kb / 1024.0 / 1024.0))
        })
        .unwrap_or_default();
    format!("{cpus} × {model}{memory}")
}
