//! The default policy's `reconcile` decision written in plain Rust: the same
//! decision as `scripts/reconcile.rhai` with `scripts/lib.session.rhai`, for
//! the same [`SessionContext`], without Rhai. Benchmarks use it as the
//! native baseline that the script's cost is measured against, so it must stay
//! a faithful copy: `benches/reconcile.rs` checks the two agree before timing.
//!
//! It reads the typed context directly (no `ctx` map is built) and builds the
//! children as `serde_json::Value`s, the form the operator applies, checked
//! with [`Child::checked`] as the script's children are.
//!
//! What the script logs (`log_warn` when a Template goes missing) is not part
//! of the decision and is not reproduced.

use serde_json::{Map, Value, json};
use streamspace_operator::crd::{ResourceSpec, Session, SessionPhase, SessionState, Template};
use streamspace_operator::keys::OUTLIVES_SESSION;
use streamspace_operator::script::decision::{
    Child, ConditionDecision, ConditionStatus, EventDecision, EventType, StatusDecision,
};
use streamspace_operator::script::duration::ScriptDuration;
use streamspace_operator::script::naming::{child_name, dns_label, label_value};
use streamspace_operator::script::{PolicySettings, ReconcileDecision, SessionContext};

/// The `app` label of every session pod and home PVC.
const APP: &str = "streamspace-session";

/// What `reconcile(ctx)` of the default scripts decides for `ctx`.
///
/// The order of the checks is the script's: a terminated Session needs no
/// Template, so it is decided before the Template is looked at.
pub fn reconcile(ctx: &SessionContext<'_>) -> ReconcileDecision {
    let spec = &ctx.session.spec;
    if spec.state == SessionState::Terminated {
        return terminated(ctx);
    }
    let Some(template) = ctx.template else {
        let namespace = ctx.namespace().unwrap_or("of the session");
        return template_failed(
            ctx,
            "TemplateNotFound",
            format!(
                "Template \"{}\" not found in namespace {namespace}",
                spec.template
            ),
        );
    };
    let status = template.status.as_ref();
    // Only an explicit `valid: false` fails: a Template not validated yet is used.
    if status.and_then(|s| s.valid) == Some(false) {
        let message = status
            .and_then(|s| s.message.as_deref())
            .unwrap_or("no message");
        return template_failed(
            ctx,
            "TemplateInvalid",
            format!("Template \"{}\" is invalid: {message}", spec.template),
        );
    }
    if spec.state == SessionState::Hibernated {
        return hibernated(ctx, template);
    }
    running(ctx, template)
}

// ---- states -------------------------------------------------------------------

/// Running: every child at one replica; `Running` with a URL once the
/// Deployment has a ready pod, `Pending` without one before.
fn running(ctx: &SessionContext<'_>, template: &Template) -> ReconcileDecision {
    let name = base_name(ctx.session);
    let mut children = vec![
        deployment(ctx, template, 1),
        service(ctx, template),
        ingress(ctx),
    ];
    children.extend(home(ctx));
    if ready_replicas(ctx, &name) >= 1 {
        let ready = condition(
            "Ready",
            true,
            "DeploymentReady",
            format!("Deployment {name} has a ready pod"),
        );
        return decide(
            ctx,
            children,
            SessionPhase::Running,
            Some(url(ctx)),
            vec![template_resolved(template), ready],
        );
    }
    let waiting = condition(
        "Ready",
        false,
        "DeploymentNotReady",
        format!("Waiting for Deployment {name} to have a ready pod"),
    );
    decide(
        ctx,
        children,
        SessionPhase::Pending,
        None,
        vec![template_resolved(template), waiting],
    )
}

/// Hibernated: the Deployment at zero replicas, everything else kept, no URL.
fn hibernated(ctx: &SessionContext<'_>, template: &Template) -> ReconcileDecision {
    let mut children = vec![
        deployment(ctx, template, 0),
        service(ctx, template),
        ingress(ctx),
    ];
    children.extend(home(ctx));
    let ready = condition(
        "Ready",
        false,
        "Hibernated",
        "Session is hibernated; it wakes when its state is set to running".to_owned(),
    );
    decide(
        ctx,
        children,
        SessionPhase::Hibernated,
        None,
        vec![template_resolved(template), ready],
    )
}

/// Terminated: only the home volume is kept.
fn terminated(ctx: &SessionContext<'_>) -> ReconcileDecision {
    let ready = condition(
        "Ready",
        false,
        "Terminated",
        "Session is terminated; the home volume is kept".to_owned(),
    );
    decide(
        ctx,
        home(ctx).into_iter().collect(),
        SessionPhase::Terminated,
        None,
        vec![ready],
    )
}

/// The Template is missing or invalid: keep only the home volume, warn once
/// when the reason first appears, and look again in a minute.
fn template_failed(ctx: &SessionContext<'_>, reason: &str, message: String) -> ReconcileDecision {
    let conditions = vec![
        condition("TemplateResolved", false, reason, message.clone()),
        condition("Ready", false, reason, message.clone()),
    ];
    let mut d = decide(
        ctx,
        home(ctx).into_iter().collect(),
        SessionPhase::Failed,
        None,
        conditions,
    );
    if previous_reason(ctx.session, "TemplateResolved") != Some(reason) {
        d.events = vec![EventDecision {
            type_: EventType::Warning,
            reason: reason.to_owned(),
            message,
        }];
    }
    d.requeue_after = Some(ScriptDuration(60));
    d
}

// ---- status -------------------------------------------------------------------

/// The decision. No phase-change event: the operator records one itself on
/// every phase change, so the script asks for none (only `template_failed`
/// adds its warning).
fn decide(
    ctx: &SessionContext<'_>,
    children: Vec<Value>,
    phase: SessionPhase,
    url: Option<String>,
    conditions: Vec<ConditionDecision>,
) -> ReconcileDecision {
    ReconcileDecision {
        children: into_children(children, ctx.namespace()),
        status: StatusDecision {
            phase,
            url,
            pod_name: None,
            conditions,
        },
        requeue_after: None,
        events: Vec::new(),
    }
}

/// Turns the child objects into [`Child`]ren, checked as the script's are.
/// The objects are valid by construction (names come from
/// `dns_label`/`child_name`, no namespace, string labels), so a refusal is a
/// bug of this module.
fn into_children(objects: Vec<Value>, namespace: Option<&str>) -> Vec<Child> {
    objects
        .into_iter()
        .map(|object| {
            Child::checked(object, namespace)
                .unwrap_or_else(|e| panic!("the native decision has an invalid child: {e}"))
        })
        .collect()
}

/// The reason of the first condition of `type_` in the Session's status.
fn previous_reason<'a>(session: &'a Session, type_: &str) -> Option<&'a str> {
    let status = session.status.as_ref()?;
    status
        .conditions
        .iter()
        .find(|c| c.type_ == type_)
        .map(|c| c.reason.as_str())
}

/// A condition in the shape `lib.session::condition` builds.
fn condition(type_: &str, ok: bool, reason: &str, message: String) -> ConditionDecision {
    ConditionDecision {
        type_: type_.to_owned(),
        status: if ok {
            ConditionStatus::True
        } else {
            ConditionStatus::False
        },
        reason: reason.to_owned(),
        message,
    }
}

fn template_resolved(template: &Template) -> ConditionDecision {
    let name = template.metadata.name.as_deref().unwrap_or_default();
    condition(
        "TemplateResolved",
        true,
        "TemplateFound",
        format!("Template \"{name}\" found"),
    )
}

fn url(ctx: &SessionContext<'_>) -> String {
    format!("https://{}", host(ctx))
}

fn host(ctx: &SessionContext<'_>) -> String {
    format!("{}.{}", base_name(ctx.session), ctx.settings.ingress_domain)
}

/// `readyReplicas` of the first observed Deployment called `name` (0 when
/// there is none or it reports none).
fn ready_replicas(ctx: &SessionContext<'_>, name: &str) -> i64 {
    ctx.children
        .of_kind("Deployment")
        .filter_map(|json| serde_json::from_str::<Value>(json).ok())
        .find(|d| d["metadata"]["name"] == name)
        .and_then(|d| d["status"]["readyReplicas"].as_i64())
        .unwrap_or(0)
}

// ---- naming and labels (lib.session.rhai) ---------------------------------------

/// The name of the Deployment, Service and Ingress, and the host's first label.
fn base_name(session: &Session) -> String {
    dns_label(session.metadata.name.as_deref().unwrap_or_default())
}

/// The per-user home PVC, shared by all the user's sessions.
fn home_pvc_name(user: &str) -> String {
    child_name("home", user)
}

/// The pod selector: only labels that never change (it is immutable).
fn selector(session: &Session) -> Map<String, Value> {
    let name = session.metadata.name.as_deref().unwrap_or_default();
    let mut labels = Map::new();
    labels.insert("app".into(), APP.into());
    labels.insert("session".into(), label_value(name).into());
    labels
}

/// The selector plus user, template and one `tag.stream.space/<tag>` per tag.
fn labels(session: &Session) -> Map<String, Value> {
    let mut labels = selector(session);
    labels.insert("user".into(), label_value(&session.spec.user).into());
    labels.insert(
        "template".into(),
        label_value(&session.spec.template).into(),
    );
    for tag in &session.spec.tags {
        labels.insert(
            format!("tag.stream.space/{}", label_value(tag)),
            "true".into(),
        );
    }
    labels
}

/// `spec.vnc.port`, else the legacy `spec.kasmvnc.port`, else the default.
fn vnc_port(template: &Template, settings: &PolicySettings) -> i64 {
    let spec = &template.spec;
    spec.vnc
        .as_ref()
        .and_then(|v| v.port)
        .or_else(|| spec.kasmvnc.as_ref().and_then(|k| k.port))
        .map_or(settings.vnc_port, i64::from)
}

/// Container resources: the Session's, else the Template's
/// `defaultResources`, else the operator defaults, each normalized the way
/// `normalize_resources` does (flat values set requests and limits, explicit
/// entries win) — which is what `ResourceSpec::to_requirements` does too.
fn resources(session: &Session, template: &Template, settings: &PolicySettings) -> Value {
    let normalized = |spec: Option<&ResourceSpec>| {
        let requirements = spec?.to_requirements();
        if requirements.requests.is_none() && requirements.limits.is_none() {
            return None;
        }
        Some(json!({
            "requests": requirements.requests.unwrap_or_default(),
            "limits": requirements.limits.unwrap_or_default(),
        }))
    };
    normalized(session.spec.resources.as_ref())
        .or_else(|| normalized(template.spec.default_resources.as_ref()))
        .unwrap_or_else(|| {
            let both = json!({ "memory": settings.default_memory, "cpu": settings.default_cpu });
            json!({ "requests": both.clone(), "limits": both })
        })
}

// ---- children -------------------------------------------------------------------

fn deployment(ctx: &SessionContext<'_>, template: &Template, replicas: i64) -> Value {
    let labels = labels(ctx.session);
    let mut pod = Map::new();
    pod.insert("containers".into(), json!([container(ctx, template)]));
    let volumes = volumes(ctx, template);
    if !volumes.is_empty() {
        pod.insert("volumes".into(), volumes.into());
    }
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": { "name": base_name(ctx.session), "labels": labels.clone() },
        "spec": {
            "replicas": replicas,
            "selector": { "matchLabels": selector(ctx.session) },
            // One desktop per session: never two pods on one home volume.
            "strategy": { "type": "Recreate" },
            "template": { "metadata": { "labels": labels }, "spec": pod },
        },
    })
}

fn container(ctx: &SessionContext<'_>, template: &Template) -> Value {
    let spec = &template.spec;
    let mut container = Map::new();
    container.insert("name".into(), "session".into());
    container.insert("image".into(), spec.base_image.clone().into());
    container.insert("ports".into(), ports(template, ctx.settings));
    container.insert(
        "resources".into(),
        resources(ctx.session, template, ctx.settings),
    );
    if !spec.env.is_empty() {
        container.insert("env".into(), to_json(&spec.env));
    }
    let mounts = volume_mounts(ctx, template);
    if !mounts.is_empty() {
        container.insert("volumeMounts".into(), mounts.into());
    }
    container.into()
}

/// The Template's ports plus one named `vnc`; a port already on the VNC
/// port number (TCP) is renamed instead, since two entries for one
/// containerPort break server-side apply.
fn ports(template: &Template, settings: &PolicySettings) -> Value {
    let ports = &template.spec.ports;
    if ports.iter().any(|p| p.name.as_deref() == Some("vnc")) {
        return to_json(ports);
    }
    let vnc = vnc_port(template, settings);
    let mut ports = ports.clone();
    let same = ports.iter_mut().find(|p| {
        i64::from(p.container_port) == vnc && p.protocol.as_deref().unwrap_or("TCP") == "TCP"
    });
    if let Some(port) = same {
        port.name = Some("vnc".into());
        return to_json(&ports);
    }
    let Value::Array(mut ports) = to_json(&ports) else {
        unreachable!("a Vec serializes as an array")
    };
    ports.push(json!({ "name": "vnc", "containerPort": vnc, "protocol": "TCP" }));
    ports.into()
}

/// Template mounts (scratch space) plus the home volume at `/config`;
/// template mounts that clash with the home volume are left out.
fn volume_mounts(ctx: &SessionContext<'_>, template: &Template) -> Vec<Value> {
    let home = ctx.session.spec.persistent_home;
    let mut mounts: Vec<Value> = template
        .spec
        .volume_mounts
        .iter()
        .filter(|m| !(home && (m.name == "home" || m.mount_path == "/config")))
        .map(|m| json!({ "name": m.name, "mountPath": m.mount_path }))
        .collect();
    if home {
        mounts.push(json!({ "name": "home", "mountPath": "/config" }));
    }
    mounts
}

/// One volume per mount: the home PVC for `home`, an emptyDir otherwise.
fn volumes(ctx: &SessionContext<'_>, template: &Template) -> Vec<Value> {
    let home = ctx.session.spec.persistent_home;
    volume_mounts(ctx, template)
        .iter()
        .map(|m| {
            let name = m["name"].as_str().unwrap_or_default();
            if home && name == "home" {
                json!({
                    "name": "home",
                    "persistentVolumeClaim": { "claimName": home_pvc_name(&ctx.session.spec.user) },
                })
            } else {
                json!({ "name": name, "emptyDir": {} })
            }
        })
        .collect()
}

fn service(ctx: &SessionContext<'_>, template: &Template) -> Value {
    let vnc = vnc_port(template, ctx.settings);
    json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": { "name": base_name(ctx.session), "labels": labels(ctx.session) },
        "spec": {
            "type": "ClusterIP",
            "selector": selector(ctx.session),
            "ports": [{ "name": "vnc", "port": vnc, "targetPort": "vnc", "protocol": "TCP" }],
        },
    })
}

fn ingress(ctx: &SessionContext<'_>) -> Value {
    let name = base_name(ctx.session);
    json!({
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": { "name": name, "labels": labels(ctx.session) },
        "spec": {
            "ingressClassName": ctx.settings.ingress_class,
            "rules": [{
                "host": host(ctx),
                "http": { "paths": [{
                    "path": "/",
                    "pathType": "Prefix",
                    "backend": { "service": { "name": name, "port": { "name": "vnc" } } },
                }] },
            }],
        },
    })
}

/// The user's home PVC, unless the Session has no persistent home. Marked
/// to outlive the Session: the operator never owns or prunes it.
fn home(ctx: &SessionContext<'_>) -> Option<Value> {
    let session = ctx.session;
    if !session.spec.persistent_home {
        return None;
    }
    let settings = ctx.settings;
    let mut spec = json!({
        "accessModes": [settings.home_access_mode],
        "resources": { "requests": { "storage": settings.home_size } },
    });
    if !settings.storage_class.is_empty() {
        spec["storageClassName"] = settings.storage_class.clone().into();
    }
    Some(json!({
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {
            "name": home_pvc_name(&session.spec.user),
            "labels": { "app": APP, "user": label_value(&session.spec.user) },
            "annotations": { OUTLIVES_SESSION: "true" },
        },
        "spec": spec,
    }))
}

/// A typed Kubernetes value as JSON (as the script sees it, `None`s left out).
fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("Kubernetes types serialize to JSON")
}
