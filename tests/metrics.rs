//! `/metrics` of the real operator binary, running against the fake API
//! server (or `STREAMSPACE_TEST_KUBECONFIG`): after a Template, Sessions, an
//! idle hibernation, a wake, heartbeats and a failed reload, the scrape is
//! parsed as the Prometheus text exposition format (0.0.4) and checked for
//! StreamSpace's metric names, types and labels, the script host's own
//! metrics, process metrics, and label values that stay bounded (no Session
//! name, user or free text).
//!
//! The parser is written here, strictly to the format's specification
//! (<https://prometheus.io/docs/instrumenting/exposition_formats/>), rather
//! than with the `prometheus-parse` crate: that crate skips lines it cannot
//! parse and splits labels at every comma, so a malformed exposition would
//! pass. This one rejects any line that is not a HELP, TYPE, comment or
//! well-formed sample, a sample before its TYPE, a family split in two, a
//! repeated series, and histograms whose buckets are not cumulative or lack
//! `+Inf` = `_count`.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use kube::api::{Api, Patch, PatchParams, PostParams};
use serde_json::json;
use streamspace_operator::crd::{Session, SessionPhase, Template};
use streamspace_operator::metrics::Metrics;

use streamspace_testkit::operator::{Http, OperatorProcess, TOKEN, put_scripts, scripts};
use streamspace_testkit::poll::eventually;
use streamspace_testkit::{TestCluster, operator_binary};

const WAIT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------
// The text format.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MetricType {
    Counter,
    Gauge,
    Histogram,
    Summary,
    Untyped,
}

#[derive(Debug, Clone, PartialEq)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

#[derive(Debug)]
struct Family {
    help: Option<String>,
    kind: MetricType,
    samples: Vec<Sample>,
}

fn is_metric_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn is_label_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn parse_value(s: &str) -> Result<f64, String> {
    match s {
        "+Inf" => Ok(f64::INFINITY),
        "-Inf" => Ok(f64::NEG_INFINITY),
        "NaN" => Ok(f64::NAN),
        _ => s
            .parse::<f64>()
            .ok()
            .filter(|_| !s.eq_ignore_ascii_case("inf") && !s.eq_ignore_ascii_case("infinity"))
            .ok_or_else(|| format!("{s:?} is not a sample value")),
    }
}

/// The family a sample belongs to: histograms and summaries add suffixes.
fn family_of<'a>(name: &'a str, families: &BTreeMap<String, Family>) -> &'a str {
    for suffix in ["_bucket", "_sum", "_count"] {
        if let Some(base) = name.strip_suffix(suffix)
            && families
                .get(base)
                .is_some_and(|f| matches!(f.kind, MetricType::Histogram | MetricType::Summary))
        {
            return base;
        }
    }
    name
}

/// `{a="x",b="y"}` (the braces included) → labels; the rest of the line.
fn parse_labels(text: &str) -> Result<(BTreeMap<String, String>, &str), String> {
    let mut labels = BTreeMap::new();
    let mut rest = text.strip_prefix('{').ok_or("labels must start with {")?;
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        if let Some(after) = rest.strip_prefix('}') {
            return Ok((labels, after));
        }
        let eq = rest.find('=').ok_or("a label without =")?;
        let name = rest[..eq].trim();
        if !is_label_name(name) {
            return Err(format!("{name:?} is not a label name"));
        }
        rest = rest[eq + 1..].trim_start_matches([' ', '\t']);
        rest = rest
            .strip_prefix('"')
            .ok_or_else(|| format!("label {name}: the value must be quoted"))?;
        let mut value = String::new();
        let mut chars = rest.char_indices();
        let end = loop {
            match chars.next() {
                Some((_, '\\')) => match chars.next() {
                    Some((_, '\\')) => value.push('\\'),
                    Some((_, '"')) => value.push('"'),
                    Some((_, 'n')) => value.push('\n'),
                    other => return Err(format!("label {name}: bad escape {other:?}")),
                },
                Some((i, '"')) => break i,
                Some((_, '\n')) | None => return Err(format!("label {name}: unterminated value")),
                Some((_, c)) => value.push(c),
            }
        };
        if labels.insert(name.to_owned(), value).is_some() {
            return Err(format!("label {name} repeated"));
        }
        rest = rest[end + 1..].trim_start_matches([' ', '\t']);
        if let Some(after) = rest.strip_prefix(',') {
            rest = after;
        } else if !rest.starts_with('}') {
            return Err("labels must be separated by ,".into());
        }
    }
}

fn unescape_help(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('\\') => out.push('\\'),
                Some('n') => out.push('\n'),
                other => return Err(format!("bad escape {other:?} in HELP")),
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// Parses a whole exposition.
fn parse_exposition(text: &str) -> Result<BTreeMap<String, Family>, String> {
    let mut families: BTreeMap<String, Family> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut series = BTreeSet::new();
    for (number, line) in text.lines().enumerate() {
        let at = |e: String| format!("line {}: {e}: {line:?}", number + 1);
        if line.trim().is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let mut words = comment.trim_start().splitn(3, [' ', '\t']);
            match words.next() {
                Some("HELP") => {
                    let name = words
                        .next()
                        .ok_or_else(|| at("HELP without a name".into()))?;
                    if !is_metric_name(name) {
                        return Err(at(format!("{name:?} is not a metric name")));
                    }
                    let help = unescape_help(words.next().unwrap_or_default()).map_err(at)?;
                    let family = families.entry(name.to_owned()).or_insert(Family {
                        help: None,
                        kind: MetricType::Untyped,
                        samples: Vec::new(),
                    });
                    if family.help.replace(help).is_some() {
                        return Err(at(format!("a second HELP for {name}")));
                    }
                }
                Some("TYPE") => {
                    let name = words
                        .next()
                        .ok_or_else(|| at("TYPE without a name".into()))?;
                    let kind = match words.next().map(str::trim) {
                        Some("counter") => MetricType::Counter,
                        Some("gauge") => MetricType::Gauge,
                        Some("histogram") => MetricType::Histogram,
                        Some("summary") => MetricType::Summary,
                        Some("untyped") => MetricType::Untyped,
                        other => return Err(at(format!("unknown type {other:?}"))),
                    };
                    let family = families.entry(name.to_owned()).or_insert(Family {
                        help: None,
                        kind: MetricType::Untyped,
                        samples: Vec::new(),
                    });
                    if !family.samples.is_empty() {
                        return Err(at(format!("TYPE of {name} after its samples")));
                    }
                    if order.contains(&name.to_owned()) {
                        return Err(at(format!("a second TYPE for {name}")));
                    }
                    family.kind = kind;
                    order.push(name.to_owned());
                }
                // Any other comment is allowed and ignored.
                _ => {}
            }
            continue;
        }
        // A sample: name, optional labels, value, optional timestamp.
        let name_end = line
            .find(['{', ' ', '\t'])
            .ok_or_else(|| at("a sample without a value".into()))?;
        let name = &line[..name_end];
        if !is_metric_name(name) {
            return Err(at(format!("{name:?} is not a metric name")));
        }
        let (labels, rest) = if line[name_end..].starts_with('{') {
            parse_labels(&line[name_end..]).map_err(at)?
        } else {
            (BTreeMap::new(), &line[name_end..])
        };
        let mut fields = rest.split_whitespace();
        let value = parse_value(fields.next().ok_or_else(|| at("no value".into()))?).map_err(at)?;
        if let Some(timestamp) = fields.next() {
            timestamp
                .parse::<i64>()
                .map_err(|_| at(format!("{timestamp:?} is not a timestamp")))?;
        }
        if fields.next().is_some() {
            return Err(at("trailing text after the sample".into()));
        }
        let family_name = family_of(name, &families).to_owned();
        // All lines of a family form one group: a family whose samples
        // started must be the last one typed or sampled.
        if order.last() != Some(&family_name) {
            if order.contains(&family_name) {
                return Err(at(format!("{family_name} is split into two groups")));
            }
            order.push(family_name.clone());
        }
        if !series.insert((name.to_owned(), labels.clone())) {
            return Err(at("a repeated series".into()));
        }
        families
            .entry(family_name)
            .or_insert(Family {
                help: None,
                kind: MetricType::Untyped,
                samples: Vec::new(),
            })
            .samples
            .push(Sample {
                name: name.to_owned(),
                labels,
                value,
            });
    }
    for (name, family) in &families {
        check_family(name, family)?;
    }
    Ok(families)
}

/// Per-type rules: counters are named as such and never negative; each
/// histogram series has cumulative buckets ending at `+Inf` = `_count`.
fn check_family(name: &str, family: &Family) -> Result<(), String> {
    match family.kind {
        MetricType::Counter | MetricType::Gauge | MetricType::Untyped => {
            for sample in &family.samples {
                if sample.name != name {
                    return Err(format!("{}: not a sample name of {name}", sample.name));
                }
                // NaN is not a count either.
                if family.kind == MetricType::Counter
                    && (sample.value.is_nan() || sample.value < 0.0)
                {
                    return Err(format!("counter {name} is {}", sample.value));
                }
            }
        }
        MetricType::Histogram => {
            let mut by_series: BTreeMap<BTreeMap<String, String>, Vec<&Sample>> = BTreeMap::new();
            for sample in &family.samples {
                let mut key = sample.labels.clone();
                key.remove("le");
                by_series.entry(key).or_default().push(sample);
            }
            for (labels, samples) in by_series {
                let mut buckets: Vec<(f64, f64)> = Vec::new();
                let (mut sum, mut count) = (None, None);
                for sample in samples {
                    match sample.name.strip_prefix(name) {
                        Some("_bucket") => {
                            let le = sample
                                .labels
                                .get("le")
                                .ok_or_else(|| format!("{name}_bucket without le"))?;
                            buckets.push((parse_value(le)?, sample.value));
                        }
                        Some("_sum") => sum = Some(sample.value),
                        Some("_count") => count = Some(sample.value),
                        _ => return Err(format!("{}: not a sample of {name}", sample.name)),
                    }
                }
                let (Some(_), Some(count)) = (sum, count) else {
                    return Err(format!("{name}{labels:?}: no _sum or _count"));
                };
                let sorted = buckets
                    .windows(2)
                    .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1);
                if !sorted {
                    return Err(format!("{name}{labels:?}: buckets not cumulative"));
                }
                match buckets.last() {
                    Some((le, n)) if le.is_infinite() && *n == count => {}
                    _ => return Err(format!("{name}{labels:?}: no +Inf bucket equal to _count")),
                }
            }
        }
        MetricType::Summary => {}
    }
    Ok(())
}

#[test]
fn the_parser_rejects_malformed_expositions() {
    let good = "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"1\",y=\"a\\\"b\"} 3\n\
                # TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3.5\nh_count 2\n";
    let families = parse_exposition(good).expect("a valid exposition");
    assert_eq!(families["a_total"].samples[0].labels["y"], "a\"b");
    assert_eq!(families["h"].kind, MetricType::Histogram);
    for bad in [
        "a_total{x=1} 3\n",                                               // unquoted value
        "a_total{x=\"1\" 3\n",                                            // unterminated labels
        "a_total 3 4 5\n",                                                // trailing text
        "a_total three\n",                                                // bad value
        "a_total 1\n# TYPE a_total counter\n",                            // TYPE after samples
        "a 1\nb 1\na{x=\"2\"} 1\n",                                       // split family
        "a 1\na 2\n",                                                     // repeated series
        "# TYPE c counter\nc -1\n",                                       // negative counter
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", // no +Inf
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
        "# TYPE g gauge\n# TYPE g gauge\ng 1\n", // two TYPEs
        "1bad 1\n",                              // bad name
        "a{x=\"1\",x=\"2\"} 1\n",                // repeated label
    ] {
        assert!(parse_exposition(bad).is_err(), "accepted: {bad:?}");
    }
}

// ---------------------------------------------------------------------------
// The operator's metrics.

/// `(family, type, label names)` the operator must export; label names
/// exclude histograms' `le`.
const EXPECTED: &[(&str, MetricType, &[&str])] = &[
    // StreamSpace's names, meaning what they meant there.
    (
        "streamspace_session_reconciliations_total",
        MetricType::Counter,
        &["namespace", "result"],
    ),
    (
        "streamspace_session_reconciliation_duration_seconds",
        MetricType::Histogram,
        &["namespace"],
    ),
    (
        "streamspace_sessions_total",
        MetricType::Gauge,
        &["namespace", "state"],
    ),
    // The operator's own views of Sessions.
    (
        "streamspace_sessions_by_phase",
        MetricType::Gauge,
        &["namespace", "phase"],
    ),
    (
        "streamspace_sessions_pending_oldest_seconds",
        MetricType::Gauge,
        &["namespace"],
    ),
    (
        "streamspace_template_validations_total",
        MetricType::Counter,
        &["namespace", "result"],
    ),
    (
        "streamspace_hibernation_events_total",
        MetricType::Counter,
        &["namespace", "reason"],
    ),
    (
        "streamspace_termination_events_total",
        MetricType::Counter,
        &["namespace", "reason"],
    ),
    (
        "streamspace_wake_events_total",
        MetricType::Counter,
        &["namespace"],
    ),
    (
        "streamspace_session_idle_duration_seconds",
        MetricType::Histogram,
        &["namespace"],
    ),
    // The script host's own.
    (
        "streamspace_script_evaluations_total",
        MetricType::Counter,
        &["result", "script"],
    ),
    (
        "streamspace_script_evaluation_duration_seconds",
        MetricType::Histogram,
        &["result", "script"],
    ),
    (
        "streamspace_script_reloads_total",
        MetricType::Counter,
        &["result"],
    ),
    ("streamspace_script_load_failing", MetricType::Gauge, &[]),
    (
        "streamspace_script_version_info",
        MetricType::Gauge,
        &["version"],
    ),
    (
        "streamspace_sessions_by_script_version",
        MetricType::Gauge,
        &["version"],
    ),
    (
        "streamspace_child_writes_total",
        MetricType::Counter,
        &["kind", "result"],
    ),
    (
        "streamspace_heartbeats_received_total",
        MetricType::Counter,
        &[],
    ),
    (
        "streamspace_heartbeat_writes_total",
        MetricType::Counter,
        &[],
    ),
    ("streamspace_log_clients", MetricType::Gauge, &[]),
    (
        "streamspace_admissions_total",
        MetricType::Counter,
        &["operation", "result"],
    ),
    (
        "streamspace_admission_duration_seconds",
        MetricType::Histogram,
        &["operation"],
    ),
    (
        "streamspace_quota_reloads_total",
        MetricType::Counter,
        &["result"],
    ),
    // Process metrics.
    ("process_cpu_seconds_total", MetricType::Counter, &[]),
    ("process_resident_memory_bytes", MetricType::Gauge, &[]),
    ("process_virtual_memory_bytes", MetricType::Gauge, &[]),
    ("process_open_fds", MetricType::Gauge, &[]),
    ("process_max_fds", MetricType::Gauge, &[]),
    ("process_start_time_seconds", MetricType::Gauge, &[]),
];

/// Every family the operator registers is in [`EXPECTED`] with its type
/// and labels, so the scrape below checks each new metric too.
#[test]
fn every_registered_family_is_expected() {
    use prometheus::proto::MetricType as Registered;
    let mut problems = Vec::new();
    for family in Metrics::new().families() {
        let Some((_, kind, labels)) = EXPECTED.iter().find(|(name, ..)| *name == family.name)
        else {
            if family.name.starts_with("streamspace_") {
                problems.push(format!("{} is not in EXPECTED", family.name));
            }
            continue;
        };
        let registered = match family.kind {
            Registered::COUNTER => MetricType::Counter,
            Registered::GAUGE => MetricType::Gauge,
            Registered::HISTOGRAM => MetricType::Histogram,
            Registered::SUMMARY => MetricType::Summary,
            Registered::UNTYPED => MetricType::Untyped,
        };
        let mut names: Vec<&str> = family.labels.iter().map(String::as_str).collect();
        names.sort_unstable();
        if (registered, names.as_slice()) != (*kind, *labels) {
            problems.push(format!(
                "{}: registered as {registered:?} {names:?}, EXPECTED says {kind:?} {labels:?}",
                family.name
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every value a bounded label may take (namespace and version are checked
/// apart: the test's namespace, and content hashes).
fn allowed_values(label: &str) -> Option<&'static [&'static str]> {
    Some(match label {
        "result" => &[
            "success", "error", "failure", "ok", "rejected", "valid", "invalid", "applied",
            "skipped", "deleted", "allowed", "denied",
        ],
        "operation" => &["CREATE", "UPDATE", "DELETE", "CONNECT"],
        "state" => &["running", "hibernated", "terminated"],
        "phase" => &[
            "Pending",
            "Running",
            "Hibernated",
            "Failed",
            "Terminated",
            "None",
        ],
        "script" => &[
            "reconcile.rhai",
            "idle.rhai",
            "autostart.rhai",
            "template.rhai",
            "admit.rhai",
        ],
        "kind" => &["Deployment", "Service", "PersistentVolumeClaim", "Ingress"],
        // The idle policy's reasons pass only as short slugs, else "other".
        "reason" => &["idle", "max-duration", "other"],
        _ => return None,
    })
}

async fn create_template(cluster: &TestCluster) {
    let template: Template = serde_json::from_value(json!({
        "apiVersion": "stream.space/v1alpha1", "kind": "Template",
        "metadata": { "name": "firefox" },
        "spec": { "displayName": "Firefox", "baseImage": "lscr.io/linuxserver/firefox:latest",
                  "kasmvnc": { "enabled": true, "port": 3000 } }
    }))
    .expect("a Template");
    Api::<Template>::namespaced(cluster.client(), cluster.namespace())
        .create(&PostParams::default(), &template)
        .await
        .expect("create the Template");
}

async fn create_session(cluster: &TestCluster, name: &str, user: &str, limits: Limits<'_>) {
    let session: Session = serde_json::from_value(json!({
        "apiVersion": "stream.space/v1alpha1", "kind": "Session",
        "metadata": { "name": name },
        "spec": { "user": user, "template": "firefox", "idleTimeout": limits.idle,
                  "maxSessionDuration": limits.max }
    }))
    .expect("a Session");
    Api::<Session>::namespaced(cluster.client(), cluster.namespace())
        .create(&PostParams::default(), &session)
        .await
        .expect("create the Session");
}

/// A Session's `idleTimeout` and `maxSessionDuration`.
#[derive(Clone, Copy)]
struct Limits<'a> {
    idle: &'a str,
    max: &'a str,
}

async fn scrape(operator: &OperatorProcess) -> (String, BTreeMap<String, Family>) {
    let (status, body) = Http::new()
        .get(&format!("{}/metrics", operator.base()), None)
        .await;
    assert_eq!(status, 200, "GET /metrics: {body}");
    let families = parse_exposition(&body)
        .unwrap_or_else(|e| panic!("/metrics is not valid Prometheus text: {e}\n{body}"));
    (body, families)
}

fn value(families: &BTreeMap<String, Family>, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let family = families.get(name)?;
    family
        .samples
        .iter()
        .find(|s| {
            s.name == name
                && s.labels.len() == labels.len()
                && labels
                    .iter()
                    .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(v))
        })
        .map(|s| s.value)
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_are_prometheus_text_with_streamspace_names_and_bounded_labels() {
    let cluster = TestCluster::start().await;
    let ns = cluster.namespace().to_owned();
    put_scripts(&cluster, &scripts(&[])).await;
    create_template(&cluster).await;
    let operator = OperatorProcess::start(&cluster, operator_binary!(), &[]).await;

    // Users and Session names that must never show up as label values.
    // alice stays, bob goes idle and is woken, carol outlives her maximum.
    let sessions = [
        (
            "alice-firefox-1a2b3c4d",
            "alice",
            Limits {
                idle: "30m",
                max: "8h",
            },
        ),
        (
            "bob-firefox-9f8e7d6c",
            "bob",
            Limits {
                idle: "2s",
                max: "8h",
            },
        ),
        (
            "carol-firefox-5e6f7a8b",
            "carol",
            Limits {
                idle: "30m",
                max: "2s",
            },
        ),
    ];
    for (name, user, limits) in sessions {
        create_session(&cluster, name, user, limits).await;
    }
    let http = Http::new();
    let session_url = |name: &str, what: &str| {
        format!(
            "{}/api/v1/namespaces/{ns}/sessions/{name}/{what}",
            operator.base()
        )
    };
    // A heartbeat for alice, once the operator's cache has her Session
    // (until then it answers 404, as for any Session it does not know).
    eventually("alice's heartbeat to be accepted", WAIT, || async {
        let (status, _) = http
            .post(
                &session_url("alice-firefox-1a2b3c4d", "activity"),
                Some(TOKEN),
                "{}",
            )
            .await;
        (status == 200).then_some(())
    })
    .await;
    // An annotation on alice's Session reconciles it again once her
    // Deployment exists: its children are unchanged, so their writes are
    // skipped (the echoes of the operator's own writes reconcile nothing).
    let deployments = Api::<Deployment>::namespaced(cluster.client(), &ns);
    eventually("alice's Deployment", WAIT, || async {
        deployments
            .get_opt("alice-firefox-1a2b3c4d")
            .await
            .ok()
            .flatten()
    })
    .await;
    Api::<Session>::namespaced(cluster.client(), &ns)
        .patch(
            "alice-firefox-1a2b3c4d",
            &PatchParams::default(),
            &Patch::Merge(json!({ "metadata": { "annotations": { "team": "blue" } } })),
        )
        .await
        .unwrap();
    // bob's session goes idle (2s; the default policy checks every 10s at
    // most), then bob connects and it wakes.
    eventually("bob's session to be Hibernated", WAIT, || async {
        let session = Api::<Session>::namespaced(cluster.client(), &ns)
            .get("bob-firefox-9f8e7d6c")
            .await
            .ok()?;
        (session.status?.phase? == SessionPhase::Hibernated).then_some(())
    })
    .await;
    // A wake patches spec.state at the resourceVersion it was decided on;
    // when the operator's cache lags behind the latest status write it reads
    // the Session again and decides anew, so the caller gets its answer.
    let (status, body) = http
        .post(
            &session_url("bob-firefox-9f8e7d6c", "connections"),
            Some(TOKEN),
            r#"{"event":"connect","user":"bob"}"#,
        )
        .await;
    assert_eq!(status, 200, "connection event: {body}");
    assert!(body.contains("\"wake\":true"), "{body}");
    // A script change that does not compile: counted, not loaded.
    put_scripts(
        &cluster,
        &scripts(&[("reconcile.rhai", "fn reconcile(ctx) { let = ; }")]),
    )
    .await;

    // Everything appears once the scrape shows the wake and the failed reload.
    let deadline = tokio::time::Instant::now() + WAIT;
    let (body, families) = loop {
        let (body, families) = scrape(&operator).await;
        let mut missing: Vec<String> = EXPECTED
            .iter()
            .filter(|(name, ..)| !families.contains_key(*name))
            .map(|(name, ..)| (*name).to_owned())
            .collect();
        if value(&families, "streamspace_script_load_failing", &[]) != Some(1.0) {
            missing.push("streamspace_script_load_failing 1".to_owned());
        }
        let series: [(&str, &[(&str, &str)]); 4] = [
            ("streamspace_wake_events_total", &[("namespace", &ns)]),
            (
                "streamspace_child_writes_total",
                &[("kind", "Deployment"), ("result", "skipped")],
            ),
            (
                "streamspace_termination_events_total",
                &[("namespace", &ns), ("reason", "max-duration")],
            ),
            (
                "streamspace_sessions_total",
                &[("namespace", &ns), ("state", "running")],
            ),
        ];
        // Sessions counted by state: all three, whatever state bob is in by now
        // (its 2s idle timeout may hibernate it again after the wake).
        let counted: f64 = families
            .get("streamspace_sessions_total")
            .map(|f| f.samples.iter().map(|s| s.value).sum())
            .unwrap_or_default();
        if counted != 3.0 {
            missing.push(format!(
                "streamspace_sessions_total summing to 3 (now {counted})"
            ));
        }
        for (name, labels) in series {
            if value(&families, name, labels).is_none() {
                missing.push(format!("{name}{labels:?}"));
            }
        }
        if missing.is_empty() {
            break (body, families);
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "after {WAIT:?}, /metrics still lacks {missing:?}\n{body}\n--- operator log ---\n{}",
            operator.log()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };

    let mut problems = Vec::new();
    // Names, types, labels.
    for (name, kind, labels) in EXPECTED {
        let family = &families[*name];
        if family.kind != *kind {
            problems.push(format!("{name}: {:?}, expected {kind:?}", family.kind));
        }
        if family.help.as_deref().is_none_or(str::is_empty) {
            problems.push(format!("{name}: no HELP"));
        }
        for sample in &family.samples {
            let names: Vec<&str> = sample
                .labels
                .keys()
                .map(String::as_str)
                .filter(|l| *l != "le")
                .collect();
            if names != *labels {
                problems.push(format!(
                    "{}: labels {names:?}, expected {labels:?}",
                    sample.name
                ));
            }
        }
    }
    // Bounded label values, on every streamspace_ family (also ones added
    // later): only known label names, no Session name or user anywhere.
    let forbidden: Vec<&str> = sessions
        .iter()
        .flat_map(|(name, user, _)| [*name, *user])
        .collect();
    for (name, family) in families
        .iter()
        .filter(|(n, _)| n.starts_with("streamspace_"))
    {
        for sample in &family.samples {
            for (label, value) in &sample.labels {
                let bounded = match label.as_str() {
                    "namespace" => *value == ns,
                    "version" => value == "none" || value.chars().all(|c| c.is_ascii_hexdigit()),
                    "le" => true,
                    other => match allowed_values(other) {
                        Some(allowed) => allowed.contains(&value.as_str()),
                        None => {
                            problems.push(format!(
                                "{name}: label {other} is not known to be bounded; add it to \
                                 allowed_values in tests/metrics.rs once it is"
                            ));
                            true
                        }
                    },
                };
                if !bounded {
                    problems.push(format!("{name}: unexpected {label}={value:?}"));
                }
                if forbidden.iter().any(|f| value.contains(f)) {
                    problems.push(format!("{name}: {label}={value:?} names a Session or user"));
                }
            }
        }
    }
    // StreamSpace's idle histogram keeps StreamSpace's buckets.
    let idle_buckets: BTreeSet<String> = families["streamspace_session_idle_duration_seconds"]
        .samples
        .iter()
        .filter_map(|s| s.labels.get("le").cloned())
        .collect();
    let expected_buckets: BTreeSet<String> = ["60", "300", "600", "1800", "3600", "7200", "+Inf"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    if idle_buckets != expected_buckets {
        problems.push(format!(
            "streamspace_session_idle_duration_seconds buckets {idle_buckets:?}, StreamSpace's are {expected_buckets:?}"
        ));
    }
    // What happened is what was counted.
    let at_least = |name: &str, labels: &[(&str, &str)], min: f64| {
        let found = value(&families, name, labels);
        (found.is_some_and(|v| v >= min))
            .then_some(())
            .ok_or(format!(
                "{name}{labels:?} = {found:?}, expected at least {min}"
            ))
    };
    let ns = ns.as_str();
    let checks = [
        at_least(
            "streamspace_session_reconciliations_total",
            &[("namespace", ns), ("result", "success")],
            2.0,
        ),
        at_least(
            "streamspace_sessions_total",
            &[("namespace", ns), ("state", "running")],
            1.0,
        ),
        at_least(
            "streamspace_template_validations_total",
            &[("namespace", ns), ("result", "valid")],
            1.0,
        ),
        at_least(
            "streamspace_hibernation_events_total",
            &[("namespace", ns), ("reason", "idle")],
            1.0,
        ),
        at_least("streamspace_wake_events_total", &[("namespace", ns)], 1.0),
        at_least(
            "streamspace_script_evaluations_total",
            &[("result", "ok"), ("script", "reconcile.rhai")],
            2.0,
        ),
        at_least(
            "streamspace_script_evaluations_total",
            &[("result", "ok"), ("script", "idle.rhai")],
            1.0,
        ),
        at_least(
            "streamspace_script_evaluations_total",
            &[("result", "ok"), ("script", "autostart.rhai")],
            1.0,
        ),
        at_least(
            "streamspace_script_evaluations_total",
            &[("result", "ok"), ("script", "template.rhai")],
            1.0,
        ),
        at_least(
            "streamspace_script_reloads_total",
            &[("result", "success")],
            1.0,
        ),
        at_least(
            "streamspace_script_reloads_total",
            &[("result", "failure")],
            1.0,
        ),
        at_least(
            "streamspace_child_writes_total",
            &[("kind", "Deployment"), ("result", "applied")],
            2.0,
        ),
        at_least(
            "streamspace_child_writes_total",
            &[("kind", "Deployment"), ("result", "skipped")],
            1.0,
        ),
        at_least(
            "streamspace_sessions_by_phase",
            &[("namespace", ns), ("phase", "Terminated")],
            1.0,
        ),
        at_least(
            "streamspace_sessions_pending_oldest_seconds",
            &[("namespace", ns)],
            0.0,
        ),
        at_least("streamspace_heartbeats_received_total", &[], 1.0),
        at_least("streamspace_heartbeat_writes_total", &[], 1.0),
        at_least("process_resident_memory_bytes", &[], 1.0),
        at_least("process_open_fds", &[], 1.0),
    ];
    problems.extend(checks.into_iter().filter_map(Result::err));
    // One active version, and every Session counted under some version.
    let versions = &families["streamspace_script_version_info"].samples;
    if versions.len() != 1 || versions[0].value != 1.0 {
        problems.push(format!("streamspace_script_version_info: {versions:?}"));
    }
    let by_version: f64 = families["streamspace_sessions_by_script_version"]
        .samples
        .iter()
        .map(|s| s.value)
        .sum();
    if by_version != 3.0 {
        problems.push(format!(
            "streamspace_sessions_by_script_version sums to {by_version}, expected 3"
        ));
    }
    assert!(
        problems.is_empty(),
        "{}\n--- /metrics ---\n{body}",
        problems.join("\n")
    );

    let status = operator.stop().await;
    assert!(status.success(), "the operator exits cleanly: {status}");
    cluster.cleanup().await;
}
