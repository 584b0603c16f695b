//! The sandboxed Rhai engine: limits, a per-call wall-clock deadline and the
//! per-call state (clock, session, captured logs) that helpers read.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use rhai::{Dynamic, Engine};

/// Resource limits of every script call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Operations one call may perform.
    pub max_operations: u64,
    /// Nested function calls (stops runaway recursion).
    pub max_call_levels: usize,
    /// Expression nesting at global level and inside functions.
    pub max_expr_depths: (usize, usize),
    /// Bytes in one string (a whole `last-applied-configuration` fits).
    pub max_string_size: usize,
    /// Items in arrays, counted through nested values (the children of a
    /// Session with their `managedFields` fit).
    pub max_array_size: usize,
    /// Entries in object maps, counted through nested values.
    pub max_map_size: usize,
    /// Modules one script may import.
    pub max_modules: usize,
    /// Wall-clock time one call may take.
    pub deadline: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_operations: 10_000_000,
            max_call_levels: 32,
            max_expr_depths: (64, 64),
            max_string_size: 1 << 20,
            max_array_size: 100_000,
            max_map_size: 100_000,
            max_modules: 64,
            deadline: Duration::from_secs(1),
        }
    }
}

/// Severity of a script log record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    /// `log_debug`, `debug`.
    Debug,
    /// `log_info`, `print`.
    Info,
    /// `log_warn`.
    Warn,
}

/// One record a script wrote during a call.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ScriptLog {
    /// Severity.
    pub level: LogLevel,
    /// The text the script logged.
    pub message: String,
}

/// What a call is about; helpers and log records read it.
#[derive(Debug, Clone)]
pub struct CallInfo {
    /// The script being called, e.g. `idle.rhai`.
    pub script: String,
    /// The script set version.
    pub version: String,
    /// `namespace/name` of the Session or Template the call is for.
    pub subject: Option<String>,
    /// The evaluation clock, returned by `now()`.
    pub now: jiff::Timestamp,
}

struct CallState {
    info: CallInfo,
    deadline: Instant,
    logs: Vec<ScriptLog>,
}

thread_local! {
    // Rhai calls are synchronous, so the call in progress on this thread is
    // the one every helper and progress check belongs to.
    static CALL: RefCell<Option<CallState>> = const { RefCell::new(None) };
}

/// How often (in operations) the deadline is checked: reading the clock on
/// every operation would cost more than the script.
const DEADLINE_CHECK_EVERY: u64 = 512;

/// The value a call is terminated with when its deadline passes.
pub(crate) const DEADLINE_TOKEN: &str = "streamspace-operator: deadline";

/// Runs `f` as the call described by `info`, returning its result and the
/// records the script logged.
pub(crate) fn with_call<R>(
    info: CallInfo,
    limit: Duration,
    f: impl FnOnce() -> R,
) -> (R, Vec<ScriptLog>) {
    let state = CallState {
        info,
        deadline: Instant::now() + limit,
        logs: Vec::new(),
    };
    let previous = CALL.with(|c| c.replace(Some(state)));
    let result = f();
    let finished = CALL.with(|c| c.replace(previous));
    (result, finished.map(|s| s.logs).unwrap_or_default())
}

/// The evaluation clock of the call in progress (the real clock outside one).
pub(crate) fn call_now() -> jiff::Timestamp {
    CALL.with(|c| c.borrow().as_ref().map(|s| s.info.now))
        .unwrap_or_else(jiff::Timestamp::now)
}

/// Records a script log line and emits it as a `tracing` event attributed
/// to the session and script.
pub(crate) fn script_log(level: LogLevel, message: String) {
    CALL.with(|c| {
        let mut state = c.borrow_mut();
        let (script, version, subject) = match state.as_ref() {
            Some(s) => (
                s.info.script.as_str(),
                s.info.version.as_str(),
                s.info.subject.as_deref(),
            ),
            None => ("", "", None),
        };
        let session = subject.unwrap_or("");
        match level {
            LogLevel::Debug => {
                tracing::debug!(target: "script", session, script, version, "{message}")
            }
            LogLevel::Info => {
                tracing::info!(target: "script", session, script, version, "{message}")
            }
            LogLevel::Warn => {
                tracing::warn!(target: "script", session, script, version, "{message}")
            }
        }
        if let Some(state) = state.as_mut() {
            state.logs.push(ScriptLog { level, message });
        }
    });
}

fn past_deadline() -> bool {
    CALL.with(|c| {
        c.borrow()
            .as_ref()
            .is_some_and(|s| Instant::now() >= s.deadline)
    })
}

/// A Rhai engine with the sandbox applied: limits, no `eval`, `print` and
/// `debug` routed to the log, and the deadline check. The caller installs
/// the module resolver of its script set.
pub(crate) fn engine(limits: &Limits) -> Engine {
    let mut engine = Engine::new();
    engine
        .disable_symbol("eval")
        .set_max_operations(limits.max_operations)
        .set_max_call_levels(limits.max_call_levels)
        .set_max_expr_depths(limits.max_expr_depths.0, limits.max_expr_depths.1)
        .set_max_string_size(limits.max_string_size)
        .set_max_array_size(limits.max_array_size)
        .set_max_map_size(limits.max_map_size)
        .set_max_modules(limits.max_modules)
        .set_fail_on_invalid_map_property(false)
        .on_print(|text| script_log(LogLevel::Info, text.to_owned()))
        .on_debug(|text, _, _| script_log(LogLevel::Debug, text.to_owned()))
        .on_progress(|operations| {
            (operations % DEADLINE_CHECK_EVERY == 0 && past_deadline())
                .then(|| Dynamic::from(DEADLINE_TOKEN))
        });
    engine
}
