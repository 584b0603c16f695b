//! The install manifests: every kustomization a person applies (`deploy/`,
//! the plain install, and each ready overlay of `deploy/overlays/`) is
//! rendered with `kubectl kustomize`, as `kubectl apply -k` renders it, and
//! checked:
//!
//! - every object parses as its k8s-openapi type, with no field the type does
//!   not have (a misspelled field would otherwise be dropped silently by the
//!   API server), and sits in the operator's namespace unless cluster-scoped;
//! - the plain install needs no CRD it does not bring, so it applies on a
//!   bare cluster; each overlay needs exactly the CRDs it names, keeps the
//!   plain install's objects unchanged, and is documented; every component
//!   is in an overlay;
//! - the scripts ConfigMap has its stable name, holds every `scripts/*.rhai`
//!   and every fixture file `scripts/tests/*.yaml` (as key `tests.<file>`)
//!   byte for byte and nothing else, and its scripts load as a script set;
//! - the Deployment runs locked down (non-root, read-only root filesystem, no
//!   privilege escalation, no capabilities, RuntimeDefault seccomp, requests
//!   and limits, probes) and sets only settings the operator reads;
//! - Service, NetworkPolicy and ServiceMonitor select the operator;
//! - alerts and dashboard query only metrics the operator exports;
//! - the operator's RBAC, in every install, is `deploy/base/rbac.yaml`'s
//!   (which the fake API server enforces on every request the operator makes
//!   in the end-to-end tests),
//!   names no wildcard, and grants the objects the operator finds by a
//!   configured name only by those names; after the whole suite, an ignored
//!   test (run by `make test`) checks that every rule it grants was used by
//!   a request the fake served.
//!
//! Needs `kubectl` (any version with built-in kustomize, 1.27+) on PATH.

#[path = "deploy/promql.rs"]
mod promql;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use k8s_openapi::api::admissionregistration::v1::ValidatingWebhookConfiguration;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{ConfigMap, Container, Namespace, Service, ServiceAccount};
use k8s_openapi::api::networking::v1::{NetworkPolicy, NetworkPolicyIngressRule};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use streamspace_operator::app::RunArgs;
use streamspace_operator::app::logging::LogArgs;
use streamspace_operator::controller::reload::configmap_sources;
use streamspace_operator::keys::FIXTURE_KEY_PREFIX;
use streamspace_operator::metrics::{MetricFamilyInfo, Metrics};
use streamspace_testkit::policy;
use streamspace_testkit::rbac::{OperatorRbac, coverage, record};

/// The namespace `deploy/base/kustomization.yaml` installs into.
const NAMESPACE: &str = "streamspace";
/// The operator's name: ServiceAccount, Deployment, Service, job label...
const OPERATOR: &str = "streamspace-operator";
const IMAGE: &str = "ghcr.io/streamspace-dev/streamspace-operator:0.1.0";
const SCRIPTS_CONFIGMAP: &str = "streamspace-scripts";
const UID: i64 = 65532;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The kustomizations a person applies, each with the API groups it needs
/// served by CRDs installed before it: `deploy/`, the plain install, which
/// needs none, and every ready overlay of `deploy/overlays/`.
const INSTALLS: [(&str, &[&str]); 3] = [
    ("deploy", &[]),
    ("deploy/overlays/monitoring", &[PROMETHEUS_OPERATOR]),
    ("deploy/overlays/no-admission", &[]),
];
/// The Prometheus Operator's API group (ServiceMonitor, PrometheusRule).
const PROMETHEUS_OPERATOR: &str = "monitoring.coreos.com";

/// One kustomization of [`INSTALLS`], rendered by `kubectl kustomize` as
/// `kubectl apply -k` renders it.
struct Install {
    /// Its directory, relative to the repository root.
    dir: &'static str,
    /// The API groups it needs served by CRDs installed before it.
    needs: &'static [&'static str],
    /// Every document it renders.
    docs: Vec<Value>,
}

impl Install {
    fn render(dir: &'static str, needs: &'static [&'static str]) -> Self {
        let output = match Command::new("kubectl")
            .args(["kustomize", dir])
            .current_dir(root())
            .output()
        {
            Ok(output) => output,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
                "tests/deploy.rs renders deploy/ with `kubectl kustomize`, but `kubectl` is not \
                 installed or not on PATH: install kubectl (1.27 or newer, it includes \
                 kustomize) to run these tests"
            ),
            Err(e) => panic!("cannot run kubectl: {e}"),
        };
        assert!(
            output.status.success(),
            "`kubectl kustomize {dir}` failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8(output.stdout).expect("kustomize prints UTF-8");
        let docs: Vec<Value> = serde_saphyr::from_multiple(&text)
            .unwrap_or_else(|e| panic!("{dir}: the rendered manifests are not valid YAML: {e}"));
        let docs = docs.into_iter().filter(|d| !d.is_null()).collect();
        Self { dir, needs, docs }
    }

    fn all(&self, kind: &str) -> Vec<&Value> {
        self.docs.iter().filter(|d| kind_of(d) == kind).collect()
    }

    fn one(&self, kind: &str, name: &str) -> &Value {
        let found: Vec<_> = self
            .all(kind)
            .into_iter()
            .filter(|d| name_of(d) == name)
            .collect();
        match found.as_slice() {
            [doc] => doc,
            [] => panic!("{} renders no {kind} named {name}", self.dir),
            _ => panic!("{} renders {} {kind}s named {name}", self.dir, found.len()),
        }
    }
}

/// Every kustomization of [`INSTALLS`], rendered once for all tests.
fn installs() -> &'static [Install] {
    static INSTALLED: OnceLock<Vec<Install>> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        INSTALLS
            .iter()
            .map(|(dir, needs)| Install::render(dir, needs))
            .collect()
    })
}

fn install(dir: &str) -> &'static Install {
    installs()
        .iter()
        .find(|i| i.dir == dir)
        .unwrap_or_else(|| panic!("{dir} is not in INSTALLS"))
}

/// `kubectl apply -k deploy/`: what every other install builds on.
fn plain() -> &'static Install {
    install("deploy")
}

/// The install with the monitoring component.
fn with_monitoring() -> &'static Install {
    install("deploy/overlays/monitoring")
}

fn kind_of(doc: &Value) -> &str {
    doc["kind"].as_str().unwrap_or_default()
}

fn name_of(doc: &Value) -> &str {
    doc["metadata"]["name"].as_str().unwrap_or_default()
}

fn typed<T: DeserializeOwned>(doc: &Value) -> T {
    serde_path_to_error::deserialize(doc).unwrap_or_else(|e| {
        panic!(
            "{} {}: {} at {}",
            kind_of(doc),
            name_of(doc),
            e.inner(),
            e.path()
        )
    })
}

/// Parses `doc` as `T` and back: every field of the manifest must survive,
/// so a field the type does not know (a typo, a field at the wrong level) is
/// reported with its path.
fn roundtrip<T: DeserializeOwned + Serialize>(doc: &Value) -> Vec<String> {
    let parsed: T = match serde_path_to_error::deserialize(doc) {
        Ok(parsed) => parsed,
        Err(e) => return vec![format!("{} at {}", e.inner(), e.path())],
    };
    let back = serde_json::to_value(&parsed).expect("k8s-openapi types serialize");
    let mut problems = Vec::new();
    diff(doc, &back, "", &mut problems);
    problems
}

fn diff(original: &Value, back: &Value, path: &str, problems: &mut Vec<String>) {
    match (original, back) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let here = format!("{path}.{key}");
                match b.get(key) {
                    Some(other) => diff(value, other, &here, problems),
                    None => problems.push(format!("{here}: not a field of this kind")),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                diff(x, y, &format!("{path}[{i}]"), problems);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => problems.push(format!("{path}: {a} reads back as {b}")),
    }
}

// ---------------------------------------------------------------------------

/// What serves an object's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ServedBy {
    /// Every Kubernetes API server: a built-in kind.
    Kubernetes,
    /// A CRD of this API group, which must exist before the object is applied.
    Crd(&'static str),
}

/// The problems of one rendered object: parsed as its type, in the right
/// scope; with what serves its kind.
fn check_object(doc: &Value) -> (Vec<String>, ServedBy) {
    use ServedBy::{Crd, Kubernetes};
    let api_version = doc["apiVersion"].as_str().unwrap_or_default();
    let kind = kind_of(doc);
    let (mut problems, cluster_scoped, served_by) = match (api_version, kind) {
        ("v1", "Namespace") => (roundtrip::<Namespace>(doc), true, Kubernetes),
        ("apiextensions.k8s.io/v1", "CustomResourceDefinition") => {
            (roundtrip::<CustomResourceDefinition>(doc), true, Kubernetes)
        }
        ("v1", "ServiceAccount") => (roundtrip::<ServiceAccount>(doc), false, Kubernetes),
        ("rbac.authorization.k8s.io/v1", "ClusterRole") => {
            (roundtrip::<ClusterRole>(doc), true, Kubernetes)
        }
        ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding") => {
            (roundtrip::<ClusterRoleBinding>(doc), true, Kubernetes)
        }
        ("rbac.authorization.k8s.io/v1", "Role") => (roundtrip::<Role>(doc), false, Kubernetes),
        ("rbac.authorization.k8s.io/v1", "RoleBinding") => {
            (roundtrip::<RoleBinding>(doc), false, Kubernetes)
        }
        ("apps/v1", "Deployment") => (roundtrip::<Deployment>(doc), false, Kubernetes),
        ("v1", "Service") => (roundtrip::<Service>(doc), false, Kubernetes),
        ("networking.k8s.io/v1", "NetworkPolicy") => {
            (roundtrip::<NetworkPolicy>(doc), false, Kubernetes)
        }
        ("v1", "ConfigMap") => (roundtrip::<ConfigMap>(doc), false, Kubernetes),
        ("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration") => (
            roundtrip::<ValidatingWebhookConfiguration>(doc),
            true,
            Kubernetes,
        ),
        // Prometheus Operator kinds: no k8s-openapi type; checked by shape.
        ("monitoring.coreos.com/v1", "ServiceMonitor") => {
            (servicemonitor_shape(doc), false, Crd(PROMETHEUS_OPERATOR))
        }
        ("monitoring.coreos.com/v1", "PrometheusRule") => {
            (prometheusrule_shape(doc), false, Crd(PROMETHEUS_OPERATOR))
        }
        _ => (
            vec![format!(
                "{api_version} {kind} is not a kind this test knows: add a check for it"
            )],
            false,
            Kubernetes,
        ),
    };
    let namespace = doc["metadata"]["namespace"].as_str();
    if cluster_scoped && namespace.is_some() {
        problems.push("cluster-scoped, but has a namespace".to_owned());
    }
    if !cluster_scoped && namespace != Some(NAMESPACE) {
        problems.push(format!("in namespace {namespace:?}, expected {NAMESPACE}"));
    }
    // The operator watches objects with this label as Session children.
    if doc["metadata"]["labels"]["app.kubernetes.io/managed-by"] == OPERATOR {
        problems.push(format!(
            "labelled app.kubernetes.io/managed-by={OPERATOR}, the label of Session children"
        ));
    }
    (problems, served_by)
}

#[test]
fn every_object_of_every_install_parses_as_its_kubernetes_type() {
    let mut problems = Vec::new();
    for install in installs() {
        for doc in &install.docs {
            let id = format!("{}: {} {}", install.dir, kind_of(doc), name_of(doc));
            let (found, _) = check_object(doc);
            problems.extend(found.into_iter().map(|p| format!("{id}: {p}")));
        }
    }
    for (kind, name) in [
        ("Namespace", NAMESPACE),
        ("CustomResourceDefinition", "sessions.stream.space"),
        ("CustomResourceDefinition", "templates.stream.space"),
        ("ServiceAccount", OPERATOR),
        ("ClusterRole", OPERATOR),
        ("ClusterRoleBinding", OPERATOR),
        ("Role", OPERATOR),
        ("RoleBinding", OPERATOR),
        ("Deployment", OPERATOR),
        ("Service", OPERATOR),
        ("NetworkPolicy", OPERATOR),
        ("ConfigMap", SCRIPTS_CONFIGMAP),
    ] {
        if !plain()
            .docs
            .iter()
            .any(|d| kind_of(d) == kind && name_of(d) == name)
        {
            problems.push(format!("deploy: missing {kind} {name}"));
        }
    }
    // The CRDs are the generated ones, unchanged.
    for crd in plain().all("CustomResourceDefinition") {
        let file = root().join(format!("deploy/base/crds/{}.yaml", name_of(crd)));
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        let source: Value = serde_saphyr::from_str(&text).expect("CRD YAML");
        if &source != crd {
            problems.push(format!(
                "CustomResourceDefinition {}: differs from {}",
                name_of(crd),
                file.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `kubectl apply -k` sends every object in one pass: an object whose kind
/// comes from a CRD fails with `no matches for kind` unless that CRD was
/// installed before. The plain install therefore holds only built-in kinds
/// and its own CRDs (and no object of them), and each overlay needs exactly
/// the CRDs [`INSTALLS`] says (and deploy/README.md, next to its command).
#[test]
fn each_install_needs_only_the_crds_it_names() {
    let mut problems = Vec::new();
    for install in installs() {
        let brought: BTreeSet<&str> = install
            .all("CustomResourceDefinition")
            .iter()
            .filter_map(|crd| crd["spec"]["group"].as_str())
            .collect();
        let mut needed = BTreeSet::new();
        for doc in &install.docs {
            match check_object(doc).1 {
                ServedBy::Kubernetes => {}
                ServedBy::Crd(group) if brought.contains(group) => problems.push(format!(
                    "{}: {} {} is a kind of a CRD applied with it: `kubectl apply -k` fails on \
                     it while the CRD is new; ship it separately (as deploy/examples/)",
                    install.dir,
                    kind_of(doc),
                    name_of(doc)
                )),
                ServedBy::Crd(group) => {
                    needed.insert(group);
                }
            }
        }
        let named: BTreeSet<&str> = install.needs.iter().copied().collect();
        if needed != named {
            problems.push(format!(
                "{}: needs the CRDs of {needed:?} installed first, INSTALLS says {named:?} (move \
                 what needs a CRD into a component of deploy/components/ and a ready overlay)",
                install.dir
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The overlay without the admission webhook.
const NO_ADMISSION: &str = "deploy/overlays/no-admission";

/// What an overlay leaves out of the plain install on purpose (kind, name).
const TURNED_OFF: [(&str, &[(&str, &str)]); 1] = [(
    NO_ADMISSION,
    &[
        ("ValidatingWebhookConfiguration", "streamspace-sessions"),
        ("Service", "streamspace-operator-webhook"),
    ],
)];

/// A Deployment with the webhook turned off and its environment in name
/// order: the plain install's and the no-admission overlay's are then
/// equal, as only `STREAMSPACE_ADMISSION` may differ.
fn admission_off(deployment: &Value) -> Value {
    let mut off = deployment.clone();
    if let Some(env) = off["spec"]["template"]["spec"]["containers"][0]["env"].as_array_mut() {
        for var in env.iter_mut() {
            if var["name"] == "STREAMSPACE_ADMISSION" {
                var["value"] = "false".into();
            }
        }
        env.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    }
    off
}

/// Overlays add to the plain install and change none of its objects (but
/// what [`TURNED_OFF`] names, and the Deployment's switch of what they turn
/// off), so every check of the plain install (locked-down Deployment, RBAC,
/// scripts) holds for them too.
#[test]
fn every_overlay_keeps_the_plain_install_unchanged() {
    let mut problems = Vec::new();
    for install in &installs()[1..] {
        let turned_off = TURNED_OFF
            .iter()
            .find(|(dir, _)| *dir == install.dir)
            .map_or(&[][..], |(_, objects)| *objects);
        for doc in &plain().docs {
            if turned_off.contains(&(kind_of(doc), name_of(doc))) {
                if install
                    .docs
                    .iter()
                    .any(|d| kind_of(d) == kind_of(doc) && name_of(d) == name_of(doc))
                {
                    problems.push(format!(
                        "{}: keeps {} {}, which it turns off",
                        install.dir,
                        kind_of(doc),
                        name_of(doc)
                    ));
                }
                continue;
            }
            // The switch of what the overlay turns off, wherever its patch
            // put it in the list.
            let normalized = |d: &Value| {
                if install.dir == NO_ADMISSION && kind_of(d) == "Deployment" {
                    admission_off(d)
                } else {
                    d.clone()
                }
            };
            let same = install.docs.iter().find(|d| {
                kind_of(d) == kind_of(doc)
                    && name_of(d) == name_of(doc)
                    && d["metadata"]["namespace"] == doc["metadata"]["namespace"]
            });
            match same {
                None => problems.push(format!(
                    "{}: leaves out {} {}",
                    install.dir,
                    kind_of(doc),
                    name_of(doc)
                )),
                Some(d) if normalized(d) != normalized(doc) => problems.push(format!(
                    "{}: changes {} {}; check what it changes in this test",
                    install.dir,
                    kind_of(doc),
                    name_of(doc)
                )),
                Some(_) => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The names of the directories below `dir` (relative to the repository).
fn subdirectories(dir: &str) -> BTreeSet<String> {
    std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("reading {dir}: {e}"))
        .map(|entry| entry.expect("directory entry"))
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect()
}

/// Every overlay is tested (in [`INSTALLS`]) and documented with its
/// one-line install and the CRDs it needs first, and every component is in
/// a ready overlay.
#[test]
fn every_overlay_is_tested_and_documented_and_every_component_used() {
    let mut problems = Vec::new();
    let tested: BTreeSet<&str> = INSTALLS.iter().map(|(dir, _)| *dir).collect();
    for overlay in subdirectories("deploy/overlays") {
        let dir = format!("deploy/overlays/{overlay}");
        if !tested.contains(dir.as_str()) {
            problems.push(format!("{dir}: add it to INSTALLS in tests/deploy.rs"));
        }
    }
    // Each install's line in deploy/README.md: its command and the API
    // groups of the CRDs it needs first.
    let readme =
        std::fs::read_to_string(root().join("deploy/README.md")).expect("deploy/README.md");
    for (dir, needs) in INSTALLS {
        let command = format!("`kubectl apply -k {dir}/`");
        match readme.lines().find(|line| line.contains(&command)) {
            None => problems.push(format!("deploy/README.md does not show {command}")),
            Some(line) => problems.extend(needs.iter().filter(|group| !line.contains(*group)).map(
                |group| {
                    format!("deploy/README.md: the line of {command} does not say it needs {group}")
                },
            )),
        }
    }
    let mut used = BTreeSet::new();
    for dir in &tested {
        let file = root().join(dir).join("kustomization.yaml");
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        let kustomization: Value = serde_saphyr::from_str(&text).expect("kustomization YAML");
        for component in kustomization["components"].as_array().into_iter().flatten() {
            let path = root()
                .join(dir)
                .join(component.as_str().unwrap_or_default());
            let path = path.canonicalize().unwrap_or(path);
            used.extend(path.file_name().map(|n| n.to_string_lossy().into_owned()));
        }
    }
    for component in subdirectories("deploy/components") {
        if !used.contains(&component) {
            problems.push(format!(
                "deploy/components/{component} is in no overlay of INSTALLS: add a ready overlay \
                 using it"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn servicemonitor_shape(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let endpoints = doc["spec"]["endpoints"].as_array();
    if doc["spec"]["selector"]["matchLabels"]
        .as_object()
        .is_none_or(|m| m.is_empty())
    {
        problems.push("spec.selector.matchLabels is empty".to_owned());
    }
    match endpoints {
        Some(endpoints) if !endpoints.is_empty() => {
            for (i, e) in endpoints.iter().enumerate() {
                if e["port"].as_str().is_none() {
                    problems.push(format!("spec.endpoints[{i}].port: a port name is required"));
                }
                if e["path"] != "/metrics" {
                    problems.push(format!("spec.endpoints[{i}].path: expected /metrics"));
                }
            }
        }
        _ => problems.push("spec.endpoints is empty".to_owned()),
    }
    problems
}

fn prometheusrule_shape(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(groups) = doc["spec"]["groups"].as_array() else {
        return vec!["spec.groups is missing".to_owned()];
    };
    for (g, group) in groups.iter().enumerate() {
        if group["name"].as_str().is_none() {
            problems.push(format!("spec.groups[{g}].name is missing"));
        }
        for (r, rule) in group["rules"].as_array().into_iter().flatten().enumerate() {
            let at = format!("spec.groups[{g}].rules[{r}]");
            if rule["alert"].as_str().is_none() && rule["record"].as_str().is_none() {
                problems.push(format!("{at}: neither alert nor record"));
            }
            if rule["expr"].as_str().is_none_or(|e| e.trim().is_empty()) {
                problems.push(format!("{at}: no expr"));
            }
            if let Some(Err(e)) = rule["expr"].as_str().map(promql::read) {
                problems.push(format!("{at}: expr is not PromQL: {e}"));
            }
            if rule["alert"].as_str().is_some() {
                if rule["labels"]["severity"].as_str().is_none() {
                    problems.push(format!("{at}: no severity label"));
                }
                for key in ["summary", "description"] {
                    if rule["annotations"][key].as_str().is_none() {
                        problems.push(format!("{at}: no {key} annotation"));
                    }
                }
            }
        }
    }
    problems
}

// ---------------------------------------------------------------------------

fn operator_deployment() -> Deployment {
    typed(plain().one("Deployment", OPERATOR))
}

fn operator_container(deployment: &Deployment) -> Container {
    let spec = deployment
        .spec
        .template
        .spec
        .as_ref()
        .expect("the Deployment has a pod spec");
    assert_eq!(
        spec.containers.len(),
        1,
        "the operator's pod has one container"
    );
    spec.containers[0].clone()
}

/// The arguments of `run` as clap declares them, flattened groups and the
/// global logging flags included.
fn run_arguments() -> clap::Command {
    let run = <RunArgs as clap::Args>::augment_args(clap::Command::new("run"));
    <LogArgs as clap::Args>::augment_args(run)
}

/// The environment variable of `run`'s flag `--{long}`.
fn env_of(long: &str) -> String {
    run_arguments()
        .get_arguments()
        .find(|a| a.get_long() == Some(long))
        .and_then(clap::Arg::get_env)
        .map(|env| env.to_string_lossy().into_owned())
        .unwrap_or_else(|| panic!("`run` has no flag --{long} with an environment variable"))
}

/// A setting of the operator container: `--{long} VALUE` / `--{long}=VALUE`
/// in its args, else the literal value of the flag's environment variable.
fn setting(container: &Container, long: &str) -> Option<String> {
    let flag = format!("--{long}");
    let args = container.args.clone().unwrap_or_default();
    for (i, arg) in args.iter().enumerate() {
        if let Some(value) = arg.strip_prefix(&format!("{flag}=")) {
            return Some(value.to_owned());
        }
        if *arg == flag {
            return args.get(i + 1).cloned();
        }
    }
    let env = env_of(long);
    container
        .env
        .iter()
        .flatten()
        .find(|e| e.name == env)
        .and_then(|e| e.value.clone())
}

/// The files the scripts ConfigMap must hold, by key: every `scripts/*.rhai`
/// under its name and every `scripts/tests/*.yaml` under its fixture key.
fn shipped_policy_files() -> BTreeMap<String, String> {
    let mut files = streamspace_operator::script::set::read_dir_sources(&root().join("scripts"))
        .expect("scripts/");
    assert!(!files.is_empty(), "scripts/ has no *.rhai");
    files.extend(policy::fixture_files());
    files
}

#[test]
fn the_scripts_configmap_holds_every_script_and_fixture_and_loads() {
    let configmap: ConfigMap = typed(plain().one("ConfigMap", SCRIPTS_CONFIGMAP));
    let expected = shipped_policy_files();
    let data = configmap.data.clone().unwrap_or_default();
    let mut problems = Vec::new();
    // Where a key comes from, and how scripts/kustomization.yaml lists it.
    let source_of = |key: &str| match key.strip_prefix(FIXTURE_KEY_PREFIX) {
        Some(file) => (
            format!("scripts/tests/{file}"),
            format!("{key}=tests/{file}"),
        ),
        None => (format!("scripts/{key}"), key.to_owned()),
    };
    for (key, text) in &expected {
        let (source, entry) = source_of(key);
        match data.get(key) {
            None => problems.push(format!(
                "{source} is not in the ConfigMap: list it in scripts/kustomization.yaml as `{entry}`"
            )),
            Some(value) if value != text => problems.push(format!(
                "{key}: the ConfigMap's content differs from {source}"
            )),
            Some(_) => {}
        }
    }
    for key in data.keys() {
        if !expected.contains_key(key) {
            problems.push(format!(
                "the ConfigMap has {key}, which is neither a script of scripts/ nor a fixture of scripts/tests/"
            ));
        }
    }
    if configmap.binary_data.is_some() {
        problems.push("the ConfigMap has binaryData".to_owned());
    }
    // The name the operator watches is the generated one, in its namespace.
    let deployment = operator_deployment();
    let container = operator_container(&deployment);
    let configured =
        setting(&container, "scripts-configmap").unwrap_or_else(|| SCRIPTS_CONFIGMAP.to_owned());
    let watched = format!("{NAMESPACE}/{SCRIPTS_CONFIGMAP}");
    if configured != SCRIPTS_CONFIGMAP && configured != watched {
        problems.push(format!(
            "the Deployment watches ConfigMap {configured}, the generated one is {watched}"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // What the operator loads: the scripts, without the fixture keys.
    let loaded = configmap_sources(&configmap);
    let scripts: Vec<&String> = expected
        .keys()
        .filter(|k| !k.starts_with(FIXTURE_KEY_PREFIX))
        .collect();
    assert_eq!(loaded.keys().collect::<Vec<_>>(), scripts);
    if let Err(e) = streamspace_operator::script::ScriptSet::compile(loaded) {
        panic!("the scripts ConfigMap does not load as a script set:\n{e}");
    }
}

/// A CPU or memory quantity in base units (cores, bytes).
fn quantity(text: &str) -> f64 {
    let suffixes: [(&str, f64); 9] = [
        ("Ki", 1024.0),
        ("Mi", 1024.0 * 1024.0),
        ("Gi", 1024.0 * 1024.0 * 1024.0),
        ("Ti", 1024f64.powi(4)),
        ("m", 1e-3),
        ("k", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
    ];
    for (suffix, factor) in suffixes {
        if let Some(number) = text.strip_suffix(suffix) {
            return number.parse::<f64>().expect("a quantity") * factor;
        }
    }
    text.parse().expect("a quantity")
}

#[test]
fn the_deployment_runs_locked_down() {
    let deployment = operator_deployment();
    let spec = &deployment.spec;
    let pod = spec.template.spec.as_ref().expect("pod spec");
    let container = operator_container(&deployment);
    let mut problems = Vec::new();
    let mut check = |ok: bool, what: &str| {
        if !ok {
            problems.push(what.to_owned());
        }
    };

    check(
        spec.replicas == Some(1),
        "one replica: the operator has no leader election",
    );
    check(
        spec.strategy.as_ref().and_then(|s| s.type_.as_deref()) == Some("Recreate"),
        "strategy Recreate, so two operators never run at once",
    );
    check(
        pod.service_account_name.as_deref() == Some(OPERATOR),
        "runs as ServiceAccount streamspace-operator",
    );
    check(
        pod.host_network != Some(true) && pod.host_pid != Some(true) && pod.host_ipc != Some(true),
        "no host namespaces",
    );
    check(
        container.image.as_deref() == Some(IMAGE),
        &format!("image {IMAGE}"),
    );
    check(
        container.command.is_none(),
        "no command (the image's entrypoint)",
    );
    check(
        container.args.as_deref() == Some(&["run".to_owned()][..]),
        "args [run]",
    );

    // Security context: the container's, else the pod's.
    let pod_sc = pod.security_context.clone().unwrap_or_default();
    let sc = container.security_context.clone().unwrap_or_default();
    check(
        sc.run_as_non_root.or(pod_sc.run_as_non_root) == Some(true),
        "runAsNonRoot",
    );
    check(
        sc.run_as_user.or(pod_sc.run_as_user) == Some(UID),
        "runAsUser 65532",
    );
    check(
        sc.read_only_root_filesystem == Some(true),
        "readOnlyRootFilesystem",
    );
    check(
        sc.allow_privilege_escalation == Some(false),
        "allowPrivilegeEscalation false",
    );
    check(sc.privileged != Some(true), "not privileged");
    let capabilities = sc.capabilities.clone().unwrap_or_default();
    check(
        capabilities
            .drop
            .as_ref()
            .is_some_and(|d| d.iter().any(|c| c == "ALL")),
        "capabilities: drop ALL",
    );
    check(
        capabilities.add.as_ref().is_none_or(Vec::is_empty),
        "no capabilities added",
    );
    let seccomp = sc.seccomp_profile.or(pod_sc.seccomp_profile);
    check(
        seccomp.is_some_and(|s| s.type_ == "RuntimeDefault"),
        "seccomp RuntimeDefault",
    );

    // Resources.
    let resources = container.resources.clone().unwrap_or_default();
    let requests = resources.requests.unwrap_or_default();
    let limits = resources.limits.unwrap_or_default();
    for key in ["cpu", "memory"] {
        match (requests.get(key), limits.get(key)) {
            (Some(request), Some(limit)) => check(
                quantity(&request.0) <= quantity(&limit.0),
                &format!("{key} request <= limit"),
            ),
            _ => check(false, &format!("a {key} request and limit")),
        }
    }

    // Port and probes.
    let port = container
        .ports
        .iter()
        .flatten()
        .find(|p| p.name.as_deref() == Some("http"));
    check(
        port.is_some_and(|p| p.container_port == 8080),
        "container port 8080 named http",
    );
    let http_get = |probe: &Option<k8s_openapi::api::core::v1::Probe>| {
        probe
            .as_ref()
            .and_then(|p| p.http_get.as_ref())
            .map(|h| (h.path.clone().unwrap_or_default(), h.port.clone()))
    };
    let http = IntOrString::String("http".into());
    check(
        http_get(&container.liveness_probe) == Some(("/healthz".into(), http.clone())),
        "liveness probe GET /healthz on port http",
    );
    check(
        http_get(&container.readiness_probe) == Some(("/readyz".into(), http.clone())),
        "readiness probe GET /readyz on port http",
    );

    // Downward API, and only settings the operator reads.
    let env: BTreeMap<String, k8s_openapi::api::core::v1::EnvVar> = container
        .env
        .iter()
        .flatten()
        .map(|e| (e.name.clone(), e.clone()))
        .collect();
    for (name, field) in [
        ("POD_NAMESPACE", "metadata.namespace"),
        ("POD_NAME", "metadata.name"),
    ] {
        let path = env
            .get(name)
            .and_then(|e| e.value_from.as_ref())
            .and_then(|v| v.field_ref.as_ref())
            .map(|f| f.field_path.as_str());
        check(path == Some(field), &format!("{name} from {field}"));
    }
    let flags: BTreeSet<String> = run_arguments()
        .get_arguments()
        .filter_map(clap::Arg::get_env)
        .map(|env| env.to_string_lossy().into_owned())
        .collect();
    for name in env.keys() {
        if !flags.contains(name) && !READ_WITHOUT_A_FLAG.contains(&name.as_str()) {
            problems.push(format!(
                "env {name}: no flag of `run` reads it (see `streamspace-operator run --help`), \
                 so the operator ignores it"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the Deployment: {}",
        problems.join("\n")
    );
}

/// Environment variables the operator reads without a flag: the log filter
/// (tracing's `RUST_LOG`) and its pod's name, the instance of the Events it
/// records.
const READ_WITHOUT_A_FLAG: [&str; 2] = ["RUST_LOG", "POD_NAME"];

fn selects(selector: &BTreeMap<String, String>, labels: &BTreeMap<String, String>) -> bool {
    !selector.is_empty() && selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

#[test]
fn service_networkpolicy_and_servicemonitor_select_the_operator() {
    let deployment = operator_deployment();
    let pod_labels = deployment
        .spec
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone())
        .unwrap_or_default();
    let mut problems = Vec::new();

    let service: Service = typed(plain().one("Service", OPERATOR));
    let service_spec = service.spec.clone().unwrap_or_default();
    if !selects(
        &service_spec.selector.clone().unwrap_or_default(),
        &pod_labels,
    ) {
        problems.push("the Service does not select the operator's pod".to_owned());
    }
    let service_port = service_spec
        .ports
        .iter()
        .flatten()
        .find(|p| p.name.as_deref() == Some("http"));
    if !service_port.is_some_and(|p| {
        p.port == 8080 && p.target_port == Some(IntOrString::String("http".into()))
    }) {
        problems.push("the Service has no port http 8080 -> http".to_owned());
    }

    let policy: NetworkPolicy = typed(plain().one("NetworkPolicy", OPERATOR));
    let policy_spec = policy.spec.clone().unwrap_or_default();
    if !selects(
        &policy_spec
            .pod_selector
            .clone()
            .and_then(|s| s.match_labels)
            .unwrap_or_default(),
        &pod_labels,
    ) {
        problems.push("the NetworkPolicy does not select the operator's pod".to_owned());
    }
    let types = policy_spec.policy_types.clone().unwrap_or_default();
    if !(types.contains(&"Ingress".to_owned()) && types.contains(&"Egress".to_owned())) {
        problems.push("the NetworkPolicy must restrict both Ingress and Egress".to_owned());
    }
    // Every source may reach the webhook port only: the API server, which
    // calls it, is not a pod a selector could name.
    let only_port = |rule: &NetworkPolicyIngressRule, name: &str, number: i32| {
        let ports = rule.ports.clone().unwrap_or_default();
        !ports.is_empty()
            && ports.iter().all(|p| {
                matches!(&p.port, Some(IntOrString::String(s)) if s == name)
                    || p.port == Some(IntOrString::Int(number))
            })
    };
    for (i, rule) in policy_spec.ingress.iter().flatten().enumerate() {
        if rule.from.as_ref().is_none_or(Vec::is_empty) {
            if !only_port(rule, "webhook", 8443) {
                problems.push(format!(
                    "NetworkPolicy ingress[{i}] admits every source to more than port webhook"
                ));
            }
        } else if !only_port(rule, "http", 8080) {
            problems.push(format!(
                "NetworkPolicy ingress[{i}] admits more than port http"
            ));
        }
    }
    let webhook_service: Service = typed(plain().one("Service", "streamspace-operator-webhook"));
    let webhook_spec = webhook_service.spec.clone().unwrap_or_default();
    if !selects(
        &webhook_spec.selector.clone().unwrap_or_default(),
        &pod_labels,
    ) || !webhook_spec
        .ports
        .iter()
        .flatten()
        .any(|p| p.port == 443 && p.target_port == Some(IntOrString::String("webhook".into())))
    {
        problems.push(
            "the webhook Service does not send port 443 to the operator's port webhook".to_owned(),
        );
    }
    let egress_ports: BTreeSet<(String, i32)> = policy_spec
        .egress
        .iter()
        .flatten()
        .flat_map(|r| r.ports.clone().unwrap_or_default())
        .filter_map(|p| match p.port {
            Some(IntOrString::Int(n)) => Some((p.protocol.unwrap_or_else(|| "TCP".into()), n)),
            _ => None,
        })
        .collect();
    for needed in [("UDP", 53), ("TCP", 53), ("TCP", 443)] {
        if !egress_ports.contains(&(needed.0.to_owned(), needed.1)) {
            problems.push(format!(
                "the NetworkPolicy does not let the operator reach {}/{}",
                needed.0, needed.1
            ));
        }
    }
    if policy_spec
        .egress
        .iter()
        .flatten()
        .any(|r| r.ports.as_ref().is_none_or(Vec::is_empty))
    {
        problems.push("a NetworkPolicy egress rule allows every port".to_owned());
    }

    let monitor = with_monitoring().one("ServiceMonitor", OPERATOR);
    let selector: BTreeMap<String, String> =
        serde_json::from_value(monitor["spec"]["selector"]["matchLabels"].clone())
            .unwrap_or_default();
    if !selects(
        &selector,
        &service.metadata.labels.clone().unwrap_or_default(),
    ) {
        problems.push("the ServiceMonitor does not select the Service".to_owned());
    }
    if monitor["spec"]["endpoints"][0]["port"] != "http" {
        problems.push("the ServiceMonitor does not scrape port http".to_owned());
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------

/// What the operator exports: every metric family its registry holds, as
/// `Metrics::families` lists them.
fn exported_metrics() -> Exported {
    Exported::from_families(&Metrics::new().families())
}

/// The metric families the operator exports, and the labels of each series
/// name (histograms' `_bucket`, `_sum` and `_count` apart).
struct Exported {
    families: BTreeSet<String>,
    labels: BTreeMap<String, BTreeSet<String>>,
}

/// Labels Prometheus adds to every scraped series (the ServiceMonitor's
/// target labels), and its own `up`.
const TARGET_LABELS: [&str; 7] = [
    "job",
    "instance",
    "namespace",
    "pod",
    "service",
    "endpoint",
    "container",
];

impl Exported {
    fn from_families(families: &[MetricFamilyInfo]) -> Self {
        let mut labels: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        labels.insert("up".into(), BTreeSet::new());
        for family in families {
            let own: BTreeSet<String> = family.labels.iter().cloned().collect();
            if family.kind == prometheus::proto::MetricType::HISTOGRAM {
                let mut buckets = own.clone();
                buckets.insert("le".into());
                labels.insert(format!("{}_bucket", family.name), buckets);
                labels.insert(format!("{}_sum", family.name), own.clone());
                labels.insert(format!("{}_count", family.name), own);
            } else {
                labels.insert(family.name.clone(), own);
            }
        }
        Self {
            families: families.iter().map(|f| f.name.clone()).collect(),
            labels,
        }
    }

    fn has_label(&self, metric: &str, label: &str) -> bool {
        TARGET_LABELS.contains(&label) || self.labels.get(metric).is_some_and(|l| l.contains(label))
    }

    /// Checks one query: it parses, selects only exported series, and names
    /// only labels they have. Returns the metrics it selects.
    fn check(&self, what: &str, expr: &str, problems: &mut Vec<String>) -> BTreeSet<String> {
        let query = match promql::read(expr) {
            Ok(query) => query,
            Err(e) => {
                problems.push(format!("{what}: not PromQL: {e}"));
                return BTreeSet::new();
            }
        };
        for metric in &query.metrics {
            if !self.labels.contains_key(metric) {
                problems.push(format!("{what}: {metric} is not exported"));
            }
        }
        for (metric, label) in &query.matched {
            if !self.has_label(metric, label) {
                problems.push(format!("{what}: {metric} has no label {label}"));
            }
        }
        for label in &query.grouped {
            if !query.metrics.iter().any(|m| self.has_label(m, label)) {
                problems.push(format!(
                    "{what}: groups by {label}, which none of its metrics has"
                ));
            }
        }
        query.metrics
    }
}

#[test]
fn a_query_of_a_missing_metric_or_label_is_a_problem() {
    let exported = Exported::from_families(&[
        MetricFamilyInfo {
            name: "m_total".into(),
            kind: prometheus::proto::MetricType::COUNTER,
            labels: vec!["kind".into(), "result".into()],
        },
        MetricFamilyInfo {
            name: "h_seconds".into(),
            kind: prometheus::proto::MetricType::HISTOGRAM,
            labels: vec!["script".into()],
        },
    ]);
    let mut problems = Vec::new();
    let ok = r#"sum by (kind) (rate(m_total{job="j", result="ok"}[5m]))"#;
    assert_eq!(
        exported.check("fine", ok, &mut problems),
        BTreeSet::from(["m_total".to_owned()])
    );
    let quantile = "histogram_quantile(0.9, sum by (le, script) (rate(h_seconds_bucket[5m])))";
    assert_eq!(
        exported.check("histogram", quantile, &mut problems),
        BTreeSet::from(["h_seconds_bucket".to_owned()])
    );
    assert_eq!(problems, Vec::<String>::new());
    exported.check("label", r#"m_total{script="x"}"#, &mut problems);
    exported.check("group", "sum by (script) (m_total)", &mut problems);
    exported.check("name", "n_total", &mut problems);
    exported.check("syntax", "sum(m_total", &mut problems);
    exported.check("histogram label", r#"h_seconds_sum{le="1"}"#, &mut problems);
    assert_eq!(problems.len(), 5, "{problems:#?}");
    assert!(
        problems[0].contains("m_total has no label script"),
        "{}",
        problems[0]
    );
    assert!(problems[1].contains("groups by script"), "{}", problems[1]);
    assert!(
        problems[2].contains("n_total is not exported"),
        "{}",
        problems[2]
    );
    assert!(problems[3].contains("not PromQL"), "{}", problems[3]);
    assert!(
        problems[4].contains("h_seconds_sum has no label le"),
        "{}",
        problems[4]
    );
}

#[test]
fn alerts_and_dashboard_query_exported_metrics() {
    let exported = exported_metrics();
    let mut problems = Vec::new();

    let rules = with_monitoring().one("PrometheusRule", OPERATOR);
    let mut alerts = BTreeMap::new();
    for group in rules["spec"]["groups"].as_array().into_iter().flatten() {
        for rule in group["rules"].as_array().into_iter().flatten() {
            let expr = rule["expr"].as_str().unwrap_or_default();
            let name = rule["alert"].as_str().unwrap_or_default().to_owned();
            exported.check(&format!("alert {name}"), expr, &mut problems);
            alerts.insert(name, expr.to_owned());
        }
    }
    let job = format!("job=\"{OPERATOR}\"");
    for (alert, must_mention) in [
        ("StreamSpaceOperatorDown", &["up{", job.as_str()][..]),
        (
            "StreamSpaceScriptReloadFailed",
            &["streamspace_script_load_failing"],
        ),
        (
            "StreamSpaceReconcileErrorsHigh",
            &[
                "streamspace_session_reconciliations_total",
                "result=\"error\"",
                "> 0.1",
            ],
        ),
        (
            "StreamSpaceSessionsStuckPending",
            &["streamspace_sessions_pending_oldest_seconds", "> 900"],
        ),
    ] {
        match alerts.get(alert) {
            Some(expr) => {
                for text in must_mention {
                    if !expr.contains(text) {
                        problems.push(format!("alert {alert} does not query {text}"));
                    }
                }
            }
            None => problems.push(format!("no alert {alert}")),
        }
    }
    // Every query of the operator's metrics is limited to its job (the
    // Service's name): other exporters of StreamSpace's names stay out.
    for (alert, expr) in &alerts {
        let selectors = expr.matches("streamspace_").count();
        let limited = expr.matches(&job).count();
        if selectors > limited {
            problems.push(format!(
                "alert {alert}: a streamspace_ selector without {job}"
            ));
        }
    }

    let dashboard_cm: ConfigMap =
        typed(with_monitoring().one("ConfigMap", "streamspace-operator-dashboard"));
    if dashboard_cm
        .metadata
        .labels
        .as_ref()
        .and_then(|l| l.get("grafana_dashboard"))
        .map(String::as_str)
        != Some("1")
    {
        problems.push("the dashboard ConfigMap lacks the label grafana_dashboard=\"1\"".into());
    }
    let data = dashboard_cm.data.unwrap_or_default();
    assert_eq!(data.len(), 1, "one dashboard in the ConfigMap");
    let (file, json) = data.iter().next().expect("a dashboard");
    assert!(file.ends_with(".json"), "{file}: a .json key");
    let dashboard: Value = serde_json::from_str(json).expect("the dashboard is JSON");
    if dashboard["uid"].as_str().is_none() || dashboard["title"].as_str().is_none() {
        problems.push("the dashboard has no uid or title".into());
    }
    let mut ids = BTreeSet::new();
    let mut queried = BTreeSet::new();
    for panel in dashboard["panels"].as_array().expect("panels") {
        let title = panel["title"].as_str().unwrap_or_default();
        if !ids.insert(panel["id"].as_i64().expect("panel id")) {
            problems.push(format!("panel {title}: duplicate id"));
        }
        if panel["type"] == "row" {
            continue;
        }
        let targets = panel["targets"].as_array().cloned().unwrap_or_default();
        if targets.is_empty() {
            problems.push(format!("panel {title}: no query"));
        }
        for target in targets {
            let expr = target["expr"].as_str().unwrap_or_default();
            queried.extend(exported.check(&format!("panel {title}"), expr, &mut problems));
            if !expr.contains(&job) {
                problems.push(format!("panel {title}: a query without {job}"));
            }
        }
    }
    // The dashboard's variables: `label_values(selector, label)` queries.
    for variable in dashboard["templating"]["list"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let Some(query) = variable["query"]["query"].as_str() else {
            continue;
        };
        let name = variable["name"].as_str().unwrap_or_default();
        let what = format!("variable {name}");
        match query
            .strip_prefix("label_values(")
            .and_then(|q| q.strip_suffix(')'))
            .and_then(|q| q.rsplit_once(','))
        {
            Some((selector, label)) => {
                for metric in exported.check(&what, selector, &mut problems) {
                    if !exported.has_label(&metric, label.trim()) {
                        problems.push(format!("{what}: {metric} has no label {}", label.trim()));
                    }
                }
            }
            None => problems.push(format!(
                "{what}: not label_values(selector, label): {query}"
            )),
        }
    }
    // Everything the operator exports is on the dashboard.
    for metric in exported
        .families
        .iter()
        .filter(|m| m.starts_with("streamspace_"))
    {
        if !queried.iter().any(|q| {
            q == metric
                || q.strip_prefix(metric.as_str())
                    .is_some_and(|s| ["_bucket", "_sum", "_count"].contains(&s))
        }) {
            problems.push(format!("{metric} is on no dashboard panel"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------
// RBAC.

/// The rules `install` binds to the operator's ServiceAccount.
fn granted(install: &Install) -> OperatorRbac {
    OperatorRbac::from_manifests(&install.docs, NAMESPACE)
        .unwrap_or_else(|e| panic!("the RBAC of {}: {e}", install.dir))
}

/// Objects the operator finds by a name its `run` flags give (`NAME` or
/// `NAMESPACE/NAME`, in its own namespace by default), each flag with the
/// name used when it is not set (none: the object is optional): RBAC grants
/// these only by name, in a Role there.
const NAMED_BY_FLAGS: [(&str, &str, &[NamingFlag]); 2] = [
    (
        "",
        "configmaps",
        &[
            ("scripts-configmap", Some(SCRIPTS_CONFIGMAP)),
            ("quotas-configmap", Some("streamspace-quotas")),
        ],
    ),
    (
        "",
        "secrets",
        &[("api-token-secret", None), ("editor-tokens-secret", None)],
    ),
];

/// A `run` flag naming an object, with the name it defaults to.
type NamingFlag = (&'static str, Option<&'static str>);

/// The names of the objects the Deployment configures through `flags`
/// (a flag it does not set names its default).
fn configured_names(container: &Container, flags: &[NamingFlag]) -> Vec<String> {
    flags
        .iter()
        .filter_map(|(long, default)| {
            setting(container, long)
                .map(|v| v.rsplit('/').next().unwrap_or_default().to_owned())
                .or(default.map(str::to_owned))
        })
        .collect()
}

/// Every install binds the operator the rules of `deploy/base/rbac.yaml`,
/// which the fake API server enforces in the end-to-end tests, so the final
/// coverage check (every rule used by a request of the suite) covers each.
#[test]
fn the_fake_api_server_enforces_the_rbac_of_every_install() {
    let pod_account = operator_deployment()
        .spec
        .template
        .spec
        .and_then(|p| p.service_account_name)
        .expect("the Deployment names its ServiceAccount");
    for install in installs() {
        let installed = granted(install);
        assert_eq!(
            installed.service_account.to_string(),
            format!("{NAMESPACE}/{pod_account}"),
            "{}: the operator's pod runs as the ServiceAccount its RBAC is bound to",
            install.dir
        );
        assert!(
            installed == *OperatorRbac::shipped(),
            "{} binds other rules to the operator than deploy/base/rbac.yaml, which is what the \
             fake API server enforces in the end-to-end tests: keep the operator's RBAC in \
             deploy/base/rbac.yaml\ninstalled: {installed:#?}\ndeploy/base/rbac.yaml: {:#?}",
            install.dir,
            OperatorRbac::shipped()
        );
    }
}

#[test]
fn rbac_names_no_wildcard_and_grants_configured_objects_by_name() {
    let container = operator_container(&operator_deployment());
    let mut problems = Vec::new();
    for grant in granted(plain()).grants {
        let (role, rule) = (&grant.role, &grant.rule);
        let groups = rule.api_groups.clone().unwrap_or_default();
        let resources = rule.resources.clone().unwrap_or_default();
        if groups
            .iter()
            .chain(&resources)
            .chain(&rule.verbs)
            .any(|x| x == "*")
        {
            problems.push(format!("{role}: a wildcard rule"));
        }
        if rule.non_resource_urls.is_some() {
            problems.push(format!("{role}: nonResourceURLs are not used"));
        }
        for (group, resource, flags) in NAMED_BY_FLAGS {
            if !(groups.iter().any(|g| g == group) && resources.iter().any(|r| r == resource)) {
                continue;
            }
            let id = format!("{role}: {} {resource}", rule.verbs.join(", "));
            let names = configured_names(&container, flags);
            if grant.namespace.is_none() {
                problems.push(format!(
                    "{id}: used only in the operator's namespace: grant it in a Role there"
                ));
            }
            let restricted = rule.resource_names.as_ref().is_some_and(|n| !n.is_empty());
            let by_name = rule
                .verbs
                .iter()
                .any(|v| v != "create" && v != "deletecollection");
            if by_name && !restricted {
                problems.push(format!("{id}: restrict it with resourceNames {names:?}"));
            }
            for name in rule.resource_names.iter().flatten() {
                if !names.contains(name) {
                    problems.push(format!(
                        "{id}: grants {name}, which the Deployment does not configure (it uses \
                         {names:?})"
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "deploy/base/rbac.yaml: {}",
        problems.join("\n")
    );
}

/// Needs the operator's requests of every end-to-end test, benchmark check
/// and editor test, which the fake API servers record while they run; run
/// once every other test has (`make test` does).
#[test]
#[ignore = "needs the requests the whole suite recorded: `make test` runs it after every other test"]
fn rbac_grants_nothing_the_suite_did_not_use() {
    let served = record::read().unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "requests the operator made in the suite ({}):\n{}",
        served.len(),
        coverage::table(&served)
    );
    let unused = coverage::unused_grants(&granted(plain()), &served);
    assert!(
        unused.is_empty(),
        "deploy/base/rbac.yaml grants what no request of the operator used in the whole suite: remove \
         each, or add a test whose operator makes that request:\n{}",
        unused.join("\n")
    );
}
