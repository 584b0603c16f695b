//! Tests of the fake API server of `streamspace-testkit`, through `kube::Client`
//! and kube-runtime, the way the operator and the end-to-end tests use it.
//! They run against a fake whatever `STREAMSPACE_TEST_KUBECONFIG` says (they
//! use its test-only controls).

use std::collections::BTreeSet;
use std::time::Duration;

use axum::http::Request;
use futures::{FutureExt, Stream, StreamExt};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::authentication::v1::TokenReview;
use k8s_openapi::api::authorization::v1::SubjectAccessReview;
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, PersistentVolumeClaim};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{
    Api, DeleteParams, ListParams, Patch, PatchParams, PostParams, WatchEvent, WatchParams,
};
use kube::runtime::watcher::{self, Event};
use kube::{Client, Discovery, Resource, ResourceExt};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use streamspace_operator::crd::{Session, SessionPhase, SessionSpec, SessionState, SessionStatus};

use streamspace_testkit::TestCluster;
use streamspace_testkit::fake_apiserver::{FakeApiServer, FakeOptions, OperatorIdentity};

/// Deadline for anything the tests wait for.
const WAIT: Duration = Duration::from_secs(5);

fn object<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("test object")
}

fn configmap(name: &str, labels: Value, data: Value) -> ConfigMap {
    object(json!({ "metadata": { "name": name, "labels": labels }, "data": data }))
}

fn deployment(name: &str, image: &str) -> Deployment {
    object(json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": { "name": name },
        "spec": {
            "replicas": 1,
            "selector": { "matchLabels": { "app": name } },
            "template": {
                "metadata": { "labels": { "app": name } },
                "spec": { "containers": [{ "name": "main", "image": image }] },
            },
        },
    }))
}

fn api_status(err: kube::Error) -> Box<kube::core::Status> {
    match err {
        kube::Error::Api(status) => status,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn rv<K: Resource>(obj: &K) -> String {
    obj.meta()
        .resource_version
        .clone()
        .expect("resourceVersion")
}

/// Polls `check` until it holds.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + WAIT;
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn next<S: Stream + Unpin>(stream: &mut S) -> S::Item {
    tokio::time::timeout(WAIT, stream.next())
        .await
        .expect("stream item in time")
        .expect("stream not ended")
}

/// A raw request (for what typed clients refuse to send, or untyped APIs).
async fn raw(
    client: &Client,
    method: &str,
    path: &str,
    content_type: &str,
    body: impl Into<Vec<u8>>,
) -> Result<Value, kube::Error> {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", content_type)
        .body(body.into())
        .unwrap();
    client.request::<Value>(request).await
}

#[tokio::test]
async fn create_get_and_list_with_selectors() {
    let cluster = TestCluster::start_fake().await;
    assert!(cluster.is_fake());
    let api: Api<ConfigMap> = Api::namespaced(cluster.client(), cluster.namespace());
    let pp = PostParams::default();
    let web = api
        .create(
            &pp,
            &configmap(
                "web",
                json!({ "app": "web", "tier": "front" }),
                json!({ "k": "v" }),
            ),
        )
        .await
        .unwrap();
    api.create(&pp, &configmap("db", json!({ "app": "db" }), json!({})))
        .await
        .unwrap();
    api.create(&pp, &configmap("plain", json!({}), json!({})))
        .await
        .unwrap();

    assert!(web.metadata.uid.is_some() && web.metadata.creation_timestamp.is_some());
    assert_eq!(
        web.metadata.generation, None,
        "ConfigMaps have no generation"
    );
    assert_eq!(api.get("web").await.unwrap().data.unwrap()["k"], "v");

    let names = |selector: &'static str| {
        let api = api.clone();
        async move {
            let mut names: Vec<String> = api
                .list(&ListParams::default().labels(selector))
                .await
                .unwrap()
                .iter()
                .map(|c| c.name_any())
                .collect();
            names.sort();
            names
        }
    };
    assert_eq!(names("app=web").await, ["web"]);
    assert_eq!(names("app==web").await, ["web"]);
    assert_eq!(names("app!=web").await, ["db", "plain"]);
    assert_eq!(names("tier").await, ["web"]);
    assert_eq!(names("!tier").await, ["db", "plain"]);
    assert_eq!(names("app in (web, db)").await, ["db", "web"]);
    assert_eq!(names("app notin (web),app").await, ["db"]);
    assert_eq!(names("app,tier=front").await, ["web"]);

    let by_name = api
        .list(&ListParams::default().fields("metadata.name=db"))
        .await
        .unwrap();
    assert_eq!(by_name.items.len(), 1);
    assert!(by_name.metadata.resource_version.is_some());
    let err = api
        .list(&ListParams::default().fields("data.k=v"))
        .await
        .unwrap_err();
    assert_eq!(api_status(err).code, 400);

    let everywhere: Api<ConfigMap> = Api::all(cluster.client());
    let all = everywhere
        .list(&ListParams::default().fields(&format!("metadata.namespace={}", cluster.namespace())))
        .await
        .unwrap();
    assert_eq!(all.items.len(), 3);

    let status = api_status(api.get("missing").await.unwrap_err());
    assert_eq!((status.code, status.reason.as_str()), (404, "NotFound"));
    assert_eq!(status.message, "configmaps \"missing\" not found");
    let details = status.details.expect("details");
    assert_eq!(
        (details.name.as_str(), details.kind.as_str()),
        ("missing", "configmaps")
    );
    cluster.cleanup().await;
}

#[tokio::test]
async fn create_conflicts_and_generate_name() {
    let fake = FakeApiServer::start().await;
    let client = Client::try_from(kube::Config::new(fake.url().parse().unwrap())).unwrap();
    let api: Api<ConfigMap> = Api::namespaced(client.clone(), "default");
    let pp = PostParams::default();
    api.create(&pp, &configmap("a", json!({}), json!({})))
        .await
        .unwrap();
    let status = api_status(
        api.create(&pp, &configmap("a", json!({}), json!({})))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (status.code, status.reason.as_str()),
        (409, "AlreadyExists")
    );

    let generated: ConfigMap = object(json!({ "metadata": { "generateName": "gen-" } }));
    let one = api.create(&pp, &generated).await.unwrap();
    let two = api.create(&pp, &generated).await.unwrap();
    assert!(one.name_any().starts_with("gen-") && one.name_any().len() == 9);
    assert_ne!(one.name_any(), two.name_any());

    let nowhere: Api<ConfigMap> = Api::namespaced(client, "no-such-namespace");
    let status = api_status(
        nowhere
            .create(&pp, &configmap("a", json!({}), json!({})))
            .await
            .unwrap_err(),
    );
    assert_eq!(status.code, 404);
    assert_eq!(
        fake.write_count("configmaps"),
        3,
        "failed requests are not counted"
    );
}

#[tokio::test]
async fn replace_with_stale_resource_version_conflicts() {
    let cluster = TestCluster::start_fake().await;
    let api: Api<ConfigMap> = Api::namespaced(cluster.client(), cluster.namespace());
    let created = api
        .create(
            &PostParams::default(),
            &configmap("c", json!({}), json!({ "n": "1" })),
        )
        .await
        .unwrap();

    let mut first = created.clone();
    first.data = Some([("n".to_owned(), "2".to_owned())].into());
    let updated = api
        .replace("c", &PostParams::default(), &first)
        .await
        .unwrap();
    assert!(rv(&updated).parse::<u64>().unwrap() > rv(&created).parse::<u64>().unwrap());

    let mut stale = created.clone();
    stale.data = Some([("n".to_owned(), "3".to_owned())].into());
    let status = api_status(
        api.replace("c", &PostParams::default(), &stale)
            .await
            .unwrap_err(),
    );
    assert_eq!((status.code, status.reason.as_str()), (409, "Conflict"));

    let unchanged = api
        .replace("c", &PostParams::default(), &updated)
        .await
        .unwrap();
    assert_eq!(
        rv(&unchanged),
        rv(&updated),
        "a no-op update keeps the resourceVersion"
    );

    let stale_patch = Patch::Merge(
        json!({ "metadata": { "resourceVersion": rv(&created) }, "data": { "n": "4" } }),
    );
    let status = api_status(
        api.patch("c", &PatchParams::default(), &stale_patch)
            .await
            .unwrap_err(),
    );
    assert_eq!(status.code, 409);
    cluster.cleanup().await;
}

#[tokio::test]
async fn server_side_apply_owns_and_removes_fields() {
    let cluster = TestCluster::start_fake().await;
    let fake = cluster.fake().unwrap();
    let api: Api<ConfigMap> = Api::namespaced(cluster.client(), cluster.namespace());
    let apply = |manager: &str| PatchParams::apply(manager);
    let cm = |data: Value| json!({ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "s" }, "data": data });

    let created = api
        .patch(
            "s",
            &apply("op"),
            &Patch::Apply(cm(json!({ "a": "1", "b": "2" }))),
        )
        .await
        .unwrap();
    assert_eq!(created.data.as_ref().unwrap().len(), 2);
    let managers = created.metadata.managed_fields.as_ref().unwrap();
    assert_eq!(managers.len(), 1);
    assert_eq!(managers[0].manager.as_deref(), Some("op"));
    assert_eq!(managers[0].operation.as_deref(), Some("Apply"));

    // Another manager's field survives the first manager's applies.
    api.patch("s", &apply("other"), &Patch::Apply(cm(json!({ "c": "3" }))))
        .await
        .unwrap();
    let after = api
        .patch("s", &apply("op"), &Patch::Apply(cm(json!({ "a": "1" }))))
        .await
        .unwrap();
    let data = after.data.clone().unwrap();
    assert_eq!(
        data.keys().collect::<Vec<_>>(),
        ["a", "c"],
        "b was dropped by its only manager"
    );

    // Applying the same again writes nothing.
    let writes = fake.write_count("configmaps");
    let again = api
        .patch("s", &apply("op"), &Patch::Apply(cm(json!({ "a": "1" }))))
        .await
        .unwrap();
    assert_eq!(rv(&again), rv(&after));
    assert_eq!(
        fake.write_count("configmaps"),
        writes + 1,
        "the no-op request still counts"
    );

    // A different value for another manager's field conflicts unless forced.
    let status = api_status(
        api.patch(
            "s",
            &apply("other"),
            &Patch::Apply(cm(json!({ "a": "9", "c": "3" }))),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!((status.code, status.reason.as_str()), (409, "Conflict"));
    let causes = status.details.unwrap().causes;
    assert_eq!(causes[0].reason, "FieldManagerConflict");
    assert_eq!(causes[0].field, ".data.a");
    // The same value is shared ownership, not a conflict.
    api.patch(
        "s",
        &apply("other"),
        &Patch::Apply(cm(json!({ "a": "1", "c": "3" }))),
    )
    .await
    .unwrap();
    let forced = api
        .patch(
            "s",
            &apply("other").force(),
            &Patch::Apply(cm(json!({ "a": "9", "c": "3" }))),
        )
        .await
        .unwrap();
    assert_eq!(forced.data.unwrap()["a"], "9");

    // A stale resourceVersion in the applied configuration is a precondition.
    let mut stale = cm(json!({ "a": "9" }));
    stale["metadata"]["resourceVersion"] = json!(rv(&created));
    let status = api_status(
        api.patch("s", &apply("op").force(), &Patch::Apply(stale))
            .await
            .unwrap_err(),
    );
    assert_eq!(status.code, 409);

    // Apply without a field manager is invalid (the real server answers 422).
    let path = format!("/api/v1/namespaces/{}/configmaps/s", cluster.namespace());
    let apply_yaml =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata:\n  y: from-yaml\n";
    let err = raw(
        &cluster.client(),
        "PATCH",
        &path,
        "application/apply-patch+yaml",
        apply_yaml,
    )
    .await
    .unwrap_err();
    assert_eq!(api_status(err).code, 422);
    // kubectl-style YAML bodies are accepted.
    let path = format!("{path}?fieldManager=yaml");
    let applied = raw(
        &cluster.client(),
        "PATCH",
        &path,
        "application/apply-patch+yaml",
        apply_yaml,
    )
    .await
    .unwrap();
    assert_eq!(applied["data"]["y"], "from-yaml");
    cluster.cleanup().await;
}

#[tokio::test]
async fn merge_strategic_and_json_patches() {
    let cluster = TestCluster::start_fake().await;
    let ns = cluster.namespace();
    let cms: Api<ConfigMap> = Api::namespaced(cluster.client(), ns);
    cms.create(
        &PostParams::default(),
        &configmap("p", json!({ "x": "y" }), json!({ "a": "1", "b": "2" })),
    )
    .await
    .unwrap();
    let merged = cms
        .patch(
            "p",
            &PatchParams::default(),
            &Patch::Merge(json!({ "data": { "a": null, "c": "3" } })),
        )
        .await
        .unwrap();
    assert_eq!(merged.data.unwrap().keys().collect::<Vec<_>>(), ["b", "c"]);

    let ops = json!([
        { "op": "add", "path": "/data/d", "value": "4" },
        { "op": "replace", "path": "/data/b", "value": "two" },
        { "op": "remove", "path": "/metadata/labels/x" },
    ]);
    let patched = cms
        .patch(
            "p",
            &PatchParams::default(),
            &Patch::Json::<()>(object(ops)),
        )
        .await
        .unwrap();
    assert_eq!(patched.data.unwrap()["b"], "two");
    assert!(patched.metadata.labels.unwrap_or_default().is_empty());
    let failing = json!([{ "op": "test", "path": "/data/b", "value": "nope" }]);
    let err = cms
        .patch(
            "p",
            &PatchParams::default(),
            &Patch::Json::<()>(object(failing)),
        )
        .await
        .unwrap_err();
    assert_eq!(api_status(err).code, 422);

    // Strategic merge: containers merge by name.
    let deployments: Api<Deployment> = Api::namespaced(cluster.client(), ns);
    deployments
        .create(&PostParams::default(), &deployment("d", "nginx:1"))
        .await
        .unwrap();
    let sidecar = json!({ "spec": { "template": { "spec": { "containers": [
        { "name": "main", "image": "nginx:2" }, { "name": "sidecar", "image": "busybox" },
    ] } } } });
    let d = deployments
        .patch("d", &PatchParams::default(), &Patch::Strategic(sidecar))
        .await
        .unwrap();
    let containers = d.spec.template.spec.unwrap().containers;
    assert_eq!(
        containers
            .iter()
            .map(|c| c.image.clone().unwrap())
            .collect::<Vec<_>>(),
        ["nginx:2", "busybox"]
    );

    // ...and are refused for custom resources, as by a real server.
    let sessions: Api<Session> = Api::namespaced(cluster.client(), ns);
    sessions
        .create(
            &PostParams::default(),
            &Session::new("s", SessionSpec::new("alice", "firefox")),
        )
        .await
        .unwrap();
    let err = sessions
        .patch(
            "s",
            &PatchParams::default(),
            &Patch::Strategic(json!({ "spec": { "state": "hibernated" } })),
        )
        .await
        .unwrap_err();
    assert_eq!(api_status(err).code, 415);
    cluster.cleanup().await;
}

#[tokio::test]
async fn status_subresource_and_generation() {
    let cluster = TestCluster::start_fake().await;
    let ns = cluster.namespace();
    let api: Api<Deployment> = Api::namespaced(cluster.client(), ns);
    let created = api
        .create(&PostParams::default(), &deployment("d", "nginx:1"))
        .await
        .unwrap();
    assert_eq!(created.metadata.generation, Some(1));

    let status = Patch::Merge(json!({ "status": { "readyReplicas": 1, "replicas": 1 } }));
    let main = api
        .patch("d", &PatchParams::default(), &status)
        .await
        .unwrap();
    assert!(
        main.status.unwrap().ready_replicas.is_none(),
        "main resource ignores status"
    );
    let with_status = api
        .patch_status("d", &PatchParams::default(), &status)
        .await
        .unwrap();
    assert_eq!(with_status.status.unwrap().ready_replicas, Some(1));
    assert_eq!(
        with_status.metadata.generation,
        Some(1),
        "status writes keep the generation"
    );
    let spec_in_status = Patch::Merge(json!({ "spec": { "replicas": 5 } }));
    let ignored = api
        .patch_status("d", &PatchParams::default(), &spec_in_status)
        .await
        .unwrap();
    assert_eq!(
        ignored.spec.replicas,
        Some(1),
        "status writes ignore the spec"
    );

    let labelled = api
        .patch(
            "d",
            &PatchParams::default(),
            &Patch::Merge(json!({ "metadata": { "labels": { "l": "1" } } })),
        )
        .await
        .unwrap();
    assert_eq!(labelled.metadata.generation, Some(1), "labels are metadata");
    let scaled = api
        .patch(
            "d",
            &PatchParams::default(),
            &Patch::Merge(json!({ "spec": { "replicas": 2 } })),
        )
        .await
        .unwrap();
    assert_eq!(scaled.metadata.generation, Some(2));
    let annotated = api
        .patch(
            "d",
            &PatchParams::default(),
            &Patch::Merge(json!({ "metadata": { "annotations": { "a": "1" } } })),
        )
        .await
        .unwrap();
    assert_eq!(
        annotated.metadata.generation,
        Some(3),
        "Deployment annotations bump the generation"
    );

    // Sessions: status dropped on create, generation only for spec changes.
    let sessions: Api<Session> = Api::namespaced(cluster.client(), ns);
    let mut session = Session::new("s", SessionSpec::new("alice", "firefox"));
    session.status = Some(SessionStatus {
        phase: Some(SessionPhase::Running),
        ..SessionStatus::default()
    });
    let created = sessions
        .create(&PostParams::default(), &session)
        .await
        .unwrap();
    assert_eq!(created.status, None);
    assert_eq!(created.metadata.generation, Some(1));
    let hibernate = Patch::Merge(json!({ "spec": { "state": "hibernated" } }));
    let patched = sessions
        .patch("s", &PatchParams::default(), &hibernate)
        .await
        .unwrap();
    assert_eq!(
        (patched.spec.state, patched.metadata.generation),
        (SessionState::Hibernated, Some(2))
    );
    let phase = Patch::Apply(json!({
        "apiVersion": "stream.space/v1alpha1", "kind": "Session",
        "status": { "phase": "Hibernated", "observedGeneration": 2 },
    }));
    let with_status = sessions
        .patch_status("s", &PatchParams::apply("op"), &phase)
        .await
        .unwrap();
    assert_eq!(
        with_status.status.unwrap().phase,
        Some(SessionPhase::Hibernated)
    );
    assert_eq!(with_status.metadata.generation, Some(2));
    let managers = with_status.metadata.managed_fields.unwrap();
    assert!(
        managers
            .iter()
            .any(|m| m.manager.as_deref() == Some("op")
                && m.subresource.as_deref() == Some("status"))
    );
    cluster.cleanup().await;
}

#[tokio::test]
async fn sessions_round_trip_and_apply() {
    let cluster = TestCluster::start_fake().await;
    let api: Api<Session> = Api::namespaced(cluster.client(), cluster.namespace());
    let mut spec = SessionSpec::new("alice", "firefox");
    spec.tags = vec!["dev".into(), "team-a".into()];
    spec.idle_timeout = "1h".into();
    let created = api
        .create(
            &PostParams::default(),
            &Session::new("alice-firefox", spec.clone()),
        )
        .await
        .unwrap();
    assert_eq!(created.spec, spec);
    assert_eq!(api.get("alice-firefox").await.unwrap().spec, spec);
    assert_eq!(
        api.list(&ListParams::default()).await.unwrap().items.len(),
        1
    );

    let applied = api
        .patch(
            "bob-vscode",
            &PatchParams::apply("kubectl"),
            &Patch::Apply(Session::new(
                "bob-vscode",
                SessionSpec::new("bob", "vscode"),
            )),
        )
        .await
        .unwrap();
    assert_eq!(applied.spec.user, "bob");
    let managers = applied.metadata.managed_fields.clone().unwrap();
    assert!(managers.iter().any(
        |m| m.manager.as_deref() == Some("kubectl") && m.operation.as_deref() == Some("Apply")
    ));

    // A custom resource PUT needs a resourceVersion, as on a real server.
    let mut no_rv = applied.clone();
    no_rv.metadata.resource_version = None;
    let err = api
        .replace("bob-vscode", &PostParams::default(), &no_rv)
        .await
        .unwrap_err();
    assert_eq!(api_status(err).code, 422);
    cluster.cleanup().await;
}

#[tokio::test]
async fn watcher_receives_events_and_survives_dropped_watches() {
    let cluster = TestCluster::start_fake().await;
    let fake = cluster.fake().unwrap();
    let api: Api<ConfigMap> = Api::namespaced(cluster.client(), cluster.namespace());
    api.create(
        &PostParams::default(),
        &configmap("before", json!({}), json!({})),
    )
    .await
    .unwrap();

    let mut events = watcher(api.clone(), watcher::Config::default())
        .filter_map(|e| async { e.ok() })
        .boxed();
    assert!(matches!(next(&mut events).await, Event::Init));
    assert!(matches!(next(&mut events).await, Event::InitApply(cm) if cm.name_any() == "before"));
    assert!(matches!(next(&mut events).await, Event::InitDone));

    api.create(
        &PostParams::default(),
        &configmap("one", json!({}), json!({})),
    )
    .await
    .unwrap();
    assert!(matches!(next(&mut events).await, Event::Apply(cm) if cm.name_any() == "one"));
    eventually("the watch to be open", || async {
        fake.open_watches() == 1
    })
    .await;

    fake.drop_all_watches();
    api.create(
        &PostParams::default(),
        &configmap("two", json!({}), json!({})),
    )
    .await
    .unwrap();
    assert!(matches!(next(&mut events).await, Event::Apply(cm) if cm.name_any() == "two"));
    api.delete("one", &DeleteParams::default()).await.unwrap();
    assert!(matches!(next(&mut events).await, Event::Delete(cm) if cm.name_any() == "one"));
    cluster.cleanup().await;
}

/// A watcher of ConfigMaps driven by a background task (a watcher only
/// progresses while polled), its items forwarded to the returned stream.
fn watcher(
    api: Api<ConfigMap>,
    config: watcher::Config,
) -> impl Stream<Item = Result<Event<ConfigMap>, watcher::Error>> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let mut stream = watcher::watcher(api, config).boxed();
    tokio::spawn(async move {
        while let Some(item) = stream.next().await {
            if tx.send(item).is_err() {
                break;
            }
        }
    });
    futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
}

#[tokio::test]
async fn watcher_relists_after_410_gone() {
    let options = FakeOptions {
        bookmark_interval: Duration::from_secs(3600),
        ..FakeOptions::default()
    };
    let fake = FakeApiServer::start_with(options).await;
    let client = Client::try_from(kube::Config::new(fake.url().parse().unwrap())).unwrap();
    let api: Api<ConfigMap> = Api::namespaced(client, "default");
    let pp = PostParams::default();
    api.create(
        &pp,
        &configmap("w1", json!({ "watched": "yes" }), json!({})),
    )
    .await
    .unwrap();

    let mut events = watcher(
        api.clone(),
        watcher::Config::default().labels("watched=yes"),
    )
    .boxed();
    assert!(matches!(next(&mut events).await, Ok(Event::Init)));
    assert!(matches!(next(&mut events).await, Ok(Event::InitApply(_))));
    assert!(matches!(next(&mut events).await, Ok(Event::InitDone)));

    // Changes the watcher does not see move the resourceVersion on, then the
    // history is compacted and the watch breaks: resuming gets 410.
    for name in ["u1", "u2", "u3"] {
        api.create(&pp, &configmap(name, json!({}), json!({})))
            .await
            .unwrap();
    }
    eventually("the watch to be open", || async {
        fake.open_watches() == 1
    })
    .await;
    fake.compact_history();
    fake.drop_all_watches();
    let mut saw_gone = false;
    loop {
        match next(&mut events).await {
            Err(watcher::Error::WatchError(status)) if status.code == 410 => saw_gone = true,
            Err(_) => {}
            Ok(Event::Init) => break,
            Ok(other) => panic!("unexpected event before the relist: {other:?}"),
        }
    }
    assert!(saw_gone, "the watcher was told its resourceVersion is gone");
    assert!(matches!(next(&mut events).await, Ok(Event::InitApply(cm)) if cm.name_any() == "w1"));
    assert!(matches!(next(&mut events).await, Ok(Event::InitDone)));
    api.create(
        &pp,
        &configmap("w2", json!({ "watched": "yes" }), json!({})),
    )
    .await
    .unwrap();
    assert!(matches!(next(&mut events).await, Ok(Event::Apply(cm)) if cm.name_any() == "w2"));
}

#[tokio::test]
async fn raw_watch_semantics() {
    let options = FakeOptions {
        bookmark_interval: Duration::from_millis(100),
        history_limit: 5,
        ..FakeOptions::default()
    };
    let fake = FakeApiServer::start_with(options).await;
    let client = Client::try_from(kube::Config::new(fake.url().parse().unwrap())).unwrap();
    let api: Api<ConfigMap> = Api::namespaced(client, "default");
    let pp = PostParams::default();
    let first = api
        .create(&pp, &configmap("m", json!({}), json!({})))
        .await
        .unwrap();

    // Selectors per event: entering the selection is ADDED, leaving DELETED.
    let params = WatchParams::default().labels("sel=yes").timeout(1);
    let mut stream = api.watch(&params, &rv(&first)).await.unwrap().boxed();
    let label = |v: Option<&str>| Patch::Merge(json!({ "metadata": { "labels": { "sel": v } } }));
    api.patch("m", &PatchParams::default(), &label(Some("yes")))
        .await
        .unwrap();
    api.patch("m", &PatchParams::default(), &label(Some("yes")))
        .await
        .unwrap(); // no-op: no event
    api.patch("m", &PatchParams::default(), &label(None))
        .await
        .unwrap();
    let mut kinds = Vec::new();
    while kinds.len() < 2 {
        match next(&mut stream).await.unwrap() {
            WatchEvent::Added(cm) => kinds.push(format!("ADDED {}", cm.name_any())),
            WatchEvent::Deleted(cm) => kinds.push(format!("DELETED {}", cm.name_any())),
            WatchEvent::Bookmark(_) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(kinds, ["ADDED m", "DELETED m"]);
    // Bookmarks keep coming, then the stream ends at timeoutSeconds.
    let mut bookmarks = 0;
    while let Some(event) = tokio::time::timeout(WAIT, stream.next())
        .await
        .expect("timeout ends the stream")
    {
        assert!(matches!(event.unwrap(), WatchEvent::Bookmark(_)));
        bookmarks += 1;
    }
    assert!(bookmarks >= 2, "got {bookmarks} bookmarks");

    // Older than the retained history: 410 as an ERROR event.
    for i in 0..6 {
        api.create(&pp, &configmap(&format!("x{i}"), json!({}), json!({})))
            .await
            .unwrap();
    }
    let mut stream = api
        .watch(&WatchParams::default(), &rv(&first))
        .await
        .unwrap()
        .boxed();
    match next(&mut stream).await.unwrap() {
        WatchEvent::Error(status) => {
            assert_eq!((status.code, status.reason.as_str()), (410, "Expired"))
        }
        other => panic!("expected 410, got {other:?}"),
    }
}

#[tokio::test]
async fn streaming_list_watcher() {
    let cluster = TestCluster::start_fake().await;
    let api: Api<ConfigMap> = Api::namespaced(cluster.client(), cluster.namespace());
    api.create(
        &PostParams::default(),
        &configmap("s1", json!({}), json!({})),
    )
    .await
    .unwrap();
    let mut events = watcher(api.clone(), watcher::Config::default().streaming_lists()).boxed();
    assert!(matches!(next(&mut events).await, Ok(Event::Init)));
    assert!(matches!(next(&mut events).await, Ok(Event::InitApply(cm)) if cm.name_any() == "s1"));
    assert!(matches!(next(&mut events).await, Ok(Event::InitDone)));
    api.create(
        &PostParams::default(),
        &configmap("s2", json!({}), json!({})),
    )
    .await
    .unwrap();
    assert!(matches!(next(&mut events).await, Ok(Event::Apply(cm)) if cm.name_any() == "s2"));
    cluster.cleanup().await;
}

fn owned_by<K: Resource<DynamicType = ()>>(owner: &K) -> Value {
    json!([{
        "apiVersion": K::api_version(&()), "kind": K::kind(&()),
        "name": owner.name_any(), "uid": owner.uid().unwrap(),
    }])
}

#[tokio::test]
async fn owner_references_cascade() {
    let cluster = TestCluster::start_fake().await;
    let ns = cluster.namespace();
    let sessions: Api<Session> = Api::namespaced(cluster.client(), ns);
    let deployments: Api<Deployment> = Api::namespaced(cluster.client(), ns);
    let cms: Api<ConfigMap> = Api::namespaced(cluster.client(), ns);
    let pp = PostParams::default();

    // Background (default): session -> deployment -> configmap, recursively.
    let session = sessions
        .create(
            &pp,
            &Session::new("s", SessionSpec::new("alice", "firefox")),
        )
        .await
        .unwrap();
    let mut d = deployment("d", "nginx");
    d.metadata.owner_references = Some(object(owned_by(&session)));
    let d = deployments.create(&pp, &d).await.unwrap();
    let mut child: ConfigMap = configmap("child", json!({}), json!({}));
    child.metadata.owner_references = Some(object(owned_by(&d)));
    cms.create(&pp, &child).await.unwrap();
    sessions
        .delete("s", &DeleteParams::default())
        .await
        .unwrap();
    eventually("dependents to be collected", || async {
        deployments.get_opt("d").await.unwrap().is_none()
            && cms.get_opt("child").await.unwrap().is_none()
    })
    .await;

    // Orphan: the dependent stays, without the owner reference.
    let owner = cms
        .create(&pp, &configmap("owner", json!({}), json!({})))
        .await
        .unwrap();
    let mut dep = configmap("dep", json!({}), json!({}));
    dep.metadata.owner_references = Some(object(owned_by(&owner)));
    cms.create(&pp, &dep).await.unwrap();
    cms.delete("owner", &DeleteParams::orphan()).await.unwrap();
    eventually("the owner to go", || async {
        cms.get_opt("owner").await.unwrap().is_none()
    })
    .await;
    let dep = cms.get("dep").await.unwrap();
    assert!(dep.metadata.owner_references.unwrap_or_default().is_empty());

    // Foreground: the owner waits (with a deletionTimestamp) for its dependents.
    let owner = cms
        .create(&pp, &configmap("fg", json!({}), json!({})))
        .await
        .unwrap();
    let mut dep = configmap("fg-dep", json!({}), json!({}));
    dep.metadata.owner_references = Some(object(owned_by(&owner)));
    dep.metadata.finalizers = Some(vec!["test.stream.space/hold".into()]);
    cms.create(&pp, &dep).await.unwrap();
    cms.delete("fg", &DeleteParams::foreground()).await.unwrap();
    eventually("the dependent to be deleting", || async {
        cms.get("fg-dep")
            .await
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_some()
    })
    .await;
    assert!(
        cms.get("fg")
            .await
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_some()
    );
    cms.patch(
        "fg-dep",
        &PatchParams::default(),
        &Patch::Merge(json!({ "metadata": { "finalizers": null } })),
    )
    .await
    .unwrap();
    eventually("both to go", || async {
        cms.get_opt("fg").await.unwrap().is_none() && cms.get_opt("fg-dep").await.unwrap().is_none()
    })
    .await;

    // A dependent whose owner never existed is collected too.
    let mut dangling = configmap("dangling", json!({}), json!({}));
    dangling.metadata.owner_references = Some(object(
        json!([{ "apiVersion": "v1", "kind": "ConfigMap", "name": "ghost", "uid": "00000000-0000-4000-8000-000000000000" }]),
    ));
    cms.create(&pp, &dangling).await.unwrap();
    eventually("the orphan to be collected", || async {
        cms.get_opt("dangling").await.unwrap().is_none()
    })
    .await;
    cluster.cleanup().await;
}

#[tokio::test]
async fn finalizers_and_namespace_deletion() {
    let cluster = TestCluster::start_fake().await;
    let client = cluster.client();
    let ns = cluster.namespace().to_owned();
    let cms: Api<ConfigMap> = Api::namespaced(client.clone(), &ns);
    let mut held = configmap("held", json!({}), json!({}));
    held.metadata.finalizers = Some(vec!["test.stream.space/hold".into()]);
    cms.create(&PostParams::default(), &held).await.unwrap();
    cms.create(
        &PostParams::default(),
        &configmap("free", json!({}), json!({})),
    )
    .await
    .unwrap();

    let deleting = cms
        .delete("held", &DeleteParams::default())
        .await
        .unwrap()
        .left()
        .unwrap();
    assert!(deleting.metadata.deletion_timestamp.is_some());
    assert!(cms.get("held").await.is_ok(), "held by its finalizer");

    let namespaces: Api<Namespace> = Api::all(client.clone());
    namespaces
        .delete(&ns, &DeleteParams::default())
        .await
        .unwrap();
    let terminating = namespaces.get(&ns).await.unwrap();
    assert_eq!(
        terminating.status.unwrap().phase.as_deref(),
        Some("Terminating")
    );
    let status = api_status(
        cms.create(
            &PostParams::default(),
            &configmap("late", json!({}), json!({})),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!((status.code, status.reason.as_str()), (403, "Forbidden"));
    eventually("free to go", || async {
        cms.get_opt("free").await.unwrap().is_none()
    })
    .await;
    assert!(
        namespaces.get_opt(&ns).await.unwrap().is_some(),
        "the namespace waits for held"
    );

    cms.patch(
        "held",
        &PatchParams::default(),
        &Patch::Merge(json!({ "metadata": { "finalizers": [] } })),
    )
    .await
    .unwrap();
    eventually("the namespace to go", || async {
        namespaces.get_opt(&ns).await.unwrap().is_none()
    })
    .await;
}

#[tokio::test]
async fn crd_missing_then_installed() {
    let cluster = TestCluster::start_fake_without_crds().await;
    let client = cluster.client();
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    let status = api_status(crds.get("sessions.stream.space").await.unwrap_err());
    assert_eq!(status.code, 404);
    let sessions: Api<Session> = Api::namespaced(client.clone(), cluster.namespace());
    assert_eq!(
        api_status(sessions.list(&ListParams::default()).await.unwrap_err()).code,
        404
    );
    let discovery = Discovery::new(client.clone()).run().await.unwrap();
    assert!(!discovery.has_group("stream.space"));

    streamspace_testkit::cluster::install_crds(&client).await;
    let crd = crds.get("sessions.stream.space").await.unwrap();
    assert!(
        crd.finalizers()
            .contains(&"customresourcecleanup.apiextensions.k8s.io".to_owned())
    );
    sessions
        .create(
            &PostParams::default(),
            &Session::new("s", SessionSpec::new("a", "b")),
        )
        .await
        .unwrap();

    let discovery = Discovery::new(client.clone()).run().await.unwrap();
    let group = discovery
        .get("stream.space")
        .expect("stream.space is discovered");
    let resources = group.recommended_resources();
    let (session, caps) = resources
        .iter()
        .find(|(r, _)| r.plural == "sessions")
        .expect("sessions");
    assert_eq!(session.kind, "Session");
    assert!(caps.subresources.iter().any(|(r, _)| r.plural == "status"));
    assert!(discovery.get("apps").is_some() && discovery.get("coordination.k8s.io").is_some());
    assert_eq!(client.apiserver_version().await.unwrap().major, "1");

    // Deleting the CRD deletes its custom resources, then stops serving them.
    crds.delete("sessions.stream.space", &DeleteParams::default())
        .await
        .unwrap();
    eventually("sessions to stop being served", || async {
        sessions
            .list(&ListParams::default())
            .await
            .is_err_and(|e| api_status(e).code == 404)
    })
    .await;
    cluster.cleanup().await;
}

#[tokio::test]
async fn availability_and_write_counts() {
    let cluster = TestCluster::start_fake().await;
    let fake = cluster.fake().unwrap();
    let api: Api<ConfigMap> = Api::namespaced(cluster.client(), cluster.namespace());
    let before = fake.write_counts();
    api.create(
        &PostParams::default(),
        &configmap("a", json!({}), json!({})),
    )
    .await
    .unwrap();
    api.patch(
        "a",
        &PatchParams::default(),
        &Patch::Merge(json!({ "data": { "x": "1" } })),
    )
    .await
    .unwrap();
    assert_eq!(
        fake.write_count("configmaps"),
        before.get("configmaps").copied().unwrap_or(0) + 2
    );

    // kube's default client retries 503s with backoff for minutes: look at
    // the fake through a client that does not.
    let mut config = cluster.client_config().await;
    config.default_retry = false;
    let api: Api<ConfigMap> =
        Api::namespaced(Client::try_from(config).unwrap(), cluster.namespace());
    fake.set_available(false);
    let status = api_status(api.get("a").await.unwrap_err());
    assert_eq!(
        (status.code, status.reason.as_str()),
        (503, "ServiceUnavailable")
    );
    fake.set_available(true);
    assert!(api.get("a").await.is_ok());
    cluster.cleanup().await;
}

#[tokio::test]
async fn token_and_access_reviews() {
    let cluster = TestCluster::start_fake().await;
    let fake = cluster.fake().unwrap();
    fake.set_token("secret-token", "alice", &["editors"]);
    fake.allow("alice", "get", "sessions", "");
    fake.allow("group:editors", "patch", "sessions", "alice-firefox");

    let reviews: Api<TokenReview> = Api::all(cluster.client());
    let review = |token: &str| object::<TokenReview>(json!({ "spec": { "token": token } }));
    let ok = reviews
        .create(&PostParams::default(), &review("secret-token"))
        .await
        .unwrap()
        .status
        .unwrap();
    assert_eq!(ok.authenticated, Some(true));
    let user = ok.user.unwrap();
    assert_eq!(
        (user.username.as_deref(), user.groups.unwrap()),
        (Some("alice"), vec!["editors".to_owned()])
    );
    let bad = reviews
        .create(&PostParams::default(), &review("wrong"))
        .await
        .unwrap()
        .status
        .unwrap();
    assert_ne!(bad.authenticated, Some(true));
    assert!(bad.error.is_some());

    let sars: Api<SubjectAccessReview> = Api::all(cluster.client());
    let ask = |user: &str, groups: &[&str], verb: &str, name: &str| {
        object::<SubjectAccessReview>(json!({ "spec": {
            "user": user, "groups": groups,
            "resourceAttributes": { "namespace": "ns", "verb": verb, "group": "stream.space", "resource": "sessions", "name": name },
        } }))
    };
    let allowed = |sar: SubjectAccessReview| sar.status.unwrap().allowed;
    assert!(allowed(
        sars.create(&PostParams::default(), &ask("alice", &[], "get", "x"))
            .await
            .unwrap()
    ));
    assert!(!allowed(
        sars.create(&PostParams::default(), &ask("alice", &[], "delete", "x"))
            .await
            .unwrap()
    ));
    assert!(allowed(
        sars.create(
            &PostParams::default(),
            &ask("bob", &["editors"], "patch", "alice-firefox")
        )
        .await
        .unwrap()
    ));
    assert!(!allowed(
        sars.create(
            &PostParams::default(),
            &ask("bob", &["editors"], "patch", "other")
        )
        .await
        .unwrap()
    ));
    assert_eq!(fake.write_count("tokenreviews"), 0, "reviews store nothing");

    fake.clear_access_policy();
    assert!(!allowed(
        sars.create(&PostParams::default(), &ask("alice", &[], "get", "x"))
            .await
            .unwrap()
    ));
    cluster.cleanup().await;
}

#[tokio::test]
async fn other_resources_round_trip() {
    use k8s_openapi::api::apps::v1::ControllerRevision;
    use k8s_openapi::api::coordination::v1::Lease;
    use k8s_openapi::api::core::v1::{Event as CoreEvent, PersistentVolumeClaim, Secret, Service};
    use k8s_openapi::api::events::v1::Event;
    use k8s_openapi::api::networking::v1::Ingress;

    async fn round_trip<K>(client: &Client, ns: &str, value: Value)
    where
        K: Resource<Scope = k8s_openapi::NamespaceResourceScope, DynamicType = ()>
            + Clone
            + DeserializeOwned
            + serde::Serialize
            + std::fmt::Debug,
    {
        let api: Api<K> = Api::namespaced(client.clone(), ns);
        let created = api
            .create(&PostParams::default(), &object(value))
            .await
            .unwrap();
        let name = created.name_any();
        assert_eq!(api.get(&name).await.unwrap().meta().uid, created.meta().uid);
        let list = api
            .list(&ListParams::default().labels("kind=test"))
            .await
            .unwrap();
        assert_eq!(list.items.len(), 1, "{}", K::plural(&()));
        let deleted = api
            .delete_collection(&DeleteParams::default(), &ListParams::default())
            .await
            .unwrap();
        assert_eq!(deleted.left().map(|l| l.items.len()), Some(1));
        assert!(api.get_opt(&name).await.unwrap().is_none());
    }

    let cluster = TestCluster::start_fake().await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    let meta = |name: &str| json!({ "name": name, "labels": { "kind": "test" } });
    let regarding =
        json!({ "apiVersion": "v1", "kind": "ConfigMap", "name": "x", "namespace": ns });
    round_trip::<Service>(
        &client,
        ns,
        json!({ "metadata": meta("svc"), "spec": { "ports": [{ "port": 80 }] } }),
    )
    .await;
    round_trip::<Secret>(
        &client,
        ns,
        json!({ "metadata": meta("secret"), "stringData": { "a": "b" } }),
    )
    .await;
    round_trip::<PersistentVolumeClaim>(
        &client,
        ns,
        json!({ "metadata": meta("home"), "spec": { "accessModes": ["ReadWriteOnce"],
                "resources": { "requests": { "storage": "1Gi" } } } }),
    )
    .await;
    round_trip::<Ingress>(
        &client,
        ns,
        json!({ "metadata": meta("ing"), "spec": { "rules": [{ "host": "a.test" }] } }),
    )
    .await;
    round_trip::<Lease>(
        &client,
        ns,
        json!({ "metadata": meta("leader"), "spec": { "holderIdentity": "me" } }),
    )
    .await;
    round_trip::<ControllerRevision>(
        &client,
        ns,
        json!({ "metadata": meta("rev"), "revision": 1 }),
    )
    .await;
    round_trip::<CoreEvent>(
        &client,
        ns,
        json!({ "metadata": meta("ev1"), "involvedObject": regarding, "reason": "Test", "message": "m" }),
    )
    .await;
    round_trip::<Event>(
        &client,
        ns,
        json!({ "metadata": meta("ev2"), "eventTime": "2025-01-01T00:00:00.000000Z", "regarding": regarding,
                "reason": "Test", "action": "Testing", "reportingController": "test", "reportingInstance": "t",
                "type": "Normal" }),
    )
    .await;
    let events: Api<CoreEvent> = Api::namespaced(client.clone(), ns);
    assert_eq!(
        events
            .list(&ListParams::default().fields("involvedObject.name=x"))
            .await
            .unwrap()
            .items
            .len(),
        0
    );
    cluster.cleanup().await;
}

#[tokio::test]
async fn a_dropped_fake_stops_serving() {
    let fake = FakeApiServer::start().await;
    let mut config = kube::Config::new(fake.url().parse().unwrap());
    config.default_retry = false;
    let api: Api<Namespace> = Api::all(Client::try_from(config).unwrap());
    assert!(api.get("default").await.is_ok());
    drop(fake);
    eventually("the fake to stop", || async {
        matches!(
            api.get("default").await,
            Err(kube::Error::HyperError(_)) | Err(kube::Error::Service(_))
        )
    })
    .await;
}

#[tokio::test]
async fn paused_watches_deliver_what_waited_when_resumed() {
    let cluster = TestCluster::start_fake().await;
    let fake = cluster.fake().unwrap();
    let api: Api<ConfigMap> = Api::namespaced(cluster.client(), cluster.namespace());
    let mut events = watcher(api.clone(), watcher::Config::default())
        .filter_map(|e| async { e.ok() })
        .boxed();
    assert!(matches!(next(&mut events).await, Event::Init));
    assert!(matches!(next(&mut events).await, Event::InitDone));

    fake.set_watches_paused(true);
    for name in ["one", "two"] {
        api.create(
            &PostParams::default(),
            &configmap(name, json!({}), json!({})),
        )
        .await
        .unwrap();
    }
    let held = tokio::time::timeout(Duration::from_millis(300), events.next()).await;
    assert!(held.is_err(), "an event passed the pause: {held:?}");
    fake.set_watches_paused(false);
    assert!(matches!(next(&mut events).await, Event::Apply(cm) if cm.name_any() == "one"));
    assert!(matches!(next(&mut events).await, Event::Apply(cm) if cm.name_any() == "two"));
    cluster.cleanup().await;
}

#[tokio::test]
async fn the_operator_may_make_only_what_its_rbac_grants() {
    // The operator's own namespace, as deploy/base/kustomization.yaml installs it;
    // this test's requests are not the operator's, so they are not recorded.
    let ns = "streamspace";
    let fake = FakeApiServer::start_with(FakeOptions {
        operator: Some(OperatorIdentity {
            recorded: false,
            ..OperatorIdentity::new(ns)
        }),
        ..FakeOptions::default()
    })
    .await;
    let harness = Client::try_from(fake.client_config(ns, false).await).unwrap();
    let operator = Client::try_from(fake.client_config(ns, true).await).unwrap();
    let namespace: Namespace = object(json!({ "metadata": { "name": ns } }));
    Api::<Namespace>::all(harness.clone())
        .create(&PostParams::default(), &namespace)
        .await
        .unwrap();
    streamspace_testkit::cluster::install_crds(&harness).await;
    for name in ["streamspace-scripts", "other"] {
        Api::<ConfigMap>::namespaced(harness.clone(), ns)
            .create(
                &PostParams::default(),
                &configmap(name, json!({}), json!({})),
            )
            .await
            .unwrap();
    }

    // Granted: by the ClusterRole, and by the Role in the operator's
    // namespace for the object it names (also as a list's field selector).
    Api::<Session>::namespaced(operator.clone(), ns)
        .list(&ListParams::default())
        .await
        .unwrap();
    let configmaps = Api::<ConfigMap>::namespaced(operator.clone(), ns);
    configmaps.get("streamspace-scripts").await.unwrap();
    let named = ListParams::default().fields("metadata.name=streamspace-scripts");
    assert_eq!(configmaps.list(&named).await.unwrap().items.len(), 1);
    // A server-side apply that creates a Deployment: patch and create.
    let apply = PatchParams::apply("streamspace-operator");
    Api::<Deployment>::namespaced(operator.clone(), ns)
        .patch("web", &apply, &Patch::Apply(deployment("web", "nginx")))
        .await
        .unwrap();
    assert_eq!(fake.operator_refusals(), Vec::<String>::new());

    // Refused with 403: another ConfigMap, every ConfigMap, a Secret, and a
    // Session that an apply would create (patch is granted, create is not).
    let forbidden = |e: kube::Error| {
        let status = api_status(e);
        assert_eq!((status.code, status.reason.as_str()), (403, "Forbidden"));
        status.message
    };
    let message = forbidden(configmaps.get("other").await.unwrap_err());
    assert!(
        message.contains(
            "User \"system:serviceaccount:streamspace:streamspace-operator\" cannot get \
             configmaps (core) named \"other\" in namespace streamspace"
        ),
        "{message}"
    );
    forbidden(configmaps.list(&ListParams::default()).await.unwrap_err());
    let secrets = Api::<k8s_openapi::api::core::v1::Secret>::namespaced(operator.clone(), ns);
    forbidden(secrets.get("token").await.unwrap_err());
    let session: Session = object(json!({
        "apiVersion": "stream.space/v1alpha1", "kind": "Session",
        "metadata": { "name": "s" }, "spec": { "user": "u", "template": "t" },
    }));
    let sessions = Api::<Session>::namespaced(operator.clone(), ns);
    forbidden(
        sessions
            .patch("s", &apply, &Patch::Apply(&session))
            .await
            .unwrap_err(),
    );
    let refused = fake.operator_refusals();
    assert_eq!(refused.len(), 4, "{refused:#?}");
    assert!(
        refused[3].starts_with(
            "the operator's request `create sessions (stream.space) named \"s\" in namespace \
             streamspace` is not granted"
        ),
        "{}",
        refused[3]
    );
    assert!(refused[3].ends_with("verbs: [create]"), "{}", refused[3]);

    // A test may grant more, as deploy/base/rbac.yaml says to for a feature;
    // the harness's own client is never refused.
    fake.grant_operator(object(json!({
        "apiGroups": [""], "resources": ["secrets"], "resourceNames": ["token"], "verbs": ["get"],
    })));
    assert_eq!(
        api_status(secrets.get("token").await.unwrap_err()).code,
        404
    );
    Api::<k8s_openapi::api::core::v1::Secret>::namespaced(harness, ns)
        .list(&ListParams::default())
        .await
        .unwrap();
    assert_eq!(fake.operator_refusals().len(), 4);
}

/// A cluster whose operator was refused a request.
async fn refused_cluster() -> TestCluster {
    let cluster = TestCluster::start_fake().await;
    let fake = cluster.fake().unwrap();
    let operator = Client::try_from(fake.client_config(cluster.namespace(), true).await).unwrap();
    let secrets =
        Api::<k8s_openapi::api::core::v1::Secret>::namespaced(operator, cluster.namespace());
    assert_eq!(
        api_status(secrets.get("token").await.unwrap_err()).code,
        403
    );
    cluster
}

#[tokio::test]
async fn a_test_whose_operator_was_refused_fails_at_cleanup_or_drop() {
    let cluster = refused_cluster().await;
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(cluster)));
    assert!(dropped.is_err(), "dropping the cluster fails the test");

    let cluster = refused_cluster().await;
    let cleanup = std::panic::AssertUnwindSafe(cluster.cleanup()).catch_unwind();
    let failure = cleanup.await.expect_err("the cleanup fails");
    let message = failure.downcast_ref::<String>().expect("a panic message");
    assert!(
        message.starts_with(
            "the operator made 1 request(s) its RBAC does not grant:\nthe operator's request \
             `get secrets (core) named \"token\" in namespace streamspace` is not granted"
        ),
        "{message}"
    );
}

/// The status writes a watch sees after `from`: each MODIFIED Deployment
/// until `quiet` passes without one.
async fn status_events(api: &Api<Deployment>, from: &str, quiet: Duration) -> Vec<Deployment> {
    let params = WatchParams::default().timeout(30);
    let mut stream = api.watch(&params, from).await.unwrap().boxed();
    let mut seen = Vec::new();
    while let Ok(Some(event)) = tokio::time::timeout(quiet, stream.next()).await {
        match event.unwrap() {
            WatchEvent::Modified(d) => seen.push(d),
            WatchEvent::Bookmark(_) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    seen
}

fn condition(d: &Deployment, type_: &str) -> Option<(String, String)> {
    let conditions = d.status.as_ref()?.conditions.as_ref()?;
    let c = conditions
        .iter()
        .find(|c| c.type_.as_deref() == Some(type_))?;
    Some((c.status.clone()?, c.reason.clone().unwrap_or_default()))
}

fn revision(d: &Deployment) -> Option<&str> {
    d.annotations()
        .get("deployment.kubernetes.io/revision")
        .map(String::as_str)
}

/// (observedGeneration, replicas, updated, ready, available, unavailable).
fn counters(d: &Deployment) -> [Option<i64>; 6] {
    let s = d.status.clone().unwrap_or_default();
    [
        s.observed_generation,
        s.replicas.map(i64::from),
        s.updated_replicas.map(i64::from),
        s.ready_replicas.map(i64::from),
        s.available_replicas.map(i64::from),
        s.unavailable_replicas.map(i64::from),
    ]
}

fn fake_client(fake: &FakeApiServer) -> Client {
    Client::try_from(kube::Config::new(fake.url().parse().unwrap())).unwrap()
}

#[tokio::test]
async fn the_deployment_controller_writes_status_step_by_step() {
    let cluster = TestCluster::start_fake().await;
    let fake = cluster.fake().unwrap();
    let api: Api<Deployment> = Api::namespaced(cluster.client(), cluster.namespace());
    let created = api
        .create(&PostParams::default(), &deployment("d", "nginx:1"))
        .await
        .unwrap();
    let steps = status_events(&api, &rv(&created), Duration::from_millis(500)).await;

    // Without a kubelet: revision, observedGeneration, replicas; no ready step.
    assert_eq!(steps.len(), 3, "{steps:#?}");
    assert_eq!(revision(&steps[0]), Some("1"));
    let (status, reason) = condition(&steps[0], "Progressing").unwrap();
    assert_eq!(
        (status.as_str(), reason.as_str()),
        ("True", "NewReplicaSetCreated")
    );
    let message = steps[0].status.clone().unwrap().conditions.unwrap()[0]
        .message
        .clone()
        .unwrap();
    let replica_set = message
        .strip_prefix("Created new replica set \"d-")
        .and_then(|m| m.strip_suffix('"'))
        .unwrap();
    assert_eq!(replica_set.len(), 10, "{message}");
    assert_eq!(
        steps[0].metadata.generation,
        Some(1),
        "status writes keep it"
    );
    assert_eq!(counters(&steps[1]), [Some(1), None, None, None, None, None]);
    assert_eq!(
        counters(&steps[2]),
        [Some(1), Some(1), Some(1), None, None, Some(1)]
    );
    assert_eq!(
        condition(&steps[2], "Available"),
        Some(("False".into(), "MinimumReplicasUnavailable".into()))
    );
    assert_eq!(
        condition(&steps[2], "Progressing").unwrap().1,
        "ReplicaSetUpdated"
    );
    let conditions = steps[2].status.clone().unwrap().conditions.unwrap();
    assert!(
        conditions
            .iter()
            .all(|c| c.last_update_time.is_some() && c.last_transition_time.is_some())
    );
    let rvs: BTreeSet<String> = steps.iter().map(rv).collect();
    assert_eq!(rvs.len(), 3, "each step is a write of its own");

    // Written as kube-controller-manager through /status, owning the
    // revision annotation; not counted as a client's write.
    let managers = steps[2].metadata.managed_fields.clone().unwrap();
    let controller = managers
        .iter()
        .find(|m| m.manager.as_deref() == Some("kube-controller-manager"))
        .unwrap();
    assert_eq!(
        (
            controller.operation.as_deref(),
            controller.subresource.as_deref()
        ),
        (Some("Update"), Some("status"))
    );
    let owned = serde_json::to_string(&controller.fields_v1).unwrap();
    assert!(
        owned.contains("deployment.kubernetes.io/revision"),
        "{owned}"
    );
    assert_eq!(fake.write_count("deployments/status"), 0);
    assert_eq!(fake.write_count("deployments"), 1);
    cluster.cleanup().await;
}

#[tokio::test]
async fn with_ready_pods_a_rollout_completes_and_template_changes_are_new_revisions() {
    let fake = FakeApiServer::start_with(FakeOptions {
        pods_ready_after: Some(Duration::from_millis(30)),
        ..FakeOptions::default()
    })
    .await;
    let api: Api<Deployment> = Api::namespaced(fake_client(&fake), "default");
    let created = api
        .create(&PostParams::default(), &deployment("d", "nginx:1"))
        .await
        .unwrap();
    let steps = status_events(&api, &rv(&created), Duration::from_millis(500)).await;
    assert_eq!(steps.len(), 6, "{steps:#?}");
    assert_eq!(
        counters(&steps[3]),
        [Some(1), Some(1), Some(1), Some(1), Some(1), None]
    );
    assert_eq!(
        condition(&steps[4], "Available"),
        Some(("True".into(), "MinimumReplicasAvailable".into()))
    );
    assert_eq!(
        condition(&steps[5], "Progressing"),
        Some(("True".into(), "NewReplicaSetAvailable".into()))
    );
    let done = steps[5].clone();
    let types: Vec<String> = done
        .status
        .clone()
        .unwrap()
        .conditions
        .unwrap()
        .into_iter()
        .filter_map(|c| c.type_)
        .collect();
    assert_eq!(types, ["Available", "Progressing"], "the real order");

    // A new pod template: revision 2, the same steps again.
    let image = Patch::Merge(json!({ "spec": { "template": { "spec": {
        "containers": [{ "name": "main", "image": "nginx:2" }] } } } }));
    let patched = api
        .patch("d", &PatchParams::default(), &image)
        .await
        .unwrap();
    assert_eq!(patched.metadata.generation, Some(2));
    let steps = status_events(&api, &rv(&patched), Duration::from_millis(500)).await;
    assert_eq!(revision(steps.last().unwrap()), Some("2"));
    assert_eq!(
        steps[0].status.as_ref().unwrap().observed_generation,
        Some(1)
    );
    assert_eq!(
        condition(&steps[0], "Progressing").unwrap().1,
        "NewReplicaSetCreated"
    );
    assert_eq!(
        condition(steps.last().unwrap(), "Progressing").unwrap().1,
        "NewReplicaSetAvailable"
    );
    // The ready counts were already 1 of 1: that write changes nothing, so
    // it is no event.
    assert_eq!(steps.len(), 5, "{steps:#?}");

    // Scaling to 0 (hibernation): observedGeneration, then no counters.
    let scaled = api
        .patch(
            "d",
            &PatchParams::default(),
            &Patch::Merge(json!({ "spec": { "replicas": 0 } })),
        )
        .await
        .unwrap();
    let steps = status_events(&api, &rv(&scaled), Duration::from_millis(500)).await;
    assert_eq!(steps.len(), 2, "same template, no new revision: {steps:#?}");
    assert_eq!(counters(&steps[0])[0], Some(3));
    assert_eq!(counters(&steps[1]), [Some(3), None, None, None, None, None]);
    assert_eq!(revision(&steps[1]), Some("2"));
}

#[tokio::test]
async fn a_new_generation_restarts_the_rollout() {
    let fake = FakeApiServer::start_with(FakeOptions {
        deployment_step_delay: Duration::from_millis(200),
        ..FakeOptions::default()
    })
    .await;
    let api: Api<Deployment> = Api::namespaced(fake_client(&fake), "default");
    let created = api
        .create(&PostParams::default(), &deployment("d", "nginx:1"))
        .await
        .unwrap();
    let params = WatchParams::default().timeout(30);
    let mut stream = api.watch(&params, &rv(&created)).await.unwrap().boxed();
    let first = loop {
        if let WatchEvent::Modified(d) = next(&mut stream).await.unwrap() {
            break d;
        }
    };
    assert_eq!(revision(&first), Some("1"));
    let scaled = api
        .patch(
            "d",
            &PatchParams::default(),
            &Patch::Merge(json!({ "spec": { "replicas": 3 } })),
        )
        .await
        .unwrap();
    assert_eq!(scaled.metadata.generation, Some(2));
    let steps = status_events(&api, &rv(&scaled), Duration::from_millis(800)).await;
    assert!(
        steps
            .iter()
            .all(|d| d.status.as_ref().unwrap().observed_generation != Some(1)),
        "generation 1 is never reported once 2 exists: {steps:#?}"
    );
    let last = steps.last().unwrap();
    assert_eq!(
        counters(last),
        [Some(2), Some(3), Some(3), None, None, Some(3)]
    );
    assert_eq!(revision(last), Some("1"), "the template did not change");
}

#[tokio::test]
async fn ready_replicas_a_client_sets_are_kept_until_scaled_to_zero() {
    let fake = FakeApiServer::start().await;
    let api: Api<Deployment> = Api::namespaced(fake_client(&fake), "default");
    api.create(&PostParams::default(), &deployment("d", "nginx:1"))
        .await
        .unwrap();
    let ready = Patch::Merge(json!({ "status": { "readyReplicas": 1, "availableReplicas": 1 } }));
    api.patch_status("d", &PatchParams::default(), &ready)
        .await
        .unwrap();
    eventually("the replicas step", || async {
        api.get("d").await.unwrap().status.unwrap().replicas == Some(1)
    })
    .await;
    let status = api.get("d").await.unwrap().status.unwrap();
    assert_eq!(status.ready_replicas, Some(1));
    assert_eq!(status.available_replicas, Some(1));
    assert_eq!(status.unavailable_replicas, None, "1 of 1 is available");

    api.patch(
        "d",
        &PatchParams::default(),
        &Patch::Merge(json!({ "spec": { "replicas": 0 } })),
    )
    .await
    .unwrap();
    eventually("the counters to go", || async {
        let d = api.get("d").await.unwrap();
        counters(&d) == [Some(2), None, None, None, None, None]
    })
    .await;
}

#[tokio::test]
async fn many_deployments_at_once_all_get_their_status() {
    let fake = FakeApiServer::start_with(FakeOptions {
        deployment_step_delay: Duration::from_millis(1),
        pods_ready_after: Some(Duration::from_millis(1)),
        ..FakeOptions::default()
    })
    .await;
    let api: Api<Deployment> = Api::namespaced(fake_client(&fake), "default");
    let creates = (0..300).map(|i| {
        let api = api.clone();
        async move {
            api.create(
                &PostParams::default(),
                &deployment(&format!("d{i}"), "nginx:1"),
            )
            .await
            .unwrap()
        }
    });
    futures::future::join_all(creates).await;
    eventually("every rollout to complete", || async {
        api.list(&ListParams::default())
            .await
            .unwrap()
            .items
            .iter()
            .all(|d| {
                condition(d, "Progressing")
                    .is_some_and(|(_, reason)| reason == "NewReplicaSetAvailable")
            })
    })
    .await;
}

fn pod_resources(d: &Deployment) -> Value {
    let d = serde_json::to_value(d).unwrap();
    d.pointer("/spec/template/spec/containers/0/resources")
        .cloned()
        .unwrap_or_default()
}

fn with_resources(name: &str, resources: Value) -> Deployment {
    let mut d = serde_json::to_value(deployment(name, "nginx:1")).unwrap();
    d["spec"]["template"]["spec"]["containers"][0]["resources"] = resources;
    object(d)
}

#[tokio::test]
async fn quantities_are_stored_in_canonical_form() {
    let cluster = TestCluster::start_fake().await;
    let client = cluster.client();
    let ns = cluster.namespace();
    let api: Api<Deployment> = Api::namespaced(client.clone(), ns);

    // POST, with a JSON number too.
    let created = api
        .create(
            &PostParams::default(),
            &with_resources(
                "d",
                json!({ "limits": { "cpu": "1000m", "memory": "1024Mi" }, "requests": { "cpu": "0.5" } }),
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        pod_resources(&created),
        json!({ "limits": { "cpu": "1", "memory": "1Gi" }, "requests": { "cpu": "500m" } })
    );
    let number = format!("/apis/apps/v1/namespaces/{ns}/deployments");
    let mut raw_body = serde_json::to_value(with_resources("n", json!({}))).unwrap();
    raw_body["spec"]["template"]["spec"]["containers"][0]["resources"] =
        json!({ "limits": { "cpu": 1 } });
    let numbered = raw(
        &client,
        "POST",
        &number,
        "application/json",
        raw_body.to_string(),
    )
    .await
    .unwrap();
    assert_eq!(
        numbered.pointer("/spec/template/spec/containers/0/resources/limits/cpu"),
        Some(&json!("1"))
    );

    // PUT and merge patch.
    let mut put = with_resources("d", json!({ "limits": { "cpu": "2000m" } }));
    put.metadata.resource_version = None;
    let replaced = api
        .replace("d", &PostParams::default(), &put)
        .await
        .unwrap();
    assert_eq!(
        pod_resources(&replaced),
        json!({ "limits": { "cpu": "2" } })
    );
    let merge = Patch::Merge(json!({ "spec": { "template": { "spec": { "containers": [
        { "name": "main", "image": "nginx:1", "resources": { "limits": { "memory": "100000" } } }
    ] } } } }));
    let patched = api
        .patch("d", &PatchParams::default(), &merge)
        .await
        .unwrap();
    assert_eq!(
        pod_resources(&patched),
        json!({ "limits": { "memory": "100k" } })
    );

    // Server-side apply: stored canonical, and the same quantity written
    // differently is no change (no new resourceVersion).
    let pvcs: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), ns);
    let claim = |storage: &str| {
        Patch::Apply(json!({
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": { "name": "home" },
            "spec": { "accessModes": ["ReadWriteOnce"],
                      "resources": { "requests": { "storage": storage } } },
        }))
    };
    let applied = pvcs
        .patch("home", &PatchParams::apply("a"), &claim("1024Mi"))
        .await
        .unwrap();
    let storage = |pvc: &PersistentVolumeClaim| {
        pvc.spec
            .clone()
            .unwrap()
            .resources
            .unwrap()
            .requests
            .unwrap()["storage"]
            .0
            .clone()
    };
    assert_eq!(storage(&applied), "1Gi");
    let again = pvcs
        .patch("home", &PatchParams::apply("a"), &claim("1Gi"))
        .await
        .unwrap();
    let equal = pvcs
        .patch("home", &PatchParams::apply("a"), &claim("1048576Ki"))
        .await
        .unwrap();
    assert_eq!((rv(&again), rv(&equal)), (rv(&applied), rv(&applied)));
    let other = pvcs
        .patch("home", &PatchParams::apply("b"), &claim("1048576Ki"))
        .await
        .expect("an equal value is no conflict");
    assert_eq!(storage(&other), "1Gi");

    // Custom resources keep what was written.
    let sessions: Api<Session> = Api::namespaced(client.clone(), ns);
    let mut session =
        serde_json::to_value(Session::new("s", SessionSpec::new("alice", "firefox"))).unwrap();
    session["spec"]["resources"] = json!({ "cpu": "1000m", "memory": "1024Mi" });
    let created = sessions
        .create(&PostParams::default(), &object(session))
        .await
        .unwrap();
    let resources = serde_json::to_value(created.spec.resources).unwrap();
    assert_eq!(resources["cpu"], "1000m");
    assert_eq!(resources["memory"], "1024Mi");
    cluster.cleanup().await;
}

#[tokio::test]
async fn a_malformed_quantity_is_refused() {
    let cluster = TestCluster::start_fake().await;
    let api: Api<Deployment> = Api::namespaced(cluster.client(), cluster.namespace());
    let err = api
        .create(
            &PostParams::default(),
            &with_resources("d", json!({ "limits": { "cpu": "abc" } })),
        )
        .await
        .unwrap_err();
    let status = api_status(err);
    assert_eq!((status.code, status.reason.as_str()), (400, "BadRequest"));
    assert_eq!(
        status.message,
        "Deployment in version \"v1\" cannot be handled as a Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    );

    api.create(&PostParams::default(), &deployment("d", "nginx:1"))
        .await
        .unwrap();
    let bad = Patch::Merge(json!({ "spec": { "template": { "spec": { "containers": [
        { "name": "main", "image": "nginx:1", "resources": { "limits": { "cpu": "abc" } } }
    ] } } } }));
    let err = api
        .patch("d", &PatchParams::default(), &bad)
        .await
        .unwrap_err();
    let status = api_status(err);
    assert_eq!((status.code, status.reason.as_str()), (422, "Invalid"));
    assert!(
        status.message.contains(
            "spec.template.spec.containers[0].resources.limits[cpu]: Invalid value: \"abc\": quantities must match"
        ),
        "{}",
        status.message
    );
    cluster.cleanup().await;
}
