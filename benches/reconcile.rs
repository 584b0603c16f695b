//! The cost of one `reconcile` script call: criterion times
//! `ScriptSet::reconcile` (ctx conversion, the Rhai call and the decision's
//! conversion back to typed) on a typical Session, and beside it the same
//! decision written in plain Rust (`native::reconcile`), then prints both
//! medians, their ratio and whether the target (under 100 µs per call) is
//! met.
//!
//! Before timing anything it checks that the native decision equals the
//! script's on every example Session of `deploy/examples/` in every state,
//! and on variants that reach each branch of the scripts: a baseline that
//! decides something else would measure nothing.
//!
//! Run with `cargo bench --features bench --bench reconcile`. Under `cargo test` criterion
//! runs each benchmark once and only the parity check matters.

mod native;

/// The operator binary's allocator, so the figures are the operator's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use criterion::Criterion;
use k8s_openapi::api::core::v1::{ContainerPort, VolumeMount};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use streamspace_operator::crd::{
    ResourceSpec, Session, SessionState, Template, TemplateStatus, VncSpec,
};
use streamspace_operator::script::naming::short_hash;
use streamspace_operator::script::{
    ObservedChildren, PolicySettings, ReconcileDecision, ScriptSet, SessionContext,
};

/// The per-call cost the scripts must stay under.
const TARGET: Duration = Duration::from_micros(100);

/// The evaluation clock of every case.
const NOW: &str = "2026-01-01T12:00:00Z";

/// When the example objects were created, for server-set timestamps.
const CREATED: &str = "2026-01-01T09:00:00Z";

/// The Session whose steady state is the typical reconcile.
const TYPICAL: &str = "alice-firefox-1a2b3c4d";

// ---- inputs -------------------------------------------------------------------

/// One reconcile input, owning what a [`SessionContext`] borrows.
#[derive(Clone)]
struct Case {
    name: String,
    session: Session,
    template: Option<Template>,
    children: ObservedChildren,
    settings: PolicySettings,
}

impl Case {
    fn ctx(&self) -> SessionContext<'_> {
        SessionContext {
            session: &self.session,
            template: self.template.as_ref(),
            children: &self.children,
            settings: &self.settings,
            now: NOW.parse().expect("NOW is RFC 3339"),
        }
    }

    fn named(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializes to JSON")
}

fn from_json<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("a valid object of its kind")
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `deploy/examples/<prefix>*.yaml`, parsed, in file name order.
fn examples<T: DeserializeOwned>(prefix: &str) -> Vec<T> {
    let dir = manifest_dir().join("deploy/examples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yaml")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("a readable example");
            serde_saphyr::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not a valid object: {e}", path.display()))
        })
        .collect()
}

/// A stable UUID-shaped uid for `seed`.
fn uid(seed: &str) -> String {
    let h = |part: &str| short_hash(&format!("{seed}/{part}"));
    format!(
        "{}-{}-4{}-8{}-{}{}",
        h("a"),
        &h("b")[..4],
        &h("c")[..3],
        &h("d")[..3],
        h("e"),
        &h("f")[..4]
    )
}

/// `object` as the API server returns it after `kubectl apply`: uid,
/// resourceVersion, generation, creationTimestamp and the last-applied
/// annotation. (Not its managedFields: the operator's caches drop them, so
/// scripts never see them.)
fn served<T: Serialize + DeserializeOwned>(object: &T) -> T {
    let mut v = to_json(object);
    let applied = json!({
        "apiVersion": v["apiVersion"], "kind": v["kind"],
        "metadata": { "name": v["metadata"]["name"], "namespace": v["metadata"]["namespace"] },
        "spec": v["spec"],
    });
    let name = v["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let annotation = "kubectl.kubernetes.io/last-applied-configuration";
    let metadata = &mut v["metadata"];
    metadata["uid"] = uid(&name).into();
    metadata["resourceVersion"] = "48213".into();
    metadata["generation"] = 1.into();
    metadata["creationTimestamp"] = CREATED.into();
    metadata["annotations"] = json!({ annotation: format!("{applied}\n") });
    from_json(v)
}

/// A Template as served, with the status the Template reconcile wrote.
fn served_template(set: &ScriptSet, template: &Template) -> Template {
    let mut template = served(template);
    let verdict = set
        .validate(&template, NOW.parse().expect("NOW is RFC 3339"))
        .unwrap_or_else(|e| panic!("template.rhai failed: {e}"))
        .decision;
    template.status = Some(from_json(json!({
        "valid": verdict.valid,
        "message": verdict.message,
        "conditions": [{
            "type": "Valid", "status": if verdict.valid { "True" } else { "False" },
            "reason": if verdict.valid { "Valid" } else { "Invalid" },
            "message": verdict.message, "lastTransitionTime": CREATED,
        }],
    })));
    template
}

/// `session` with the status the operator wrote from `decision`.
fn with_status(session: &Session, decision: &ReconcileDecision, version: &str) -> Session {
    let mut v = to_json(session);
    let mut status = to_json(&decision.status);
    for condition in status["conditions"].as_array_mut().into_iter().flatten() {
        condition["lastTransitionTime"] = CREATED.into();
        condition["observedGeneration"] = 1.into();
    }
    status["lastActivity"] = "2026-01-01T11:58:00Z".into();
    status["observedGeneration"] = 1.into();
    status["scriptVersion"] = version.into();
    v["status"] = status;
    from_json(v)
}

/// How the observed Deployment reports its pod.
#[derive(Clone, Copy, PartialEq)]
enum Pod {
    Ready,
    NotReady,
}

/// The children of `decision` as the API server returns them once applied
/// (and the operator caches them): operator labels and owner reference,
/// server fields and defaults, and each kind's status.
fn observed(session: &Session, decision: &ReconcileDecision, pod: Pod) -> Vec<Value> {
    let session_name = session.metadata.name.clone().unwrap_or_default();
    let session_uid = session.metadata.uid.clone().unwrap_or_default();
    decision
        .children
        .iter()
        .map(|child| {
            let mut v = child.object().clone();
            let kind = child.kind().to_owned();
            let name = child.name().to_owned();
            let metadata = &mut v["metadata"];
            metadata["namespace"] = session.metadata.namespace.clone().into();
            let labels = metadata["labels"].as_object_mut();
            if let Some(labels) = labels {
                labels.insert(
                    "app.kubernetes.io/managed-by".into(),
                    "streamspace-operator".into(),
                );
                labels.insert("stream.space/session".into(), session_name.clone().into());
            }
            if !child.outlives_session() {
                metadata["ownerReferences"] = json!([{
                    "apiVersion": "stream.space/v1alpha1", "kind": "Session",
                    "name": session_name, "uid": session_uid,
                    "controller": true, "blockOwnerDeletion": true,
                }]);
            }
            let metadata = &mut v["metadata"];
            metadata["uid"] = uid(&format!("{kind}/{name}")).into();
            metadata["resourceVersion"] = "48240".into();
            metadata["creationTimestamp"] = "2026-01-01T09:00:05Z".into();
            match kind.as_str() {
                "Deployment" => serve_deployment(&mut v, pod),
                "Service" => serve_service(&mut v),
                "PersistentVolumeClaim" => serve_pvc(&mut v),
                "Ingress" => serve_ingress(&mut v),
                other => panic!("unexpected child kind {other}"),
            }
            v
        })
        .collect()
}

fn serve_deployment(v: &mut Value, pod: Pod) {
    let replicas = v["spec"]["replicas"].as_i64().unwrap_or(1);
    v["metadata"]["generation"] = 1.into();
    v["metadata"]["annotations"] = json!({ "deployment.kubernetes.io/revision": "1" });
    let spec = &mut v["spec"];
    spec["progressDeadlineSeconds"] = 600.into();
    spec["revisionHistoryLimit"] = 10.into();
    let pod_spec = &mut spec["template"]["spec"];
    pod_spec["dnsPolicy"] = "ClusterFirst".into();
    pod_spec["restartPolicy"] = "Always".into();
    pod_spec["schedulerName"] = "default-scheduler".into();
    pod_spec["securityContext"] = json!({});
    pod_spec["terminationGracePeriodSeconds"] = 30.into();
    for container in pod_spec["containers"].as_array_mut().into_iter().flatten() {
        container["imagePullPolicy"] = "Always".into();
        container["terminationMessagePath"] = "/dev/termination-log".into();
        container["terminationMessagePolicy"] = "File".into();
    }
    let condition = |type_: &str, ok: bool, reason: &str, message: &str| {
        json!({
            "type": type_, "status": if ok { "True" } else { "False" }, "reason": reason,
            "message": message, "lastTransitionTime": CREATED, "lastUpdateTime": CREATED,
        })
    };
    let progressing = condition(
        "Progressing",
        true,
        "NewReplicaSetAvailable",
        "ReplicaSet has successfully progressed.",
    );
    let status = match (replicas, pod) {
        (0, _) => json!({
            "observedGeneration": 1,
            "conditions": [condition("Available", true, "MinimumReplicasAvailable",
                "Deployment has minimum availability."), progressing],
        }),
        (_, Pod::Ready) => json!({
            "observedGeneration": 1, "replicas": replicas, "updatedReplicas": replicas,
            "readyReplicas": replicas, "availableReplicas": replicas,
            "conditions": [condition("Available", true, "MinimumReplicasAvailable",
                "Deployment has minimum availability."), progressing],
        }),
        (_, Pod::NotReady) => json!({
            "observedGeneration": 1, "replicas": replicas, "updatedReplicas": replicas,
            "unavailableReplicas": replicas,
            "conditions": [condition("Available", false, "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability."), progressing],
        }),
    };
    v["status"] = status;
}

fn serve_service(v: &mut Value) {
    let spec = &mut v["spec"];
    spec["clusterIP"] = "10.43.17.201".into();
    spec["clusterIPs"] = json!(["10.43.17.201"]);
    spec["internalTrafficPolicy"] = "Cluster".into();
    spec["ipFamilies"] = json!(["IPv4"]);
    spec["ipFamilyPolicy"] = "SingleStack".into();
    spec["sessionAffinity"] = "None".into();
    v["status"] = json!({ "loadBalancer": {} });
}

fn serve_pvc(v: &mut Value) {
    let volume = format!("pvc-{}", v["metadata"]["uid"].as_str().unwrap_or_default());
    let provisioner = "nfs.csi.k8s.io";
    v["metadata"]["annotations"]["pv.kubernetes.io/bind-completed"] = "yes".into();
    v["metadata"]["annotations"]["pv.kubernetes.io/bound-by-controller"] = "yes".into();
    v["metadata"]["annotations"]["volume.beta.kubernetes.io/storage-provisioner"] =
        provisioner.into();
    v["metadata"]["annotations"]["volume.kubernetes.io/storage-provisioner"] = provisioner.into();
    v["metadata"]["finalizers"] = json!(["kubernetes.io/pvc-protection"]);
    let spec = &mut v["spec"];
    if spec["storageClassName"].is_null() {
        spec["storageClassName"] = "nfs-csi".into();
    }
    spec["volumeMode"] = "Filesystem".into();
    spec["volumeName"] = volume.into();
    let status = json!({
        "phase": "Bound",
        "accessModes": spec["accessModes"],
        "capacity": { "storage": spec["resources"]["requests"]["storage"] },
    });
    v["status"] = status;
}

fn serve_ingress(v: &mut Value) {
    v["metadata"]["generation"] = 1.into();
    v["status"] = json!({ "loadBalancer": { "ingress": [{ "ip": "10.0.0.10" }] } });
}

fn script_decision(set: &ScriptSet, case: &Case) -> ReconcileDecision {
    set.reconcile(&case.ctx())
        .unwrap_or_else(|e| panic!("{}: reconcile.rhai failed: {e}", case.name))
        .decision
}

fn no_children() -> ObservedChildren {
    ObservedChildren::default()
}

/// The cases of one Session: fresh (nothing observed, no status yet), and
/// its steady state: the children the script asked for observed as
/// applied, with the status the operator wrote from the previous decision.
fn lifecycle(set: &ScriptSet, session: &Session, template: &Template, pod: Pod) -> (Case, Case) {
    let settings = PolicySettings::default();
    let fresh = Case {
        name: format!("{}: fresh", session.metadata.name.as_deref().unwrap_or("?")),
        session: session.clone(),
        template: Some(template.clone()),
        children: no_children(),
        settings,
    };
    let first = script_decision(set, &fresh);
    let objects = observed(session, &first, pod);
    let children = ObservedChildren::from_objects(objects)
        .unwrap_or_else(|e| panic!("{}: observed children: {e}", fresh.name));
    let observing = Case {
        children,
        ..fresh.clone()
    };
    let decided = script_decision(set, &observing);
    let steady = Case {
        session: with_status(session, &decided, set.version()),
        ..observing
    };
    (fresh, steady)
}

/// The typical reconcile: Alice's Firefox in its steady Running state.
fn typical(set: &ScriptSet) -> Case {
    let templates: Vec<Template> = examples("template-");
    let sessions: Vec<Session> = examples("session-");
    let session = sessions
        .iter()
        .find(|s| s.metadata.name.as_deref() == Some(TYPICAL))
        .expect("the typical example Session");
    let template = templates
        .iter()
        .find(|t| t.metadata.name.as_deref() == Some(session.spec.template.as_str()))
        .expect("the typical example Template");
    let (_, steady) = lifecycle(
        set,
        &served(session),
        &served_template(set, template),
        Pod::Ready,
    );
    steady.named(format!("{TYPICAL}: steady"))
}

// ---- parity -------------------------------------------------------------------

/// Every case the native decision must match the script's on.
fn parity_cases(set: &ScriptSet) -> Vec<Case> {
    let templates: Vec<Template> = examples("template-");
    let sessions: Vec<Session> = examples("session-");
    assert!(!sessions.is_empty(), "no example Sessions");
    let mut cases = Vec::new();
    for session in &sessions {
        let name = session.metadata.name.clone().unwrap_or_default();
        let template = templates
            .iter()
            .find(|t| t.metadata.name.as_deref() == Some(session.spec.template.as_str()))
            .unwrap_or_else(|| panic!("{name}: no example Template {}", session.spec.template));
        let session = served(session);
        let template = served_template(set, template);
        let label = |case: Case, what: &str| case.named(format!("{name}: {what}"));
        let in_state = |state: SessionState| {
            let mut session = session.clone();
            session.spec.state = state;
            session
        };
        if session.spec.state != SessionState::Running {
            let (fresh, steady) = lifecycle(set, &session, &template, Pod::Ready);
            cases.push(label(fresh, "fresh, as written"));
            cases.push(label(steady, "steady, as written"));
        }
        let running = in_state(SessionState::Running);
        let (fresh, steady) = lifecycle(set, &running, &template, Pod::Ready);
        let (_, not_ready) = lifecycle(set, &running, &template, Pod::NotReady);
        let (_, asleep) = lifecycle(
            set,
            &in_state(SessionState::Hibernated),
            &template,
            Pod::Ready,
        );
        let with_state = |case: &Case, state: SessionState, what: &str| {
            let mut case = label(case.clone(), what);
            case.session.spec.state = state;
            case
        };
        let hibernating = with_state(&steady, SessionState::Hibernated, "hibernating");
        let waking = with_state(&asleep, SessionState::Running, "waking");
        let terminating = with_state(&steady, SessionState::Terminated, "terminating");
        // The reconcile after each: the status already says so, no new event.
        let after = |case: &Case, what: &str| {
            let decided = script_decision(set, case);
            let mut next = label(case.clone(), what);
            next.session = with_status(&case.session, &decided, set.version());
            next
        };
        let terminated = after(&terminating, "terminated");
        let mut missing = label(steady.clone(), "template missing");
        missing.template = None;
        let missing_again = after(&missing, "template still missing");
        let invalid = |message: Option<&str>, what: &str| {
            let mut case = label(steady.clone(), what);
            template_of(&mut case).status = Some(TemplateStatus {
                valid: Some(false),
                message: message.map(str::to_owned),
                conditions: Vec::new(),
            });
            case
        };
        cases.extend([
            label(fresh, "fresh"),
            label(steady.clone(), "steady, Deployment ready"),
            label(not_ready, "Deployment not ready"),
            label(asleep, "hibernated, steady"),
            hibernating,
            waking,
            terminating,
            terminated,
            missing,
            missing_again,
            invalid(Some("spec.baseImage is empty"), "template invalid"),
            invalid(None, "template invalid without message"),
        ]);
    }
    cases.extend(variants(set));
    cases
}

fn template_of(case: &mut Case) -> &mut Template {
    case.template.as_mut().expect("a template")
}

/// Variants of the typical case that reach the branches the examples do not.
fn variants(set: &ScriptSet) -> Vec<Case> {
    let base = typical(set);
    let variant = |label: &str, change: &dyn Fn(&mut Case)| {
        let mut case = base.clone().named(format!("variant: {label}"));
        change(&mut case);
        case
    };
    let port = |number: i32, name: Option<&str>, protocol: Option<&str>| ContainerPort {
        container_port: number,
        name: name.map(str::to_owned),
        protocol: protocol.map(str::to_owned),
        ..ContainerPort::default()
    };
    let mount = |name: &str, path: &str| VolumeMount {
        name: name.to_owned(),
        mount_path: path.to_owned(),
        ..VolumeMount::default()
    };
    vec![
        variant("other settings", &|c| {
            c.settings = PolicySettings {
                ingress_domain: "apps.example.org".into(),
                ingress_class: "nginx".into(),
                storage_class: "fast-rwx".into(),
                home_size: "20Gi".into(),
                home_access_mode: "ReadWriteOnce".into(),
                default_memory: "3Gi".into(),
                default_cpu: "1500m".into(),
                vnc_port: 5901,
            };
        }),
        variant("no vnc, no resources anywhere: defaults", &|c| {
            c.settings.vnc_port = 5901;
            c.session.spec.resources = None;
            let t = template_of(c);
            t.spec.vnc = None;
            t.spec.kasmvnc = None;
            t.spec.default_resources = None;
            t.spec.env.clear();
            t.spec.volume_mounts.clear();
        }),
        variant("vnc block without a port: kasmvnc port", &|c| {
            let t = template_of(c);
            t.spec.vnc = Some(VncSpec::default());
            t.spec.kasmvnc = Some(from_json(json!({ "port": 6080 })));
        }),
        variant("template port named vnc is kept", &|c| {
            template_of(c).spec.ports = vec![
                port(4713, Some("audio"), None),
                port(6901, Some("vnc"), None),
            ];
        }),
        variant("template port on the vnc number is renamed", &|c| {
            template_of(c).spec.ports = vec![
                port(4713, Some("audio"), None),
                port(3000, Some("http"), None),
            ];
        }),
        variant("UDP port on the vnc number is not renamed", &|c| {
            template_of(c).spec.ports = vec![port(3000, None, Some("UDP"))];
        }),
        variant("template mounts clashing with home are dropped", &|c| {
            template_of(c).spec.volume_mounts = vec![
                mount("shm", "/dev/shm"),
                mount("home", "/home/user"),
                mount("settings", "/config"),
            ];
        }),
        variant("template mounts kept without a persistent home", &|c| {
            c.session.spec.persistent_home = false;
            template_of(c).spec.volume_mounts =
                vec![mount("home", "/home/user"), mount("cfg", "/config")];
        }),
        variant("labels that are not label values", &|c| {
            c.session.spec.user = "Alice@Example.com".into();
            c.session.spec.template = "firefox".into();
            c.session.spec.tags = vec![
                "Team Web".into(),
                "ok.tag_1".into(),
                "-leading".into(),
                "trailing.".into(),
                "x".repeat(70),
                "ünïcode".into(),
            ];
        }),
        variant("a session name longer than a label", &|c| {
            let mut session = c.session.clone();
            session.metadata.name = Some(format!("alice-{}-firefox", "very-long-".repeat(8)));
            let template = c.template.clone().expect("a template");
            let (_, steady) = lifecycle(set, &session, &template, Pod::Ready);
            *c = steady.named(c.name.clone());
        }),
        variant("session requests only: limits empty", &|c| {
            c.session.spec.resources = Some(from_json(json!({ "requests": { "memory": "1Gi" } })));
        }),
        variant("flat and explicit resources mixed", &|c| {
            c.session.spec.resources = Some(from_json(json!({
                "memory": "2Gi", "cpu": 1, "limits": { "memory": "3Gi" }
            })));
        }),
        variant("empty session resources: template defaults", &|c| {
            c.session.spec.resources = Some(ResourceSpec::default());
        }),
        variant("observed Deployment of another name", &|c| {
            let mut renamed = ObservedChildren::default();
            for (kind, json) in c.children.iter() {
                let mut object: serde_json::Value =
                    serde_json::from_str(json).expect("an observed child is JSON");
                if kind.kind == "Deployment" {
                    object["metadata"]["name"] = json!("someone-else");
                }
                renamed.add(kind, object.to_string().into());
            }
            c.children = renamed;
        }),
        variant("no namespace, template missing", &|c| {
            c.session.metadata.namespace = None;
            c.session.status = None;
            c.template = None;
        }),
        variant("no status yet, hibernated", &|c| {
            c.session.status = None;
            c.session.spec.state = SessionState::Hibernated;
        }),
    ]
}

/// Panics with a diff of every case where the native decision is not the
/// script's.
fn check_parity(set: &ScriptSet) -> usize {
    let cases = parity_cases(set);
    let mut failures = Vec::new();
    for case in &cases {
        let script = to_json(&script_decision(set, case));
        let native = to_json(&native::reconcile(&case.ctx()));
        if script != native {
            let script = serde_json::to_string_pretty(&script).expect("JSON");
            let native = serde_json::to_string_pretty(&native).expect("JSON");
            let diff = similar::TextDiff::from_lines(&script, &native)
                .unified_diff()
                .context_radius(3)
                .header("script", "native")
                .to_string();
            failures.push(format!("--- case {:?}\n{diff}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "the native decision differs from the script's in {} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    cases.len()
}

// ---- results ------------------------------------------------------------------

/// Where criterion writes its results, found the way criterion does.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return home.into();
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    // The bench runs as <target>/<profile>/deps/reconcile-<hash>.
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(|t| t.join("criterion")))
        .unwrap_or_else(|| PathBuf::from("target/criterion"))
}

/// The median (ns) criterion estimated for `group/id` in this run; `None`
/// when it did not measure it (test mode, a filter, `--list`).
fn median_ns(group: &str, id: &str, since: SystemTime) -> Option<f64> {
    let path = criterion_dir()
        .join(group)
        .join(id)
        .join("new/estimates.json");
    let fresh = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .is_ok_and(|modified| modified >= since);
    if !fresh {
        return None;
    }
    let estimates: Value = serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}

fn format_ns(ns: Option<f64>) -> String {
    match ns {
        None => "not measured".to_owned(),
        Some(ns) if ns >= 1e6 => format!("{:.2} ms", ns / 1e6),
        Some(ns) if ns >= 1e5 => format!("{:.0} µs", ns / 1e3),
        Some(ns) if ns >= 1e3 => format!("{:.1} µs", ns / 1e3),
        Some(ns) => format!("{ns:.0} ns"),
    }
}

fn print_summary(since: SystemTime, cases: usize) {
    let median = |group, id| median_ns(group, id, since);
    let script = median("reconcile", "script");
    let native = median("reconcile", "native");
    let ctx = median("reconcile-parts", "ctx-to-dynamic");
    let ratio = match (script, native) {
        (Some(s), Some(n)) if n > 0.0 => format!("{:.1}x", s / n),
        _ => "-".to_owned(),
    };
    let target_ns = TARGET.as_nanos() as f64;
    let verdict = match script {
        Some(s) if s < target_ns => "met",
        Some(_) => "NOT met",
        None => "-",
    };
    let rows = [
        (
            "script: ScriptSet::reconcile (ctx conversion, Rhai, typed decision)".to_owned(),
            format_ns(script),
        ),
        (
            "native: native::reconcile (plain Rust)".to_owned(),
            format_ns(native),
        ),
        ("ratio script / native".to_owned(), ratio),
        (
            format!("target: script median < {}", format_ns(Some(target_ns))),
            verdict.to_owned(),
        ),
        (
            "  part of script: ctx.to_dynamic()".to_owned(),
            format_ns(ctx),
        ),
    ];
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    println!();
    println!(
        "reconcile cost, typical ctx ({TYPICAL}, steady-state Running), criterion medians; \
         parity checked on {cases} cases"
    );
    for (what, value) in rows {
        println!("  {what:<width$}  {value}");
    }
    if script.is_none() {
        println!("  (no measurements: run `cargo bench --features bench --bench reconcile`)");
    }
}

// ---- main -----------------------------------------------------------------------

fn main() {
    let started = SystemTime::now();
    let set = ScriptSet::load_dir(&manifest_dir().join("scripts"))
        .unwrap_or_else(|e| panic!("cannot load scripts/: {e}"));
    let cases = check_parity(&set);
    println!("parity: the native decision equals the script's on {cases} cases");

    let case = typical(&set);
    let ctx = case.ctx();
    let decision = script_decision(&set, &case);
    assert_eq!(
        (decision.status.phase, decision.events.len()),
        (streamspace_operator::crd::SessionPhase::Running, 0),
        "the typical reconcile is the steady Running one"
    );
    let size = |value: serde_json::Result<String>| value.expect("inputs serialize").len();
    let ctx_bytes = size(serde_json::to_string(ctx.session))
        + size(serde_json::to_string(&ctx.template))
        + ctx
            .children
            .iter()
            .map(|(_, json)| json.len())
            .sum::<usize>();
    println!(
        "typical ctx: {TYPICAL}, {} observed children, {ctx_bytes} bytes as JSON",
        decision.children.len()
    );

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5))
        .sample_size(100)
        .configure_from_args();
    {
        let mut group = criterion.benchmark_group("reconcile");
        group.bench_function("script", |b| {
            b.iter(|| set.reconcile(black_box(&ctx)).expect("reconcile"));
        });
        group.bench_function("native", |b| {
            b.iter(|| native::reconcile(black_box(&ctx)));
        });
        group.finish();
    }
    {
        // Where the time goes: the ctx conversion the script pays before it
        // runs.
        let mut group = criterion.benchmark_group("reconcile-parts");
        group.bench_function("ctx-to-dynamic", |b| {
            b.iter(|| black_box(&ctx).to_dynamic().expect("ctx converts"));
        });
        group.finish();
    }
    criterion.final_summary();
    print_summary(started, cases);
}
