//! The operator binary as a child process of a test, and HTTP calls to it.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::rt::TokioExecutor;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, Patch, PatchParams};
use tokio::process::{Child, Command};

use crate::TestCluster;
use crate::policy;

/// Service token the tests configure.
pub const TOKEN: &str = "e2e-service-token";

/// Name of the scripts ConfigMap in the test namespace.
pub const SCRIPTS: &str = "streamspace-scripts";

/// The default scripts with `overrides` replacing or adding files.
pub fn scripts(overrides: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut sources =
        streamspace_operator::script::set::read_dir_sources(&crate::repo_path("scripts"))
            .expect("scripts/");
    for (name, source) in overrides {
        sources.insert((*name).to_owned(), (*source).to_owned());
    }
    sources
}

/// Creates or replaces the scripts ConfigMap: `sources` and, as shipped,
/// the fixture files of `scripts/tests/` (the editor runs them before a save).
pub async fn put_scripts(cluster: &TestCluster, sources: &BTreeMap<String, String>) {
    let api: Api<ConfigMap> = Api::namespaced(cluster.client(), cluster.namespace());
    let mut data = policy::fixture_files();
    data.extend(sources.clone());
    let configmap = serde_json::json!({
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": { "name": SCRIPTS },
        "data": data,
    });
    api.patch(
        SCRIPTS,
        &PatchParams::apply("streamspace-e2e").force(),
        &Patch::Apply(&configmap),
    )
    .await
    .expect("apply the scripts ConfigMap");
}

/// How to start the operator process.
pub struct Launch<'a> {
    /// The executable; it gets `run` and the test's flags.
    pub program: &'a Path,
    /// Flags after the test's own.
    pub args: &'a [&'a str],
    /// More environment variables.
    pub env: &'a [(&'a str, &'a str)],
    /// `RUST_LOG` unless `STREAMSPACE_TEST_LOG` overrides it.
    pub log_filter: &'a str,
    /// Another kubeconfig than the cluster's (one through a proxy).
    pub kubeconfig: Option<&'a Path>,
}

impl<'a> Launch<'a> {
    /// The operator executable `program` (see [`crate::operator_binary!`])
    /// with `args`, logging what tests need to see.
    pub fn binary(program: &'a Path, args: &'a [&'a str]) -> Self {
        Self {
            program,
            args,
            env: &[],
            log_filter: "info,streamspace_operator=debug",
            kubeconfig: None,
        }
    }
}

/// A running operator process.
pub struct OperatorProcess {
    child: Child,
    base: String,
    log: std::path::PathBuf,
}

impl OperatorProcess {
    /// Starts `program run` (the operator, see [`crate::operator_binary!`])
    /// against the cluster, scoped to the test namespace, and waits until
    /// `/readyz` answers 200.
    pub async fn start(cluster: &TestCluster, program: &Path, extra: &[&str]) -> Self {
        Self::start_with(cluster, &Launch::binary(program, extra)).await
    }

    /// Starts the operator as `launch` says and waits until `/readyz`
    /// answers 200.
    pub async fn start_with(cluster: &TestCluster, launch: &Launch<'_>) -> Self {
        let mut process = Self::spawn_with(cluster, launch);
        let http = Http::new();
        let ready = format!("{}/readyz", process.base);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = process.child.try_wait() {
                panic!(
                    "the operator exited early with {status}:\n{}",
                    process.log()
                );
            }
            let (status, reason) = http.get(&ready, None).await;
            if status == 200 {
                return process;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the operator did not become ready in 30s ({status} {reason}):\n{}",
                process.log()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Starts the process without waiting for it.
    pub fn spawn(cluster: &TestCluster, program: &Path, extra: &[&str]) -> Self {
        Self::spawn_with(cluster, &Launch::binary(program, extra))
    }

    /// Starts the process as `launch` says, without waiting for it.
    pub fn spawn_with(cluster: &TestCluster, launch: &Launch<'_>) -> Self {
        let port = crate::unused_port();
        let log = std::env::temp_dir().join(format!(
            "streamspace-operator-{}-{port}.log",
            cluster.namespace()
        ));
        let stderr = std::fs::File::create(&log).expect("operator log file");
        let namespace = cluster.namespace();
        let scripts = format!("{namespace}/{SCRIPTS}");
        let listen = format!("127.0.0.1:{port}");
        let mut args = vec![
            "run",
            "--namespace",
            namespace,
            "--listen",
            &listen,
            "--ingress-domain",
            "example.test",
        ];
        // The test's ConfigMap and token, unless the launch names a scripts
        // directory or a token Secret instead.
        if !launch.args.contains(&"--scripts-dir") {
            args.extend(["--scripts-configmap", &scripts]);
        }
        if !launch.args.contains(&"--api-token-secret") {
            args.extend(["--api-token", TOKEN]);
        }
        args.extend_from_slice(launch.args);
        let child = Command::new(launch.program)
            .args(&args)
            .env(
                "KUBECONFIG",
                launch.kubeconfig.unwrap_or(cluster.operator_kubeconfig()),
            )
            // STREAMSPACE_TEST_LOG raises the operator's log level when debugging a test.
            .env(
                "RUST_LOG",
                std::env::var("STREAMSPACE_TEST_LOG")
                    .unwrap_or_else(|_| launch.log_filter.to_owned()),
            )
            .envs(launch.env.iter().copied())
            .stdout(Stdio::null())
            .stderr(stderr)
            .kill_on_drop(true)
            .spawn()
            .expect("start the operator binary");
        Self {
            child,
            base: format!("http://{listen}"),
            log,
        }
    }

    /// Whether the process still runs.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The operator's process id while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Everything the operator logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits for the process to exit by itself.
    pub async fn exit_status(&mut self, limit: Duration) -> std::process::ExitStatus {
        tokio::time::timeout(limit, self.child.wait())
            .await
            .expect("the operator exits")
            .expect("wait for the operator")
    }

    /// Stops the process with SIGTERM and waits for it.
    pub async fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().expect("a running process");
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status();
        self.exit_status(Duration::from_secs(20)).await
    }

    async fn scrape(&self) -> String {
        let (status, body) = Http::new()
            .get(&format!("{}/metrics", self.base), None)
            .await;
        assert_eq!(status, 200, "GET /metrics");
        body
    }

    /// The value of one metric sample (exact name with labels), if present.
    pub async fn metric(&self, sample: &str) -> Option<f64> {
        sample_value(&self.scrape().await, sample)
    }

    /// The sum of every sample of the metric `name`, whatever its labels
    /// (0 while it has none).
    pub async fn metric_sum(&self, name: &str) -> f64 {
        self.scrape()
            .await
            .lines()
            .filter_map(|line| {
                let rest = line.strip_prefix(name)?;
                let value = match rest.strip_prefix('{') {
                    Some(labelled) => labelled.rsplit_once('}')?.1,
                    None => rest,
                };
                value.strip_prefix(' ')?.trim().parse::<f64>().ok()
            })
            .sum()
    }

    /// The applied writes counted for each child kind, from one scrape
    /// (`None` while a kind has none: its series does not exist yet).
    pub async fn applied_writes(&self) -> Vec<(&'static str, Option<f64>)> {
        let body = self.scrape().await;
        ["Deployment", "Service", "Ingress", "PersistentVolumeClaim"]
            .into_iter()
            .map(|kind| {
                let sample =
                    format!("streamspace_child_writes_total{{kind=\"{kind}\",result=\"applied\"}}");
                (kind, sample_value(&body, &sample))
            })
            .collect()
    }
}

/// The value of `sample` (exact name with labels) in a Prometheus text body.
fn sample_value(body: &str, sample: &str) -> Option<f64> {
    body.lines().find_map(|line| {
        line.strip_prefix(sample)?
            .strip_prefix(' ')?
            .trim()
            .parse()
            .ok()
    })
}

/// A small HTTP client for the operator's endpoints.
pub struct Http(HttpClient<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>);

impl Default for Http {
    fn default() -> Self {
        Self(HttpClient::builder(TokioExecutor::new()).build_http())
    }
}

impl Http {
    /// A client.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends `method url` with a bearer `token`, extra `headers` and a JSON
    /// `body`; the answer's status (0 when nothing answers) and body.
    pub async fn send(
        &self,
        method: &str,
        url: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> (u16, String) {
        let mut request = hyper::Request::builder().method(method).uri(url);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        let request = request
            .body(Full::new(Bytes::from(body.unwrap_or_default().to_owned())))
            .expect("a request");
        match self.0.request(request).await {
            Ok(response) => {
                let status = response.status().as_u16();
                let bytes = response
                    .into_body()
                    .collect()
                    .await
                    .map(|b| b.to_bytes())
                    .unwrap_or_default();
                (status, String::from_utf8_lossy(&bytes).into_owned())
            }
            Err(_) => (0, String::new()),
        }
    }

    /// GET; status 0 when nothing answers.
    pub async fn get(&self, url: &str, token: Option<&str>) -> (u16, String) {
        self.send("GET", url, token, &[], None).await
    }

    /// POST a JSON body.
    pub async fn post(&self, url: &str, token: Option<&str>, body: &str) -> (u16, String) {
        self.send("POST", url, token, &[], Some(body)).await
    }
}
