//! The editor API of the real operator binary against a Kubernetes API (the
//! cluster of STREAMSPACE_TEST_KUBECONFIG, or the fake API server): a save
//! writes the scripts ConfigMap, records ControllerRevisions and an Event,
//! the operator reloads and every Session gets the new script version; a
//! stale If-Match is refused.

#[path = "editor/client.rs"]
mod client;
// Only part of the operator harness is used here.
#[allow(dead_code)]
#[path = "e2e/operator.rs"]
mod operator;
mod poll;
mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::apps::v1::ControllerRevision;
use k8s_openapi::api::core::v1::ConfigMap;
use k8s_openapi::api::events::v1::Event;
use kube::api::{Api, PostParams};
use kube::{Client, ResourceExt};
use serde_json::json;
use streamspace_operator::crd::{Session, Template};

use client::EditorClient;
use operator::{OperatorProcess, SCRIPTS, eventually, put_scripts, scripts};
use support::TestCluster;

const WAIT: Duration = Duration::from_secs(20);
const EDITOR: &str = "e2e-editor-token";
const VIEWER: &str = "e2e-viewer-token";

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
    let tokens = std::env::temp_dir().join(format!("{ns}-editor-tokens"));
    std::fs::write(&tokens, format!("editor: {EDITOR}\nviewer: {VIEWER}\n")).unwrap();
    let operator = OperatorProcess::start(
        &cluster,
        &["--editor-tokens-file", tokens.to_str().unwrap()],
    )
    .await;
    let api = EditorClient::new(operator.base(), Some(EDITOR));

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

    for name in ["alice-firefox", "bob-firefox"] {
        eventually(&format!("{name} reconciled by {second}"), WAIT, || async {
            (script_version(&client, ns, name).await.as_deref() == Some(second.as_str()))
                .then_some(())
        })
        .await;
    }
    let (_, rollout) = api.get("/api/rollout").await;
    assert_eq!(rollout["current"], second);
    assert_eq!(
        rollout["versions"],
        json!([{ "version": second, "sessions": 2 }])
    );
    let events = Api::<Event>::namespaced(client.clone(), ns);
    eventually("an Event naming who saved", WAIT, || async {
        events
            .list(&Default::default())
            .await
            .ok()?
            .items
            .into_iter()
            .find(|e| {
                e.reason.as_deref() == Some("ScriptsSaved")
                    && e.note
                        .as_deref()
                        .is_some_and(|n| n.contains("editor-token-1"))
            })
    })
    .await;

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
    eventually(&format!("alice back on {first}"), WAIT, || async {
        (script_version(&client, ns, "alice-firefox")
            .await
            .as_deref()
            == Some(first.as_str()))
        .then_some(())
    })
    .await;
    let _ = std::fs::remove_file(tokens);
    cluster.cleanup().await;
}
