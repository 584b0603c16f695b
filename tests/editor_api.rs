//! The editor API over HTTP, against the real `playground` binary on a
//! temporary copy of `scripts/` and `deploy/examples/`.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};

use streamspace_testkit::editor::{
    EDITOR, EditorClient, LiveLogs, Playground, VIEWER, WAIT, edited, image_changed,
};
use streamspace_testkit::operator_binary;
use streamspace_testkit::poll::eventually;

/// The stored scripts and version, from `GET /api/scripts`.
async fn current(api: &EditorClient) -> (String, BTreeMap<String, String>, Value) {
    let (status, body) = api.get("/api/scripts").await;
    assert_eq!(status, 200, "{body}");
    let scripts = body["scripts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_owned(),
                s["source"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (body["version"].as_str().unwrap().to_owned(), scripts, body)
}

async fn wait_running(api: &EditorClient, version: &str) {
    eventually(&format!("version {version} to run"), WAIT, || async {
        let (_, _, body) = current(api).await;
        (body["status"]["running"] == version && body["status"]["loaded"] == true).then_some(())
    })
    .await;
}

#[tokio::test]
async fn list_check_and_test() {
    let playground = Playground::start(operator_binary!(), "list", true).await;
    let api = playground.client(EDITOR);
    let (version, scripts, body) = current(&api).await;
    assert_eq!(body["mode"], "playground");
    assert_eq!(body["role"], "editor");
    assert!(scripts.contains_key("reconcile.rhai"));
    assert_eq!(scripts, playground.files());
    wait_running(&api, &version).await;
    assert_eq!(
        playground.client(VIEWER).get("/api/scripts").await.1["role"],
        "viewer"
    );
    let (status, _) = api.with_token(None).get("/api/scripts").await;
    assert_eq!(status, 401, "no token, no scripts");

    let broken = edited(
        &scripts,
        "idle.rhai",
        "let s = ctx.session;",
        "let s = ctx.session;\n    let x = (1 + ;",
    );
    let (status, check) = api
        .post("/api/scripts/check", &json!({ "scripts": broken }))
        .await;
    assert_eq!(status, 200);
    assert_eq!(check["ok"], false);
    let error = &check["errors"][0];
    assert_eq!(error["script"], "idle.rhai");
    assert!(
        error["line"].as_u64().unwrap() > 1 && error["column"].as_u64().unwrap() > 1,
        "{error}"
    );
    assert!(!error["message"].as_str().unwrap().is_empty());
    let (_, check) = api
        .post("/api/scripts/check", &json!({ "scripts": scripts }))
        .await;
    assert_eq!(
        (check["ok"].clone(), check["version"].clone()),
        (json!(true), json!(version))
    );

    let (status, test) = api
        .post("/api/scripts/test", &json!({ "scripts": scripts }))
        .await;
    assert_eq!(status, 200);
    assert_eq!(test["ok"], true, "{}", test["summary"]);
    let cases = test["cases"].as_array().unwrap();
    assert!(
        test["summary"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{} passed, 0 failed", cases.len()))
    );
    let (_, test) = api
        .post(
            "/api/scripts/test",
            &json!({ "scripts": image_changed(&scripts) }),
        )
        .await;
    assert_eq!(test["ok"], false);
    let failed: Vec<&Value> = test["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["outcome"] == "failed")
        .collect();
    assert!(
        !failed.is_empty()
            && failed[0]["mismatches"][0]
                .as_str()
                .unwrap()
                .contains("-pinned")
    );
}

#[tokio::test]
async fn dry_run() {
    let playground = Playground::start(operator_binary!(), "dryrun", true).await;
    let api = playground.client(VIEWER);
    let (version, scripts, _) = current(&api).await;
    wait_running(&api, &version).await;
    let (status, sessions) = api.get("/api/sessions").await;
    assert_eq!(status, 200);
    let sessions = sessions.as_array().unwrap().clone();
    assert!(
        sessions
            .iter()
            .any(|s| s["name"] == "alice-firefox-1a2b3c4d" && s["user"] == "alice")
    );
    assert!(
        sessions.iter().all(|s| s["scriptVersion"] == version),
        "the playground reconciles its examples"
    );
    let (_, rollout) = api.get("/api/rollout").await;
    assert_eq!(rollout["current"], version);
    assert_eq!(rollout["versions"][0]["sessions"], sessions.len());

    let alice = json!({ "namespace": "streamspace", "name": "alice-firefox-1a2b3c4d" });
    let (status, run) = api
        .post(
            "/api/scripts/dry-run",
            &json!({ "scripts": scripts, "session": alice }),
        )
        .await;
    assert_eq!(status, 200, "{run}");
    assert_eq!(run["ok"], true, "{run}");
    let children = run["childrenYaml"].as_str().unwrap();
    assert!(
        children.contains("kind: Deployment") && children.contains("name: alice-firefox-1a2b3c4d")
    );
    assert!(
        children.contains("app.kubernetes.io/managed-by: streamspace-operator"),
        "rendered as applied"
    );
    assert_eq!(run["diff"], "", "the running scripts decide the same");
    assert_eq!(run["status"]["phase"], "Pending");
    assert_eq!(run["decision"]["idle"]["action"], "none");
    assert_eq!(
        run["decision"]["admit"],
        json!({ "allowed": true, "message": "", "warnings": [] }),
        "alice's Sessions are within the examples' quota"
    );

    // The simulated clock: a day later the session has outlived its 8h.
    let later = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24);
    let request = json!({
        "scripts": image_changed(&scripts),
        "session": alice,
        "now": later.to_string(),
    });
    let (_, run) = api.post("/api/scripts/dry-run", &request).await;
    assert_eq!(run["decision"]["idle"]["action"], "terminate", "{run}");
    let diff = run["diff"].as_str().unwrap();
    assert!(
        diff.lines().any(|l| l.starts_with('+')
            && l.trim_end()
                .ends_with("image: lscr.io/linuxserver/firefox:latest-pinned")),
        "{diff}"
    );

    let pasted = concat!(
        "metadata: { name: zed-firefox-1, namespace: streamspace }\n",
        "spec: { user: zed, template: firefox }\n",
    );
    let (_, run) = api
        .post(
            "/api/scripts/dry-run",
            &json!({ "scripts": scripts, "sessionYaml": pasted }),
        )
        .await;
    assert_eq!(run["ok"], true, "{run}");
    assert!(
        run["childrenYaml"]
            .as_str()
            .unwrap()
            .contains("firefox:latest"),
        "the example Template is used"
    );
    // A second Firefox of alice's (the Template's 1000m and 2Gi beside her
    // running one's 500m and 2Gi; her hibernated VS Code holds no CPU or
    // memory but is one of her 3 Sessions) reaches the examples' quota of
    // 3 Sessions and 4Gi exactly: admitted, warned.
    let second = concat!(
        "metadata: { name: alice-firefox-2, namespace: streamspace }\n",
        "spec: { user: alice, template: firefox }\n",
    );
    let (_, run) = api
        .post(
            "/api/scripts/dry-run",
            &json!({ "scripts": scripts, "sessionYaml": second }),
        )
        .await;
    assert_eq!(
        run["decision"]["admit"],
        json!({ "allowed": true, "message": "", "warnings": [
            "at 100% of your Session quota (3 of 3)",
            "at 100% of your memory quota (4Gi of 4Gi)",
        ] }),
        "{run}"
    );
    let greedy = concat!(
        "metadata: { name: zed-firefox-2, namespace: streamspace }\n",
        "spec: { user: zed, template: firefox, resources: { cpu: \"8\" } }\n",
    );
    let (_, run) = api
        .post(
            "/api/scripts/dry-run",
            &json!({ "scripts": scripts, "sessionYaml": greedy }),
        )
        .await;
    assert_eq!(
        run["ok"], true,
        "admission does not stop the dry-run: {run}"
    );
    assert_eq!(run["decision"]["admit"]["allowed"], false, "{run}");
    assert_eq!(
        run["decision"]["admit"]["message"],
        "user zed would use 8 CPU of a 2 CPU quota (running: none)"
    );
    let mut without_admit = scripts.clone();
    without_admit.remove("admit.rhai");
    let (_, run) = api
        .post(
            "/api/scripts/dry-run",
            &json!({ "scripts": without_admit, "sessionYaml": greedy }),
        )
        .await;
    assert_eq!(run["ok"], true, "{run}");
    assert!(run["decision"].get("admit").is_none(), "{run}");
    let (status, _) = api
        .post(
            "/api/scripts/dry-run",
            &json!({ "scripts": scripts, "session": { "namespace": "x", "name": "nope" } }),
        )
        .await;
    assert_eq!(status, 404);

    // A connection event: autostart.rhai decides whether to wake the Session.
    let hibernated = json!({ "namespace": "streamspace", "name": "alice-vscode-9c0d1e2f" });
    let (_, run) = api
        .post(
            "/api/scripts/dry-run",
            &json!({ "scripts": scripts, "session": hibernated, "event": { "event": "connect" } }),
        )
        .await;
    assert_eq!(run["ok"], true, "{run}");
    let autostart = &run["decision"]["autostart"];
    assert_eq!(autostart["wake"], true, "{run}");
    assert!(
        autostart["reason"]
            .as_str()
            .unwrap()
            .contains("alice connected"),
        "the event's user defaults to the Session's: {run}"
    );
    assert!(
        run["decision"].get("idle").is_none(),
        "idle.rhai runs for running Sessions only"
    );
    assert_eq!(run["decision"]["template"]["valid"], true, "{run}");
    let (status, refused) = api
        .post(
            "/api/scripts/dry-run",
            &json!({ "scripts": scripts, "session": hibernated, "event": { "event": "knock" } }),
        )
        .await;
    assert_eq!(status, 400, "{refused}");

    // A Template alone: only its verdict.
    let template = concat!(
        "metadata: { name: broken, namespace: streamspace }\n",
        "spec: { displayName: Broken, baseImage: \"\" }\n",
    );
    let (status, run) = api
        .post(
            "/api/scripts/dry-run",
            &json!({ "scripts": scripts, "templateYaml": template }),
        )
        .await;
    assert_eq!(status, 200, "{run}");
    assert_eq!(run["ok"], true, "{run}");
    assert_eq!(
        run["decision"],
        json!({ "template": run["decision"]["template"] })
    );
    assert_eq!(run["decision"]["template"]["valid"], false);
    assert!(
        run["decision"]["template"]["message"]
            .as_str()
            .unwrap()
            .contains("spec.baseImage is required"),
        "{run}"
    );
    assert_eq!(run["childrenYaml"], "");
}

/// How many Templates `deploy/examples/` holds.
fn example_templates() -> usize {
    std::fs::read_dir("deploy/examples")
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .map(|text| {
            text.lines()
                .filter(|l| l.trim_end() == "kind: Template")
                .count()
        })
        .sum()
}

/// The part of an impact answer about `script`.
fn script_impact<'a>(impact: &'a Value, script: &str) -> &'a Value {
    impact["scripts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["script"] == script)
        .unwrap_or_else(|| panic!("{script} in {impact}"))
}

/// The change of `kind` and `field` in a script's impact.
fn change<'a>(report: &'a Value, kind: &str, field: &str) -> &'a Value {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == kind && c["field"] == field)
        .unwrap_or_else(|| panic!("a {kind} {field} change in {report}"))
}

#[tokio::test]
async fn impact_counts_what_each_script_changes() {
    let playground = Playground::start(operator_binary!(), "impact", true).await;
    let api = playground.client(VIEWER);
    let (version, scripts, _) = current(&api).await;
    wait_running(&api, &version).await;
    let (_, sessions) = api.get("/api/sessions").await;
    let sessions = sessions.as_array().unwrap().clone();
    let running = sessions.iter().filter(|s| s["state"] == "running").count();
    assert!(running > 0 && running < sessions.len(), "{sessions:?}");
    let impact_of = |scripts: BTreeMap<String, String>| {
        let api = &api;
        async move {
            let (status, impact) = api
                .post("/api/scripts/impact", &json!({ "scripts": scripts }))
                .await;
            assert_eq!(status, 200, "{impact}");
            impact
        }
    };

    let same = impact_of(scripts.clone()).await;
    assert_eq!(same["total"], sessions.len());
    assert_eq!(same["changed"], 0);
    assert_eq!(
        same["admission"],
        json!({ "script": "admit.rhai", "total": sessions.len(), "refused": [], "errors": [] }),
        "every example is within the examples' quotas"
    );
    // Refusing a Session at its limit, not only over it: bob's Chromium
    // takes his whole 2 CPU and 4Gi.
    let strict = edited(
        &scripts,
        "admit.rhai",
        "if used.total > max {",
        "if used.total >= max {",
    );
    let impact = impact_of(strict).await;
    assert_eq!(impact["changed"], 0, "{impact}");
    assert_eq!(
        impact["admission"]["refused"],
        json!([{
            "session": "streamspace/bob-chromium-5e6f7a8b",
            "message": "user bob would use 2 CPU of a 2 CPU quota (running: none)",
        }]),
        "{impact}"
    );
    let mut without_admit = scripts.clone();
    without_admit.remove("admit.rhai");
    assert_eq!(impact_of(without_admit).await["admission"], Value::Null);
    for (script, total) in [
        ("reconcile.rhai", sessions.len()),
        ("idle.rhai", running),
        ("template.rhai", example_templates()),
    ] {
        let report = script_impact(&same, script);
        assert_eq!(report["total"], total, "{script}: {report}");
        assert_eq!(
            (report["changed"].clone(), report["changes"].clone()),
            (json!(0), json!([])),
            "{script}"
        );
    }

    let impact = impact_of(image_changed(&scripts)).await;
    let reconcile = script_impact(&impact, "reconcile.rhai");
    let image = change(
        reconcile,
        "Deployment",
        "spec.template.spec.containers[0].image",
    );
    let with_deployment = image["count"].as_u64().unwrap();
    assert!(with_deployment >= 4, "{impact}");
    assert_eq!(reconcile["changed"], with_deployment);
    assert_eq!(impact["changed"], with_deployment);
    assert!(image["sampleDiff"].as_str().unwrap().contains("-pinned"));
    assert_eq!(script_impact(&impact, "idle.rhai")["changed"], 0);

    // Hibernating after 10 minutes instead of each Session's idleTimeout:
    // every running Session is checked again at another time.
    let shorter = edited(
        &scripts,
        "idle.rhai",
        "let timeout = parse_duration(s.spec.idleTimeout ?? \"30m\");",
        "let timeout = parse_duration(\"10m\");",
    );
    let impact = impact_of(shorter).await;
    assert_eq!(impact["changed"], running, "{impact}");
    assert_eq!(script_impact(&impact, "reconcile.rhai")["changed"], 0);
    let idle = script_impact(&impact, "idle.rhai");
    assert_eq!(idle["changed"], running, "{idle}");
    let check_after = change(idle, "idle", "check_after");
    assert_eq!(check_after["count"], running);
    let sample = check_after["sampleDiff"].as_str().unwrap();
    assert!(
        sample.lines().any(|l| l.starts_with("+check_after: "))
            && sample.contains(" idle (edited)"),
        "{sample}"
    );

    let renamed = edited(
        &scripts,
        "template.rhai",
        "message: \"Template is valid and ready to use\"",
        "message: \"Ready\"",
    );
    let impact = impact_of(renamed).await;
    assert_eq!(
        impact["changed"], 0,
        "no Session decision changes: {impact}"
    );
    let template = script_impact(&impact, "template.rhai");
    let message = change(template, "Template", "message");
    assert_eq!(
        message["count"],
        example_templates(),
        "every example is valid: {template}"
    );
    assert_eq!(template["changed"], message["count"]);
    assert!(
        message["sampleDiff"]
            .as_str()
            .unwrap()
            .contains("+message: Ready"),
        "{template}"
    );
}

#[tokio::test]
async fn save_conflict_history_and_rollback() {
    let playground = Playground::start(operator_binary!(), "save", true).await;
    let api = playground.client(EDITOR);
    let (first, scripts, _) = current(&api).await;
    wait_running(&api, &first).await;
    let tuned = edited(
        &scripts,
        "idle.rhai",
        "fn min_check() { 10 }",
        "fn min_check() { 10 } // tuned",
    );

    let save = |scripts: &BTreeMap<String, String>, message: &str| json!({ "scripts": scripts, "message": message });
    let (status, _) = api
        .post("/api/scripts/save", &save(&tuned, "no precondition"))
        .await;
    assert_eq!(status, 428);
    let (status, refused) = playground
        .client(VIEWER)
        .post_if_match("/api/scripts/save", &first, &save(&tuned, "viewer"))
        .await;
    assert_eq!(status, 403, "{refused}");

    let (status, saved) = api
        .post_if_match("/api/scripts/save", &first, &save(&tuned, "tune idle"))
        .await;
    assert_eq!(status, 200, "{saved}");
    let second = saved["version"].as_str().unwrap().to_owned();
    assert_ne!(second, first);
    assert_eq!(playground.files(), tuned, "the files are written");
    wait_running(&api, &second).await;

    let other = edited(
        &scripts,
        "idle.rhai",
        "fn min_check() { 10 }",
        "fn min_check() { 20 }",
    );
    let (status, conflict) = api
        .post_if_match("/api/scripts/save", &first, &save(&other, "stale"))
        .await;
    assert_eq!(status, 409, "{conflict}");
    assert_eq!(conflict["current"]["version"], second);
    assert_eq!(conflict["current"]["author"], "editor-token-1");
    assert_eq!(conflict["current"]["message"], "tune idle");
    assert_eq!(playground.files(), tuned, "nothing was overwritten");

    let broken = edited(&tuned, "idle.rhai", "fn idle(ctx) {", "fn idle(ctx) {{");
    let (status, refused) = api
        .post_if_match("/api/scripts/save", &second, &save(&broken, "broken"))
        .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["errors"][0]["script"], "idle.rhai");
    let (status, refused) = api
        .post_if_match(
            "/api/scripts/save",
            &second,
            &save(&image_changed(&tuned), "failing fixtures"),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        refused["tests"]["summary"]
            .as_str()
            .unwrap()
            .contains("failed"),
        "{refused}"
    );
    assert_eq!(playground.files(), tuned);

    let (_, history) = api.get("/api/scripts/history").await;
    let versions: Vec<(&str, bool)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["version"].as_str().unwrap(),
                h["current"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(versions, [(second.as_str(), true), (first.as_str(), false)]);
    let (status, old) = api.get(&format!("/api/scripts/history/{first}")).await;
    assert_eq!(status, 200);
    assert_eq!(old["scripts"]["idle.rhai"], scripts["idle.rhai"]);
    assert_eq!(api.get("/api/scripts/history/0123abcd").await.0, 404);

    let (status, _) = api
        .post_if_match(
            "/api/scripts/rollback",
            &first,
            &json!({ "version": first }),
        )
        .await;
    assert_eq!(status, 409, "a rollback names the stored version too");
    let (status, rolled) = api
        .post_if_match(
            "/api/scripts/rollback",
            &second,
            &json!({ "version": first }),
        )
        .await;
    assert_eq!(status, 200, "{rolled}");
    assert_eq!(rolled["version"], first);
    assert_eq!(playground.files(), scripts);
    wait_running(&api, &first).await;
    let (_, history) = api.get("/api/scripts/history").await;
    assert_eq!(history[0]["version"], first);
    assert_eq!(history[0]["current"], true);
    // The version keeps the record of its first save (here: made outside
    // the editor); the rollback is recorded beside it.
    assert!(
        history[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("changed outside the editor"),
        "{history}"
    );
    assert_eq!(
        history[0]["restored"]["message"],
        format!("Roll back to {first}")
    );
    assert_eq!(history[0]["restored"]["author"], "editor-token-1");
    assert!(
        history[1].get("restored").is_none(),
        "{history}: version {second} was saved once"
    );

    // The history is kept in the directory, one file per version.
    let entries = std::fs::read_dir(playground.scripts_dir().join(".history"))
        .unwrap()
        .count();
    assert_eq!(entries, 2);
}

#[tokio::test]
async fn the_printed_sign_in_link_edits_and_keeps_its_token_in_the_fragment() {
    let mut playground = Playground::start(operator_binary!(), "token", false).await;
    let stdout = playground.child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let link = loop {
        let line = lines.next_line().await.unwrap().expect("the editor line");
        if let Some(rest) = line.trim().strip_prefix("editor:") {
            break rest.trim().to_owned();
        }
    };
    // The fragment is never sent: the token stays out of request lines and
    // server logs.
    let (page, token) = link
        .split_once("/#token=")
        .unwrap_or_else(|| panic!("the printed link {link} holds no #token="));
    assert_eq!(page, playground.base);
    let (status, body) = playground.client(token).get("/api/scripts").await;
    assert_eq!(status, 200);
    assert_eq!(body["role"], "editor");
    assert_eq!(playground.client(EDITOR).get("/api/scripts").await.0, 401);
    assert!(
        !playground.log().contains(token),
        "the playground logged its token"
    );
}

#[tokio::test]
async fn script_logs_reach_the_live_log_with_their_session_and_script() {
    let playground = Playground::start(operator_binary!(), "logs", true).await;
    let api = playground.client(EDITOR);
    let (first, scripts, _) = current(&api).await;
    wait_running(&api, &first).await;
    let (logs, _) = LiveLogs::connect(&playground.base, VIEWER).await;

    // A reload reconciles every example again, as the operator does.
    let marker = format!(
        "reconciling, noted by the live-log test {}",
        std::process::id()
    );
    let logging = edited(
        &scripts,
        "reconcile.rhai",
        "fn reconcile(ctx) {",
        &format!("fn reconcile(ctx) {{\n    log_info(\"{marker}\");"),
    );
    let (status, saved) = api
        .post_if_match(
            "/api/scripts/save",
            &first,
            &json!({ "scripts": logging, "message": "log each reconcile" }),
        )
        .await;
    assert_eq!(status, 200, "{saved}");
    let record = logs
        .record(|r| {
            r["message"] == marker.as_str() && r["session"] == "streamspace/alice-firefox-1a2b3c4d"
        })
        .await;
    assert_eq!(record["level"], "info");
    assert_eq!(record["target"], "script");
    assert_eq!(record["script"], "reconcile.rhai");
    assert_eq!(record["version"], saved["version"]);
}
