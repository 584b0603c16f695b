//! Prometheus metrics. StreamSpace's names are kept where they mean the same
//! so existing dashboards keep working; label values are bounded (no session
//! names, users or free text).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::crd::{CHILD_KINDS, SessionPhase, SessionState};
use crate::script::{Entry, ScriptError};
use prometheus::core::Collector;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

/// Buckets of StreamSpace's idle-duration histogram (seconds).
const IDLE_BUCKETS: [f64; 6] = [60.0, 300.0, 600.0, 1800.0, 3600.0, 7200.0];

/// Buckets for script calls: tens of microseconds to the deadline.
const SCRIPT_BUCKETS: [f64; 10] = [
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01, 0.05, 0.25, 1.0,
];

/// Every metric the operator exports, registered in one registry.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    reconciliations: IntCounterVec,
    reconcile_duration: HistogramVec,
    sessions: IntGaugeVec,
    sessions_by_phase: IntGaugeVec,
    pending_oldest: IntGaugeVec,
    template_validations: IntCounterVec,
    hibernations: IntCounterVec,
    terminations: IntCounterVec,
    wakes: IntCounterVec,
    idle_duration: HistogramVec,
    script_evaluations: IntCounterVec,
    script_duration: HistogramVec,
    script_reloads: IntCounterVec,
    script_load_failing: IntGauge,
    script_version: IntGaugeVec,
    sessions_by_version: IntGaugeVec,
    child_writes: IntCounterVec,
    heartbeats_received: IntCounter,
    heartbeat_writes: IntCounter,
    log_clients: IntGauge,
    admissions: IntCounterVec,
    admission_duration: HistogramVec,
    quota_reloads: IntCounterVec,
    // Held while the Session gauges are recomputed, so two scrapes at once
    // do not interleave their reset and set.
    session_gauges: Arc<Mutex<()>>,
}

/// What the Session gauges count of one Session.
#[derive(Debug, Clone)]
pub struct SessionSample {
    /// Its namespace.
    pub namespace: String,
    /// `spec.state`.
    pub state: SessionState,
    /// `status.phase`, once reconciled.
    pub phase: Option<SessionPhase>,
    /// The script version that last reconciled it (`none` before).
    pub version: String,
    /// Since when it is Pending, when it is.
    pub pending_since: Option<jiff::Timestamp>,
}

/// How a script call ended, as a metric label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalResult {
    /// A decision of the right shape.
    Ok,
    /// The script failed or passed a limit.
    Error,
    /// The decision had the wrong shape.
    Rejected,
}

impl EvalResult {
    /// How `result` ended.
    pub fn of<T>(result: &Result<T, ScriptError>) -> Self {
        match result {
            Ok(_) => Self::Ok,
            Err(ScriptError::Decision { .. }) => Self::Rejected,
            Err(_) => Self::Error,
        }
    }

    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Error => "error",
            Self::Rejected => "rejected",
        }
    }
}

/// How a Template validation ended, as a metric label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validation {
    /// `validate` found the Template valid.
    Valid,
    /// `validate` found it invalid.
    Invalid,
    /// `validate` failed.
    Error,
}

impl Validation {
    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Invalid => "invalid",
            Self::Error => "error",
        }
    }
}

/// How an admission review was answered, as a metric label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdmissionResult {
    /// The policy admitted the Session.
    Allowed,
    /// The policy refused it.
    Denied,
    /// The policy failed; the failure policy answered.
    Error,
}

impl AdmissionResult {
    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::Denied => "denied",
            Self::Error => "error",
        }
    }
}

/// What happened to one child write, as a metric label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteResult {
    /// Applied to the API server.
    Applied,
    /// Skipped: the child already matched.
    Skipped,
    /// Deleted: the decision no longer lists it.
    Deleted,
    /// The API server refused it.
    Error,
}

impl WriteResult {
    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            WriteResult::Applied => "applied",
            WriteResult::Skipped => "skipped",
            WriteResult::Deleted => "deleted",
            WriteResult::Error => "error",
        }
    }
}

/// A reason from a script as a bounded label: short slugs pass, anything
/// else (free text) becomes `other`.
pub fn reason_label(reason: &str) -> &str {
    let slug = !reason.is_empty()
        && reason.len() <= 32
        && reason
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if slug { reason } else { "other" }
}

fn counter(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> IntCounterVec {
    let metric = IntCounterVec::new(Opts::new(name, help), labels).expect("valid metric");
    registry
        .register(Box::new(metric.clone()))
        .expect("unique metric");
    metric
}

fn gauge(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> IntGaugeVec {
    let metric = IntGaugeVec::new(Opts::new(name, help), labels).expect("valid metric");
    registry
        .register(Box::new(metric.clone()))
        .expect("unique metric");
    metric
}

fn histogram(
    registry: &Registry,
    name: &str,
    help: &str,
    labels: &[&str],
    buckets: Vec<f64>,
) -> HistogramVec {
    let metric = HistogramVec::new(HistogramOpts::new(name, help).buckets(buckets), labels)
        .expect("valid metric");
    registry
        .register(Box::new(metric.clone()))
        .expect("unique metric");
    metric
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Creates and registers every metric, plus process metrics.
    pub fn new() -> Self {
        let registry = Registry::new();
        let process = prometheus::process_collector::ProcessCollector::for_self();
        registry
            .register(Box::new(process))
            .expect("process metrics");
        let single = |name: &str, help: &str| {
            let metric = IntCounter::new(name, help).expect("valid metric");
            registry
                .register(Box::new(metric.clone()))
                .expect("unique metric");
            metric
        };
        let heartbeats_received = single(
            "streamspace_heartbeats_received_total",
            "Activity heartbeats received",
        );
        let heartbeat_writes = single(
            "streamspace_heartbeat_writes_total",
            "Session status writes caused by heartbeats (after coalescing)",
        );
        let script_load_failing = IntGauge::new(
            "streamspace_script_load_failing",
            "1 while the newest scripts do not load (the previous set keeps running), else 0",
        )
        .expect("valid metric");
        registry
            .register(Box::new(script_load_failing.clone()))
            .expect("unique metric");
        let log_clients = IntGauge::new("streamspace_log_clients", "Connected live-log clients")
            .expect("valid metric");
        registry
            .register(Box::new(log_clients.clone()))
            .expect("unique metric");
        let metrics = Self {
            reconciliations: counter(
                &registry,
                "streamspace_session_reconciliations_total",
                "Session reconciliations",
                &["namespace", "result"],
            ),
            reconcile_duration: histogram(
                &registry,
                "streamspace_session_reconciliation_duration_seconds",
                "Time to reconcile one Session",
                &["namespace"],
                prometheus::DEFAULT_BUCKETS.to_vec(),
            ),
            sessions: gauge(
                &registry,
                "streamspace_sessions_total",
                "Sessions by state",
                &["state", "namespace"],
            ),
            sessions_by_phase: gauge(
                &registry,
                "streamspace_sessions_by_phase",
                "Sessions by status.phase (unreconciled ones have phase \"None\")",
                &["phase", "namespace"],
            ),
            pending_oldest: gauge(
                &registry,
                "streamspace_sessions_pending_oldest_seconds",
                "How long the longest-Pending Session has been Pending (since its Ready \
                 condition last changed, else since it was created); 0 when none is",
                &["namespace"],
            ),
            template_validations: counter(
                &registry,
                "streamspace_template_validations_total",
                "Template validations",
                &["namespace", "result"],
            ),
            hibernations: counter(
                &registry,
                "streamspace_hibernation_events_total",
                "Sessions hibernated by the idle policy",
                &["namespace", "reason"],
            ),
            terminations: counter(
                &registry,
                "streamspace_termination_events_total",
                "Sessions terminated by the idle policy (such as for their maximum duration)",
                &["namespace", "reason"],
            ),
            wakes: counter(
                &registry,
                "streamspace_wake_events_total",
                "Sessions woken by the auto-start policy",
                &["namespace"],
            ),
            idle_duration: histogram(
                &registry,
                "streamspace_session_idle_duration_seconds",
                "How long a Session was idle when the idle policy acted",
                &["namespace"],
                IDLE_BUCKETS.to_vec(),
            ),
            script_evaluations: counter(
                &registry,
                "streamspace_script_evaluations_total",
                "Script calls by script and result",
                &["script", "result"],
            ),
            script_duration: histogram(
                &registry,
                "streamspace_script_evaluation_duration_seconds",
                "Time spent in one script call, by script and result",
                &["script", "result"],
                SCRIPT_BUCKETS.to_vec(),
            ),
            script_reloads: counter(
                &registry,
                "streamspace_script_reloads_total",
                "Script set reloads by result",
                &["result"],
            ),
            script_version: gauge(
                &registry,
                "streamspace_script_version_info",
                "The active script set version (value 1)",
                &["version"],
            ),
            sessions_by_version: gauge(
                &registry,
                "streamspace_sessions_by_script_version",
                "Sessions by the script version that last reconciled them",
                &["version"],
            ),
            child_writes: counter(
                &registry,
                "streamspace_child_writes_total",
                "Child writes by kind and result",
                &["kind", "result"],
            ),
            admissions: counter(
                &registry,
                "streamspace_admissions_total",
                "Admission reviews of Sessions by result (allowed, denied, error: the script failed and the failure policy answered)",
                &["operation", "result"],
            ),
            admission_duration: histogram(
                &registry,
                "streamspace_admission_duration_seconds",
                "Time to answer an admission review",
                &["operation"],
                SCRIPT_BUCKETS.to_vec(),
            ),
            quota_reloads: counter(
                &registry,
                "streamspace_quota_reloads_total",
                "Reloads of the quota ConfigMap by result (a failure keeps the last good quotas)",
                &["result"],
            ),
            heartbeats_received,
            heartbeat_writes,
            script_load_failing,
            log_clients,
            registry,
            session_gauges: Arc::default(),
        };
        // Series an alert compares over time exist from the start, so the
        // first failure is an increase from 0 rather than a new series.
        for result in ["success", "failure"] {
            metrics.script_reloads.with_label_values(&[result]);
            metrics.quota_reloads.with_label_values(&[result]);
        }
        for operation in ["CREATE", "UPDATE"] {
            metrics
                .admissions
                .with_label_values(&[operation, AdmissionResult::Error.as_str()]);
            metrics.admission_duration.with_label_values(&[operation]);
        }
        for kind in &CHILD_KINDS {
            metrics
                .child_writes
                .with_label_values(&[kind.kind, WriteResult::Error.as_str()]);
        }
        metrics
    }

    /// Counts a Session reconcile and its duration.
    pub fn reconciled(&self, namespace: &str, ok: bool, took: Duration) {
        let result = if ok { "success" } else { "error" };
        self.reconciliations
            .with_label_values(&[namespace, result])
            .inc();
        self.reconcile_duration
            .with_label_values(&[namespace])
            .observe(took.as_secs_f64());
    }

    /// Counts a Template validation.
    pub fn template_validated(&self, namespace: &str, result: Validation) {
        self.template_validations
            .with_label_values(&[namespace, result.as_str()])
            .inc();
    }

    /// Counts a hibernation or termination by the idle policy.
    pub fn idle_acted(
        &self,
        namespace: &str,
        state: SessionState,
        reason: &str,
        idle_for: Option<Duration>,
    ) {
        let counter = match state {
            SessionState::Terminated => &self.terminations,
            _ => &self.hibernations,
        };
        counter
            .with_label_values(&[namespace, reason_label(reason)])
            .inc();
        if let Some(idle) = idle_for {
            self.idle_duration
                .with_label_values(&[namespace])
                .observe(idle.as_secs_f64());
        }
    }

    /// Counts a wake by the auto-start policy.
    pub fn woke(&self, namespace: &str) {
        self.wakes.with_label_values(&[namespace]).inc();
    }

    /// Counts a call of `entry` and its duration.
    pub fn evaluated(&self, entry: Entry, result: EvalResult, took: Duration) {
        let labels = [entry.file(), result.as_str()];
        self.script_evaluations.with_label_values(&labels).inc();
        self.script_duration
            .with_label_values(&labels)
            .observe(took.as_secs_f64());
    }

    /// Counts a reload attempt; on success the version becomes the active one.
    pub fn reloaded(&self, version: Option<&str>) {
        match version {
            Some(version) => {
                self.script_reloads.with_label_values(&["success"]).inc();
                self.script_load_failing.set(0);
                self.script_version.reset();
                self.script_version.with_label_values(&[version]).set(1);
            }
            None => {
                self.script_reloads.with_label_values(&["failure"]).inc();
                self.script_load_failing.set(1);
            }
        }
    }

    /// The newest offered scripts are the running ones again (a failed
    /// change was reverted): nothing is failing to load any more.
    pub fn load_recovered(&self) {
        self.script_load_failing.set(0);
    }

    /// Counts an admission review of `operation` (`CREATE`, `UPDATE`) and
    /// how long its answer took.
    pub fn admitted(&self, operation: &str, result: AdmissionResult, took: Duration) {
        self.admissions
            .with_label_values(&[operation, result.as_str()])
            .inc();
        self.admission_duration
            .with_label_values(&[operation])
            .observe(took.as_secs_f64());
    }

    /// Counts a reload of the quota ConfigMap.
    pub fn quotas_reloaded(&self, ok: bool) {
        let result = if ok { "success" } else { "failure" };
        self.quota_reloads.with_label_values(&[result]).inc();
    }

    /// Counts a child write.
    pub fn child_write(&self, kind: &str, result: WriteResult) {
        self.child_writes
            .with_label_values(&[kind, result.as_str()])
            .inc();
    }

    /// Counts a heartbeat received, and whether it caused a status write.
    pub fn heartbeat(&self, written: bool) {
        if written {
            self.heartbeat_writes.inc();
        } else {
            self.heartbeats_received.inc();
        }
    }

    /// The live-log client gauge.
    pub fn log_clients(&self) -> &IntGauge {
        &self.log_clients
    }

    /// Replaces the Session gauges (by state, phase and version, and the
    /// longest Pending) from a snapshot of every Session.
    pub fn set_sessions(&self, sessions: &[SessionSample], now: jiff::Timestamp) {
        let mut by_state: BTreeMap<(&str, &str), i64> = BTreeMap::new();
        let mut by_phase: BTreeMap<(&str, &str), i64> = BTreeMap::new();
        let mut by_version: BTreeMap<&str, i64> = BTreeMap::new();
        let mut pending_oldest: BTreeMap<&str, i64> = BTreeMap::new();
        for session in sessions {
            let namespace = session.namespace.as_str();
            *by_state
                .entry((session.state.as_str(), namespace))
                .or_default() += 1;
            let phase = session.phase.map_or("None", SessionPhase::as_str);
            *by_phase.entry((phase, namespace)).or_default() += 1;
            *by_version.entry(&session.version).or_default() += 1;
            let pending = session
                .pending_since
                .map_or(0, |since| now.duration_since(since).as_secs().max(0));
            let oldest = pending_oldest.entry(namespace).or_default();
            *oldest = (*oldest).max(pending);
        }
        let _recomputing = self
            .session_gauges
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let replace = |gauge: &IntGaugeVec, values: Vec<(Vec<&str>, i64)>| {
            gauge.reset();
            for (labels, value) in values {
                gauge.with_label_values(&labels).set(value);
            }
        };
        replace(
            &self.sessions,
            by_state
                .into_iter()
                .map(|((s, n), c)| (vec![s, n], c))
                .collect(),
        );
        replace(
            &self.sessions_by_phase,
            by_phase
                .into_iter()
                .map(|((p, n), c)| (vec![p, n], c))
                .collect(),
        );
        replace(
            &self.sessions_by_version,
            by_version.into_iter().map(|(v, c)| (vec![v], c)).collect(),
        );
        replace(
            &self.pending_oldest,
            pending_oldest
                .into_iter()
                .map(|(n, s)| (vec![n], s))
                .collect(),
        );
    }

    /// Everything in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .expect("text encoding of gathered metrics");
        String::from_utf8(out).expect("the text format is UTF-8")
    }

    /// Every registered metric family with its type and label names, also
    /// those without a sample yet (which [`Self::render`] leaves out): what
    /// dashboards and alerts may query.
    pub fn families(&self) -> Vec<MetricFamilyInfo> {
        // The pattern must name every field, so a new metric fails to compile
        // until it is listed here.
        macro_rules! collectors {
            ($($field:ident),* $(,)?) => {{
                let Self { registry: _, session_gauges: _, $($field),* } = self;
                [$($field as &dyn Collector),*]
            }};
        }
        let own = collectors!(
            reconciliations,
            reconcile_duration,
            sessions,
            sessions_by_phase,
            pending_oldest,
            template_validations,
            hibernations,
            terminations,
            wakes,
            idle_duration,
            script_evaluations,
            script_duration,
            script_reloads,
            script_load_failing,
            script_version,
            sessions_by_version,
            child_writes,
            heartbeats_received,
            heartbeat_writes,
            log_clients,
            admissions,
            admission_duration,
            quota_reloads,
        );
        // The process metrics are only in the registry; they always have a
        // sample, so gathering finds them.
        let mut families: BTreeMap<String, MetricFamilyInfo> = self
            .registry
            .gather()
            .into_iter()
            .map(|family| {
                let labels = family.get_metric().first().map_or_else(Vec::new, |m| {
                    m.get_label().iter().map(|l| l.name().to_owned()).collect()
                });
                let name = family.name().to_owned();
                let info = MetricFamilyInfo {
                    name: name.clone(),
                    kind: family.get_field_type(),
                    labels,
                };
                (name, info)
            })
            .collect();
        for collector in own {
            for (desc, family) in collector.desc().into_iter().zip(collector.collect()) {
                let info = MetricFamilyInfo {
                    name: desc.fq_name.clone(),
                    kind: family.get_field_type(),
                    labels: desc.variable_labels.clone(),
                };
                families.insert(info.name.clone(), info);
            }
        }
        families.into_values().collect()
    }
}

/// A registered metric family, as [`Metrics::families`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricFamilyInfo {
    /// Its name, such as `streamspace_child_writes_total`.
    pub name: String,
    /// Counter, gauge or histogram.
    pub kind: prometheus::proto::MetricType,
    /// Its label names in order (without a histogram's `le`).
    pub labels: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the text format has exactly this sample line (a substring
    /// could match a HELP text).
    fn has(text: &str, line: &str) -> bool {
        text.lines().any(|l| l == line)
    }

    #[test]
    fn failure_series_exist_at_zero_and_the_failing_gauge_follows_the_newest_load() {
        let metrics = Metrics::new();
        let text = metrics.render();
        assert!(has(
            &text,
            "streamspace_script_reloads_total{result=\"failure\"} 0"
        ));
        assert!(has(
            &text,
            "streamspace_child_writes_total{kind=\"Ingress\",result=\"error\"} 0"
        ));
        assert!(has(&text, "streamspace_script_load_failing 0"));

        metrics.reloaded(None);
        let text = metrics.render();
        assert!(has(
            &text,
            "streamspace_script_reloads_total{result=\"failure\"} 1"
        ));
        assert!(has(&text, "streamspace_script_load_failing 1"));

        metrics.reloaded(Some("abc123"));
        let text = metrics.render();
        assert!(has(&text, "streamspace_script_load_failing 0"));
        assert!(has(
            &text,
            "streamspace_script_version_info{version=\"abc123\"} 1"
        ));
    }

    fn sample(
        namespace: &str,
        state: SessionState,
        phase: Option<SessionPhase>,
        pending_since: Option<jiff::Timestamp>,
    ) -> SessionSample {
        SessionSample {
            namespace: namespace.into(),
            state,
            phase,
            version: "v1".into(),
            pending_since,
        }
    }

    #[test]
    fn session_gauges_count_states_phases_and_the_longest_pending() {
        let metrics = Metrics::new();
        let now: jiff::Timestamp = "2026-01-01T12:00:00Z".parse().unwrap();
        let ago = |minutes: i64| now - jiff::SignedDuration::from_mins(minutes);
        metrics.set_sessions(
            &[
                sample(
                    "a",
                    SessionState::Running,
                    Some(SessionPhase::Pending),
                    Some(ago(20)),
                ),
                sample(
                    "a",
                    SessionState::Running,
                    Some(SessionPhase::Pending),
                    Some(ago(5)),
                ),
                sample(
                    "a",
                    SessionState::Running,
                    Some(SessionPhase::Running),
                    None,
                ),
                sample(
                    "b",
                    SessionState::Hibernated,
                    Some(SessionPhase::Hibernated),
                    None,
                ),
                sample("b", SessionState::Running, None, None),
            ],
            now,
        );
        let text = metrics.render();
        for line in [
            "streamspace_sessions_total{namespace=\"a\",state=\"running\"} 3",
            "streamspace_sessions_by_phase{namespace=\"a\",phase=\"Pending\"} 2",
            "streamspace_sessions_by_phase{namespace=\"b\",phase=\"None\"} 1",
            "streamspace_sessions_pending_oldest_seconds{namespace=\"a\"} 1200",
            "streamspace_sessions_pending_oldest_seconds{namespace=\"b\"} 0",
            "streamspace_sessions_by_script_version{version=\"v1\"} 5",
        ] {
            assert!(has(&text, line), "{line} in\n{text}");
        }

        // A later snapshot replaces the earlier one: gone series disappear.
        metrics.set_sessions(
            &[sample(
                "b",
                SessionState::Running,
                Some(SessionPhase::Running),
                None,
            )],
            now,
        );
        let text = metrics.render();
        assert!(!text.contains("namespace=\"a\""), "{text}");
        assert!(has(
            &text,
            "streamspace_sessions_by_phase{namespace=\"b\",phase=\"Running\"} 1"
        ));
    }

    #[test]
    fn idle_terminations_are_not_counted_as_hibernations() {
        let metrics = Metrics::new();
        let idle = Some(Duration::from_secs(700));
        metrics.idle_acted("a", SessionState::Hibernated, "idle", idle);
        metrics.idle_acted("a", SessionState::Terminated, "max-duration", None);
        let text = metrics.render();
        assert!(has(
            &text,
            "streamspace_hibernation_events_total{namespace=\"a\",reason=\"idle\"} 1"
        ));
        assert!(!text.contains(
            "streamspace_hibernation_events_total{namespace=\"a\",reason=\"max-duration\"}"
        ));
        assert!(has(
            &text,
            "streamspace_termination_events_total{namespace=\"a\",reason=\"max-duration\"} 1"
        ));
        assert!(has(
            &text,
            "streamspace_session_idle_duration_seconds_count{namespace=\"a\"} 1"
        ));
    }

    #[test]
    fn families_list_every_metric_with_its_type_and_labels_before_any_sample() {
        let metrics = Metrics::new();
        let families = metrics.families();
        let find = |name: &str| {
            families
                .iter()
                .find(|f| f.name == name)
                .unwrap_or_else(|| panic!("{name} is not listed: {families:?}"))
        };
        let wakes = find("streamspace_wake_events_total");
        assert_eq!(wakes.kind, prometheus::proto::MetricType::COUNTER);
        assert_eq!(wakes.labels, ["namespace"]);
        assert!(!metrics.render().contains("streamspace_wake_events_total"));
        let script_duration = find("streamspace_script_evaluation_duration_seconds");
        assert_eq!(
            (script_duration.kind, script_duration.labels.as_slice()),
            (
                prometheus::proto::MetricType::HISTOGRAM,
                &["script".to_owned(), "result".to_owned()][..]
            )
        );
        assert_eq!(
            find("streamspace_log_clients").kind,
            prometheus::proto::MetricType::GAUGE
        );
        assert!(find("process_resident_memory_bytes").labels.is_empty());
        let names: std::collections::BTreeSet<&str> =
            families.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names.len(), families.len(), "each family once");
    }
}
