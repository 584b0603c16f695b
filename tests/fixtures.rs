//! Runs the default policy's fixtures (`scripts/tests/*.yaml`) and checks
//! that faulty fixtures are reported as errors, not passes.

use std::path::{Path, PathBuf};

use streamspace_operator::script::ScriptSet;
use streamspace_operator::script::fixtures::{
    self, BadCase, FixtureFile, Outcome, parse_cases, run_case,
};

fn default_set() -> ScriptSet {
    ScriptSet::load_dir(Path::new("scripts"))
        .unwrap_or_else(|e| panic!("scripts/ must load:\n{e:#}"))
}

#[test]
fn every_default_policy_fixture_passes() {
    let set = default_set();
    let files = fixtures::load_dir(Path::new("scripts/tests")).unwrap();
    let reports = fixtures::run_files(&set, &files);
    let rendered = fixtures::render(&reports);
    println!("{rendered}");
    assert!(
        reports.len() >= 30,
        "expected at least 30 fixture cases, found {}",
        reports.len()
    );
    assert!(reports.iter().all(|r| r.passed()), "{rendered}");
}

fn outcome(yaml: &str) -> Outcome {
    let cases = parse_cases(yaml).unwrap_or_else(|e| panic!("{e}"));
    let case = cases[0].as_ref().unwrap_or_else(|e| panic!("{e}"));
    run_case(&default_set(), case)
}

fn error_of(yaml: &str) -> String {
    match outcome(yaml) {
        Outcome::Error(e) => e,
        other => panic!("expected an error, got {other:?}"),
    }
}

const SESSION: &str =
    "session: { metadata: { name: s1, namespace: ns }, spec: { user: alice, template: firefox } }";
const TEMPLATE: &str = "template: { metadata: { name: firefox, namespace: ns }, spec: { displayName: Firefox, baseImage: img } }";

#[test]
fn a_wrong_expectation_fails_with_a_diff() {
    let yaml = format!(
        "- name: wrong\n  script: reconcile\n  {SESSION}\n  {TEMPLATE}\n  expect: {{ status: {{ phase: Running }} }}\n"
    );
    match outcome(&yaml) {
        Outcome::Failed { mismatches, diff } => {
            assert_eq!(
                mismatches[0].to_string(),
                "status.phase: expected \"Running\", got \"Pending\""
            );
            assert!(
                diff.contains("-  phase: Running") && diff.contains("+  phase: Pending"),
                "{diff}"
            );
        }
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn expectations_that_can_never_match_are_fixture_errors() {
    let typo =
        format!("- name: typo\n  script: reconcile\n  {SESSION}\n  expect: {{ childs: [] }}\n");
    assert_eq!(
        error_of(&typo),
        "expect.childs: not a field here (fields: children, events, requeue_after, status); no reconcile decision can match it: fix the fixture"
    );
    let phase = format!(
        "- name: phase\n  script: reconcile\n  {SESSION}\n  expect: {{ status: {{ phase: Runing }} }}\n"
    );
    assert!(
        error_of(&phase).starts_with(
            "expect.status.phase: \"Runing\" is not one of Pending, Running, Hibernated, Failed, Terminated;"
        ),
        "{}",
        error_of(&phase)
    );
    let status_key = format!(
        "- name: k\n  script: reconcile\n  {SESSION}\n  expect: {{ status: {{ uri: x }} }}\n"
    );
    assert!(
        error_of(&status_key).starts_with(
            "expect.status.uri: not a field here (fields: conditions, phase, podName, url)"
        ),
        "{}",
        error_of(&status_key)
    );
    let action = format!("- name: a\n  script: idle\n  {SESSION}\n  expect: {{ action: sleep }}\n");
    assert!(
        error_of(&action)
            .starts_with("expect.action: \"sleep\" is not one of none, hibernate, terminate;"),
        "{}",
        error_of(&action)
    );
}

/// Faults below the top level of an expectation are found by the decision
/// types' own schema, each with its path.
#[test]
fn deep_expectations_that_can_never_match_are_fixture_errors() {
    let cases = [
        (
            "reconcile",
            "{ children: [{ kind: Deployment }, { kind: Secret }] }",
            "expect.children[1].kind: \"Secret\" is not one of Deployment, Service, PersistentVolumeClaim, Ingress",
        ),
        (
            "reconcile",
            "{ children: [{ apiVersion: apps/v2 }] }",
            "expect.children[0].apiVersion: \"apps/v2\" is not one of apps/v1, networking.k8s.io/v1, v1",
        ),
        (
            "reconcile",
            "{ status: { conditions: [{ type: Ready, status: yes }] } }",
            "expect.status.conditions[0].status: \"yes\" is not one of True, False, Unknown",
        ),
        (
            "reconcile",
            "{ status: { conditions: [{ reason: 5 }] } }",
            "expect.status.conditions[0].reason: expected a string (write it in quotes when it looks like a number or boolean), got an integer 5",
        ),
        (
            "reconcile",
            "{ status: { conditions: [{ reason: not ready }] } }",
            "expect.status.conditions[0].reason: \"not ready\" is not a valid reason: use CamelCase",
        ),
        (
            "reconcile",
            "{ status: { url: [https://x] } }",
            "expect.status.url: expected a string (write it in quotes when it looks like a number or boolean), got a list",
        ),
        (
            "reconcile",
            "{ events: [{ type: Info }] }",
            "expect.events[0].type: \"Info\" is not one of Normal, Warning",
        ),
        (
            "reconcile",
            "{ events: [{ severity: Warning }] }",
            "expect.events[0].severity: not a field here (fields: message, reason, type)",
        ),
        (
            "reconcile",
            "{ requeue_after: soon }",
            "expect.requeue_after: \"soon\" is not a duration",
        ),
        (
            "idle",
            "{ check_after: 5x }",
            "expect.check_after: \"5x\" is not a duration (whole numbers with units h, m, s in that order)",
        ),
        (
            "idle",
            "{ reason: { why: idle } }",
            "expect.reason: expected a string",
        ),
        (
            "autostart",
            "{ wake: \"yes\" }",
            "expect.wake: expected a boolean (true or false), got a string \"yes\"",
        ),
        (
            "template",
            "{ valid: true, message: [ok] }",
            "expect.message: expected a string",
        ),
    ];
    for (script, expect, wanted) in cases {
        let yaml = format!(
            "- name: deep\n  script: {script}\n  {SESSION}\n  {TEMPLATE}\n  event: {{ event: connect, user: alice }}\n  expect: {expect}\n"
        );
        let error = error_of(&yaml);
        assert!(
            error.starts_with(wanted),
            "{expect}\n got: {error}\nwant: {wanted}..."
        );
        assert!(error.ends_with("fix the fixture"), "{error}");
    }
    // Expectations that can match are still run and compared.
    let fine = format!(
        "- name: fine\n  script: reconcile\n  {SESSION}\n  {TEMPLATE}\n  expect: {{ children: [{{ kind: Deployment }}, {{ kind: Service }}, {{ kind: Ingress }}, {{ kind: PersistentVolumeClaim }}], status: {{ url: null, conditions: [{{ status: \"False\" }}, {{ reason: TemplateFound }}] }} }}\n"
    );
    assert!(
        matches!(outcome(&fine), Outcome::Passed),
        "{:?}",
        outcome(&fine)
    );
}

#[test]
fn missing_or_malformed_inputs_are_named() {
    let no_session = "- name: n\n  script: idle\n  expect: { action: none }\n";
    assert_eq!(
        error_of(no_session),
        "session: the idle script needs a session; add one to the case"
    );
    let bad_session = "- name: n\n  script: idle\n  session: { metadata: { name: s }, spec: { user: alice } }\n  expect: { action: none }\n";
    assert_eq!(
        error_of(bad_session),
        "session.spec.template: is required; add it"
    );
    let bad_config = format!(
        "- name: n\n  script: reconcile\n  {SESSION}\n  config: {{ ingresDomain: x }}\n  expect: {{ status: {{ phase: Pending }} }}\n"
    );
    assert!(
        error_of(&bad_config).starts_with("config.ingresDomain: unknown field"),
        "{}",
        error_of(&bad_config)
    );
    let bad_child = format!(
        "- name: n\n  script: reconcile\n  {SESSION}\n  children: [{{ kind: Secret }}]\n  expect: {{ status: {{ phase: Pending }} }}\n"
    );
    assert!(error_of(&bad_child).contains("\"Secret\" is not a child kind"));
}

#[test]
fn admit_cases_name_a_missing_or_malformed_input() {
    let case = |fields: &str| {
        format!(
            "- name: n\n  script: admit\n  {SESSION}\n  {fields}\n  expect: {{ allowed: true }}\n"
        )
    };
    let old = "old_session: { metadata: { name: s1 }, spec: { user: alice, template: firefox } }";
    assert_eq!(
        error_of(&case("operation: UPDATE")),
        "old_session: an UPDATE changes a stored Session; add it as old_session"
    );
    assert_eq!(
        error_of(&case(&format!("operation: CREATE\n  {old}"))),
        "old_session: a CREATE has no stored Session; remove old_session or set operation: UPDATE"
    );
    let bad = parse_cases(&case("operation: create"))
        .unwrap()
        .remove(0)
        .unwrap_err();
    assert_eq!(
        bad.to_string(),
        "case 1 (\"n\"): operation: unknown variant `create`, expected `CREATE` or `UPDATE`; fix the fixture"
    );
    assert_eq!(
        error_of(&case("quota: { cpus: \"2\" }")),
        "quota.cpus: unknown field `cpus`, expected one of `maxSessions`, `cpu`, `memory`"
    );
    assert!(
        error_of(&case("quota: { memory: lots }"))
            .starts_with("quota.memory: \"lots\" is not a Kubernetes quantity"),
        "{}",
        error_of(&case("quota: { memory: lots }"))
    );
    assert!(
        error_of(&case(
            "sessions: [{ metadata: { name: s2 }, spec: { user: Bob, template: firefox } }]"
        ))
        .starts_with("sessions[0].spec.user: \"Bob\" is not a DNS label"),
    );
    let never = format!("- name: n\n  script: admit\n  {SESSION}\n  expect: {{ allowed: yes }}\n");
    assert!(
        error_of(&never).starts_with("expect.allowed: expected a boolean"),
        "{}",
        error_of(&never)
    );
    assert!(matches!(outcome(&case(old)), Outcome::Passed));
}

/// Inputs the API server would refuse are refused with the CRD's own rules,
/// naming the field and the fix.
#[test]
fn inputs_that_break_the_crd_schema_are_refused() {
    let session = |spec: &str| {
        format!(
            "- name: n\n  script: idle\n  session: {{ metadata: {{ name: s }}, spec: {{ {spec} }} }}\n  expect: {{ action: none }}\n"
        )
    };
    let cases = [
        (
            session("user: Alice_Bad, template: firefox"),
            "session.spec.user: \"Alice_Bad\" is not a DNS label (lower case a-z, 0-9 and '-', starting and ending with a letter or digit, at most 63 characters), e.g. \"alice\"",
        ),
        (
            session("user: alice, template: Fire.fox"),
            "session.spec.template: \"Fire.fox\" is not a DNS subdomain",
        ),
        (
            session(&format!("user: {}, template: firefox", "a".repeat(64))),
            "session.spec.user: \"aaaa",
        ),
        (
            session("user: alice, template: firefox, idleTimeout: 30x"),
            "session.spec.idleTimeout: \"30x\" is not a duration (whole numbers with units h, m, s in that order), e.g. \"30m\", \"8h\", \"1h30m\"",
        ),
        (
            session("user: alice, template: firefox, maxSessionDuration: \"\""),
            "session.spec.maxSessionDuration: \"\" is not a duration",
        ),
        (
            session("user: alice, template: firefox, state: paused"),
            "session.spec.state: \"paused\" is not one of running, hibernated, terminated",
        ),
        (
            session("user: alice, template: firefox, persistentHome: \"yes\""),
            "session.spec.persistentHome: expected a boolean (true or false), got a string \"yes\"",
        ),
        (
            session("user: alice, template: firefox, idletimeout: 5m"),
            "session.spec.idletimeout: not a field here (fields: idleTimeout, maxSessionDuration, persistentHome, resources, state, tags, template, user)",
        ),
        (
            "- name: n\n  script: idle\n  session: { metadata: { name: s }, spec: { user: alice, template: firefox }, status: { lastActivity: yesterday } }\n  expect: { action: none }\n".to_owned(),
            "session.status.lastActivity: \"yesterday\" is not an RFC 3339 time",
        ),
        (
            "- name: n\n  script: idle\n  session: { metadata: { name: s }, spec: { user: alice, template: firefox }, status: { conditions: [{ type: Ready, status: \"True\", reason: Ok, message: \"\" }] } }\n  expect: { action: none }\n".to_owned(),
            "session.status.conditions[0].lastTransitionTime: is required; add it",
        ),
        (
            "- name: n\n  script: template\n  template: { metadata: { name: t }, spec: { displayName: T, baseImage: img, capabilities: [Sound] } }\n  expect: { valid: true }\n".to_owned(),
            "template.spec.capabilities[0]: \"Sound\" is not one of Network, Audio, Clipboard, USB, Printing",
        ),
        (
            "- name: n\n  script: template\n  template: { metadata: { name: t }, spec: { baseImage: img } }\n  expect: { valid: true }\n".to_owned(),
            "template.spec.displayName: is required; add it",
        ),
    ];
    for (yaml, wanted) in cases {
        let error = error_of(&yaml);
        assert!(
            error.starts_with(wanted),
            "\n got: {error}\nwant: {wanted}..."
        );
    }
    let two = session("user: Alice, template: firefox, idleTimeout: 30x");
    assert_eq!(
        error_of(&two).lines().count(),
        2,
        "every fault is listed: {}",
        error_of(&two)
    );
}

#[test]
fn malformed_fixture_files_are_reported_with_their_fault() {
    let not_yaml = parse_cases("- name: x\n  script: reconcile\n  expect: {").unwrap_err();
    assert!(
        not_yaml.starts_with("not a list of fixture cases"),
        "{not_yaml}"
    );
    let not_a_list = parse_cases("name: x\n").unwrap_err();
    assert!(
        not_a_list.starts_with("not a list of fixture cases"),
        "{not_a_list}"
    );

    let bad = |yaml: &str| -> BadCase {
        let mut cases = parse_cases(yaml).unwrap_or_else(|e| panic!("{e}"));
        cases.remove(0).expect_err("the case is refused")
    };
    let unknown_script = bad("- name: x\n  script: reconcil\n  expect: {}\n");
    assert_eq!(unknown_script.name.as_deref(), Some("x"));
    assert!(
        unknown_script
            .to_string()
            .starts_with("case 1 (\"x\"): script: unknown script \"reconcil\""),
        "{unknown_script}"
    );
    let asserts_nothing = bad("- name: anything goes\n  script: idle\n  expect: {}\n");
    assert_eq!(
        asserts_nothing.to_string(),
        "case 1 (\"anything goes\"): expect: {} asserts nothing; give the decision fields the \
         case must produce, such as `expect: { action: none }`; fix the fixture"
    );
    let unknown_field = bad("- script: idle\n  expected: {}\n");
    assert_eq!(unknown_field.label(), "case 1");
    assert!(
        unknown_field
            .to_string()
            .starts_with("case 1: expected: unknown field `expected`"),
        "{unknown_field}"
    );
}

/// A faulty case is reported on its own: the other cases of its file run.
#[test]
fn one_bad_case_does_not_hide_the_others_of_its_file() {
    let good = format!(
        "- name: good {{n}}\n  script: template\n  {TEMPLATE}\n  expect: {{ valid: true }}\n"
    );
    let text = format!(
        "{}- name: misspelt\n  script: idle\n  sesion: {{ metadata: {{ name: s }} }}\n  expect: {{ action: none }}\n{}",
        good.replace("{n}", "1"),
        good.replace("{n}", "3")
    );
    let files = [FixtureFile {
        path: PathBuf::from("mixed.yaml"),
        cases: parse_cases(&text),
    }];
    let reports = fixtures::run_files(&default_set(), &files);
    let summary: Vec<(&str, &str, bool)> = reports
        .iter()
        .map(|r| (r.file.as_str(), r.name.as_str(), r.passed()))
        .collect();
    assert_eq!(
        summary,
        [
            ("mixed.yaml", "good 1", true),
            ("mixed.yaml", "misspelt", false),
            ("mixed.yaml", "good 3", true),
        ]
    );
    match &reports[1].outcome {
        Outcome::Error(e) => assert!(
            e.starts_with("case 2 (\"misspelt\"): sesion: unknown field `sesion`, expected one of"),
            "{e}"
        ),
        other => panic!("expected an error, got {other:?}"),
    }
    let rendered = fixtures::render(&reports);
    assert!(
        rendered.contains("ERROR mixed.yaml :: misspelt"),
        "{rendered}"
    );
    assert!(rendered.ends_with("2 passed, 1 failed\n"), "{rendered}");
}
