//! End-to-end scenarios: the real operator binary against a Kubernetes API —
//! the cluster named by STREAMSPACE_TEST_KUBECONFIG, or the in-process fake
//! API server of `streamspace-testkit`. Only documented Kubernetes semantics are
//! relied on, so every scenario also holds against a real API server.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Service};
use k8s_openapi::api::networking::v1::Ingress;
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, PostParams};
use kube::{Client, ResourceExt};
use serde_json::json;
use streamspace_operator::crd::{Session, SessionPhase, Template};

use streamspace_testkit::editor::edited;
use streamspace_testkit::operator::{
    Http, Launch, OperatorProcess, SCRIPTS, TOKEN, put_scripts, scripts,
};
use streamspace_testkit::poll::eventually;
use streamspace_testkit::proxy::ApiProxy;
use streamspace_testkit::{TestCluster, operator_binary, random_suffix, unused_port};

const WAIT: Duration = Duration::from_secs(20);

async fn create_template(client: &Client, namespace: &str, name: &str) {
    let template: Template = serde_json::from_value(json!({
        "apiVersion": "stream.space/v1alpha1", "kind": "Template",
        "metadata": { "name": name },
        "spec": { "displayName": "Firefox", "baseImage": "lscr.io/linuxserver/firefox:latest",
                  "kasmvnc": { "enabled": true, "port": 3000 } }
    }))
    .unwrap();
    Api::<Template>::namespaced(client.clone(), namespace)
        .create(&PostParams::default(), &template)
        .await
        .unwrap();
}

async fn create_session(
    client: &Client,
    namespace: &str,
    name: &str,
    user: &str,
    extra_spec: serde_json::Value,
) {
    let mut spec = json!({ "user": user, "template": "firefox" });
    spec.as_object_mut()
        .unwrap()
        .extend(extra_spec.as_object().cloned().unwrap_or_default());
    let session: Session = serde_json::from_value(json!({
        "apiVersion": "stream.space/v1alpha1", "kind": "Session",
        "metadata": { "name": name }, "spec": spec
    }))
    .unwrap();
    Api::<Session>::namespaced(client.clone(), namespace)
        .create(&PostParams::default(), &session)
        .await
        .unwrap();
}

async fn session(client: &Client, namespace: &str, name: &str) -> Session {
    Api::<Session>::namespaced(client.clone(), namespace)
        .get(name)
        .await
        .unwrap()
}

fn phase(session: &Session) -> Option<SessionPhase> {
    session.status.as_ref()?.phase
}

async fn set_state(client: &Client, namespace: &str, name: &str, state: &str) {
    Api::<Session>::namespaced(client.clone(), namespace)
        .patch(
            name,
            &PatchParams::default(),
            &Patch::Merge(json!({ "spec": { "state": state } })),
        )
        .await
        .unwrap();
}

/// What a kubelet and the Deployment controller would report.
async fn mark_ready(client: &Client, namespace: &str, name: &str) {
    Api::<Deployment>::namespaced(client.clone(), namespace)
        .patch_status(
            name,
            &PatchParams::default(),
            &Patch::Merge(
                json!({ "status": { "replicas": 1, "readyReplicas": 1, "availableReplicas": 1 } }),
            ),
        )
        .await
        .unwrap();
}

async fn wait_replicas(deployments: &Api<Deployment>, name: &str, want: i32) {
    eventually(
        &format!("Deployment {name} to have {want} replicas"),
        WAIT,
        || async {
            let replicas = deployments.get(name).await.unwrap().spec.replicas;
            (replicas == Some(want)).then_some(())
        },
    )
    .await
}

async fn wait_phase(client: &Client, namespace: &str, name: &str, want: SessionPhase) -> Session {
    eventually(&format!("{name} to be {want:?}"), WAIT, || async {
        let s = session(client, namespace, name).await;
        (phase(&s) == Some(want)).then_some(s)
    })
    .await
}

/// Waits for the Event `reason` about the object `name`, and checks it is a
/// Warning.
async fn wait_warning(
    client: &Client,
    namespace: &str,
    reason: &str,
    name: &str,
) -> k8s_openapi::api::events::v1::Event {
    let events: Api<k8s_openapi::api::events::v1::Event> =
        Api::namespaced(client.clone(), namespace);
    let event = eventually(&format!("a {reason} Event about {name}"), WAIT, || async {
        events
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|e| {
                e.reason.as_deref() == Some(reason)
                    && e.regarding.as_ref().and_then(|r| r.name.as_deref()) == Some(name)
            })
    })
    .await;
    assert_eq!(event.type_.as_deref(), Some("Warning"), "{event:?}");
    event
}

async fn setup(cluster: &TestCluster) -> OperatorProcess {
    put_scripts(cluster, &scripts(&[])).await;
    create_template(&cluster.client(), cluster.namespace(), "firefox").await;
    OperatorProcess::start(cluster, operator_binary!(), &[]).await
}

/// A cluster with the default scripts, the Template, the operator and one
/// Pending Session of `user`.
async fn with_pending_session(name: &str, user: &str) -> (TestCluster, OperatorProcess) {
    let cluster = TestCluster::start().await;
    let operator = setup(&cluster).await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    create_session(&client, ns, name, user, json!({})).await;
    wait_phase(&client, ns, name, SessionPhase::Pending).await;
    (cluster, operator)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_gets_its_children_and_follows_its_state() {
    let cluster = TestCluster::start().await;
    let operator = setup(&cluster).await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    create_session(&client, ns, "alice-firefox-1a2b3c4d", "alice", json!({})).await;

    let deployments: Api<Deployment> = Api::namespaced(client.clone(), ns);
    let deployment = eventually("the Deployment", WAIT, || async {
        deployments.get_opt("alice-firefox-1a2b3c4d").await.unwrap()
    })
    .await;
    let owner = &deployment.owner_references()[0];
    assert_eq!(
        (owner.kind.as_str(), owner.name.as_str(), owner.controller),
        ("Session", "alice-firefox-1a2b3c4d", Some(true))
    );
    assert_eq!(
        deployment.labels()["app.kubernetes.io/managed-by"],
        "streamspace-operator"
    );
    assert_eq!(
        deployment.labels()["stream.space/session"],
        "alice-firefox-1a2b3c4d"
    );
    let container = &deployment.spec.template.spec.as_ref().unwrap().containers[0];
    assert_eq!(
        container.ports.as_ref().unwrap()[0].container_port,
        3000,
        "legacy kasmvnc port"
    );
    assert!(
        Api::<Service>::namespaced(client.clone(), ns)
            .get_opt("alice-firefox-1a2b3c4d")
            .await
            .unwrap()
            .is_some()
    );
    let ingress = Api::<Ingress>::namespaced(client.clone(), ns)
        .get("alice-firefox-1a2b3c4d")
        .await
        .unwrap();
    assert_eq!(
        ingress.spec.unwrap().rules.unwrap()[0].host.as_deref(),
        Some("alice-firefox-1a2b3c4d.example.test")
    );
    let home = eventually("the home PVC", WAIT, || async {
        Api::<PersistentVolumeClaim>::namespaced(client.clone(), ns)
            .get_opt("home-alice")
            .await
            .unwrap()
    })
    .await;
    assert!(
        home.owner_references().is_empty(),
        "the home PVC outlives the session"
    );

    let pending = wait_phase(&client, ns, "alice-firefox-1a2b3c4d", SessionPhase::Pending).await;
    let status = pending.status.unwrap();
    assert_eq!(status.url, None);
    assert_eq!(status.observed_generation, pending.metadata.generation);
    assert_eq!(status.script_version.as_deref().map(str::len), Some(12));

    mark_ready(&client, ns, "alice-firefox-1a2b3c4d").await;
    let running = wait_phase(&client, ns, "alice-firefox-1a2b3c4d", SessionPhase::Running).await;
    assert_eq!(
        running.status.unwrap().url.as_deref(),
        Some("https://alice-firefox-1a2b3c4d.example.test")
    );

    set_state(&client, ns, "alice-firefox-1a2b3c4d", "hibernated").await;
    let hibernated = wait_phase(
        &client,
        ns,
        "alice-firefox-1a2b3c4d",
        SessionPhase::Hibernated,
    )
    .await;
    assert_eq!(hibernated.status.unwrap().url, None);
    let replicas = deployments
        .get("alice-firefox-1a2b3c4d")
        .await
        .unwrap()
        .spec
        .replicas;
    assert_eq!(replicas, Some(0));

    set_state(&client, ns, "alice-firefox-1a2b3c4d", "running").await;
    eventually("the woken session to leave Hibernated", WAIT, || async {
        let s = session(&client, ns, "alice-firefox-1a2b3c4d").await;
        matches!(
            phase(&s),
            Some(SessionPhase::Pending | SessionPhase::Running)
        )
        .then_some(())
    })
    .await;
    wait_replicas(&deployments, "alice-firefox-1a2b3c4d", 1).await;

    set_state(&client, ns, "alice-firefox-1a2b3c4d", "terminated").await;
    wait_phase(
        &client,
        ns,
        "alice-firefox-1a2b3c4d",
        SessionPhase::Terminated,
    )
    .await;
    eventually("the Deployment to be deleted", WAIT, || async {
        deployments
            .get_opt("alice-firefox-1a2b3c4d")
            .await
            .unwrap()
            .is_none()
            .then_some(())
    })
    .await;
    assert!(
        Api::<PersistentVolumeClaim>::namespaced(client.clone(), ns)
            .get_opt("home-alice")
            .await
            .unwrap()
            .is_some()
    );

    // Each reconcile is one summary line a person watching the logs sees.
    let summary = format!("{ns}/alice-firefox-1a2b3c4d");
    let summarized = |log: &str, phase: &str| {
        log.lines().any(|line| {
            line.contains(" reconciled")
                && line.contains(&summary)
                && line.contains(phase)
                && line.contains("took_ms=")
        })
    };
    eventually(
        "a summary line per reconcile, with its phase",
        WAIT,
        || async {
            let log = operator.log();
            ["Pending", "Running", "Hibernated", "Terminated"]
                .iter()
                .all(|phase| summarized(&log, phase))
                .then_some(())
        },
    )
    .await;

    let template_status = Api::<Template>::namespaced(client.clone(), ns)
        .get("firefox")
        .await
        .unwrap()
        .status;
    assert_eq!(
        template_status.and_then(|s| s.valid),
        Some(true),
        "{}",
        operator.log()
    );
    operator.stop().await;
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_a_session_keeps_the_home_pvc_and_sessions_do_not_collide() {
    let cluster = TestCluster::start().await;
    let operator = setup(&cluster).await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    create_session(&client, ns, "alice-firefox-00000001", "alice", json!({})).await;
    create_session(&client, ns, "alice-firefox-00000002", "alice", json!({})).await;
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), ns);
    for name in ["alice-firefox-00000001", "alice-firefox-00000002"] {
        eventually(&format!("Deployment {name}"), WAIT, || async {
            deployments.get_opt(name).await.unwrap()
        })
        .await;
    }
    let services: Api<Service> = Api::namespaced(client.clone(), ns);
    let ingresses: Api<Ingress> = Api::namespaced(client.clone(), ns);
    for name in ["alice-firefox-00000001", "alice-firefox-00000002"] {
        eventually(&format!("Service and Ingress {name}"), WAIT, || async {
            let service = services.get_opt(name).await.unwrap()?;
            let ingress = ingresses.get_opt(name).await.unwrap()?;
            Some((service, ingress))
        })
        .await;
    }
    let hosts: BTreeSet<String> = ingresses
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .flat_map(|i| i.spec.and_then(|s| s.rules).unwrap_or_default())
        .filter_map(|r| r.host)
        .collect();
    assert_eq!(hosts.len(), 2, "each session its own host: {hosts:?}");
    let pvcs: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), ns);
    let homes = pvcs.list(&ListParams::default()).await.unwrap();
    assert_eq!(homes.items.len(), 1, "one home PVC per user");

    Api::<Session>::namespaced(client.clone(), ns)
        .delete("alice-firefox-00000001", &DeleteParams::background())
        .await
        .unwrap();
    eventually("the deleted session's children to go", WAIT, || async {
        let name = "alice-firefox-00000001";
        let gone = deployments.get_opt(name).await.unwrap().is_none()
            && services.get_opt(name).await.unwrap().is_none()
            && ingresses.get_opt(name).await.unwrap().is_none();
        gone.then_some(())
    })
    .await;
    for name in ["alice-firefox-00000002"] {
        assert!(deployments.get_opt(name).await.unwrap().is_some());
        assert!(services.get_opt(name).await.unwrap().is_some());
        assert!(ingresses.get_opt(name).await.unwrap().is_some());
    }
    assert!(pvcs.get_opt("home-alice").await.unwrap().is_some());
    operator.stop().await;
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn script_changes_reach_every_session_and_broken_ones_are_refused() {
    let cluster = TestCluster::start().await;
    let operator = setup(&cluster).await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    for i in 0..3 {
        create_session(
            &client,
            ns,
            &format!("bob-firefox-0000000{i}"),
            "bob",
            json!({}),
        )
        .await;
    }
    for i in 0..2 {
        wait_phase(
            &client,
            ns,
            &format!("bob-firefox-0000000{i}"),
            SessionPhase::Pending,
        )
        .await;
    }
    let first = wait_phase(&client, ns, "bob-firefox-00000002", SessionPhase::Pending).await;
    let old_version = first.status.unwrap().script_version.unwrap();

    // A comment changes the version, not the decisions: every Session is
    // evaluated by it, and nothing is written, not even the status.
    let reconcile = format!("// edited\n{}", scripts(&[])["reconcile.rhai"]);
    let edited = scripts(&[("reconcile.rhai", &reconcile)]);
    let resource_versions = || async {
        let sessions = Api::<Session>::namespaced(client.clone(), ns)
            .list(&ListParams::default())
            .await
            .unwrap();
        let versions: Vec<Option<String>> = sessions
            .items
            .iter()
            .map(|s| s.resource_version())
            .collect();
        versions
    };
    let before = resource_versions().await;
    put_scripts(&cluster, &edited).await;
    let new_version = streamspace_operator::script::set::version_of(&edited);
    assert_ne!(new_version, old_version);
    let evaluated = format!("streamspace_sessions_by_script_version{{version=\"{new_version}\"}}");
    eventually(
        "every Session evaluated by the new version",
        Duration::from_secs(10),
        || async { (operator.metric(&evaluated).await? == 3.0).then_some(()) },
    )
    .await;
    assert_eq!(
        resource_versions().await,
        before,
        "a reload that changes no decision writes no Session"
    );
    let unchanged = session(&client, ns, "bob-firefox-00000002").await;
    assert_eq!(
        unchanged.status.unwrap().script_version,
        Some(old_version),
        "status.scriptVersion names the version whose decision was written"
    );

    let broken = scripts(&[("reconcile.rhai", "fn reconcile(ctx) {\n  let x = ;\n}")]);
    put_scripts(&cluster, &broken).await;
    eventually("the failed reload to be counted", WAIT, || async {
        (operator
            .metric("streamspace_script_reloads_total{result=\"failure\"}")
            .await?
            >= 1.0)
            .then_some(())
    })
    .await;
    let active = format!("streamspace_script_version_info{{version=\"{new_version}\"}}");
    assert_eq!(
        operator.metric(&active).await,
        Some(1.0),
        "the good version keeps running"
    );
    let event = wait_warning(&client, ns, "ScriptLoadFailed", SCRIPTS).await;
    assert!(
        event.note.unwrap_or_default().contains("reconcile.rhai:2:"),
        "the event names the script and line"
    );
    // Sessions still reconcile with the good version.
    create_session(&client, ns, "bob-firefox-00000009", "bob", json!({})).await;
    let late = wait_phase(&client, ns, "bob-firefox-00000009", SessionPhase::Pending).await;
    assert_eq!(late.status.unwrap().script_version, Some(new_version));
    operator.stop().await;
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn idle_sessions_hibernate_and_connections_wake_them() {
    let cluster = TestCluster::start().await;
    let operator = setup(&cluster).await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    create_session(
        &client,
        ns,
        "carol-firefox-1",
        "carol",
        json!({ "idleTimeout": "2s" }),
    )
    .await;
    let hibernated = wait_phase(&client, ns, "carol-firefox-1", SessionPhase::Hibernated).await;
    assert_eq!(
        hibernated.annotations()["stream.space/state-reason"],
        "idle: idle"
    );
    let spec_state = serde_json::to_value(hibernated.spec.state).unwrap();
    assert_eq!(spec_state, "hibernated");
    assert!(
        operator
            .metric(&format!(
                "streamspace_hibernation_events_total{{namespace=\"{ns}\",reason=\"idle\"}}"
            ))
            .await
            >= Some(1.0)
    );

    let http = Http::new();
    let url = |name: &str| {
        format!(
            "{}/api/v1/namespaces/{ns}/sessions/{name}/connections",
            operator.base()
        )
    };
    let connect = r#"{"event":"connect","user":"carol"}"#;
    assert_eq!(
        http.post(&url("carol-firefox-1"), None, connect).await.0,
        401
    );
    assert_eq!(http.post(&url("nobody"), Some(TOKEN), connect).await.0, 404);
    let (status, body) = http
        .post(&url("carol-firefox-1"), Some(TOKEN), r#"{"event":"knock"}"#)
        .await;
    assert_eq!(status, 400);
    assert!(body.contains("unknown variant"), "{body}");
    let (status, body) = http
        .post(&url("carol-firefox-1"), Some(TOKEN), connect)
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"wake\":true"), "{body}");
    eventually("the session to run again", WAIT, || async {
        let s = session(&client, ns, "carol-firefox-1").await;
        (serde_json::to_value(s.spec.state).unwrap() == "running").then_some(())
    })
    .await;
    operator.stop().await;
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connect_never_wakes_a_session_terminated_meanwhile() {
    let cluster = TestCluster::start().await;
    let operator = setup(&cluster).await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    let name = "erin-firefox-1";
    create_session(&client, ns, name, "erin", json!({ "state": "hibernated" })).await;
    wait_phase(&client, ns, name, SessionPhase::Hibernated).await;

    // Someone terminates the Session while the operator's cache still shows
    // it hibernated. The fake holds its watches back for that, as a lagging
    // watch cache would; the wake's write then meets the newer Session and
    // the operator decides again on it.
    if let Some(fake) = cluster.fake() {
        fake.set_watches_paused(true);
    }
    set_state(&client, ns, name, "terminated").await;
    let url = format!(
        "{}/api/v1/namespaces/{ns}/sessions/{name}/connections",
        operator.base()
    );
    let (status, body) = Http::new()
        .post(&url, Some(TOKEN), r#"{"event":"connect","user":"erin"}"#)
        .await;
    if let Some(fake) = cluster.fake() {
        fake.set_watches_paused(false);
    }
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"wake\":false"), "{body}");
    wait_phase(&client, ns, name, SessionPhase::Terminated).await;
    let state = serde_json::to_value(session(&client, ns, name).await.spec.state).unwrap();
    assert_eq!(state, "terminated");
    operator.stop().await;
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn children_the_scripts_stop_returning_are_deleted_but_the_home_pvc_stays() {
    let cluster = TestCluster::start().await;
    // The default policy plus a scratch volume that lives with the Session
    // (no `stream.space/outlives-session`).
    let mut with_scratch = edited(
        &scripts(&[]),
        "reconcile.rhai",
        "] + home;",
        "] + home + [scratch(name)];",
    );
    with_scratch.get_mut("reconcile.rhai").unwrap().push_str(
        r#"
fn scratch(name) {
    #{ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: #{ name: `${name}-scratch` },
       spec: #{ accessModes: ["ReadWriteOnce"], resources: #{ requests: #{ storage: "1Gi" } } } }
}
"#,
    );
    put_scripts(&cluster, &with_scratch).await;
    create_template(&cluster.client(), cluster.namespace(), "firefox").await;
    let operator = OperatorProcess::start(&cluster, operator_binary!(), &[]).await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    let name = "faye-firefox-1";
    create_session(&client, ns, name, "faye", json!({})).await;
    wait_phase(&client, ns, name, SessionPhase::Pending).await;
    let pvcs: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), ns);
    let scratch = format!("{name}-scratch");
    eventually("the scratch volume", WAIT, || async {
        pvcs.get_opt(&scratch).await.unwrap()
    })
    .await;

    put_scripts(&cluster, &scripts(&[])).await;
    eventually("the scratch volume to be deleted", WAIT, || async {
        let left = pvcs.get_opt(&scratch).await.unwrap();
        left.is_none_or(|pvc| pvc.metadata.deletion_timestamp.is_some())
            .then_some(())
    })
    .await;
    assert!(
        pvcs.get_opt("home-faye").await.unwrap().is_some(),
        "the home volume outlives every change"
    );
    assert!(
        Api::<Deployment>::namespaced(client.clone(), ns)
            .get_opt(name)
            .await
            .unwrap()
            .is_some(),
        "what the scripts still return stays"
    );
    operator.stop().await;
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn heartbeats_are_coalesced_and_the_newest_is_kept() {
    let cluster = TestCluster::start().await;
    put_scripts(&cluster, &scripts(&[])).await;
    create_template(&cluster.client(), cluster.namespace(), "firefox").await;
    let operator = OperatorProcess::start(
        &cluster,
        operator_binary!(),
        &["--heartbeat-interval", "2s"],
    )
    .await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    create_session(&client, ns, "dave-firefox-1", "dave", json!({})).await;
    wait_phase(&client, ns, "dave-firefox-1", SessionPhase::Pending).await;
    let http = Http::new();
    let url = format!(
        "{}/api/v1/namespaces/{ns}/sessions/dave-firefox-1/activity",
        operator.base()
    );
    let times = [
        "2030-01-01T00:00:01Z",
        "2030-01-01T00:00:05Z",
        "2030-01-01T00:00:03Z",
        "2030-01-01T00:00:09Z",
        "2030-01-01T00:00:07Z",
    ];
    for time in times {
        let (status, body) = http
            .post(&url, Some(TOKEN), &format!("{{\"time\":\"{time}\"}}"))
            .await;
        assert_eq!(status, 200, "{body}");
    }
    assert_eq!(
        http.post(&url, Some(TOKEN), "{\"time\":\"yesterday\"}")
            .await
            .0,
        400
    );
    assert_eq!(http.post(&url, None, "{}").await.0, 401);
    eventually("the newest heartbeat to be written", WAIT, || async {
        let s = session(&client, ns, "dave-firefox-1").await;
        (s.status?.last_activity?.as_str() == "2030-01-01T00:00:09Z").then_some(())
    })
    .await;
    assert_eq!(
        operator
            .metric("streamspace_heartbeats_received_total")
            .await,
        Some(5.0)
    );
    assert_eq!(
        operator.metric("streamspace_heartbeat_writes_total").await,
        Some(2.0),
        "one write now, one when the interval ends"
    );
    operator.stop().await;
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_writes_nothing_for_unchanged_children() {
    let (cluster, operator) = with_pending_session("erin-firefox-1", "erin").await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    // Settle: the children carry their final content.
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), ns);
    eventually("the Deployment", WAIT, || async {
        deployments.get_opt("erin-firefox-1").await.unwrap()
    })
    .await;
    let stopped = operator.stop().await;
    assert!(
        stopped.success(),
        "SIGTERM stops the operator cleanly: {stopped}"
    );

    // What identifies a write of the operator on a real server too: the
    // object's uid (a duplicate or re-creation has another) and the time of
    // the operator's own managedFields entry (its apply changed something).
    // resourceVersions are not compared: a real cluster's controllers write
    // status on their own.
    fn written<K: kube::Resource>(kind: &str, object: &K) -> String {
        let mine = object
            .meta()
            .managed_fields
            .iter()
            .flatten()
            .filter(|f| f.manager.as_deref() == Some("streamspace-operator"))
            .map(|f| format!("{:?}:{:?}", f.subresource, f.time.as_ref().map(|t| t.0)))
            .collect::<Vec<_>>();
        format!(
            "{kind}/{}#{}@{mine:?}",
            object.meta().name.as_deref().unwrap_or_default(),
            object.meta().uid.as_deref().unwrap_or_default()
        )
    }
    let snapshot = || async {
        let mut all = Vec::new();
        let params = ListParams::default();
        for d in deployments.list(&params).await.unwrap() {
            all.push(written("Deployment", &d));
        }
        for s in Api::<Service>::namespaced(client.clone(), ns)
            .list(&params)
            .await
            .unwrap()
        {
            all.push(written("Service", &s));
        }
        for i in Api::<Ingress>::namespaced(client.clone(), ns)
            .list(&params)
            .await
            .unwrap()
        {
            all.push(written("Ingress", &i));
        }
        for p in Api::<PersistentVolumeClaim>::namespaced(client.clone(), ns)
            .list(&params)
            .await
            .unwrap()
        {
            all.push(written("PersistentVolumeClaim", &p));
        }
        all.sort();
        all
    };
    let before = snapshot().await;
    assert_eq!(before.len(), 4, "{before:?}");

    let operator = OperatorProcess::start(&cluster, operator_binary!(), &[]).await;
    eventually("the session to be reconciled after the restart", WAIT, || async {
        (operator.metric(&format!("streamspace_session_reconciliations_total{{namespace=\"{ns}\",result=\"success\"}}")).await? >= 1.0).then_some(())
    })
    .await;
    assert_eq!(
        snapshot().await,
        before,
        "no child was written or duplicated"
    );
    for (kind, applied) in operator.applied_writes().await {
        assert_eq!(applied, None, "{kind} applied after restart");
    }
    operator.stop().await;
    cluster.cleanup().await;
}

/// The operator with its API connections through a proxy the test controls.
async fn start_via_proxy(cluster: &TestCluster) -> (ApiProxy, PathBuf, OperatorProcess) {
    let proxy = ApiProxy::start_on(unused_port(), &cluster.upstream()).await;
    let kubeconfig = cluster.kubeconfig_via(proxy.addr());
    let launch = Launch {
        kubeconfig: Some(&kubeconfig),
        ..Launch::binary(operator_binary!(), &[])
    };
    let operator = OperatorProcess::start_with(cluster, &launch).await;
    (proxy, kubeconfig, operator)
}

#[tokio::test(flavor = "multi_thread")]
async fn dropped_connections_and_watches_are_survived() {
    let cluster = TestCluster::start().await;
    put_scripts(&cluster, &scripts(&[])).await;
    create_template(&cluster.client(), cluster.namespace(), "firefox").await;
    let (proxy, _kubeconfig, operator) = start_via_proxy(&cluster).await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    create_session(&client, ns, "frank-firefox-1", "frank", json!({})).await;
    wait_phase(&client, ns, "frank-firefox-1", SessionPhase::Pending).await;

    // Every connection of the operator, its watches among them, is cut.
    let dropped = proxy.drop_connections();
    assert!(
        dropped >= 6,
        "only {dropped} connections went through the proxy"
    );
    if let Some(fake) = cluster.fake() {
        // And the server ends every watch it serves (as on an API server
        // restart), which the fake can be told to do.
        fake.drop_all_watches();
    }
    create_session(&client, ns, "frank-firefox-2", "frank", json!({})).await;
    wait_phase(&client, ns, "frank-firefox-2", SessionPhase::Pending).await;
    mark_ready(&client, ns, "frank-firefox-1").await;
    wait_phase(&client, ns, "frank-firefox-1", SessionPhase::Running).await;
    operator.stop().await;
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_api_server_is_waited_for() {
    let cluster = TestCluster::start().await;
    put_scripts(&cluster, &scripts(&[])).await;
    create_template(&cluster.client(), cluster.namespace(), "firefox").await;
    // A proxy port where nothing listens yet.
    let port = unused_port();
    let kubeconfig = cluster.kubeconfig_via(std::net::SocketAddr::from(([127, 0, 0, 1], port)));
    let launch = Launch {
        kubeconfig: Some(&kubeconfig),
        ..Launch::binary(operator_binary!(), &[])
    };
    let mut operator = OperatorProcess::spawn_with(&cluster, &launch);
    eventually(
        "the operator to say it waits for the API server",
        WAIT,
        || async {
            operator
                .log()
                .contains("cannot reach the Kubernetes API server")
                .then_some(())
        },
    )
    .await;
    assert!(
        operator.running(),
        "it waits instead of exiting:\n{}",
        operator.log()
    );
    let http = Http::new();
    let ready = format!("{}/readyz", operator.base());
    assert_ne!(
        http.get(&ready, None).await.0,
        200,
        "not ready without the API server"
    );

    let _proxy = ApiProxy::start_on(port, &cluster.upstream()).await;
    eventually(
        "the operator to become ready",
        Duration::from_secs(60),
        || async { (http.get(&ready, None).await.0 == 200).then_some(()) },
    )
    .await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    create_session(&client, ns, "gina-firefox-1", "gina", json!({})).await;
    wait_phase(&client, ns, "gina-firefox-1", SessionPhase::Pending).await;
    assert!(
        !operator.log().contains("panicked"),
        "no panic:\n{}",
        operator.log()
    );
    operator.stop().await;
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_session_does_not_stop_the_others() {
    let cluster = TestCluster::start().await;
    let failing = r#"
        import "lib.session" as session;
        fn reconcile(ctx) {
            if ctx.session.spec.user == "mallory" { throw "mallory is not welcome"; }
            #{ children: [], status: #{ phase: "Pending" } }
        }"#;
    put_scripts(&cluster, &scripts(&[("reconcile.rhai", failing)])).await;
    create_template(&cluster.client(), cluster.namespace(), "firefox").await;
    let operator = OperatorProcess::start(&cluster, operator_binary!(), &[]).await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    create_session(&client, ns, "mallory-firefox-1", "mallory", json!({})).await;
    create_session(&client, ns, "grace-firefox-1", "grace", json!({})).await;
    wait_phase(&client, ns, "grace-firefox-1", SessionPhase::Pending).await;
    let bad = eventually("a ScriptError condition", WAIT, || async {
        let s = session(&client, ns, "mallory-firefox-1").await;
        s.status?
            .conditions
            .into_iter()
            .find(|c| c.type_ == "ScriptError")
    })
    .await;
    assert!(
        bad.message.contains("mallory is not welcome"),
        "{}",
        bad.message
    );
    assert!(
        bad.message.starts_with("reconcile.rhai:4:"),
        "{}",
        bad.message
    );
    wait_warning(&client, ns, "ScriptError", "mallory-firefox-1").await;
    operator.stop().await;
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_crd_is_named_with_the_fix() {
    // Always against a fake: a test does not remove a real cluster's CRDs.
    let cluster = TestCluster::start_fake_without_crds().await;
    let mut operator = OperatorProcess::spawn(&cluster, operator_binary!(), &[]);
    let status = operator.exit_status(WAIT).await;
    assert!(!status.success());
    let log = operator.log();
    assert!(
        log.contains("sessions.stream.space is not installed"),
        "{log}"
    );
    assert!(log.contains("kubectl apply"), "{log}");
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_child_changed_by_someone_else_is_put_back() {
    let (cluster, operator) = with_pending_session("hank-firefox-1", "hank").await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    // `kubectl scale --replicas=0` on a running Session's Deployment.
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), ns);
    let before = deployments.get("hank-firefox-1").await.unwrap();
    let scale = PatchParams {
        field_manager: Some("kubectl-scale".into()),
        ..PatchParams::default()
    };
    let scaled = deployments
        .patch(
            "hank-firefox-1",
            &scale,
            &Patch::Merge(json!({ "spec": { "replicas": 0 } })),
        )
        .await
        .unwrap();
    // The write's own answer shows the change took effect (the operator may
    // put it back before the test could read it again).
    assert_eq!(scaled.spec.replicas, Some(0));
    assert_ne!(scaled.resource_version(), before.resource_version());
    let scaled_generation = scaled
        .metadata
        .generation
        .expect("a Deployment's generation");
    assert!(scaled_generation > before.metadata.generation.unwrap_or_default());
    eventually("the operator to put 1 replica back", WAIT, || async {
        let restored = deployments.get("hank-firefox-1").await.unwrap();
        (restored.metadata.generation > Some(scaled_generation)
            && restored.spec.replicas == Some(1))
        .then_some(())
    })
    .await;
    operator.stop().await;
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn template_changes_reach_the_sessions_that_use_them() {
    let (cluster, operator) = with_pending_session("ivan-firefox-1", "ivan").await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    let templates: Api<Template> = Api::namespaced(client.clone(), ns);
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), ns);
    let patch_template = |spec: serde_json::Value| {
        let templates = templates.clone();
        async move {
            templates
                .patch(
                    "firefox",
                    &PatchParams::default(),
                    &Patch::Merge(json!({ "spec": spec })),
                )
                .await
                .unwrap();
        }
    };

    // A new image reaches the Session's Deployment.
    let image = "lscr.io/linuxserver/firefox:1.2.3";
    patch_template(json!({ "baseImage": image })).await;
    eventually("the Deployment to run the new image", WAIT, || async {
        let deployment = deployments.get("ivan-firefox-1").await.unwrap();
        let pod = deployment.spec.template.spec?;
        (pod.containers[0].image.as_deref() == Some(image)).then_some(())
    })
    .await;

    // An invalid Template is reported on it, and fails its Sessions.
    patch_template(json!({ "kasmvnc": { "port": 80 } })).await;
    let status = eventually("the Template to be invalid", WAIT, || async {
        let status = templates.get("firefox").await.unwrap().status?;
        (status.valid == Some(false)).then_some(status)
    })
    .await;
    let message = status.message.unwrap_or_default();
    assert!(
        message.contains("spec.kasmvnc.port") && message.contains("1024"),
        "{message}"
    );
    let failed = wait_phase(&client, ns, "ivan-firefox-1", SessionPhase::Failed).await;
    wait_warning(&client, ns, "Failed", "ivan-firefox-1").await;
    let resolved = failed
        .status
        .unwrap()
        .conditions
        .into_iter()
        .find(|c| c.type_ == "TemplateResolved")
        .expect("a TemplateResolved condition");
    assert_eq!(
        (resolved.status.as_str(), resolved.reason.as_str()),
        ("False", "TemplateInvalid")
    );

    // Fixing it brings the Session back.
    patch_template(json!({ "kasmvnc": { "port": 3000 } })).await;
    wait_phase(&client, ns, "ivan-firefox-1", SessionPhase::Pending).await;
    operator.stop().await;
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn readiness_waits_for_a_script_set() {
    let cluster = TestCluster::start().await;
    create_template(&cluster.client(), cluster.namespace(), "firefox").await;
    // No scripts ConfigMap yet.
    let operator = OperatorProcess::spawn(&cluster, operator_binary!(), &[]);
    let http = Http::new();
    let ready = format!("{}/readyz", operator.base());
    let reason = eventually("/readyz to answer 503 with its reason", WAIT, || async {
        let (status, body) = http.get(&ready, None).await;
        (status == 503 && body.contains("no script set loaded")).then_some(body)
    })
    .await;
    assert!(
        !reason.contains("initial sync"),
        "the caches synced: {reason}"
    );
    assert_eq!(
        http.get(&format!("{}/healthz", operator.base()), None)
            .await
            .0,
        200,
        "alive meanwhile"
    );
    put_scripts(&cluster, &scripts(&[])).await;
    eventually("/readyz to answer 200", WAIT, || async {
        (http.get(&ready, None).await.0 == 200).then_some(())
    })
    .await;
    operator.stop().await;
    cluster.cleanup().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_scripts_directory_is_reloaded_when_its_files_change() {
    let cluster = TestCluster::start().await;
    create_template(&cluster.client(), cluster.namespace(), "firefox").await;
    let dir = tempdir("scripts-dir");
    let sources = scripts(&[]);
    for (name, source) in &sources {
        std::fs::write(dir.join(name), source).unwrap();
    }
    let dir_flag = dir.to_str().unwrap();
    let operator =
        OperatorProcess::start(&cluster, operator_binary!(), &["--scripts-dir", dir_flag]).await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    create_session(&client, ns, "judy-firefox-1", "judy", json!({})).await;
    let version_of = streamspace_operator::script::set::version_of;
    let runs = |version: String| {
        let operator = &operator;
        async move {
            let evaluated =
                format!("streamspace_sessions_by_script_version{{version=\"{version}\"}}");
            eventually(
                &format!("the session evaluated by {version}"),
                WAIT,
                || async { (operator.metric(&evaluated).await? == 1.0).then_some(()) },
            )
            .await;
        }
    };
    runs(version_of(&sources)).await;

    // An editor saves through a temporary file and a rename.
    let edited = scripts(&[(
        "reconcile.rhai",
        &format!("// edited\n{}", sources["reconcile.rhai"]),
    )]);
    let temporary = dir.join(".reconcile.rhai.swp");
    std::fs::write(&temporary, &edited["reconcile.rhai"]).unwrap();
    std::fs::rename(&temporary, dir.join("reconcile.rhai")).unwrap();
    runs(version_of(&edited)).await;

    // A broken save is refused; the edited version keeps running.
    std::fs::write(dir.join("reconcile.rhai"), "fn reconcile(ctx) { let = ; }").unwrap();
    eventually("the failed reload to be counted", WAIT, || async {
        (operator
            .metric("streamspace_script_reloads_total{result=\"failure\"}")
            .await?
            >= 1.0)
            .then_some(())
    })
    .await;
    let active = format!(
        "streamspace_script_version_info{{version=\"{}\"}}",
        version_of(&edited)
    );
    assert_eq!(operator.metric(&active).await, Some(1.0));
    operator.stop().await;
    cluster.cleanup().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_service_token_can_come_from_a_secret() {
    let cluster = TestCluster::start().await;
    put_scripts(&cluster, &scripts(&[])).await;
    create_template(&cluster.client(), cluster.namespace(), "firefox").await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    let secret = k8s_openapi::api::core::v1::Secret {
        metadata: kube::api::ObjectMeta {
            name: Some("api-token".into()),
            ..Default::default()
        },
        data: Some(
            [(
                "token".to_owned(),
                k8s_openapi::ByteString(b"token-from-a-secret".to_vec()),
            )]
            .into(),
        ),
        ..Default::default()
    };
    Api::<k8s_openapi::api::core::v1::Secret>::namespaced(client.clone(), ns)
        .create(&PostParams::default(), &secret)
        .await
        .unwrap();
    // What deploy/base/rbac.yaml says to add with --api-token-secret.
    cluster.grant_operator(json!({
        "apiGroups": [""], "resources": ["secrets"], "resourceNames": ["api-token"], "verbs": ["get"],
    }));
    let secret_flag = format!("{ns}/api-token");
    let operator = OperatorProcess::start(
        &cluster,
        operator_binary!(),
        &["--api-token-secret", &secret_flag],
    )
    .await;
    create_session(&client, ns, "kim-firefox-1", "kim", json!({})).await;
    wait_phase(&client, ns, "kim-firefox-1", SessionPhase::Pending).await;
    let url = format!(
        "{}/api/v1/namespaces/{ns}/sessions/kim-firefox-1/activity",
        operator.base()
    );
    let http = Http::new();
    assert_eq!(
        http.post(&url, Some(TOKEN), "{}").await.0,
        401,
        "another token"
    );
    let (status, body) = http.post(&url, Some("token-from-a-secret"), "{}").await;
    assert_eq!(status, 200, "{body}");
    operator.stop().await;
    cluster.cleanup().await;
}

/// A fresh temporary directory.
fn tempdir(what: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "streamspace-e2e-{what}-{}-{}",
        std::process::id(),
        random_suffix(8)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An AdmissionReview (v1) of a Session CREATE, as the API server sends it.
fn create_review(uid: &str, namespace: &str, session: serde_json::Value) -> serde_json::Value {
    json!({
        "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
        "request": {
            "uid": uid,
            "kind": { "group": "stream.space", "version": "v1alpha1", "kind": "Session" },
            "resource": { "group": "stream.space", "version": "v1alpha1", "resource": "sessions" },
            "requestKind": { "group": "stream.space", "version": "v1alpha1", "kind": "Session" },
            "requestResource": { "group": "stream.space", "version": "v1alpha1", "resource": "sessions" },
            "name": session["metadata"]["name"], "namespace": namespace,
            "operation": "CREATE",
            "userInfo": { "username": "alice" },
            "object": session, "oldObject": null, "dryRun": false,
            "options": { "apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions" }
        }
    })
}

/// Posts `review` to the webhook at 127.0.0.1:`port` over TLS, trusting only
/// the CA in `ca_bundle`, as the API server does.
async fn post_review(port: u16, ca_bundle: &[u8], review: &serde_json::Value) -> serde_json::Value {
    use http_body_util::{BodyExt, Full};
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, ServerName};

    let mut roots = rustls::RootCertStore::empty();
    for ca in CertificateDer::pem_slice_iter(ca_bundle) {
        roots
            .add(ca.expect("a PEM certificate in the caBundle"))
            .unwrap();
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let name = ServerName::try_from("127.0.0.1").unwrap();
    let tls = tokio_rustls::TlsConnector::from(std::sync::Arc::new(config))
        .connect(name, tcp)
        .await
        .expect("the webhook's certificate is trusted through the published CA");
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(tls))
            .await
            .unwrap();
    tokio::spawn(connection);
    let request = hyper::Request::post("/validate-sessions")
        .header("content-type", "application/json")
        .body(Full::new(hyper::body::Bytes::from(review.to_string())))
        .unwrap();
    let response = sender.send_request(request).await.unwrap();
    assert_eq!(response.status(), 200);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&body).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_admission_webhook_enforces_quotas_over_tls() {
    use k8s_openapi::api::admissionregistration::v1::ValidatingWebhookConfiguration;
    use k8s_openapi::api::core::v1::ConfigMap;

    let cluster = TestCluster::start().await;
    let (client, ns) = (cluster.client(), cluster.namespace());
    put_scripts(&cluster, &scripts(&[])).await;
    create_template(&client, ns, "firefox").await;
    // The install's configuration, limited to this test's namespace.
    let mut configuration: ValidatingWebhookConfiguration = serde_saphyr::from_str(
        std::fs::read_to_string(streamspace_testkit::repo_path("deploy/base/webhook.yaml"))
            .unwrap()
            .split("\n---\n")
            .next()
            .unwrap(),
    )
    .unwrap();
    let webhook = &mut configuration.webhooks.as_mut().unwrap()[0];
    webhook.namespace_selector = Some(
        serde_json::from_value(json!({ "matchLabels": { "kubernetes.io/metadata.name": ns } }))
            .unwrap(),
    );
    let configurations: Api<ValidatingWebhookConfiguration> = Api::all(client.clone());
    configurations
        .create(&PostParams::default(), &configuration)
        .await
        .unwrap();
    Api::<ConfigMap>::namespaced(client.clone(), ns)
        .create(
            &PostParams::default(),
            &serde_json::from_value(json!({
                "metadata": { "name": "streamspace-quotas" },
                "data": { "quotas.yaml": "default:\n  cpu: \"2\"\n  memory: 4Gi\n" }
            }))
            .unwrap(),
        )
        .await
        .unwrap();
    for name in ["alice-ff-1", "alice-code-2"] {
        create_session(
            &client,
            ns,
            name,
            "alice",
            json!({ "resources": { "cpu": "1", "memory": "2Gi" } }),
        )
        .await;
    }

    // A real API server must reach the webhook: STREAMSPACE_TEST_WEBHOOK_HOST
    // names this machine's address as the cluster sees it.
    let port = unused_port();
    let host = std::env::var("STREAMSPACE_TEST_WEBHOOK_HOST").ok();
    let url = format!(
        "https://{}:{port}/validate-sessions",
        host.as_deref().unwrap_or("127.0.0.1")
    );
    let listen = format!(
        "{}:{port}",
        if host.is_some() {
            "0.0.0.0"
        } else {
            "127.0.0.1"
        }
    );
    let quotas = format!("{ns}/streamspace-quotas");
    let operator = OperatorProcess::start(
        &cluster,
        operator_binary!(),
        &[
            "--admission",
            "--admission-listen",
            &listen,
            "--admission-url",
            &url,
            "--quotas-configmap",
            &quotas,
        ],
    )
    .await;
    let ca_bundle = eventually("the operator's CA in the configuration", WAIT, || async {
        let webhook = configurations
            .get("streamspace-sessions")
            .await
            .unwrap()
            .webhooks
            .unwrap()
            .remove(0);
        (webhook.client_config.url.as_deref() == Some(url.as_str()))
            .then_some(webhook.client_config.ca_bundle?.0)
    })
    .await;
    for name in ["alice-ff-1", "alice-code-2"] {
        wait_phase(&client, ns, name, SessionPhase::Pending).await;
    }

    let third = json!({
        "apiVersion": "stream.space/v1alpha1", "kind": "Session",
        "metadata": { "name": "alice-term-3", "namespace": ns },
        "spec": { "user": "alice", "template": "firefox", "resources": { "cpu": "1", "memory": "1Gi" } }
    });
    if cluster.is_fake() {
        // The fake API server stores webhook configurations but calls no
        // webhook: the review is sent here as the API server would send it.
        let answer = post_review(port, &ca_bundle, &create_review("uid-3", ns, third)).await;
        let response = &answer["response"];
        assert_eq!(answer["kind"], "AdmissionReview", "{answer}");
        assert_eq!(response["uid"], "uid-3", "{answer}");
        assert_eq!(response["allowed"], false, "{answer}");
        assert_eq!(response["status"]["code"], 403, "{answer}");
        let message = response["status"]["message"].as_str().unwrap_or_default();
        assert!(
            message.starts_with("user alice would use 3 CPU of a 2 CPU quota (running: ")
                && message.contains("alice-ff-1 1 CPU")
                && message.contains("alice-code-2 1 CPU"),
            "{answer}"
        );
        let small = json!({
            "apiVersion": "stream.space/v1alpha1", "kind": "Session",
            "metadata": { "name": "bob-ff-1", "namespace": ns },
            "spec": { "user": "bob", "template": "firefox" }
        });
        let answer = post_review(port, &ca_bundle, &create_review("uid-4", ns, small)).await;
        assert_eq!(answer["response"]["allowed"], true, "{answer}");
        // Admitted at the limit: with a warning, which kubectl prints.
        let at_limit = json!({
            "apiVersion": "stream.space/v1alpha1", "kind": "Session",
            "metadata": { "name": "carol-ff-1", "namespace": ns },
            "spec": { "user": "carol", "template": "firefox", "resources": { "cpu": "2", "memory": "1Gi" } }
        });
        let answer = post_review(port, &ca_bundle, &create_review("uid-5", ns, at_limit)).await;
        let response = &answer["response"];
        assert_eq!(response["allowed"], true, "{answer}");
        assert!(
            response["warnings"][0]
                .as_str()
                .is_some_and(|w| w.contains("of your CPU quota")),
            "{answer}"
        );
    } else {
        let refused = Api::<Session>::namespaced(client.clone(), ns)
            .create(
                &PostParams::default(),
                &serde_json::from_value(third).unwrap(),
            )
            .await
            .unwrap_err();
        let kube::Error::Api(status) = refused else {
            panic!("{refused}")
        };
        assert_eq!(status.code, 403, "{status:?}");
        assert!(
            status
                .message
                .contains("user alice would use 3 CPU of a 2 CPU quota"),
            "{status:?}"
        );
    }
    assert_eq!(
        operator
            .metric("streamspace_admissions_total{operation=\"CREATE\",result=\"denied\"}")
            .await,
        Some(1.0),
        "the refusal is counted"
    );
    // Quotas that do not parse are refused; the last good ones stay.
    Api::<ConfigMap>::namespaced(client.clone(), ns)
        .patch(
            "streamspace-quotas",
            &PatchParams::default(),
            &Patch::Merge(json!({ "data": { "quotas.yaml": "default:\n  cpu: lots\n" } })),
        )
        .await
        .unwrap();
    let event = wait_warning(&client, ns, "QuotasInvalid", "streamspace-quotas").await;
    assert!(
        event.note.as_deref().unwrap_or_default().contains("cpu"),
        "the Event names the field: {event:?}"
    );
    eventually("the failed quota reload to be counted", WAIT, || async {
        (operator
            .metric("streamspace_quota_reloads_total{result=\"failure\"}")
            .await
            == Some(1.0))
        .then_some(())
    })
    .await;
    if cluster.is_fake() {
        let again = json!({
            "apiVersion": "stream.space/v1alpha1", "kind": "Session",
            "metadata": { "name": "alice-term-4", "namespace": ns },
            "spec": { "user": "alice", "template": "firefox", "resources": { "cpu": "1", "memory": "1Gi" } }
        });
        let answer = post_review(port, &ca_bundle, &create_review("uid-6", ns, again)).await;
        assert_eq!(
            answer["response"]["allowed"], false,
            "the 2 CPU quota still holds: {answer}"
        );
    }
    configurations
        .delete("streamspace-sessions", &DeleteParams::default())
        .await
        .unwrap();
    operator.stop().await;
    cluster.cleanup().await;
}
