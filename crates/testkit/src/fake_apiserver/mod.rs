//! An in-process fake Kubernetes API server for tests: plain HTTP/JSON on
//! `127.0.0.1` at a random port, good enough for `kube::Client`, kube-runtime
//! watchers and the operator binary (through a kubeconfig pointing at it).
//!
//! It implements a documented SUBSET of the real API semantics, and where it
//! implements something it follows the real server; tests written against it
//! must also pass against a real cluster.
//!
//! # Implemented
//! - Resources: core/v1 `namespaces`, `configmaps`, `secrets`, `services`,
//!   `persistentvolumeclaims`, `events`; apps/v1 `deployments`,
//!   `controllerrevisions`; networking.k8s.io/v1 `ingresses`;
//!   events.k8s.io/v1 `events`; coordination.k8s.io/v1 `leases`;
//!   admissionregistration.k8s.io/v1 `validatingwebhookconfigurations`
//!   (stored only: the fake calls no webhook); apiextensions.k8s.io/v1 `customresourcedefinitions`; stream.space/v1alpha1
//!   `sessions` and `templates`, served only while their CRD object exists
//!   (like a real server, so "CRD missing" behaves as on a cluster); POST-only
//!   `tokenreviews` and `subjectaccessreviews` answered from a test-controlled
//!   access policy (`reviews.rs`). `/status` subresources where the
//!   real types have them (namespaces, services, PVCs, deployments, ingresses,
//!   CRDs, sessions, templates).
//! - Discovery (`/api`, `/api/v1`, `/apis`, `/apis/{g}`, `/apis/{g}/{v}`),
//!   `/version`, `/healthz`, `/readyz`, `/livez`.
//! - Namespaced and all-namespaces collection paths; cluster-scoped paths.
//! - GET (404 `Status` with reason NotFound and details {name, group, kind}),
//!   LIST with `labelSelector` (`=`, `==`, `!=`, exists, `!key`, `in`,
//!   `notin`, `>`, `<`) and `fieldSelector` (`metadata.name`,
//!   `metadata.namespace`, a few per-type fields; others are refused with 400
//!   as on a real server); lists carry `metadata.resourceVersion`.
//! - WATCH: `resourceVersion` (absent or "0": current objects as ADDED
//!   first), `allowWatchBookmarks` (periodic BOOKMARKs), `timeoutSeconds`,
//!   selectors per event (an update that moves an object out of the
//!   selection is DELETED, into it ADDED), `sendInitialEvents=true` streaming
//!   lists ending with the `k8s.io/initial-events-end` bookmark, and an ERROR
//!   event with `410 Expired` when the requested version is older than the
//!   retained history (the last [`FakeOptions::history_limit`] changes).
//!   [`FakeApiServer::set_watches_paused`] holds events back, as a watch
//!   cache lagging behind the writes would.
//! - Writes: POST (uid, creationTimestamp, resourceVersion, generation for
//!   the types whose real strategy keeps one, `generateName`, 409
//!   AlreadyExists, 404/403 for a missing/terminating namespace), PUT (409 on
//!   a stale resourceVersion; custom resources require one, as for real),
//!   PATCH as JSON merge patch, JSON patch (RFC 6902), strategic merge patch
//!   (see `patch.rs`; 415 for custom resources, like a real server) and
//!   server-side apply (see below). A write that changes nothing does not bump
//!   the resourceVersion and emits no event.
//! - Generation: bumped when anything outside metadata/status changes
//!   (Deployment: also annotations), never by `/status` writes.
//! - Status subresource: main-resource writes ignore `status`, `/status`
//!   writes change only `status` (Deployment: also metadata but labels, as
//!   its real status strategy allows).
//! - Quantities (`quantities.rs`, `quantity.rs`): the quantity fields of the
//!   built-in kinds served (pod template container, init and ephemeral
//!   container and pod-level `resources.limits`/`requests`, `overhead`,
//!   `emptyDir.sizeLimit`; PVC `spec.resources`, `status.capacity`,
//!   `status.allocatedResources`) are stored in apimachinery's canonical form
//!   (`1000m` → `1`, `0.5` → `500m`, `1024Mi` → `1Gi`, a JSON number → its
//!   string; a string already canonical is kept as written), before the
//!   no-op check and before server-side apply compares values. Custom
//!   resources keep what was written. A malformed quantity is refused: 400
//!   `BadRequest` for POST/PUT in the real decoder's words, 422 `Invalid`
//!   naming the field for PATCH and apply.
//! - The Deployment controller (`deployments.rs`): for each new generation,
//!   status writes of their own as `kube-controller-manager` through
//!   `/status` (not counted by [`FakeApiServer::write_count`]): the revision
//!   annotation (a new revision when the pod template changed),
//!   `observedGeneration`, the replica counters and the `Available` /
//!   `Progressing` conditions; ready and available replicas only when
//!   [`FakeOptions::pods_ready_after`] simulates a kubelet. Written fields
//!   only: a `readyReplicas` a test sets stays until recomputed.
//! - Server-side apply (`application/apply-patch+yaml`, JSON or YAML body):
//!   `fieldManager` required (422, as the real server answers), `force`;
//!   per-manager field sets, removal of fields a manager stops applying
//!   (unless another manager owns them), conflicts (409 with
//!   `FieldManagerConflict` causes) with fields other managers own at a
//!   different value, shared ownership of equal values, separate ownership
//!   for `/status`; preconditions (`metadata.resourceVersion`/`uid`) → 409.
//!   Non-apply writes record `Update` managers (from `?fieldManager=` or the
//!   User-Agent up to its first `/`), rendered in `metadata.managedFields`
//!   (FieldsV1).
//! - DELETE (and DELETE of a collection): returns the object; preconditions;
//!   `propagationPolicy` Background (default), Foreground and Orphan through
//!   the `foregroundDeletion`/`orphan` finalizers; user finalizers hold an
//!   object (with deletionTimestamp) until removed. An asynchronous garbage
//!   collector deletes objects whose owners are all gone (recursively, also
//!   when created with a dangling owner reference); deleting a namespace
//!   marks it Terminating, deletes its content, then the namespace; deleting
//!   a CRD deletes its custom resources first.
//! - RBAC for the operator alone ([`FakeOptions::operator`]): a request with
//!   its bearer token is authorized as Kubernetes' RBAC authorizer would
//!   authorize its ServiceAccount with the rules of `deploy/base/rbac.yaml` (see
//!   [`crate::rbac`]; verb, group, resource, subresource, namespace and name
//!   derived from the method, path and query as the real server derives
//!   them; a server-side apply that creates its object is authorized as
//!   `create` too), answered 403 `Forbidden` when not granted, and
//!   recorded.
//!
//! # Not implemented (deliberately)
//! - Authentication and authorization of any other caller (everything is
//!   allowed), admission (other than namespace lifecycle), validation beyond "is a JSON object of
//!   the right apiVersion/kind", defaulting (a real server fills e.g.
//!   Deployment `spec.replicas`), CRD schema pruning/defaults.
//! - Controllers other than the garbage collector, namespace and CRD
//!   finalization and the Deployment controller: no ReplicaSets or pods (a
//!   pod's readiness is only the optional delay above), no rolling-update
//!   intermediate counts, no `maxUnavailable` in `Available`, no progress
//!   deadline, no endpoints, no PVC binding; tests set other status through
//!   `/status` themselves.
//! - Quantities: only those of the fields listed above; a JSON number is
//!   read from its serde_json text (so `1e3` is `1000.0`, stored `1k` where
//!   Go would keep `1e3`); exponents beyond 32 bits are taken at their value
//!   where Go wraps them. Whether a real server answers a malformed quantity
//!   in a PATCH or apply with exactly this 422 is not verified.
//! - `dryRun` (rejected with 400), `limit`/`continue` (whole lists are
//!   returned), `resourceVersion` semantics on GET/LIST (always the latest),
//!   watches from a resourceVersion in the future (treated as "now"),
//!   aggregated discovery, Table output, protobuf/CBOR.
//! - core/v1 and events.k8s.io/v1 events are stored separately (a real server
//!   converts between them).
//! - Requests without `?fieldManager=` and without a User-Agent are recorded
//!   under the manager `unknown`; an applied `null` is treated as an omitted
//!   field; field selectors of events.k8s.io/v1 events are limited to
//!   `reason`, `type`, `reportingController`.
//! - `set_available(false)` answers new requests with 503 but leaves open
//!   watches alone (call `drop_all_watches()` too to simulate an outage).
//!   Note that kube's default client retries 503 with exponential backoff for
//!   minutes; see [`crate::TestCluster::client_config`].
//! - Server-side apply without schemas: lists are atomic except a table of
//!   well-known keyed lists of built-in types (see `fields.rs`);
//!   client-supplied `managedFields` are ignored; list types from CRD schemas
//!   (`x-kubernetes-list-type`) are not read.

mod apply;
mod catalog;
mod deployments;
mod discovery;
mod errors;
mod fields;
mod gc;
pub(crate) mod ids;
mod managed;
mod operator_access;
mod patch;
mod quantities;
mod quantity;
mod rest;
mod reviews;
mod routes;
mod selectors;
mod store;
mod strategy;
mod watch;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use serde_json::json;
use tokio::sync::oneshot;

use catalog::{ResourceDef, find};
use errors::ApiResult;
use gc::GcQueue;
use k8s_openapi::api::rbac::v1::PolicyRule;
use operator_access::OperatorAccess;
pub use operator_access::OperatorIdentity;
use rest::{Target, WriteOptions};
use reviews::{AccessPolicy, AccessRule, UserInfo};
use store::{ObjectKey, Store};

use crate::rbac::ApiRequest;

/// Tunables of a fake server.
#[derive(Debug, Clone)]
pub struct FakeOptions {
    /// How many changes are kept for watches to resume from; older
    /// resourceVersions get `410 Expired`.
    pub history_limit: usize,
    /// Period of BOOKMARK events on watches that allow them.
    pub bookmark_interval: Duration,
    /// The operator, whose requests are authorized against the shipped RBAC
    /// and recorded; every other caller may do anything.
    pub operator: Option<OperatorIdentity>,
    /// Pause between two status writes of the simulated Deployment
    /// controller, so that each is an event of its own.
    pub deployment_step_delay: Duration,
    /// `Some`: a simulated kubelet makes a Deployment's pods ready this long
    /// after the controller reports them created, and the controller then
    /// reports them ready and available. `None` (the default): pods never
    /// become ready, and tests set the ready counts through `/status`.
    pub pods_ready_after: Option<Duration>,
}

impl Default for FakeOptions {
    fn default() -> Self {
        Self {
            history_limit: 1000,
            bookmark_interval: Duration::from_secs(1),
            operator: None,
            deployment_step_delay: Duration::from_millis(5),
            pods_ready_after: None,
        }
    }
}

/// State shared by the HTTP handlers, watches and the garbage collector.
pub struct Shared {
    store: Mutex<Store>,
    /// The garbage collector's queue.
    pub gc: GcQueue,
    /// `false` makes every request fail with 503.
    pub available: AtomicBool,
    /// `true` holds back the events of open watches (see
    /// [`FakeApiServer::set_watches_paused`]).
    pub watches_paused: tokio::sync::watch::Sender<bool>,
    /// Answers to TokenReview / SubjectAccessReview.
    pub policy: Mutex<AccessPolicy>,
    /// Period of watch bookmarks.
    pub bookmark_interval: Duration,
    /// Where the server listens.
    pub addr: SocketAddr,
    /// The operator's identity and RBAC, when it has one.
    operator: Option<OperatorAccess>,
}

impl Shared {
    /// Locks the store.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Authorizes the operator's server-side apply that creates its object
    /// as a `create` too, as the real server does.
    pub fn authorize_apply_create(&self, t: &Target, opts: &WriteOptions) -> ApiResult<()> {
        let Some(operator) = self.operator.as_ref().filter(|_| opts.by_operator) else {
            return Ok(());
        };
        operator.authorize(ApiRequest::resource(
            "create",
            t.def.group,
            t.def.plural,
            "",
            t.namespace.as_deref().unwrap_or_default(),
            t.name.as_deref().unwrap_or_default(),
        ))
    }

    /// Whether a resource type is served now: custom types only while their
    /// CRD exists.
    pub fn served(&self, def: &ResourceDef) -> bool {
        if !def.custom {
            return true;
        }
        let crds = find("apiextensions.k8s.io", "v1", "customresourcedefinitions")
            .expect("CRDs are served");
        self.store()
            .get(&ObjectKey::new(crds, "", &def.crd_name()))
            .is_some()
    }
}

/// A running fake API server and its test-only controls. Dropping it stops
/// the server and closes its watches.
pub struct FakeApiServer {
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
}

/// Namespaces every cluster has.
const SYSTEM_NAMESPACES: &[&str] = &["default", "kube-system", "kube-public", "kube-node-lease"];

impl FakeApiServer {
    /// Starts a fake with default options on a random port.
    pub async fn start() -> Self {
        Self::start_with(FakeOptions::default()).await
    }

    /// Starts a fake with `options` on a random port.
    pub async fn start_with(options: FakeOptions) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("bound address");
        let (gc, gc_rx) = gc::channel();
        let shared = Arc::new(Shared {
            store: Mutex::new(Store::new(options.history_limit)),
            gc,
            available: AtomicBool::new(true),
            watches_paused: tokio::sync::watch::Sender::new(false),
            policy: Mutex::new(AccessPolicy::default()),
            bookmark_interval: options.bookmark_interval,
            addr,
            operator: options.operator.map(OperatorAccess::new),
        });
        let namespaces = find("", "v1", "namespaces").expect("namespaces are served");
        for name in SYSTEM_NAMESPACES {
            let t = Target {
                def: namespaces,
                namespace: None,
                name: None,
                subresource: None,
            };
            let ns =
                json!({ "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": name } });
            let opts = WriteOptions {
                field_manager: Some("kube-apiserver".into()),
                ..WriteOptions::default()
            };
            rest::create(&shared, &t, ns, &opts).expect("system namespaces are created");
        }
        tokio::spawn(gc::run(Arc::downgrade(&shared), gc_rx));
        let deployment_changes = shared.store().observe(deployments::resource());
        let timing = deployments::Timing {
            step: options.deployment_step_delay,
            pods_ready_after: options.pods_ready_after,
        };
        tokio::spawn(deployments::run(
            Arc::downgrade(&shared),
            deployment_changes,
            timing,
        ));
        let app = Router::new()
            .fallback(routes::handle)
            .with_state(shared.clone());
        let (shutdown, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            // Stops accepting, then ends each connection after its current
            // request (watches are closed by Drop).
            let server = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = stopped.await;
            });
            server.await.expect("fake API server");
        });
        Self {
            shared,
            shutdown: Some(shutdown),
        }
    }

    /// The base URL, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.shared.addr)
    }

    /// A kubeconfig for this server whose context's namespace is
    /// `namespace`: the operator's, with its bearer token (panics without
    /// [`FakeOptions::operator`]), or one without credentials.
    pub fn kubeconfig(&self, namespace: &str, as_operator: bool) -> String {
        let user = if as_operator {
            let operator = self.shared.operator.as_ref();
            let token = operator.expect("the fake knows no operator").token();
            format!("{{ token: {token} }}")
        } else {
            "{}".to_owned()
        };
        format!(
            "apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: {url}
users:
- name: fake
  user: {user}
contexts:
- name: fake
  context:
    cluster: fake
    user: fake
    namespace: {namespace}
current-context: fake
",
            url = self.url()
        )
    }

    /// The client configuration of [`Self::kubeconfig`].
    pub async fn client_config(&self, namespace: &str, as_operator: bool) -> kube::Config {
        let kubeconfig =
            kube::config::Kubeconfig::from_yaml(&self.kubeconfig(namespace, as_operator))
                .expect("a kubeconfig");
        kube::Config::from_custom_kubeconfig(kubeconfig, &Default::default())
            .await
            .expect("the fake's kubeconfig is usable")
    }

    /// Closes every open watch abruptly, as an API server restart would.
    pub fn drop_all_watches(&self) {
        self.shared.store().kill_watches();
    }

    /// `true`: open watches deliver no event (or bookmark) until called
    /// with `false`, then every event that waited, in order: a watch cache
    /// that lags behind the writes, as a real one can.
    pub fn set_watches_paused(&self, paused: bool) {
        self.shared.watches_paused.send_replace(paused);
    }

    /// Number of watches currently open.
    pub fn open_watches(&self) -> usize {
        self.shared.store().open_watches()
    }

    /// `false`: answer every request with 503 (unreachable or overloaded API
    /// server); `true`: serve again. Open watches are not closed; combine
    /// with [`Self::drop_all_watches`] to simulate an outage.
    pub fn set_available(&self, available: bool) {
        self.shared.available.store(available, Ordering::SeqCst);
    }

    /// Successful mutating requests (POST, PUT, PATCH, DELETE) on
    /// `resource`: a plural (`deployments`) or a subresource
    /// (`sessions/status`). No-op writes count: they were requests.
    pub fn write_count(&self, resource: &str) -> u64 {
        self.shared
            .store()
            .writes()
            .get(resource)
            .copied()
            .unwrap_or(0)
    }

    /// All write counters.
    pub fn write_counts(&self) -> BTreeMap<String, u64> {
        self.shared.store().writes().clone()
    }

    /// Discards the change history (like an etcd compaction): watches
    /// resuming from any earlier resourceVersion get `410 Expired`.
    pub fn compact_history(&self) {
        self.shared.store().compact();
    }

    /// Makes TokenReview accept `token` as `username` in `groups`.
    pub fn set_token(&self, token: &str, username: &str, groups: &[&str]) {
        let user = UserInfo {
            username: username.to_owned(),
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        };
        self.policy().tokens.insert(token.to_owned(), user);
    }

    /// Makes SubjectAccessReview allow `subject` (a user, or `group:<name>`)
    /// to `verb` `resource` (`sessions`, `sessions/status`, or a path for
    /// non-resource requests) named `name` (empty: any). `*` matches anything.
    pub fn allow(&self, subject: &str, verb: &str, resource: &str, name: &str) {
        self.policy().rules.push(AccessRule {
            subject: subject.to_owned(),
            verb: verb.to_owned(),
            resource: resource.to_owned(),
            name: name.to_owned(),
        });
    }

    /// Lets the operator make the requests `rule` allows in its namespace,
    /// besides what the shipped RBAC grants: for a feature the shipped
    /// install leaves off and `deploy/base/rbac.yaml` says what to grant for.
    /// Without an [`OperatorIdentity`] this changes nothing.
    pub fn grant_operator(&self, rule: PolicyRule) {
        if let Some(operator) = &self.shared.operator {
            operator.grant(rule);
        }
    }

    /// Every request of the operator refused so far, each naming the request
    /// and the rule to add.
    pub fn operator_refusals(&self) -> Vec<String> {
        self.shared
            .operator
            .as_ref()
            .map(OperatorAccess::refused)
            .unwrap_or_default()
    }

    /// Forgets all tokens and access rules.
    pub fn clear_access_policy(&self) {
        *self.policy() = AccessPolicy::default();
    }

    fn policy(&self) -> MutexGuard<'_, AccessPolicy> {
        self.shared
            .policy
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for FakeApiServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.shared.store().kill_watches();
    }
}
