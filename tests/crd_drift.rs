//! The checked-in CRDs in `deploy/base/crds` match the Rust types, and the
//! generated schemas have the properties the API server and users rely on.

use std::path::Path;

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use serde_json::Value;
use streamspace_operator::crd::{self, Session, SessionSpec, SessionState, Template, VncSpec};

const REGENERATE: &str = "run `cargo run -- crd --out deploy/base/crds` and commit the result";

fn crd_named(name: &str) -> CustomResourceDefinition {
    crd::definitions()
        .into_iter()
        .find(|c| c.metadata.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no CRD named {name}"))
}

/// The openAPIV3Schema of the only version, as plain JSON.
fn schema(name: &str) -> Value {
    let crd = crd_named(name);
    let version = &crd.spec.versions[0];
    let schema = version
        .schema
        .as_ref()
        .and_then(|s| s.open_api_v3_schema.as_ref());
    serde_json::to_value(schema.expect("CRD has a schema")).unwrap()
}

fn at<'a>(schema: &'a Value, pointer: &str) -> &'a Value {
    schema
        .pointer(pointer)
        .unwrap_or_else(|| panic!("schema has no {pointer}"))
}

#[test]
fn checked_in_crds_match_generated() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/base/crds");
    let mut stale = Vec::new();
    for crd in crd::definitions() {
        let file = crd::file_name(&crd);
        let want = crd::render_one(&crd).unwrap();
        match std::fs::read_to_string(dir.join(&file)) {
            Err(e) => stale.push(format!("deploy/base/crds/{file}: {e}")),
            Ok(have) if have != want => {
                let diff = similar::TextDiff::from_lines(&have, &want)
                    .unified_diff()
                    .header(&format!("deploy/base/crds/{file}"), "generated")
                    .to_string();
                stale.push(format!("deploy/base/crds/{file} is out of date:\n{diff}"));
            }
            Ok(_) => {}
        }
    }
    assert!(stale.is_empty(), "{REGENERATE}\n{}", stale.join("\n"));
}

#[test]
fn names_scope_and_status_subresource() {
    for (name, kind, plural, short) in [
        ("sessions.stream.space", "Session", "sessions", "ss"),
        ("templates.stream.space", "Template", "templates", "tpl"),
    ] {
        let crd = crd_named(name);
        assert_eq!(crd.spec.group, "stream.space");
        assert_eq!(crd.spec.scope, "Namespaced");
        assert_eq!(crd.spec.names.kind, kind);
        assert_eq!(crd.spec.names.plural, plural);
        assert_eq!(
            crd.spec.names.short_names.as_deref(),
            Some(&[short.to_owned()][..])
        );
        let [version] = &crd.spec.versions[..] else {
            panic!("{name}: expected exactly one version");
        };
        assert_eq!(version.name, "v1alpha1");
        assert!(version.served && version.storage);
        let sub = version.subresources.as_ref().expect("subresources");
        assert!(sub.status.is_some(), "{name}: status subresource");
        assert!(sub.scale.is_none());
    }
}

fn columns(name: &str) -> Vec<(String, String, String)> {
    let crd = crd_named(name);
    crd.spec.versions[0]
        .additional_printer_columns
        .clone()
        .unwrap_or_default()
        .into_iter()
        .map(|c| (c.name, c.type_, c.json_path))
        .collect()
}

fn expected(cols: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    cols.iter()
        .map(|(n, t, p)| (n.to_string(), t.to_string(), p.to_string()))
        .collect()
}

#[test]
fn printer_columns_follow_streamspace() {
    assert_eq!(
        columns("sessions.stream.space"),
        expected(&[
            ("User", "string", ".spec.user"),
            ("Template", "string", ".spec.template"),
            ("State", "string", ".spec.state"),
            ("Phase", "string", ".status.phase"),
            ("URL", "string", ".status.url"),
            ("Age", "date", ".metadata.creationTimestamp"),
        ])
    );
    assert_eq!(
        columns("templates.stream.space"),
        expected(&[
            ("Display Name", "string", ".spec.displayName"),
            ("Category", "string", ".spec.category"),
            ("Image", "string", ".spec.baseImage"),
            ("Valid", "boolean", ".status.valid"),
            ("Age", "date", ".metadata.creationTimestamp"),
        ])
    );
}

#[test]
fn session_spec_validation() {
    let s = schema("sessions.stream.space");
    let required = at(&s, "/properties/spec/required").as_array().unwrap();
    // A user is a DNS label; a Template is named like any Kubernetes
    // object (a DNS subdomain, e.g. `changedetection.io`).
    for (field, pattern, max) in [
        ("user", crd::DNS_LABEL_PATTERN, 63),
        ("template", crd::DNS_SUBDOMAIN_PATTERN, 253),
    ] {
        assert!(
            required.contains(&Value::from(field)),
            "spec.{field} is required"
        );
        let prop = at(&s, &format!("/properties/spec/properties/{field}"));
        assert_eq!(prop["type"], "string");
        assert_eq!(prop["pattern"], pattern);
        assert_eq!(prop["maxLength"], max);
    }
    // Defaulted fields must not be required, or the default never applies.
    for field in [
        "state",
        "persistentHome",
        "idleTimeout",
        "maxSessionDuration",
    ] {
        assert!(
            !required.contains(&Value::from(field)),
            "spec.{field} is not required"
        );
    }

    let state = at(&s, "/properties/spec/properties/state");
    assert_eq!(state["type"], "string");
    assert_eq!(
        state["enum"],
        serde_json::json!(["running", "hibernated", "terminated"])
    );
    assert_eq!(state["default"], "running");

    for field in ["idleTimeout", "maxSessionDuration"] {
        let prop = at(&s, &format!("/properties/spec/properties/{field}"));
        assert_eq!(prop["pattern"], crd::DURATION_PATTERN, "spec.{field}");
        assert!(
            prop["minLength"].as_u64().unwrap_or(0) >= 1,
            "spec.{field} rejects \"\""
        );
    }
    assert_eq!(
        at(&s, "/properties/spec/properties/idleTimeout/default"),
        "30m"
    );
    assert_eq!(
        at(&s, "/properties/spec/properties/maxSessionDuration/default"),
        "8h"
    );
    assert_eq!(
        at(&s, "/properties/spec/properties/persistentHome/default"),
        true
    );

    let phase = at(&s, "/properties/status/properties/phase/enum");
    let phase: Vec<&str> = phase
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        phase,
        ["Pending", "Running", "Hibernated", "Failed", "Terminated"]
    );
    assert_eq!(
        at(&s, "/properties/status/properties/lastActivity/format"),
        "date-time"
    );
}

#[test]
fn template_keeps_legacy_kasmvnc_and_vnc_defaults() {
    let s = schema("templates.stream.space");
    let spec = at(&s, "/properties/spec");
    let mut required: Vec<&str> = spec["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    required.sort_unstable();
    assert_eq!(required, ["baseImage", "displayName"]);
    let kasm = at(spec, "/properties/kasmvnc/properties");
    assert_eq!(kasm["port"]["type"], "integer");
    assert_eq!(kasm["enabled"]["type"], "boolean");
    assert_eq!(at(spec, "/properties/vnc/properties/enabled/default"), true);
    assert_eq!(
        at(spec, "/properties/vnc/properties/protocol/enum"),
        &serde_json::json!(["rfb", "websocket"])
    );
    assert_eq!(
        at(spec, "/properties/capabilities/items/enum"),
        &serde_json::json!(["Network", "Audio", "Clipboard", "USB", "Printing"])
    );

    // A StreamSpace template that only has the legacy block keeps it.
    let tpl: Template = serde_saphyr::from_str(
        "apiVersion: stream.space/v1alpha1\nkind: Template\nmetadata: {name: firefox}\n\
         spec: {displayName: Firefox, baseImage: lscr.io/linuxserver/firefox:latest,\n\
         kasmvnc: {enabled: true, port: 3000}}\n",
    )
    .unwrap();
    assert_eq!(tpl.spec.kasmvnc.and_then(|k| k.port), Some(3000));
    assert_eq!(tpl.spec.vnc, None);
    let vnc: VncSpec = serde_saphyr::from_str("port: 5901").unwrap();
    assert!(vnc.enabled);
}

const SESSION: &str = "\
apiVersion: stream.space/v1alpha1
kind: Session
metadata:
  name: alice-firefox-1a2b3c4d
  namespace: streamspace
spec:
  user: alice
  template: firefox
";

#[test]
fn defaults_are_applied_on_deserialize() {
    let session: Session = serde_saphyr::from_str(SESSION).unwrap();
    assert_eq!(session.spec, SessionSpec::new("alice", "firefox"));
    assert_eq!(session.spec.state, SessionState::Running);
    assert!(session.spec.persistent_home);
    assert_eq!(session.spec.idle_timeout, "30m");
    assert_eq!(session.spec.max_session_duration, "8h");
    assert!(session.spec.tags.is_empty());
    assert!(session.status.is_none());
}

/// Every `default` in the schema is what serde fills in for a missing field,
/// so objects read from the API server and from files agree.
#[test]
fn schema_defaults_match_serde_defaults() {
    let minimal: SessionSpec =
        serde_json::from_value(serde_json::json!({"user": "a", "template": "b"})).unwrap();
    let got = serde_json::to_value(minimal).unwrap();
    let s = schema("sessions.stream.space");
    let props = at(&s, "/properties/spec/properties").as_object().unwrap();
    let mut checked = 0;
    for (name, prop) in props {
        if let Some(default) = prop.get("default") {
            assert_eq!(
                &got[name], default,
                "spec.{name}: serde default differs from schema"
            );
            checked += 1;
        }
    }
    assert_eq!(
        checked, 4,
        "state, persistentHome, idleTimeout, maxSessionDuration"
    );

    let vnc = serde_json::to_value(serde_json::from_str::<VncSpec>("{}").unwrap()).unwrap();
    let t = schema("templates.stream.space");
    assert_eq!(
        &vnc["enabled"],
        at(
            &t,
            "/properties/spec/properties/vnc/properties/enabled/default"
        )
    );
}

#[test]
fn both_resource_shapes_deserialize() {
    let q = |s: &str| Quantity(s.to_owned());

    let flat: Session = serde_saphyr::from_str(&format!(
        "{SESSION}  resources: {{memory: 2Gi, cpu: 1000m}}\n"
    ))
    .unwrap();
    let flat = flat.spec.resources.expect("flat resources");
    assert_eq!(flat.memory, Some(q("2Gi")));
    assert_eq!(flat.cpu, Some(q("1000m")));
    let req = flat.to_requirements();
    assert_eq!(req.requests, req.limits);
    assert_eq!(req.limits.unwrap()["memory"], q("2Gi"));

    let split: Session = serde_saphyr::from_str(&format!(
        "{SESSION}  resources:\n    requests: {{memory: 1Gi, cpu: 500m}}\n    limits: {{memory: 2Gi, cpu: 2}}\n"
    ))
    .unwrap();
    let split = split.spec.resources.expect("requests/limits resources");
    assert_eq!(split.memory, None);
    assert_eq!(split.requests["cpu"], q("500m"));
    assert_eq!(split.limits["cpu"], q("2"));
    let req = split.to_requirements();
    assert_eq!(req.requests.unwrap()["memory"], q("1Gi"));

    // Both shapes are in the schema, so the API server keeps them (no pruning).
    let s = schema("sessions.stream.space");
    let props = at(&s, "/properties/spec/properties/resources/properties");
    for key in ["memory", "cpu", "requests", "limits"] {
        assert!(props.get(key).is_some(), "resources.{key} is in the schema");
    }
}

/// Reports `schema` at `path` when it has no description, then lints it.
fn documented(schema: &Value, path: &str, problems: &mut Vec<String>) {
    let described = schema
        .get("description")
        .and_then(Value::as_str)
        .is_some_and(|d| !d.trim().is_empty());
    if !described {
        problems.push(format!("{path}: no description"));
    }
    lint(schema, path, problems);
}

/// Walks a schema and reports, by path, each property and list item without
/// a description and each construct a structural schema forbids or we never
/// want.
fn lint(schema: &Value, path: &str, problems: &mut Vec<String>) {
    let Some(obj) = schema.as_object() else {
        return;
    };
    for key in [
        "anyOf",
        "oneOf",
        "allOf",
        "not",
        "$ref",
        "definitions",
        "$defs",
    ] {
        if obj.contains_key(key) {
            problems.push(format!("{path}: has `{key}`"));
        }
    }
    let untyped_ok = obj.contains_key("x-kubernetes-int-or-string")
        || obj.contains_key("x-kubernetes-preserve-unknown-fields");
    if !obj.contains_key("type") && !untyped_ok {
        problems.push(format!("{path}: no type"));
    }
    if let Some(Value::Object(props)) = obj.get("properties") {
        if obj.get("type") != Some(&Value::from("object")) {
            problems.push(format!("{path}: properties without type: object"));
        }
        for (name, prop) in props {
            documented(prop, &format!("{path}.{name}"), problems);
        }
    }
    // `kubectl explain` shows an item's description for `FIELD[]` too.
    if let Some(items) = obj.get("items") {
        documented(items, &format!("{path}[]"), problems);
    }
    if let Some(extra) = obj.get("additionalProperties").filter(|v| v.is_object()) {
        lint(extra, &format!("{path}{{}}"), problems);
    }
}

#[test]
fn every_property_is_documented_and_structural() {
    for name in ["sessions.stream.space", "templates.stream.space"] {
        let s = schema(name);
        let mut problems = Vec::new();
        lint(&s, name, &mut problems);
        assert!(problems.is_empty(), "{name}:\n  {}", problems.join("\n  "));
    }
}

#[test]
fn render_yaml_is_both_documents() {
    let yaml = crd::render_yaml().unwrap();
    let docs: Vec<CustomResourceDefinition> = serde_saphyr::from_multiple(&yaml).unwrap();
    let names: Vec<_> = docs
        .iter()
        .filter_map(|d| d.metadata.name.as_deref())
        .collect();
    assert_eq!(names, ["sessions.stream.space", "templates.stream.space"]);
}
