//! Shared harness of the end-to-end tests: a Kubernetes API to run against,
//! either the real cluster named by `STREAMSPACE_TEST_KUBECONFIG` or an
//! in-process [`crate::fake_apiserver::FakeApiServer`].
//!
//! Every test gets a fresh namespace `streamspace-e2e-<random>` (deleted by
//! [`TestCluster::cleanup`] or on drop) and the Session/Template CRDs from
//! `deploy/base/crds/`, installed by server-side apply in both cases. Use a
//! multi-threaded runtime (`#[tokio::test(flavor = "multi_thread")]`) when
//! another process (the operator binary) talks to the fake, so the fake keeps
//! serving while the test blocks.
//!
//! Against the fake, the operator has an identity of its own: its
//! kubeconfig ([`TestCluster::operator_kubeconfig`]) carries a bearer token
//! that the test's own client does not, and the fake authorizes its requests
//! with the RBAC of `deploy/base/rbac.yaml` (see [`crate::rbac`]). A test whose
//! operator made a request that RBAC does not grant fails when its cluster
//! is cleaned up or dropped, naming each request and the rule to add.

use std::path::{Path, PathBuf};
use std::time::Duration;

use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::api::rbac::v1::PolicyRule;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};

use crate::fake_apiserver::ids::random_suffix;
use crate::fake_apiserver::{FakeApiServer, FakeOptions, OperatorIdentity};
use crate::poll::eventually;

/// Environment variable naming the kubeconfig of a real cluster to test
/// against.
pub const KUBECONFIG_ENV: &str = "STREAMSPACE_TEST_KUBECONFIG";

/// Field manager of the harness's own writes.
pub const HARNESS_MANAGER: &str = "streamspace-e2e";

enum Backend {
    Fake(FakeApiServer),
    Real,
}

/// A Kubernetes API for one test, with a fresh namespace.
pub struct TestCluster {
    backend: Backend,
    client: Client,
    namespace: String,
    dir: PathBuf,
    /// The test's own kubeconfig.
    kubeconfig: PathBuf,
    /// The operator's: the test's, with the operator's token for the fake.
    operator_kubeconfig: PathBuf,
    cleaned_up: bool,
}

impl TestCluster {
    /// The real cluster from `STREAMSPACE_TEST_KUBECONFIG` when set, else a
    /// fresh fake; with the CRDs installed and a new namespace.
    pub async fn start() -> Self {
        let cluster = Self::connect(real_kubeconfig(), FakeOptions::default()).await;
        install_crds(&cluster.client).await;
        cluster
    }

    /// Like [`Self::start`], with Deployment pods that become ready `after`
    /// their rollout starts: on a fake, a simulated kubelet makes them ready
    /// (see [`FakeOptions::pods_ready_after`]); a real cluster has its own
    /// kubelet, so there this is [`Self::start`].
    pub async fn start_with_ready_pods(after: Duration) -> Self {
        let options = FakeOptions {
            pods_ready_after: Some(after),
            ..FakeOptions::default()
        };
        let cluster = Self::connect(real_kubeconfig(), options).await;
        install_crds(&cluster.client).await;
        cluster
    }

    /// A fresh fake, whatever `STREAMSPACE_TEST_KUBECONFIG` says: for tests
    /// of the fake itself. With the CRDs installed and a new namespace.
    pub async fn start_fake() -> Self {
        let cluster = Self::connect(None, FakeOptions::default()).await;
        install_crds(&cluster.client).await;
        cluster
    }

    /// A fresh fake whose CRDs are NOT installed (the "CRD missing" path),
    /// whatever `STREAMSPACE_TEST_KUBECONFIG` says: a test does not remove a
    /// real cluster's CRDs.
    pub async fn start_fake_without_crds() -> Self {
        Self::connect(None, FakeOptions::default()).await
    }

    /// Connects to the cluster of the kubeconfig `real`, or to a new fake
    /// with `options` (and the operator's identity).
    async fn connect(real: Option<PathBuf>, options: FakeOptions) -> Self {
        let namespace = format!("streamspace-e2e-{}", random_suffix(8));
        let dir = std::env::temp_dir().join(format!("{namespace}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the test's temporary directory");
        let kubeconfig = dir.join("kubeconfig");
        let operator_kubeconfig = dir.join("kubeconfig-operator");
        let backend = match real {
            Some(source) => {
                for copy in [&kubeconfig, &operator_kubeconfig] {
                    std::fs::copy(&source, copy).expect("copy STREAMSPACE_TEST_KUBECONFIG");
                }
                Backend::Real
            }
            None => {
                let fake = FakeApiServer::start_with(FakeOptions {
                    operator: Some(OperatorIdentity::new(&namespace)),
                    ..options
                })
                .await;
                for (path, as_operator) in [(&kubeconfig, false), (&operator_kubeconfig, true)] {
                    std::fs::write(path, fake.kubeconfig(&namespace, as_operator))
                        .expect("write kubeconfig");
                }
                Backend::Fake(fake)
            }
        };
        let client = client_from(&kubeconfig).await;
        let ns: Namespace =
            serde_json::from_value(serde_json::json!({ "metadata": { "name": namespace } }))
                .expect("a namespace object");
        Api::<Namespace>::all(client.clone())
            .create(&PostParams::default(), &ns)
            .await
            .expect("create the test namespace");
        Self {
            backend,
            client,
            namespace,
            dir,
            kubeconfig,
            operator_kubeconfig,
            cleaned_up: false,
        }
    }

    /// The test's own client of the cluster (not the operator's identity).
    pub fn client(&self) -> Client {
        self.client.clone()
    }

    /// The configuration of [`Self::client`], to build a client that
    /// differs (kube's default client retries 429/503/504 up to 15 times
    /// with exponential backoff; set `default_retry = false` to see such
    /// errors).
    pub async fn client_config(&self) -> Config {
        config_from(&self.kubeconfig).await
    }

    /// The test's namespace.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The operator's kubeconfig file for the cluster (start the operator
    /// with `KUBECONFIG=<this>`), in a per-test temporary directory removed
    /// on drop. For the fake, it carries the operator's token and its
    /// context's namespace is the test's namespace; for a real cluster it is
    /// a copy of the given file (so file references in it must be absolute
    /// paths).
    pub fn operator_kubeconfig(&self) -> &Path {
        &self.operator_kubeconfig
    }

    /// The `host:port` of the API server the kubeconfigs name.
    pub fn upstream(&self) -> String {
        let (_, uri) = current_server(&self.kubeconfig);
        let uri: hyper::Uri = uri.parse().expect("the kubeconfig's server is a URL");
        let https = uri.scheme_str() == Some("https");
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        format!("{}:{port}", uri.host().expect("the server URL has a host"))
    }

    /// A kubeconfig like [`Self::operator_kubeconfig`] whose server is
    /// `proxy` (an [`crate::proxy::ApiProxy`] forwarding to
    /// [`Self::upstream`]). For TLS it keeps the server's name to verify the
    /// certificate against.
    pub fn kubeconfig_via(&self, proxy: std::net::SocketAddr) -> PathBuf {
        let (mut kubeconfig, server) = current_server(&self.operator_kubeconfig);
        let uri: hyper::Uri = server.parse().expect("the kubeconfig's server is a URL");
        let scheme = uri.scheme_str().unwrap_or("https");
        let current = current_cluster_name(&kubeconfig);
        for named in &mut kubeconfig.clusters {
            if named.name != current {
                continue;
            }
            let cluster = named
                .cluster
                .as_mut()
                .expect("the current cluster is defined");
            cluster.server = Some(format!("{scheme}://{proxy}"));
            if scheme == "https" && cluster.tls_server_name.is_none() {
                cluster.tls_server_name = uri.host().map(str::to_owned);
            }
        }
        let path = self.dir.join(format!("kubeconfig-via-{}", proxy.port()));
        // JSON is YAML: any kubeconfig reader takes it.
        std::fs::write(
            &path,
            serde_json::to_string(&kubeconfig).expect("kubeconfig as JSON"),
        )
        .expect("write the proxied kubeconfig");
        path
    }

    /// Whether this is the in-process fake.
    pub fn is_fake(&self) -> bool {
        matches!(self.backend, Backend::Fake(_))
    }

    /// The fake's test-only controls, when running against the fake.
    pub fn fake(&self) -> Option<&FakeApiServer> {
        match &self.backend {
            Backend::Fake(fake) => Some(fake),
            Backend::Real => None,
        }
    }

    /// Lets the operator make what `rule` allows in the test's namespace,
    /// besides what `deploy/base/rbac.yaml` grants: for a feature the shipped
    /// install leaves off, with the rule `deploy/base/rbac.yaml` says to add for
    /// it. (A real cluster's operator runs with the test's credentials.)
    pub fn grant_operator(&self, rule: serde_json::Value) {
        let rule: PolicyRule =
            serde_json::from_value(rule).expect("an RBAC rule (apiGroups, resources, verbs...)");
        if let Some(fake) = self.fake() {
            fake.grant_operator(rule);
        }
    }

    /// Panics, naming each request and the rule that would grant it, when
    /// the fake refused the operator a request.
    fn assert_operator_authorized(&self) {
        let refused = self.fake().map(FakeApiServer::operator_refusals);
        if let Some(refused) = refused.filter(|r| !r.is_empty()) {
            panic!(
                "the operator made {} request(s) its RBAC does not grant:\n{}",
                refused.len(),
                refused.join("\n")
            );
        }
    }

    /// Deletes the test namespace (and, through it, everything the test
    /// created there) and the temporary files; panics if the operator made
    /// a request its RBAC does not grant.
    pub async fn cleanup(mut self) {
        delete_namespace(&self.client, &self.namespace).await;
        self.cleaned_up = true;
        self.assert_operator_authorized();
    }
}

impl Drop for TestCluster {
    fn drop(&mut self) {
        if !self.cleaned_up && !self.is_fake() {
            // Drop cannot await, and the test's runtime may be single-threaded
            // or shutting down: delete from a thread with its own runtime and
            // its own client (a kube::Client is tied to the runtime that made it).
            let (kubeconfig, namespace) = (self.kubeconfig.clone(), self.namespace.clone());
            let cleanup = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                if let Ok(runtime) = runtime {
                    runtime.block_on(async {
                        let client = client_from(&kubeconfig).await;
                        delete_namespace(&client, &namespace).await;
                    });
                }
            });
            let _ = cleanup.join();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        // A test that ends without `cleanup` is checked here, unless it is
        // failing already.
        if !self.cleaned_up && !std::thread::panicking() {
            self.assert_operator_authorized();
        }
    }
}

fn current_cluster_name(kubeconfig: &Kubeconfig) -> String {
    let context = kubeconfig
        .current_context
        .as_deref()
        .expect("the kubeconfig has a current context");
    kubeconfig
        .contexts
        .iter()
        .find(|c| c.name == context)
        .and_then(|c| c.context.as_ref())
        .map(|c| c.cluster.clone())
        .expect("the current context is defined")
}

/// The kubeconfig at `path` and the server URL of its current cluster.
fn current_server(path: &Path) -> (Kubeconfig, String) {
    let kubeconfig = Kubeconfig::read_from(path).expect("read kubeconfig");
    let current = current_cluster_name(&kubeconfig);
    let server = kubeconfig
        .clusters
        .iter()
        .find(|c| c.name == current)
        .and_then(|c| c.cluster.as_ref()?.server.clone())
        .expect("the current cluster has a server");
    (kubeconfig, server)
}

/// The kubeconfig named by `STREAMSPACE_TEST_KUBECONFIG`, if set and not empty.
fn real_kubeconfig() -> Option<PathBuf> {
    std::env::var_os(KUBECONFIG_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The client configuration a kubeconfig file gives, as the operator binary
/// loads it.
async fn config_from(path: &Path) -> Config {
    let kubeconfig = Kubeconfig::read_from(path).expect("read kubeconfig");
    Config::from_custom_kubeconfig(kubeconfig, &KubeConfigOptions::default())
        .await
        .expect("kubeconfig is usable")
}

/// A client configured from a kubeconfig file.
async fn client_from(path: &Path) -> Client {
    Client::try_from(config_from(path).await).expect("build client")
}

async fn delete_namespace(client: &Client, namespace: &str) {
    let _ = Api::<Namespace>::all(client.clone())
        .delete(namespace, &DeleteParams::default())
        .await;
}

/// The CRDs shipped in `deploy/base/crds/`.
pub fn crd_manifests() -> Vec<CustomResourceDefinition> {
    let dir = crate::repo_path("deploy/base/crds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("deploy/base/crds exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("read CRD manifest");
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect()
}

/// Applies the CRDs (server-side apply) and waits until they are
/// Established.
pub async fn install_crds(client: &Client) {
    let api: Api<CustomResourceDefinition> = Api::all(client.clone());
    let params = PatchParams::apply(HARNESS_MANAGER).force();
    let crds = crd_manifests();
    let names = crds.iter().map(|crd| {
        crd.metadata
            .name
            .as_deref()
            .expect("CRD manifests are named")
    });
    for (crd, name) in crds.iter().zip(names.clone()) {
        api.patch(name, &params, &Patch::Apply(crd))
            .await
            .expect("apply CRD");
    }
    for name in names {
        eventually(
            &format!("CRD {name} to become Established"),
            Duration::from_secs(60),
            || async {
                let current = api.get(name).await.expect("get CRD");
                let conditions = current.status?.conditions?;
                conditions
                    .iter()
                    .any(|c| c.type_ == "Established" && c.status == "True")
                    .then_some(())
            },
        )
        .await;
    }
}
