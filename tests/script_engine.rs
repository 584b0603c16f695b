//! The sandboxed engine, loading and typed decisions, through the public API.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tracing_subscriber::layer::SubscriberExt as _;

use streamspace_operator::controller::evaluate::Evaluator;
use streamspace_operator::crd::{Session, SessionPhase, SessionSpec, Template};
use streamspace_operator::metrics::Metrics;
use streamspace_operator::quota::Quota;
use streamspace_operator::script::admission::AdmitField;
use streamspace_operator::script::context::CtxField;
use streamspace_operator::script::{
    AdmitInput, Entry, Limits, LogLevel, ObservedChildren, Operation, PolicySettings, ScriptError,
    ScriptSet, SessionContext,
};

const RECONCILE: &str = r#"fn reconcile(ctx) { #{ children: [], status: #{ phase: "Pending" } } }"#;
const IDLE: &str = r#"fn idle(ctx) { #{ action: "none", check_after: "1m" } }"#;
const AUTOSTART: &str = r#"fn autostart(ctx, event) { #{ wake: false } }"#;
const TEMPLATE: &str = r#"fn validate(template) { #{ valid: true, message: "ok" } }"#;

/// A minimal valid set with some scripts replaced or added.
fn sources(overrides: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut map: BTreeMap<String, String> = [
        ("reconcile.rhai", RECONCILE),
        ("idle.rhai", IDLE),
        ("autostart.rhai", AUTOSTART),
        ("template.rhai", TEMPLATE),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    for (name, source) in overrides {
        map.insert((*name).to_owned(), (*source).to_owned());
    }
    map
}

fn set_with(overrides: &[(&str, &str)]) -> ScriptSet {
    ScriptSet::compile(sources(overrides)).unwrap_or_else(|e| panic!("set should load:\n{e}"))
}

fn load_errors(overrides: &[(&str, &str)]) -> Vec<String> {
    match ScriptSet::compile(sources(overrides)) {
        Ok(_) => panic!("set should not load"),
        Err(e) => e.errors.iter().map(ToString::to_string).collect(),
    }
}

fn session() -> Session {
    let mut session = Session::new(
        "alice-firefox-1a2b3c4d",
        SessionSpec::new("alice", "firefox"),
    );
    session.metadata.namespace = Some("streamspace".into());
    session
}

fn now() -> jiff::Timestamp {
    "2026-01-01T12:00:00Z".parse().unwrap()
}

fn reconcile_with(
    set: &ScriptSet,
    session: &Session,
    children: &ObservedChildren,
) -> Result<
    streamspace_operator::script::Evaluation<streamspace_operator::script::ReconcileDecision>,
    ScriptError,
> {
    let settings = PolicySettings::default();
    set.reconcile(&SessionContext {
        session,
        template: None,
        children,
        settings: &settings,
        now: now(),
    })
}

fn reconcile(
    set: &ScriptSet,
) -> Result<
    streamspace_operator::script::Evaluation<streamspace_operator::script::ReconcileDecision>,
    ScriptError,
> {
    reconcile_with(set, &session(), &ObservedChildren::default())
}

/// The fields of one `tracing` event, with its `level` and `target`.
type Fields = BTreeMap<String, String>;

/// Records every `tracing` event as its fields.
struct Capture(Arc<Mutex<Vec<Fields>>>);

struct FieldVisitor<'a>(&'a mut Fields);

impl tracing::field::Visit for FieldVisitor<'_> {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Capture {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        let mut fields = Fields::new();
        event.record(&mut FieldVisitor(&mut fields));
        fields.insert("level".into(), event.metadata().level().to_string());
        fields.insert("target".into(), event.metadata().target().to_owned());
        self.0.lock().unwrap().push(fields);
    }
}

/// Runs `f` with a subscriber that captures the events of this thread.
fn captured<R>(f: impl FnOnce() -> R) -> (R, Vec<Fields>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let subscriber = tracing_subscriber::registry().with(Capture(Arc::clone(&events)));
    let result = tracing::subscriber::with_default(subscriber, f);
    let events = events.lock().unwrap().clone();
    (result, events)
}

#[test]
fn an_endless_loop_ends_at_the_deadline_and_the_set_keeps_working() {
    let limits = Limits {
        max_operations: u64::MAX,
        deadline: Duration::from_millis(200),
        ..Limits::default()
    };
    let looping = sources(&[("reconcile.rhai", "fn reconcile(ctx) { loop { } }")]);
    let set = ScriptSet::compile_with_limits(looping, limits).unwrap();
    let err = reconcile(&set).unwrap_err();
    assert!(matches!(err, ScriptError::Deadline { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("reconcile.rhai: call took longer than its 200ms deadline"),
        "{err}"
    );
    // The same set still serves other calls.
    let template: Template = serde_json::from_value(serde_json::json!({
        "apiVersion": "stream.space/v1alpha1", "kind": "Template", "metadata": { "name": "t" },
        "spec": { "displayName": "T", "baseImage": "img" }
    }))
    .unwrap();
    let verdict = set.validate(&template, now()).unwrap();
    assert!(verdict.decision.valid);
}

#[test]
fn an_endless_loop_also_ends_at_the_operation_limit() {
    // A deadline far beyond what 100 000 operations take: only the
    // operation limit can end this call.
    let limits = Limits {
        max_operations: 100_000,
        deadline: Duration::from_secs(600),
        ..Limits::default()
    };
    let looping = sources(&[(
        "reconcile.rhai",
        "fn reconcile(ctx) {\n  let x = 0;\n  loop { x += 1; }\n}",
    )]);
    let set = ScriptSet::compile_with_limits(looping, limits).unwrap();
    let err = reconcile(&set).unwrap_err();
    assert!(matches!(err, ScriptError::Runtime { .. }), "{err}");
    // Rhai reports a limit inside a function at its outermost call, which
    // has no position.
    assert_eq!(
        err.to_string(),
        "reconcile.rhai: Too many operations: more than 100000 (an endless loop?)"
    );
}

#[test]
fn runaway_recursion_ends_at_the_call_depth_limit() {
    let set = set_with(&[(
        "reconcile.rhai",
        "fn down(n) { down(n + 1) }\nfn reconcile(ctx) { down(0) }",
    )]);
    let err = reconcile(&set).unwrap_err();
    assert!(matches!(err, ScriptError::Runtime { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "reconcile.rhai: Stack overflow: more than {} nested function calls (runaway recursion?)",
            Limits::default().max_call_levels
        )
    );
}

#[test]
fn a_huge_allocation_is_refused() {
    let set = set_with(&[(
        "reconcile.rhai",
        "fn reconcile(ctx) { let s = \"xxxxxxxxxxxxxxxx\"; loop { s += s; } }",
    )]);
    let err = reconcile(&set).unwrap_err().to_string();
    assert!(err.contains("too large"), "{err}");
    let set = set_with(&[(
        "reconcile.rhai",
        "fn reconcile(ctx) { let a = []; a.pad(10000000, 0); a }",
    )]);
    let err = reconcile(&set).unwrap_err().to_string();
    assert!(err.contains("too large"), "{err}");
}

#[test]
fn eval_is_not_available() {
    let errors = load_errors(&[("reconcile.rhai", "fn reconcile(ctx) { eval(\"1\") }")]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("reconcile.rhai:1:"), "{errors:?}");
}

#[test]
fn compile_errors_name_script_line_and_column() {
    let errors = load_errors(&[("idle.rhai", "fn idle(ctx) {\n  let x = ;\n}")]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("idle.rhai:2:11: "), "{errors:?}");
}

#[test]
fn missing_scripts_and_entry_points_fail_the_load() {
    let mut map = sources(&[("idle.rhai", "fn idle(a, b) { () }")]);
    map.remove("template.rhai");
    let errors: Vec<String> = ScriptSet::compile(map)
        .unwrap_err()
        .errors
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(errors.iter().any(|e| e == "idle.rhai: no `fn idle(ctx)` defined; the operator calls it and cannot start without it"), "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("template.rhai: missing from the script set")),
        "{errors:?}"
    );
}

#[test]
fn bad_script_names_are_refused() {
    let errors = load_errors(&[("../evil.rhai", "")]);
    assert!(errors[0].contains("not a valid script name"), "{errors:?}");
}

#[test]
fn imports_resolve_within_the_set_only() {
    let lib = "fn phase() { \"Running\" }";
    let set = set_with(&[
        ("lib.naming.rhai", lib),
        (
            "reconcile.rhai",
            "import \"lib.naming\" as naming;\nfn reconcile(ctx) { #{ children: [], status: #{ phase: naming::phase() } } }",
        ),
    ]);
    let decision = reconcile(&set).unwrap().decision;
    assert_eq!(
        serde_json::to_value(decision.status.phase).unwrap(),
        "Running"
    );

    let errors = load_errors(&[(
        "reconcile.rhai",
        "import \"/etc/passwd\" as p;\nfn reconcile(ctx) { () }",
    )]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("reconcile.rhai:1:8: Module not found: /etc/passwd (no script /etc/passwd.rhai in this set; scripts: autostart.rhai, idle.rhai, reconcile.rhai, template.rhai)"),
        "{errors:?}"
    );
}

#[test]
fn load_errors_have_the_position_of_the_import_or_expression() {
    let errors = load_errors(&[
        (
            "template.rhai",
            "// checks\n\nimport \"nope\" as x;\nfn validate(template) { #{ valid: true } }",
        ),
        (
            "lib.failing.rhai",
            "fn f() { 1 }\nlet broken = parse_duration(\"soon\");",
        ),
    ]);
    assert_eq!(
        errors,
        [
            "lib.failing.rhai:2:14: Runtime error: \"soon\" is not a duration: expected a number (write whole numbers with units h, m, s in that order, e.g. \"30m\", \"8h\", \"1h30m\")",
            "template.rhai:3:8: Module not found: nope (no script nope.rhai in this set; scripts: autostart.rhai, idle.rhai, lib.failing.rhai, reconcile.rhai, template.rhai)",
        ]
    );
}

#[test]
fn a_library_nobody_imports_is_checked_too() {
    let errors = load_errors(&[(
        "lib.orphan.rhai",
        "fn f() { 1 }\nimport \"lib.gone\" as gone;",
    )]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "lib.orphan.rhai:2:8: Module not found: lib.gone (no script lib.gone.rhai"
        ),
        "{errors:?}"
    );
}

#[test]
fn library_top_level_code_runs_under_the_call_limits() {
    let looping = "fn f() { 1 }\nlet x = 0;\nloop { x += 1; }";
    let importing = "import \"lib.slow\" as slow;\nfn reconcile(ctx) { () }";

    // The deadline stops it when the operation limit is out of reach...
    let limits = Limits {
        max_operations: u64::MAX,
        deadline: Duration::from_millis(200),
        ..Limits::default()
    };
    let started = Instant::now();
    let errors = ScriptSet::compile_with_limits(
        sources(&[("lib.slow.rhai", looping), ("reconcile.rhai", importing)]),
        limits,
    )
    .unwrap_err()
    .errors;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("lib.slow.rhai:3:")
            && errors[0].contains("took longer than the 200ms deadline"),
        "{errors:?}"
    );

    // ... and the operation limit when the deadline is.
    let limits = Limits {
        max_operations: 10_000,
        deadline: Duration::from_secs(600),
        ..Limits::default()
    };
    let errors = ScriptSet::compile_with_limits(
        sources(&[("lib.slow.rhai", looping), ("reconcile.rhai", importing)]),
        limits,
    )
    .unwrap_err()
    .errors;
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("lib.slow.rhai:3:")
            && errors[0].ends_with("Too many operations: more than 10000 (an endless loop?)"),
        "{errors:?}"
    );
}

#[test]
fn a_library_is_evaluated_once_for_every_script_that_imports_it() {
    let lib = "fn f() { 1 }\nlog_info(\"lib.shared loaded\");";
    let import = |entry: &str| format!("import \"lib.shared\" as common;\n{entry}");
    let reconcile_source = import(RECONCILE);
    let idle_source = import(IDLE);
    let (set, events) = captured(|| {
        ScriptSet::compile(sources(&[
            ("lib.shared.rhai", lib),
            ("reconcile.rhai", &reconcile_source),
            ("idle.rhai", &idle_source),
        ]))
        .unwrap()
    });
    let loaded = events
        .iter()
        .filter(|e| e.get("message").map(String::as_str) == Some("lib.shared loaded"))
        .count();
    assert_eq!(loaded, 1, "{events:?}");
    // Calls find the module ready rather than running it again.
    let (_, events) = captured(|| reconcile(&set).unwrap());
    assert!(events.is_empty(), "{events:?}");
}

#[test]
fn import_cycles_and_broken_libraries_fail_the_load() {
    let errors = load_errors(&[
        ("lib.a.rhai", "import \"lib.b\" as b;\nfn f() { 1 }"),
        ("lib.b.rhai", "import \"lib.a\" as a;\nfn g() { 2 }"),
        (
            "reconcile.rhai",
            "import \"lib.a\" as a;\nfn reconcile(ctx) { () }",
        ),
    ]);
    assert!(
        errors.iter().any(|e| e.contains("import cycle")),
        "{errors:?}"
    );

    let errors = load_errors(&[("lib.bad.rhai", "fn f( { }")]);
    assert!(errors[0].starts_with("lib.bad.rhai:1:"), "{errors:?}");
}

#[test]
fn runtime_errors_point_into_the_library_that_failed() {
    let set = set_with(&[
        ("lib.util.rhai", "fn boom(x) {\n  x.no_such_method()\n}"),
        (
            "reconcile.rhai",
            "import \"lib.util\" as util;\nfn reconcile(ctx) {\n  util::boom(1)\n}",
        ),
    ]);
    let err = reconcile(&set).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("lib.util.rhai:2:"), "{text}");
    assert!(text.contains("no_such_method"), "{text}");
    assert!(
        text.contains("in fn boom called at reconcile.rhai:3:"),
        "{text}"
    );
}

#[test]
fn wrong_decision_shapes_name_the_path() {
    let secret = r#"fn reconcile(ctx) { #{ status: #{ phase: "Running" }, children: [
        #{ apiVersion: "v1", kind: "Service", metadata: #{ name: "a" } },
        #{ apiVersion: "apps/v1", kind: "Deployment", metadata: #{ name: "a" } },
        #{ apiVersion: "v1", kind: "Secret", metadata: #{ name: "a" } } ] } }"#;
    let err = reconcile(&set_with(&[("reconcile.rhai", secret)]))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "reconcile.rhai: children[2].kind: \"Secret\" is not an allowed kind (allowed: Deployment, Service, PersistentVolumeClaim, Ingress)"
    );

    let cases = [
        (
            r#"#{ status: #{ phase: "Runing" } }"#,
            "reconcile.rhai: status.phase: unknown variant `Runing`",
        ),
        (
            r#"#{ status: #{ phase: "Running" }, chidren: [] }"#,
            "reconcile.rhai: chidren: unknown field `chidren`, expected one of `children`, `status`, `requeue_after`, `events`",
        ),
        (r#"()"#, "reconcile.rhai: decision: expected a map like"),
        (
            r#"#{ children: [] }"#,
            "reconcile.rhai: decision: missing field `status`",
        ),
        (
            r#"#{ status: #{ phase: "Running" }, requeue_after: "soon" }"#,
            "reconcile.rhai: requeue_after: \"soon\" is not a duration",
        ),
        (
            r#"#{ status: #{ phase: "Running" }, children: [#{ apiVersion: "apps/v1beta1", kind: "Deployment", metadata: #{ name: "a" } }] }"#,
            "reconcile.rhai: children[0].apiVersion: a Deployment must have apiVersion \"apps/v1\"",
        ),
        (
            r#"#{ status: #{ phase: "Running" }, children: [#{ apiVersion: "v1", kind: "Service", metadata: #{ name: "Bad_Name" } }] }"#,
            "reconcile.rhai: children[0].metadata.name: \"Bad_Name\" is not a valid Service name",
        ),
        (
            r#"#{ status: #{ phase: "Running" }, children: [#{ apiVersion: "v1", kind: "Service", metadata: #{ name: "a", namespace: "kube-system" } }] }"#,
            "reconcile.rhai: children[0].metadata.namespace: \"kube-system\" is not the Session's namespace",
        ),
        (
            r#"#{ status: #{ phase: "Running" }, children: [#{ apiVersion: "v1", kind: "Service", metadata: #{ name: "a", labels: #{ on: true } } }] }"#,
            "reconcile.rhai: children[0].metadata.labels.on: values must be strings",
        ),
        (
            r#"#{ status: #{ phase: "Running" }, children: [#{ apiVersion: "apps/v1", kind: "Deployment", metadata: #{ name: "a", annotations: #{ "stream.space/outlives-session": "true" } } }] }"#,
            "reconcile.rhai: children[0].metadata.annotations[\"stream.space/outlives-session\"]: a Deployment cannot outlive its Session: nothing would ever remove it; only PersistentVolumeClaim can",
        ),
        (
            r#"#{ status: #{ phase: "Running" }, children: [#{ apiVersion: "v1", kind: "Service", metadata: #{ name: "a" } }, #{ apiVersion: "v1", kind: "Service", metadata: #{ name: "a" } }] }"#,
            "reconcile.rhai: children[1]: a second Service named \"a\"",
        ),
        (
            r#"#{ status: #{ phase: "Failed", conditions: [#{ type: "Ready", status: "False", reason: "not ready" }] } }"#,
            "reconcile.rhai: status.conditions[0].reason: \"not ready\" is not a valid reason",
        ),
        (
            r#"#{ status: #{ phase: "Running" }, events: [#{ type: "Info", reason: "X" }] }"#,
            "reconcile.rhai: events[0].type: unknown variant `Info`",
        ),
    ];
    for (decision, expected) in cases {
        let script = format!("fn reconcile(ctx) {{ {decision} }}");
        let err = reconcile(&set_with(&[("reconcile.rhai", &script)]))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(expected),
            "{decision}\n got: {err}\nwant: {expected}"
        );
    }
}

#[test]
fn version_is_a_content_hash() {
    let a = set_with(&[]);
    let b = set_with(&[]);
    let c = set_with(&[("lib.x.rhai", "fn x() { 1 }")]);
    assert_eq!(a.version(), b.version());
    assert_ne!(a.version(), c.version());
    assert_eq!(a.version().len(), 12);
    assert!(a.version().chars().all(|ch| ch.is_ascii_hexdigit()));
}

#[test]
fn helpers_use_the_evaluation_clock_and_logs_are_attributed() {
    let script = r#"fn reconcile(ctx) {
        log_info("age " + seconds_since(ctx.session.metadata.creationTimestamp));
        log_warn(`now ${now()}`);
        log_debug(parse_duration("1h30m"));
        #{ children: [], status: #{ phase: "Pending" }, requeue_after: format_duration(parse_duration("90s")) }
    }"#;
    let set = set_with(&[("reconcile.rhai", script)]);
    let mut session = session();
    session.metadata.creation_timestamp =
        Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(
            "2026-01-01T11:00:00Z".parse().unwrap(),
        ));
    let (evaluation, events) =
        captured(|| reconcile_with(&set, &session, &ObservedChildren::default()).unwrap());
    let logs: Vec<(LogLevel, &str)> = evaluation
        .logs
        .iter()
        .map(|l| (l.level, l.message.as_str()))
        .collect();
    assert_eq!(
        logs,
        [
            (LogLevel::Info, "age 3600"),
            (LogLevel::Warn, "now 2026-01-01T12:00:00Z"),
            (LogLevel::Debug, "5400"),
        ]
    );
    assert_eq!(
        evaluation.decision.requeue_after.unwrap().to_string(),
        "1m30s"
    );
    // The same records reach the operator's log, attributed by their fields.
    let traced: Vec<Vec<&str>> = events
        .iter()
        .map(|e| {
            ["target", "level", "session", "script", "version", "message"]
                .iter()
                .map(|k| e.get(*k).map_or("(missing)", String::as_str))
                .collect()
        })
        .collect();
    let attributed = |level: &'static str, message: &'static str| {
        vec![
            "script",
            level,
            "streamspace/alice-firefox-1a2b3c4d",
            "reconcile.rhai",
            set.version(),
            message,
        ]
    };
    assert_eq!(
        traced,
        [
            attributed("INFO", "age 3600"),
            attributed("WARN", "now 2026-01-01T12:00:00Z"),
            attributed("DEBUG", "5400"),
        ]
    );
}

#[test]
fn scripts_cannot_change_ctx() {
    // Copies (a variable, a function's argument) are the script's own.
    let script = r#"
    fn spoil(s) { s.spec.user = "mallory"; s.metadata.labels = #{ spoiled: "yes" }; s.spec.user }
    fn reconcile(ctx) {
        let spoiled = spoil(ctx.session);
        let s = ctx.session;
        s.spec.state = "terminated";
        let config = ctx.config;
        config.ingressDomain = "evil.example";
        let children = ctx.children;
        children.Deployment.push(#{ kind: "Deployment" });
        let seen = [spoiled, ctx.session.spec.user, ctx.session.spec.state,
                    ctx.session.metadata.labels ?? "no labels", ctx.config.ingressDomain,
                    ctx.children.Deployment.len(), children.Deployment.len(), s.spec.state];
        #{ children: [], status: #{ phase: "Pending", url: seen.map(|f| `${f}`).reduce(|a, b| if a == () { b } else { a + "|" + b }) } }
    }"#;
    let set = set_with(&[("reconcile.rhai", script)]);
    let url = reconcile(&set).unwrap().decision.status.url.unwrap();
    assert_eq!(
        url,
        "mallory|alice|running|no labels|streamspace.local|0|1|terminated"
    );

    // Writing through ctx is refused, with what to do instead.
    for (line, write) in [
        "ctx.session.spec.user = \"bob\";",
        "ctx.session.metadata.name += \"-renamed\";",
        "ctx[\"session\"].spec.template = \"other\";",
        "ctx.config.ingressDomain = \"evil.example\";",
        "ctx.children.Deployment.push(#{ kind: \"Deployment\" });",
    ]
    .iter()
    .enumerate()
    {
        let script = format!("fn reconcile(ctx) {{\n  {write}\n  ()\n}}");
        let err = reconcile(&set_with(&[("reconcile.rhai", &script)]))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("reconcile.rhai:2:")
                && (err.contains("ctx is read-only")
                    || err.contains("(ctx and its parts are read-only)")),
            "{line}: {write}: {err}"
        );
    }

    // Replacing a field of ctx itself is refused outright.
    let replacing = "fn reconcile(ctx) {\n  ctx.template = #{};\n  ()\n}";
    let err = reconcile(&set_with(&[("reconcile.rhai", replacing)]))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("reconcile.rhai:2:") && err.contains("No writable property 'template'"),
        "{err}"
    );
}

#[test]
fn every_ctx_field_of_the_contract_is_a_property_an_index_and_a_key() {
    let names: Vec<&str> = CtxField::ALL.map(CtxField::name).to_vec();
    let reads: Vec<String> = names
        .iter()
        .map(|name| format!("type_of(ctx.{name}) == type_of(ctx[\"{name}\"])"))
        .collect();
    let keys: Vec<String> = names.iter().map(|name| format!("\"{name}\"")).collect();
    let script = format!(
        "fn reconcile(ctx) {{\n  let ok = {} && ctx.keys() == [{}];\n  #{{ children: [], status: #{{ phase: if ok {{ \"Running\" }} else {{ \"Failed\" }} }} }}\n}}",
        reads.join(" && "),
        keys.join(", ")
    );
    let decision = reconcile(&set_with(&[("reconcile.rhai", &script)]))
        .unwrap()
        .decision;
    assert_eq!(decision.status.phase, SessionPhase::Running, "{script}");
}

#[test]
fn helper_errors_say_what_is_wrong() {
    let set = set_with(&[(
        "reconcile.rhai",
        "fn reconcile(ctx) {\n  parse_duration(\"thirty\")\n}",
    )]);
    let err = reconcile(&set).unwrap_err().to_string();
    assert!(err.starts_with("reconcile.rhai:2:3: "), "{err}");
    assert!(err.contains("\"thirty\" is not a duration"), "{err}");
}

#[test]
fn ctx_has_defaults_status_map_and_every_child_kind() {
    let script = r#"fn reconcile(ctx) {
        let s = ctx.session;
        let facts = [s.spec.state, s.spec.persistentHome, s.spec.idleTimeout, s.spec.maxSessionDuration,
                     s.status.phase, ctx.template, ctx.children.keys().len(), ctx.children.Deployment.len(),
                     ctx.config.ingressDomain, ctx.now];
        #{ children: [], status: #{ phase: "Pending", url: facts.map(|f| `${f}`).reduce(|a, b| if a == () { b } else { a + "|" + b }) } }
    }"#;
    let set = set_with(&[("reconcile.rhai", script)]);
    let url = reconcile(&set).unwrap().decision.status.url.unwrap();
    assert_eq!(
        url,
        "running|true|30m|8h|||4|0|streamspace.local|2026-01-01T12:00:00Z"
    );
}

#[test]
fn a_large_object_fits_the_limits_and_its_managed_fields_are_not_shown() {
    // A Deployment as the API server returns it: a large annotation, a pod
    // template with a thousand labels, and a large managedFields.
    let fields: serde_json::Map<String, serde_json::Value> = (0..1000)
        .map(|i| (format!("f:field{i}"), serde_json::json!({})))
        .collect();
    let labels: serde_json::Map<String, serde_json::Value> = (0..1000)
        .map(|i| (format!("label{i}"), serde_json::json!("x")))
        .collect();
    let deployment = serde_json::json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {
            "name": "alice-firefox-1a2b3c4d", "namespace": "streamspace",
            "annotations": { "big": "x".repeat(200_000) },
            "managedFields": (0..10).map(|_| serde_json::json!({
                "manager": "kube-controller-manager", "operation": "Update", "apiVersion": "apps/v1",
                "fieldsType": "FieldsV1", "fieldsV1": { "f:status": fields.clone() }
            })).collect::<Vec<_>>()
        },
        "spec": { "selector": { "matchLabels": { "a": "b" } },
                  "template": { "metadata": { "labels": labels }, "spec": { "containers": [] } } },
        "status": { "readyReplicas": 1, "observedGeneration": 1 }
    });
    let children = ObservedChildren::from_objects(vec![deployment]).unwrap();
    let script = r#"fn reconcile(ctx) {
        let d = ctx.children.Deployment[0];
        let n = d.metadata.annotations.big.len() + d.spec.template.metadata.labels.len();
        let hidden = d.metadata.managedFields == () && d.status.observedGeneration == ();
        #{ children: [], status: #{ phase: "Running", podName: `${n}-${hidden}` } }
    }"#;
    let set = set_with(&[("reconcile.rhai", script)]);
    let decision = reconcile_with(&set, &session(), &children)
        .unwrap()
        .decision;
    assert_eq!(decision.status.pod_name.as_deref(), Some("201000-true"));
}

fn admission(operation: Operation, others: Vec<Arc<Session>>, quota: Quota) -> AdmitInput {
    let template = Arc::new(Template::new(
        "firefox",
        serde_json::from_value(serde_json::json!({ "displayName": "Firefox", "baseImage": "img" }))
            .unwrap(),
    ));
    let old = (operation == Operation::Update).then(|| Arc::new(session()));
    AdmitInput::new(
        operation,
        Arc::new(session()),
        old,
        others,
        |s| (s.spec.template == "firefox").then(|| Arc::clone(&template)),
        quota,
    )
}

fn other(name: &str, user: &str, template: &str) -> Arc<Session> {
    let mut other = Session::new(name, SessionSpec::new(user, template));
    other.metadata.namespace = Some("streamspace".into());
    Arc::new(other)
}

#[test]
fn a_set_without_admit_loads_and_admits_every_session() {
    let set = set_with(&[]);
    assert!(!set.has(Entry::Admit) && set.has(Entry::Reconcile));
    let input = admission(Operation::Create, vec![], Quota::default());
    assert!(
        set.admit(&input, &PolicySettings::default(), now())
            .unwrap()
            .is_none()
    );
    let metrics = Metrics::new();
    let evaluator = Evaluator::counted(PolicySettings::default(), metrics.clone());
    assert!(evaluator.admit(&set, &input, now()).unwrap().is_none());
    assert!(
        !metrics.render().contains("admit.rhai"),
        "nothing was evaluated"
    );
}

#[test]
fn an_admit_script_without_its_function_fails_the_load() {
    let errors = load_errors(&[("admit.rhai", "fn admit(ctx, extra) { () }")]);
    assert_eq!(
        errors,
        [
            "admit.rhai: no `fn admit(ctx)` defined; the operator calls it and cannot start without it"
        ]
    );
}

#[test]
fn admit_gets_the_session_the_users_others_their_templates_and_the_quota() {
    let script = r#"fn admit(ctx) {
        let names = ctx.sessions.map(|s| s.metadata.name);
        let templates = ctx.templates.map(|t| t.metadata.name);
        #{ allowed: true, warnings: [
            ctx.operation, ctx.session.metadata.name, ctx.session.spec.state,
            `${ctx.old_session.spec.user}`, ctx.template.spec.displayName,
            `${names}`, `${templates}`,
            `${ctx.quota.maxSessions}|${ctx.quota.cpu}|${ctx.quota.memory}`,
            ctx.now, ctx.config.defaultCpu, `${ctx.keys()}`,
            `${type_of(ctx["quota"])}`,
        ] }
    }"#;
    let set = set_with(&[("admit.rhai", script)]);
    let others = vec![
        other("alice-firefox-2", "alice", "firefox"),
        other("alice-firefox-3", "alice", "firefox"),
        other("alice-vscode-4", "alice", "vscode"),
        other("bob-firefox-1", "bob", "firefox"),
        // The Session being admitted, as the cache holds it before the change.
        Arc::new(session()),
    ];
    let quota = Quota {
        max_sessions: Some(3),
        cpu: None,
        memory: Some("4Gi".into()),
    };
    let input = admission(Operation::Update, others, quota);
    let decision = set
        .admit(&input, &PolicySettings::default(), now())
        .unwrap()
        .unwrap()
        .decision;
    assert_eq!(
        decision.warnings,
        [
            "UPDATE",
            "alice-firefox-1a2b3c4d",
            "running",
            "alice",
            "Firefox",
            "[\"alice-firefox-2\", \"alice-firefox-3\", \"alice-vscode-4\"]",
            "[\"firefox\"]",
            "3||4Gi",
            "2026-01-01T12:00:00Z",
            "1000m",
            "[\"operation\", \"session\", \"old_session\", \"template\", \"sessions\", \"templates\", \"quota\", \"now\", \"config\"]",
            "map",
        ]
    );
    assert_eq!(
        AdmitField::ALL.map(AdmitField::name).len(),
        decision.warnings[10].matches(", ").count() + 1,
        "ctx.keys() lists every field of the contract"
    );
    let created = admission(Operation::Create, vec![], Quota::default());
    let script = r#"fn admit(ctx) { #{ allowed: ctx.old_session == () && ctx.sessions.len() == 0 && ctx.quota.cpu == () } }"#;
    let decision = set_with(&[("admit.rhai", script)])
        .admit(&created, &PolicySettings::default(), now())
        .unwrap()
        .unwrap()
        .decision;
    assert!(decision.allowed);
}

#[test]
fn admit_cannot_change_its_ctx() {
    for write in [
        "ctx.session.spec.user = \"bob\";",
        "ctx.quota.cpu = \"64\";",
        "ctx.sessions.clear();",
    ] {
        let script = format!("fn admit(ctx) {{\n  {write}\n  #{{ allowed: true }}\n}}");
        let input = admission(Operation::Create, vec![], Quota::default());
        let err = set_with(&[("admit.rhai", &script)])
            .admit(&input, &PolicySettings::default(), now())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("admit.rhai:2:") && err.contains("read-only"),
            "{write}: {err}"
        );
    }
}

#[test]
fn a_refusal_must_say_why_and_a_decision_must_have_its_shape() {
    let input = admission(Operation::Create, vec![], Quota::default());
    let error = |decision: &str| {
        let script = format!("fn admit(ctx) {{ {decision} }}");
        set_with(&[("admit.rhai", &script)])
            .admit(&input, &PolicySettings::default(), now())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        error("#{ allowed: false }"),
        "admit.rhai: message: a refusal needs a message saying why, which the user sees: return #{ allowed: false, message: \"...\" }"
    );
    assert_eq!(
        error("#{ allowed: false, message: \"  \" }"),
        error("#{ allowed: false }")
    );
    assert!(
        error("#{ allowed: \"yes\" }")
            .starts_with("admit.rhai: allowed: invalid type: string \"yes\""),
        "{}",
        error("#{ allowed: \"yes\" }")
    );
    assert!(
        error("#{ allowed: true, warning: \"x\" }")
            .starts_with("admit.rhai: warning: unknown field `warning`"),
        "{}",
        error("#{ allowed: true, warning: \"x\" }")
    );
    assert!(
        error("true").starts_with("admit.rhai: decision: expected a map like #{ allowed: false"),
        "{}",
        error("true")
    );
}

#[test]
fn the_operators_admit_calls_are_counted_and_its_settings_given() {
    let metrics = Metrics::new();
    let settings = PolicySettings {
        default_memory: "3Gi".into(),
        ..PolicySettings::default()
    };
    let evaluator = Evaluator::counted(settings, metrics.clone());
    let set = set_with(&[(
        "admit.rhai",
        "fn admit(ctx) { #{ allowed: false, message: ctx.config.defaultMemory } }",
    )]);
    let input = admission(Operation::Create, vec![], Quota::default());
    let decision = evaluator
        .admit(&set, &input, now())
        .unwrap()
        .unwrap()
        .decision;
    assert_eq!(
        (decision.allowed, decision.message.as_str()),
        (false, "3Gi")
    );
    assert!(
        metrics.render().contains(
            "streamspace_script_evaluations_total{result=\"ok\",script=\"admit.rhai\"} 1"
        ),
        "{}",
        metrics.render()
    );
}
