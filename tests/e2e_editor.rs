//! The editor API of the real operator binary against a Kubernetes API (the
//! cluster of STREAMSPACE_TEST_KUBECONFIG, or the fake API server): a save
//! writes the scripts ConfigMap, records ControllerRevisions and an Event,
//! the operator reloads and every Session gets the new script version; a
//! stale If-Match is refused; the fixtures shipped in the ConfigMap gate a
//! save; a ConfigMap changed between the editor's read and its write is
//! never overwritten (the resourceVersion precondition).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use k8s_openapi::api::apps::v1::ControllerRevision;
use k8s_openapi::api::core::v1::ConfigMap;
use k8s_openapi::api::events::v1::Event;
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams};
use kube::{Client, ResourceExt};
use serde_json::json;
use streamspace_operator::controller::kube::Kube;
use streamspace_operator::crd::{Session, Template};
use streamspace_operator::script::set::version_of;
use streamspace_operator::web::editor::{ConfigMapRepo, Repository, Write, WriteError};

use streamspace_testkit::editor::{EditorClient, edited, image_changed};
use streamspace_testkit::operator::{OperatorProcess, SCRIPTS, put_scripts, scripts};
use streamspace_testkit::poll::eventually;
use streamspace_testkit::{TestCluster, operator_binary};

const WAIT: Duration = Duration::from_secs(20);
const EDITOR: &str = "e2e-editor-token";
const VIEWER: &str = "e2e-viewer-token";

/// The operator with the editor tokens [`EDITOR`] and [`VIEWER`] from a
/// tokens file, and an editor client of it.
async fn start_editor(
    cluster: &TestCluster,
) -> (OperatorProcess, EditorClient, std::path::PathBuf) {
    let tokens = std::env::temp_dir().join(format!("{}-editor-tokens", cluster.namespace()));
    std::fs::write(&tokens, format!("editor: {EDITOR}\nviewer: {VIEWER}\n")).unwrap();
    let operator = OperatorProcess::start(
        cluster,
        operator_binary!(),
        &["--editor-tokens-file", tokens.to_str().unwrap()],
    )
    .await;
    let api = EditorClient::new(operator.base(), Some(EDITOR));
    (operator, api, tokens)
}

/// Waits for an Event of `reason` in `namespace` whose note holds every
/// one of `needles`.
async fn event_noting(client: &Client, namespace: &str, reason: &str, needles: &[&str]) -> Event {
    let events = Api::<Event>::namespaced(client.clone(), namespace);
    eventually(
        &format!("a {reason} Event noting {needles:?}"),
        WAIT,
        || async {
            events
                .list(&Default::default())
                .await
                .ok()?
                .items
                .into_iter()
                .find(|e| {
                    e.reason.as_deref() == Some(reason)
                        && e.note
                            .as_deref()
                            .is_some_and(|n| needles.iter().all(|needle| n.contains(needle)))
                })
        },
    )
    .await
}

async fn create<K>(client: &Client, namespace: &str, object: serde_json::Value)
where
    K: kube::Resource<DynamicType = (), Scope = k8s_openapi::NamespaceResourceScope>
        + Clone
        + serde::Serialize
        + serde::de::DeserializeOwned
        + std::fmt::Debug,
{
    let object: K = serde_json::from_value(object).unwrap();
    Api::<K>::namespaced(client.clone(), namespace)
        .create(&PostParams::default(), &object)
        .await
        .unwrap();
}

async fn script_version(client: &Client, namespace: &str, name: &str) -> Option<String> {
    Api::<Session>::namespaced(client.clone(), namespace)
        .get(name)
        .await
        .ok()?
        .status?
        .script_version
}

#[tokio::test(flavor = "multi_thread")]
async fn a_save_reaches_the_configmap_the_history_and_every_session() {
    let cluster = TestCluster::start().await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    let original = scripts(&[]);
    put_scripts(&cluster, &original).await;
    create::<Template>(
        &client,
        ns,
        json!({
            "apiVersion": "stream.space/v1alpha1", "kind": "Template",
            "metadata": { "name": "firefox" },
            "spec": { "displayName": "Firefox", "baseImage": "lscr.io/linuxserver/firefox:latest" }
        }),
    )
    .await;
    for user in ["alice", "bob"] {
        create::<Session>(
            &client,
            ns,
            json!({
                "apiVersion": "stream.space/v1alpha1", "kind": "Session",
                "metadata": { "name": format!("{user}-firefox") },
                "spec": { "user": user, "template": "firefox" }
            }),
        )
        .await;
    }
    let (operator, api, tokens) = start_editor(&cluster).await;
    // Token mode says once, at start, where the tokens are.
    let log = operator.log();
    let sign_in: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("editor sign-in"))
        .collect();
    assert_eq!(sign_in.len(), 1, "{log}");
    assert!(sign_in[0].contains(tokens.to_str().unwrap()), "{log}");

    let (status, listed) = api.get("/api/scripts").await;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["mode"], "cluster");
    let first = listed["version"].as_str().unwrap().to_owned();
    for name in ["alice-firefox", "bob-firefox"] {
        eventually(&format!("{name} reconciled by {first}"), WAIT, || async {
            (script_version(&client, ns, name).await.as_deref() == Some(first.as_str()))
                .then_some(())
        })
        .await;
    }
    let (_, sessions) = api.get("/api/sessions").await;
    assert_eq!(sessions.as_array().unwrap().len(), 2, "{sessions}");
    let alice = json!({ "namespace": ns, "name": "alice-firefox" });
    let (_, dry_run) = api
        .post(
            "/api/scripts/dry-run",
            &json!({ "scripts": original, "session": alice }),
        )
        .await;
    assert_eq!(dry_run["ok"], true, "{dry_run}");
    assert!(
        dry_run["currentChildrenYaml"]
            .as_str()
            .unwrap()
            .contains("kind: Deployment"),
        "the children in the cluster: {dry_run}"
    );
    assert_eq!(
        dry_run["diff"], "",
        "the running scripts applied what they decide"
    );

    let mut tuned = original.clone();
    let idle = tuned.get_mut("idle.rhai").unwrap();
    *idle = format!("// tuned in the editor\n{idle}");
    let body = json!({ "scripts": tuned, "message": "tune idle" });
    let (status, refused) = api
        .with_token(Some(VIEWER))
        .post_if_match("/api/scripts/save", &first, &body)
        .await;
    assert_eq!(status, 403, "{refused}");
    let (status, saved) = api.post_if_match("/api/scripts/save", &first, &body).await;
    assert_eq!(status, 200, "{saved}\n{}", operator.log());
    let second = saved["version"].as_str().unwrap().to_owned();
    assert_ne!(second, first);

    let configmap = Api::<ConfigMap>::namespaced(client.clone(), ns)
        .get(SCRIPTS)
        .await
        .unwrap();
    assert_eq!(
        configmap.data.as_ref().unwrap()["idle.rhai"],
        tuned["idle.rhai"]
    );
    let revisions = Api::<ControllerRevision>::namespaced(client.clone(), ns);
    let revision = revisions.get(&format!("{SCRIPTS}-{second}")).await.unwrap();
    assert_eq!(revision.labels()["stream.space/scripts"], SCRIPTS);
    assert_eq!(
        revision.labels()["app.kubernetes.io/managed-by"],
        "streamspace-operator"
    );
    assert_eq!(
        revision.annotations()["stream.space/author"],
        "editor-token-1"
    );
    assert_eq!(revision.annotations()["stream.space/message"], "tune idle");
    let saved_scripts: BTreeMap<String, String> =
        serde_json::from_value(revision.data.0.clone()).unwrap();
    assert_eq!(saved_scripts, tuned);
    let before = revisions.get(&format!("{SCRIPTS}-{first}")).await.unwrap();
    assert!(
        before.revision < revision.revision,
        "the version before the save is kept too"
    );

    // The rollout is the operator's record of which version evaluated each
    // Session; an edit of idle.rhai decides the same children and status,
    // so no Session is written and their status keeps the first version.
    let rollout = eventually(
        "the rollout to show every session on the new version",
        WAIT,
        || async {
            let (_, rollout) = api.get("/api/rollout").await;
            (rollout["versions"] == json!([{ "version": second, "sessions": 2 }]))
                .then_some(rollout)
        },
    )
    .await;
    assert_eq!(rollout["current"], second);
    for name in ["alice-firefox", "bob-firefox"] {
        assert_eq!(
            script_version(&client, ns, name).await.as_deref(),
            Some(first.as_str()),
            "status.scriptVersion names the version whose decision was written"
        );
    }
    event_noting(&client, ns, "ScriptsSaved", &["editor-token-1", &second]).await;

    let mut other = original.clone();
    other.insert(
        "idle.rhai".into(),
        format!("// another edit\n{}", original["idle.rhai"]),
    );
    let (status, conflict) = api
        .post_if_match(
            "/api/scripts/save",
            &first,
            &json!({ "scripts": other, "message": "stale" }),
        )
        .await;
    assert_eq!(status, 409, "{conflict}");
    assert_eq!(conflict["current"]["version"], second);
    assert_eq!(conflict["current"]["author"], "editor-token-1");
    let configmap = Api::<ConfigMap>::namespaced(client.clone(), ns)
        .get(SCRIPTS)
        .await
        .unwrap();
    assert_eq!(
        configmap.data.as_ref().unwrap()["idle.rhai"],
        tuned["idle.rhai"],
        "nothing was overwritten"
    );

    let (_, history) = api.get("/api/scripts/history").await;
    assert_eq!(history[0]["version"], second);
    assert_eq!(history[0]["current"], true);
    assert_eq!(history[1]["version"], first);
    let (status, rolled) = api
        .post_if_match(
            "/api/scripts/rollback",
            &second,
            &json!({ "version": first }),
        )
        .await;
    assert_eq!(status, 200, "{rolled}");
    assert_eq!(rolled["version"], first);
    let (_, history) = api.get("/api/scripts/history").await;
    assert_eq!(history[0]["version"], first);
    assert_eq!(
        history[0]["restored"]["author"], "editor-token-1",
        "{history}: the rollback is recorded beside the version's first save"
    );
    assert_ne!(history[0]["author"], "editor-token-1", "{history}");
    let rolled_back = format!("rolled back to {first}");
    event_noting(
        &client,
        ns,
        "ScriptsRolledBack",
        &["editor-token-1", &rolled_back],
    )
    .await;
    eventually(&format!("every Session back on {first}"), WAIT, || async {
        let (_, rollout) = api.get("/api/rollout").await;
        (rollout["versions"] == json!([{ "version": first, "sessions": 2 }])).then_some(())
    })
    .await;
    let _ = std::fs::remove_file(tokens);
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_history_keeps_the_newest_fifty_versions() {
    let cluster = TestCluster::start().await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    let original = scripts(&[]);
    put_scripts(&cluster, &original).await;
    let (_operator, api, tokens) = start_editor(&cluster).await;
    let save = |base: String, scripts: BTreeMap<String, String>| {
        let api = &api;
        async move {
            let body = json!({ "scripts": scripts, "message": "a version" });
            let (status, saved) = api.post_if_match("/api/scripts/save", &base, &body).await;
            assert_eq!(status, 200, "{saved}");
            saved["version"].as_str().unwrap().to_owned()
        }
    };
    // A save records the version before it and its own.
    let (_, listed) = api.get("/api/scripts").await;
    let first = listed["version"].as_str().unwrap().to_owned();
    // Versions that differ by a comment: the fixtures still pass.
    let version = |n: u32| {
        let mut scripts = original.clone();
        let idle = scripts.get_mut("idle.rhai").unwrap();
        *idle = format!("// version {n}\n{idle}");
        scripts
    };
    let second = save(first.clone(), version(2)).await;
    let revisions = Api::<ControllerRevision>::namespaced(client.clone(), ns);
    let newest = revisions.get(&format!("{SCRIPTS}-{second}")).await.unwrap();
    let newest_number = newest.revision.expect("a numbered revision");

    // 48 versions saved after those two, as earlier saves would have
    // recorded them: 50 in all.
    for i in 1..=48 {
        let mut copy = newest.clone();
        copy.metadata = kube::api::ObjectMeta {
            name: Some(format!("{SCRIPTS}-earlier-{i}")),
            labels: newest.metadata.labels.clone(),
            annotations: newest.metadata.annotations.clone(),
            owner_references: newest.metadata.owner_references.clone(),
            ..Default::default()
        };
        copy.revision = Some(newest_number + i);
        revisions
            .create(&PostParams::default(), &copy)
            .await
            .unwrap();
    }
    let third = save(second.clone(), version(3)).await;

    // The oldest (the version before the first save) made way for it.
    let selector = format!("stream.space/scripts={SCRIPTS}");
    let kept = revisions
        .list(&ListParams::default().labels(&selector))
        .await
        .unwrap()
        .items;
    let names: Vec<String> = kept.iter().map(|r| r.name_any()).collect();
    assert_eq!(kept.len(), 50, "{names:?}");
    assert!(!names.contains(&format!("{SCRIPTS}-{first}")), "{names:?}");
    for version in [&second, &third] {
        assert!(names.contains(&format!("{SCRIPTS}-{version}")), "{names:?}");
    }
    let _ = std::fs::remove_file(tokens);
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_fixtures_in_the_configmap_gate_a_save() {
    let cluster = TestCluster::start().await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    let original = scripts(&[]);
    put_scripts(&cluster, &original).await;
    let (operator, api, tokens) = start_editor(&cluster).await;
    let (_, listed) = api.get("/api/scripts").await;
    let base = listed["version"].as_str().unwrap().to_owned();
    let configmaps = Api::<ConfigMap>::namespaced(client.clone(), ns);
    let shipped = configmaps.get(SCRIPTS).await.unwrap().data.unwrap();
    let fixture_keys: Vec<&String> = shipped.keys().filter(|k| k.starts_with("tests.")).collect();
    assert!(!fixture_keys.is_empty(), "the ConfigMap ships fixtures");

    // The fixtures run in the cluster are the ConfigMap's.
    let (status, tested) = api
        .post("/api/scripts/test", &json!({ "scripts": original }))
        .await;
    assert_eq!(status, 200, "{tested}");
    assert_eq!(tested["ok"], true, "{tested}");
    let files: std::collections::BTreeSet<String> = tested["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("tests.{}", c["file"].as_str().unwrap()))
        .collect();
    assert_eq!(files.iter().collect::<Vec<_>>(), fixture_keys);

    let failing = image_changed(&original);
    let body = json!({ "scripts": failing, "message": "pin images" });
    let (status, refused) = api.post_if_match("/api/scripts/save", &base, &body).await;
    assert_eq!(status, 422, "{refused}");
    let failed: Vec<&serde_json::Value> = refused["tests"]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["outcome"] == "failed")
        .collect();
    assert!(!failed.is_empty(), "{refused}");
    let error = refused["error"].as_str().unwrap();
    let first_failed = format!(
        "{}: {}",
        failed[0]["file"].as_str().unwrap(),
        failed[0]["name"].as_str().unwrap()
    );
    assert!(
        error.contains(&first_failed),
        "the refusal names {first_failed}: {error}"
    );
    assert_eq!(
        configmaps.get(SCRIPTS).await.unwrap().data.unwrap()["reconcile.rhai"],
        original["reconcile.rhai"],
        "nothing was saved"
    );

    // Another log line decides nothing differently: the fixtures pass.
    let passing = edited(
        &original,
        "idle.rhai",
        ": hibernating`",
        ": hibernating it`",
    );
    let body = json!({ "scripts": passing, "message": "reword a log line" });
    let (status, saved) = api.post_if_match("/api/scripts/save", &base, &body).await;
    assert_eq!(status, 200, "{saved}\n{}", operator.log());
    let data = configmaps.get(SCRIPTS).await.unwrap().data.unwrap();
    assert_eq!(data["idle.rhai"], passing["idle.rhai"]);
    for key in fixture_keys {
        assert_eq!(
            data.get(key),
            shipped.get(key),
            "a save keeps the fixture {key}"
        );
    }
    let _ = std::fs::remove_file(tokens);
    cluster.cleanup().await;
}

/// A client of `cluster` that runs `meddle` once, just before it sends the
/// first replace (PUT) of the scripts ConfigMap: a change made by someone
/// else between the editor's read and its write. `meddled` records that it
/// ran.
fn meddling_client(
    cluster: &TestCluster,
    meddled: Arc<AtomicBool>,
    scripts: BTreeMap<String, String>,
) -> Client {
    let inner = cluster.client();
    let namespace = cluster.namespace().to_owned();
    let service = tower::service_fn(move |request: axum::http::Request<kube::client::Body>| {
        let (inner, namespace, meddled, scripts) = (
            inner.clone(),
            namespace.clone(),
            Arc::clone(&meddled),
            scripts.clone(),
        );
        async move {
            let replaces_scripts = request.method() == axum::http::Method::PUT
                && request
                    .uri()
                    .path()
                    .ends_with(&format!("/configmaps/{SCRIPTS}"));
            if replaces_scripts && !meddled.swap(true, Ordering::SeqCst) {
                Api::<ConfigMap>::namespaced(inner.clone(), &namespace)
                    .patch(
                        SCRIPTS,
                        &PatchParams::default(),
                        &Patch::Merge(json!({ "data": scripts })),
                    )
                    .await?;
            }
            inner.send(request).await
        }
    });
    Client::new(service, cluster.namespace())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_configmap_changed_between_read_and_write_is_not_overwritten() {
    let cluster = TestCluster::start().await;
    let ns = cluster.namespace().to_owned();
    let original = scripts(&[]);
    put_scripts(&cluster, &original).await;
    let theirs = edited(
        &original,
        "idle.rhai",
        "fn min_check() { 10 }",
        "fn min_check() { 20 }",
    );
    let mine = edited(
        &original,
        "idle.rhai",
        "fn min_check() { 10 }",
        "fn min_check() { 30 }",
    );
    let meddled = Arc::new(AtomicBool::new(false));
    let client = meddling_client(&cluster, Arc::clone(&meddled), theirs.clone());
    let repo = ConfigMapRepo::new(Kube::new(client), ns.clone(), SCRIPTS.to_owned());

    let base = repo.stored().await.unwrap().version;
    assert_eq!(base, version_of(&original));
    let written = repo
        .write(Write {
            scripts: mine,
            message: "mine".into(),
            author: "alice".into(),
            base: base.clone(),
            rollback_of: None,
        })
        .await;
    assert!(
        meddled.load(Ordering::SeqCst),
        "the change came between read and write"
    );
    match written {
        Err(WriteError::Conflict {
            base: from,
            current,
        }) => {
            assert_eq!(from, base);
            assert_eq!(current.version, version_of(&theirs));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let stored = Api::<ConfigMap>::namespaced(cluster.client(), &ns)
        .get(SCRIPTS)
        .await
        .unwrap();
    assert_eq!(
        stored.data.unwrap()["idle.rhai"],
        theirs["idle.rhai"],
        "their change was not overwritten"
    );
    cluster.cleanup().await;
}
