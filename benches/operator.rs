//! The operator at scale, against a Kubernetes API: the in-process fake API
//! server of `streamspace-testkit` by default, or the cluster named by
//! `STREAMSPACE_TEST_KUBECONFIG`. It prints one table:
//!
//! - throughput: N Sessions are created, then the operator starts; the time
//!   until every Session has its children and a status written by the
//!   running script version, for the operator binary and for the same
//!   operator with the default reconcile written in Rust
//!   (`native::reconcile`, checked equal to the scripts by the `reconcile`
//!   benchmark); their ratio is the script host's overhead;
//! - reload: the time from a ConfigMap update to every Session carrying the
//!   new `scriptVersion`, and the child writes it caused, for a change that
//!   alters no decision (expected writes: zero) and one that alters every
//!   Deployment;
//! - steady state: resident memory (now and peak) and CPU of the operator
//!   holding N Sessions with their children, idle after the sync;
//! - heartbeats: activity calls accepted per second and the status writes
//!   they caused.
//!
//! Run with `cargo bench --features bench --bench operator` (N = 100, 1,000 and 5,000; a few
//! minutes), or `cargo bench --features bench --bench operator -- 5000` for chosen sizes. Under `cargo test` it runs with N = 10 as a check that every
//! measurement works: what must hold whatever the speed (every Session
//! reconciled, every child there, no write for an unchanged decision, one
//! per changed Deployment, every heartbeat accepted) is asserted in both
//! modes; the speed and memory targets are reported, not asserted.

mod native;

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
use streamspace_operator::crd::{Session, Template};
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

struct Throughput {
    n: usize,
    script: Duration,
    native: Duration,
}

struct Reload {
    label: &'static str,
    n: usize,
    took: Duration,
    child_writes: f64,
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
    /// Creates `n` Sessions, starts the operator and waits until every
    /// Session is reconciled; returns the time from the start.
    async fn synced(n: usize, variant: Variant) -> anyhow::Result<(Duration, Self)> {
        let cluster = TestCluster::start().await;
        let sources = scripts(&[]);
        put_scripts(&cluster, &sources).await;
        let client = cluster.client();
        create_objects(&client, cluster.namespace(), n).await?;
        let sessions = SessionWatch::start(&client, cluster.namespace());
        sessions.wait_listed(n).await?;

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
        let started = Instant::now();
        let operator = OperatorProcess::start_with(&cluster, &launch).await;
        sessions
            .wait_version(&version, n, Plan::limit(n))
            .await
            .with_context(|| format!("{variant:?} operator, N = {n}:\n{}", operator.log()))?;
        let took = started.elapsed();
        let world = Self {
            cluster,
            operator,
            sessions,
            n,
            version,
        };
        world.check_children().await?;
        Ok((took, world))
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
        // Let the writes that follow the last status (Events, watch
        // echoes of its own writes) settle first.
        tokio::time::sleep(Duration::from_secs(2)).await;
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

    /// Puts `sources` in the ConfigMap; the time until every Session runs
    /// their version, and the child writes that caused.
    async fn reload(
        &self,
        label: &'static str,
        sources: BTreeMap<String, String>,
    ) -> anyhow::Result<Reload> {
        let before = self.child_writes().await;
        let version = version_of(&sources);
        ensure!(version != self.version, "the edit changes the version");
        let started = Instant::now();
        put_scripts(&self.cluster, &sources).await;
        self.sessions
            .wait_version(&version, self.n, Plan::limit(self.n))
            .await
            .with_context(|| format!("reload with {label}:\n{}", self.operator.log()))?;
        let took = started.elapsed();
        // Writes made after the last status would be counted here too.
        tokio::time::sleep(Duration::from_secs(1)).await;
        Ok(Reload {
            label,
            n: self.n,
            took,
            child_writes: self.child_writes().await - before,
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

fn session_name(i: usize) -> String {
    format!("user{i}-firefox-{i:08x}")
}

/// The Template and `n` Sessions, each of its own user (so each has its own
/// home PVC: four children per Session).
async fn create_objects(client: &Client, namespace: &str, n: usize) -> anyhow::Result<()> {
    let template: Template = serde_json::from_value(json!({
        "apiVersion": "stream.space/v1alpha1", "kind": "Template",
        "metadata": { "name": "firefox" },
        "spec": { "displayName": "Firefox", "baseImage": "lscr.io/linuxserver/firefox:latest",
                  "kasmvnc": { "enabled": true, "port": 3000 } }
    }))?;
    Api::<Template>::namespaced(client.clone(), namespace)
        .create(&PostParams::default(), &template)
        .await?;
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

/// The `status.scriptVersion` of every Session, kept current by a watch.
struct SessionWatch {
    versions: Arc<Mutex<HashMap<String, Option<String>>>>,
    task: tokio::task::JoinHandle<()>,
}

impl SessionWatch {
    fn start(client: &Client, namespace: &str) -> Self {
        let versions: Arc<Mutex<HashMap<String, Option<String>>>> = Arc::default();
        let api: Api<Session> = Api::namespaced(client.clone(), namespace);
        let seen = Arc::clone(&versions);
        let task = tokio::spawn(async move {
            let mut events = watcher(api, watcher::Config::default())
                .default_backoff()
                .applied_objects()
                .boxed();
            while let Some(event) = events.next().await {
                if let Ok(session) = event {
                    let version = session.status.and_then(|s| s.script_version);
                    let name = session.metadata.name.unwrap_or_default();
                    seen.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(name, version);
                }
            }
        });
        Self { versions, task }
    }

    fn count(&self, matches: impl Fn(&Option<String>) -> bool) -> usize {
        let versions = self.versions.lock().unwrap_or_else(|e| e.into_inner());
        versions.values().filter(|v| matches(v)).count()
    }

    /// Waits until `n` Sessions are known.
    async fn wait_listed(&self, n: usize) -> anyhow::Result<()> {
        self.wait(n, Plan::limit(n), |_| true).await
    }

    /// Waits until `n` Sessions were last reconciled by `version`.
    async fn wait_version(&self, version: &str, n: usize, limit: Duration) -> anyhow::Result<()> {
        self.wait(n, limit, |v| v.as_deref() == Some(version))
            .await
            .with_context(|| format!("waiting for {n} Sessions to run version {version}"))
    }

    async fn wait(
        &self,
        n: usize,
        limit: Duration,
        matches: impl Fn(&Option<String>) -> bool,
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
        let rate = |took: Duration| t.n as f64 / took.as_secs_f64();
        let ratio = t.script.as_secs_f64() / t.native.as_secs_f64();
        let target = if t.n == 1_000 {
            format!(
                "{ratio:.2}× (target ≤ {OVERHEAD_TARGET}×: {})",
                verdict(ratio <= OVERHEAD_TARGET)
            )
        } else {
            format!("{ratio:.2}×")
        };
        println!(
            "| throughput: Sessions to children + status | {} | {:.0}/s ({:.2} s) | {:.0}/s ({:.2} s) | {target} |",
            t.n,
            rate(t.script),
            t.script.as_secs_f64(),
            rate(t.native),
            t.native.as_secs_f64(),
        );
    }
    for r in &results.reloads {
        let target = if r.label == "no-op output" {
            format!(
                "target ≤ {:?} with 0 writes: {}",
                RELOAD_TARGET,
                verdict(r.took <= RELOAD_TARGET && r.child_writes == 0.0)
            )
        } else {
            String::new()
        };
        println!(
            "| reload, {}: ConfigMap to every scriptVersion | {} | {:.2} s, {} child writes | | {target} |",
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
