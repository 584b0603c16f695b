//! The offline commands, run as a user would run them.

use std::path::Path;
use std::process::{Command, Output};

fn operator(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_streamspace-operator"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("streamspace-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_scripts(to: &Path) {
    for entry in std::fs::read_dir("scripts").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rhai") {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn check_accepts_the_default_scripts() {
    let out = operator(&["check", "scripts"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("ok: "),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn check_says_a_set_without_admit_admits_every_session() {
    let with = operator(&["check", "scripts"]);
    assert!(
        !text(&with.stdout).contains("admit"),
        "{}",
        text(&with.stdout)
    );
    let dir = temp_dir("no-admit");
    copy_scripts(&dir);
    std::fs::remove_file(dir.join("admit.rhai")).unwrap();
    let without = operator(&["check", dir.to_str().unwrap()]);
    let stdout = text(&without.stdout);
    assert!(without.status.success(), "{}", text(&without.stderr));
    assert_eq!(
        stdout.lines().nth(1),
        Some("no admit.rhai: every Session is admitted"),
        "{stdout}"
    );
}

#[test]
fn check_reports_every_broken_script_and_fails() {
    let dir = temp_dir("check");
    copy_scripts(&dir);
    std::fs::write(dir.join("idle.rhai"), "fn idle(ctx) {\n  #{ action: \n}\n").unwrap();
    std::fs::remove_file(dir.join("template.rhai")).unwrap();
    let out = operator(&["check", dir.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.lines().any(|l| l.starts_with("idle.rhai:3:")),
        "{stderr}"
    );
    assert!(
        stderr.contains("template.rhai: missing from the script set"),
        "{stderr}"
    );
    assert!(stderr.contains("2 error(s)"), "{stderr}");
}

#[test]
fn check_gives_every_error_its_position() {
    let dir = temp_dir("positions");
    copy_scripts(&dir);
    let template = std::fs::read_to_string(dir.join("template.rhai")).unwrap();
    std::fs::write(
        dir.join("template.rhai"),
        format!("import \"nope\" as nope;\n{template}"),
    )
    .unwrap();
    std::fs::write(
        dir.join("lib.orphan.rhai"),
        "fn f() { 1 }\nimport \"lib.gone\" as gone;\n",
    )
    .unwrap();
    let out = operator(&["check", dir.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    let (summary, errors) = lines.split_last().unwrap();
    assert!(summary.starts_with("2 error(s) in "), "{stderr}");
    let positions: Vec<(&str, &str, &str)> = errors
        .iter()
        .filter_map(|line| {
            let mut parts = line.splitn(4, ':');
            Some((parts.next()?, parts.next()?, parts.next()?))
        })
        .collect();
    assert_eq!(
        positions,
        [("lib.orphan.rhai", "2", "8"), ("template.rhai", "1", "8")],
        "{stderr}"
    );
}

#[test]
fn test_runs_fixtures_prints_a_summary_and_writes_junit() {
    let dir = temp_dir("junit");
    let junit = dir.join("report.xml");
    let out = operator(&["test", "scripts", "--junit", junit.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let summary = stdout.lines().last().unwrap();
    assert!(summary.ends_with("passed, 0 failed"), "{summary}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("<testsuite name=\"reconcile.yaml\""), "{xml}");
    assert!(!xml.contains("<failure"), "{xml}");
}

#[test]
fn test_fails_with_a_diff_when_a_fixture_fails() {
    let dir = temp_dir("fail");
    copy_scripts(&dir);
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    std::fs::write(
        dir.join("tests/bad.yaml"),
        "- name: expects the wrong verdict\n  script: template\n  template: { metadata: { name: t }, spec: { displayName: T, baseImage: img } }\n  expect: { valid: false }\n",
    )
    .unwrap();
    let out = operator(&["test", dir.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("FAIL bad.yaml :: expects the wrong verdict"),
        "{stdout}"
    );
    assert!(
        stdout.contains("valid: expected false, got true"),
        "{stdout}"
    );
    assert!(
        stdout.contains("-valid: false") && stdout.contains("+valid: true"),
        "{stdout}"
    );
    assert!(
        stdout.trim_end().ends_with("0 passed, 1 failed"),
        "{stdout}"
    );
}

#[test]
fn eval_prints_the_decision_as_yaml() {
    let out = operator(&[
        "eval",
        "scripts",
        "--script",
        "reconcile",
        "--session",
        "deploy/examples/session-firefox.yaml",
        "--template",
        "deploy/examples/template-firefox.yaml",
        "--now",
        "2026-01-01T12:00:00Z",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let decision: serde_json::Value = serde_saphyr::from_str(&text(&out.stdout)).unwrap();
    let kinds: Vec<&str> = decision["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"Deployment") && kinds.contains(&"Service"),
        "{kinds:?}"
    );
    assert_eq!(decision["status"]["phase"], "Pending");
}

#[test]
fn eval_runs_admit_with_the_users_other_sessions_and_quota() {
    let dir = temp_dir("eval-admit");
    let others = dir.join("sessions.yaml");
    std::fs::write(
        &others,
        "metadata: { name: alice-code-1, namespace: streamspace }\nspec: { user: alice, template: vscode, resources: { cpu: \"1\" } }\n---\nmetadata: { name: bob-code-1, namespace: streamspace }\nspec: { user: bob, template: vscode, resources: { cpu: \"8\" } }\n",
    )
    .unwrap();
    let quota = dir.join("quota.yaml");
    std::fs::write(&quota, "cpu: 1200m\n").unwrap();
    let admit = |extra: &[&str]| {
        let mut args = vec![
            "eval",
            "scripts",
            "--script",
            "admit",
            "--session",
            "deploy/examples/session-firefox.yaml",
            "--template",
            "deploy/examples/template-firefox.yaml",
            "--sessions",
            others.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        operator(&args)
    };
    let out = admit(&["--quota", quota.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let decision: serde_json::Value = serde_saphyr::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(decision["allowed"], false, "{decision}");
    assert_eq!(
        decision["message"],
        "user alice would use 1.5 CPU of a 1.2 CPU quota (running: alice-code-1 1 CPU)"
    );

    let out = admit(&[]);
    let decision: serde_json::Value = serde_saphyr::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(decision["allowed"], true, "{decision}");

    let out = admit(&["--operation", "UPDATE"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("old_session: an UPDATE changes a stored Session"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn eval_refuses_bad_input_clearly() {
    let out = operator(&["eval", "scripts", "--script", "reconcil"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown script \"reconcil\""),
        "{}",
        text(&out.stderr)
    );

    let dir = temp_dir("eval");
    let broken = dir.join("session.yaml");
    std::fs::write(&broken, "spec: [unclosed").unwrap();
    let out = operator(&[
        "eval",
        "scripts",
        "--script",
        "idle",
        "--session",
        broken.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("session.yaml: not valid YAML"),
        "{}",
        text(&out.stderr)
    );

    let out = operator(&["eval", "scripts", "--script", "idle"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("session: the idle script needs a session"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn eval_refuses_inputs_the_crd_would_refuse() {
    let dir = temp_dir("eval-crd");
    let session = dir.join("session.yaml");
    std::fs::write(
        &session,
        "metadata: { name: s }\nspec: { user: Alice_Bad, template: firefox, idleTimeout: 30x }\n",
    )
    .unwrap();
    let out = operator(&[
        "eval",
        "scripts",
        "--script",
        "idle",
        "--session",
        session.to_str().unwrap(),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("session.spec.user: \"Alice_Bad\" is not a DNS label"),
        "{stderr}"
    );
    assert!(
        stderr.contains("session.spec.idleTimeout: \"30x\" is not a duration"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "no decision is printed");
}

#[test]
fn crd_prints_both_definitions() {
    let out = operator(&["crd"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout.contains("name: sessions.stream.space"));
    assert!(stdout.contains("name: templates.stream.space"));
}

/// Logs go to stderr as text without colour codes when it is not a
/// terminal (a file, `kubectl logs`), or as one JSON object per line.
#[test]
fn logs_are_plain_text_off_a_terminal_or_json_lines() {
    // Without its Template, the default reconcile logs a warning.
    let eval = ["eval", "scripts", "--script", "reconcile"];
    let session = ["--session", "deploy/examples/session-firefox.yaml"];
    let warning = "not found";

    let out = operator(&[&eval[..], &session[..]].concat());
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.contains(warning))
        .unwrap_or_else(|| panic!("the warning is logged:\n{stderr}"));
    assert!(line.contains("WARN"), "{line}");
    assert!(!stderr.contains('\u{1b}'), "no colour codes: {stderr:?}");

    let out = operator(&[&eval[..], &session[..], &["--log-format", "json"]].concat());
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let records: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?} is not JSON: {e}")))
        .collect();
    let record = records
        .iter()
        .find(|r| {
            r["fields"]["message"]
                .as_str()
                .is_some_and(|m| m.contains(warning))
        })
        .unwrap_or_else(|| panic!("the warning is a JSON record:\n{stderr}"));
    assert_eq!(record["level"], "WARN");
    assert_eq!(record["target"], "script");
    assert_eq!(record["fields"]["script"], "reconcile.rhai");
}
