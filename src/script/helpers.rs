//! The functions the host gives scripts, declared as a Rhai plugin module.
//! Each doc comment is the helper's documentation: the script contract
//! ([`crate::script::contract`]) reads it from the module's metadata, and
//! the README's helper table and the editor's completions are generated
//! from that.
//!
//! A helper's doc comment is a summary of what it returns, then the
//! sections `# Parameters` (one `` - `name`: ... `` line each), `# Errors`
//! (exactly for the helpers that can fail) and `# Example` (one
//! ```` ```rhai ```` block, run by the tests at the clock
//! `2026-01-01T12:00:00Z`; one that returns a value must be a comparison
//! that holds). A helper that can fail returns
//! `Result<T, Box<EvalAltResult>>` written out, the form Rhai's metadata
//! reads as fallible.

use std::sync::OnceLock;

use rhai::plugin::*;
use rhai::{Map, Shared};

use super::duration::{format_duration, parse_duration};
use super::naming::{child_name, dns_label, label_value, short_hash};
use super::sandbox::{LogLevel, call_now, script_log};
use crate::quantity::Quantity;

type Fallible<T> = Result<T, Box<EvalAltResult>>;

fn fail<T>(message: impl Into<String>) -> Fallible<T> {
    Err(message.into().into())
}

fn rfc3339(text: &str) -> Fallible<jiff::Timestamp> {
    text.parse().or_else(|e| {
        fail(format!(
            "{text:?} is not an RFC 3339 time ({e}); expected e.g. \"2026-01-01T12:00:00Z\""
        ))
    })
}

/// Writes a script's log record; any value is logged as its text.
fn log_at(level: LogLevel, message: Dynamic) {
    let text = match message.clone().into_immutable_string() {
        Ok(s) => s.to_string(),
        Err(_) => message.to_string(),
    };
    script_log(level, text);
}

/// The helpers scripts call.
#[export_module]
mod functions {
    use super::*;

    /// Seconds of a duration string.
    ///
    /// # Parameters
    /// - `duration`: whole numbers with units `h`, `m`, `s` in that order, such as `"30m"` or `"1h30m"`.
    ///
    /// # Errors
    /// When `duration` is not such a duration, or too long.
    ///
    /// # Example
    /// ```rhai
    /// parse_duration("30m") == 1800
    /// ```
    #[rhai_fn(return_raw)]
    pub fn parse_duration(duration: &str) -> Result<i64, Box<EvalAltResult>> {
        match super::parse_duration(duration) {
            Ok(seconds) => {
                i64::try_from(seconds).or_else(|_| fail(format!("{duration:?} is too long")))
            }
            Err(e) => fail(e.to_string()),
        }
    }

    /// The shortest duration string for a number of seconds.
    ///
    /// # Parameters
    /// - `seconds`: a number of seconds, zero or more.
    ///
    /// # Errors
    /// When `seconds` is negative.
    ///
    /// # Example
    /// ```rhai
    /// format_duration(5400) == "1h30m"
    /// ```
    #[rhai_fn(return_raw)]
    pub fn format_duration(seconds: i64) -> Result<String, Box<EvalAltResult>> {
        match u64::try_from(seconds) {
            Ok(seconds) => Ok(super::format_duration(seconds)),
            Err(_) => fail(format!("format_duration: {seconds} is negative")),
        }
    }

    /// The evaluation clock as RFC 3339 (the same as `ctx.now`).
    ///
    /// # Example
    /// ```rhai
    /// now() == "2026-01-01T12:00:00Z"
    /// ```
    pub fn now() -> String {
        call_now().to_string()
    }

    /// Unix seconds of an RFC 3339 time.
    ///
    /// # Parameters
    /// - `time`: an RFC 3339 time such as `"2026-01-01T12:00:00Z"`.
    ///
    /// # Errors
    /// When `time` is not an RFC 3339 time.
    ///
    /// # Example
    /// ```rhai
    /// parse_time("1970-01-01T00:01:00Z") == 60
    /// ```
    #[rhai_fn(return_raw)]
    pub fn parse_time(time: &str) -> Result<i64, Box<EvalAltResult>> {
        Ok(rfc3339(time)?.as_second())
    }

    /// The RFC 3339 time of Unix seconds.
    ///
    /// # Parameters
    /// - `seconds`: seconds since 1970-01-01T00:00:00Z (negative before).
    ///
    /// # Errors
    /// When `seconds` is outside about the years -9999 to 9999.
    ///
    /// # Example
    /// ```rhai
    /// format_time(60) == "1970-01-01T00:01:00Z"
    /// ```
    #[rhai_fn(return_raw)]
    pub fn format_time(seconds: i64) -> Result<String, Box<EvalAltResult>> {
        jiff::Timestamp::from_second(seconds)
            .map(|t| t.to_string())
            .or_else(|e| fail(format!("{seconds} is not a representable time: {e}")))
    }

    /// Seconds from time `from` to time `to` (negative when `to` is earlier).
    ///
    /// # Parameters
    /// - `from`: the start, an RFC 3339 time.
    /// - `to`: the end, an RFC 3339 time.
    ///
    /// # Errors
    /// When either is not an RFC 3339 time.
    ///
    /// # Example
    /// ```rhai
    /// seconds_between("2026-01-01T00:00:00Z", "2026-01-01T00:30:00Z") == 1800
    /// ```
    #[rhai_fn(return_raw)]
    pub fn seconds_between(from: &str, to: &str) -> Result<i64, Box<EvalAltResult>> {
        Ok(rfc3339(to)?.as_second() - rfc3339(from)?.as_second())
    }

    /// Seconds from time `time` to `now()`, e.g. since `ctx.session.status.lastActivity`.
    ///
    /// # Parameters
    /// - `time`: an RFC 3339 time.
    ///
    /// # Errors
    /// When `time` is not an RFC 3339 time.
    ///
    /// # Example
    /// ```rhai
    /// seconds_since("2026-01-01T11:30:00Z") == 1800
    /// ```
    #[rhai_fn(return_raw)]
    pub fn seconds_since(time: &str) -> Result<i64, Box<EvalAltResult>> {
        Ok(call_now().as_second() - rfc3339(time)?.as_second())
    }

    /// Nothing; writes `message` to the operator's log at level info,
    /// attributed to the session and script (the editor's live log shows it).
    ///
    /// # Parameters
    /// - `message`: what to log; a value that is not a string is logged as its text.
    ///
    /// # Example
    /// ```rhai
    /// log_info("scaling to 0")
    /// ```
    pub fn log_info(message: Dynamic) {
        log_at(LogLevel::Info, message);
    }

    /// Nothing; writes `message` to the operator's log at level warn,
    /// attributed to the session and script.
    ///
    /// # Parameters
    /// - `message`: what to log; a value that is not a string is logged as its text.
    ///
    /// # Example
    /// ```rhai
    /// log_warn("template firefox not found")
    /// ```
    pub fn log_warn(message: Dynamic) {
        log_at(LogLevel::Warn, message);
    }

    /// Nothing; writes `message` to the operator's log at level debug,
    /// attributed to the session and script.
    ///
    /// # Parameters
    /// - `message`: what to log; a value that is not a string is logged as its text.
    ///
    /// # Example
    /// ```rhai
    /// log_debug(parse_duration("1h30m"))
    /// ```
    pub fn log_debug(message: Dynamic) {
        log_at(LogLevel::Debug, message);
    }

    /// A DNS-1035 label made from `name`: lower case, `a-z0-9-`, starts with
    /// a letter, at most 63 characters; too long names keep a hash suffix so
    /// they stay unique.
    ///
    /// # Parameters
    /// - `name`: any string.
    ///
    /// # Example
    /// ```rhai
    /// dns_label("Home_Alice") == "home-alice"
    /// ```
    pub fn dns_label(name: &str) -> String {
        super::dns_label(name)
    }

    /// `base-suffix` as a DNS label, shortened with a hash when too long.
    ///
    /// # Parameters
    /// - `base`: the base name, usually the Session's.
    /// - `suffix`: what the child is, e.g. `"home"`.
    ///
    /// # Example
    /// ```rhai
    /// child_name("alice-firefox-1a2b3c4d", "home") == "alice-firefox-1a2b3c4d-home"
    /// ```
    pub fn child_name(base: &str, suffix: &str) -> String {
        super::child_name(base, suffix)
    }

    /// `value` when it is a valid label value (at most 63 of `A-Za-z0-9-_.`,
    /// alphanumeric at both ends), else `dns_label(value)`.
    ///
    /// # Parameters
    /// - `value`: a user, template, session or tag name; any other value is taken as its text.
    ///
    /// # Example
    /// ```rhai
    /// label_value("alice@example.com") == "alice-example-com"
    /// ```
    pub fn label_value(value: Dynamic) -> String {
        super::label_value(&value.to_string())
    }

    /// 8 hex characters of the SHA-256 of `text`.
    ///
    /// # Parameters
    /// - `text`: any string.
    ///
    /// # Example
    /// ```rhai
    /// short_hash("alice") == "2bd806c9"
    /// ```
    pub fn short_hash(text: &str) -> String {
        super::short_hash(text)
    }

    /// Millicores of a CPU quantity, rounded up as Kubernetes rounds: `"1"` is
    /// 1000, `"1500m"` 1500, `"0.25"` 250.
    ///
    /// # Parameters
    /// - `quantity`: a Kubernetes quantity, as a string (`"500m"`, `"2"`) or an integer (`2`).
    ///
    /// # Errors
    /// When `quantity` is not a Kubernetes quantity, or too large.
    ///
    /// # Example
    /// ```rhai
    /// cpu_millis("1500m") + cpu_millis("0.5") == 2000
    /// ```
    #[rhai_fn(return_raw)]
    pub fn cpu_millis(quantity: Dynamic) -> Result<i64, Box<EvalAltResult>> {
        super::scaled_quantity("cpu_millis", &quantity, 3)
    }

    /// Bytes of a memory quantity, rounded up: `"1Gi"` is 1073741824, `"1G"`
    /// 1000000000.
    ///
    /// # Parameters
    /// - `quantity`: a Kubernetes quantity, as a string (`"512Mi"`, `"4Gi"`) or an integer of bytes.
    ///
    /// # Errors
    /// When `quantity` is not a Kubernetes quantity, or too large.
    ///
    /// # Example
    /// ```rhai
    /// memory_bytes("4Gi") == 2 * memory_bytes("2048Mi")
    /// ```
    #[rhai_fn(return_raw)]
    pub fn memory_bytes(quantity: Dynamic) -> Result<i64, Box<EvalAltResult>> {
        super::scaled_quantity("memory_bytes", &quantity, 0)
    }

    /// `#{ requests: #{..}, limits: #{..} }` from either resource shape: a
    /// flat `#{memory, cpu}` (what StreamSpace's API writes) sets requests
    /// and limits alike; `#{}` for `()`.
    ///
    /// # Parameters
    /// - `resources`: a flat `#{memory, cpu}`, a Kubernetes `#{requests, limits}`, or `()`.
    ///
    /// # Errors
    /// When `resources` is not a map or `()`, or its `requests` or `limits` is not a map.
    ///
    /// # Example
    /// ```rhai
    /// normalize_resources(#{memory: "2Gi"}) == #{requests: #{memory: "2Gi"}, limits: #{memory: "2Gi"}}
    /// ```
    #[rhai_fn(return_raw)]
    pub fn normalize_resources(resources: Dynamic) -> Result<Map, Box<EvalAltResult>> {
        super::normalize_resources(resources)
    }
}

/// `quantity` (a string or an integer) times `10^exp10`, rounded up.
fn scaled_quantity(helper: &str, quantity: &Dynamic, exp10: i32) -> Fallible<i64> {
    let text = if let Ok(text) = quantity.clone().into_immutable_string() {
        text.to_string()
    } else if let Ok(number) = quantity.as_int() {
        number.to_string()
    } else {
        return fail(format!(
            "{helper}: expected a quantity string such as \"500m\" or \"4Gi\", got {} {quantity}",
            quantity.type_name()
        ));
    };
    let parsed = Quantity::parse(&text).or_else(|e| fail(format!("{helper}: {e}")))?;
    match parsed.scaled_up(exp10) {
        Some(value) => Ok(value),
        None => fail(format!("{helper}: {text:?} is too large")),
    }
}

fn normalize_resources(resources: Dynamic) -> Fallible<Map> {
    if resources.is_unit() {
        return Ok(Map::new());
    }
    let Some(given) = resources.try_cast::<Map>() else {
        return fail(
            "normalize_resources: expected a map such as #{memory: \"2Gi\", cpu: \"1000m\"} or #{requests: #{..}, limits: #{..}}",
        );
    };
    let mut requests = Map::new();
    let mut limits = Map::new();
    for (key, value) in &given {
        match key.as_str() {
            "requests" | "limits" if value.is_unit() => {}
            "requests" | "limits" => {
                let Some(entries) = value.clone().try_cast::<Map>() else {
                    return fail(format!(
                        "normalize_resources: {key} must be a map of quantities"
                    ));
                };
                let target = if key == "requests" {
                    &mut requests
                } else {
                    &mut limits
                };
                target.extend(entries);
            }
            _ if value.is_unit() => {}
            _ => {
                requests.entry(key.clone()).or_insert_with(|| value.clone());
                limits.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return Ok(Map::new());
    }
    let mut out = Map::new();
    out.insert("requests".into(), requests.into());
    out.insert("limits".into(), limits.into());
    Ok(out)
}

/// The helpers module, built once and shared by every engine.
pub(crate) fn module() -> Shared<Module> {
    static MODULE: OnceLock<Shared<Module>> = OnceLock::new();
    MODULE
        .get_or_init(|| exported_module!(functions).into())
        .clone()
}

/// Registers every helper on `engine`.
pub(crate) fn register(engine: &mut Engine) {
    engine.register_global_module(module());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(helper: &str, quantity: Dynamic, exp10: i32) -> i64 {
        scaled_quantity(helper, &quantity, exp10).unwrap()
    }

    fn error(helper: &str, quantity: Dynamic, exp10: i32) -> String {
        let error = scaled_quantity(helper, &quantity, exp10).unwrap_err();
        match *error {
            EvalAltResult::ErrorRuntime(message, _) => message.to_string(),
            other => panic!("expected a runtime error, got {other}"),
        }
    }

    #[test]
    fn quantities_convert_from_strings_and_integers() {
        assert_eq!(value("cpu_millis", "0.1m".into(), 3), 1);
        assert_eq!(value("cpu_millis", Dynamic::from(2_i64), 3), 2000);
        assert_eq!(value("memory_bytes", "1.5Gi".into(), 0), 1_610_612_736);
    }

    #[test]
    fn a_value_that_is_no_quantity_is_named_with_the_helper() {
        let text = error("cpu_millis", "2 cores".into(), 3);
        assert!(
            text.starts_with("cpu_millis: \"2 cores\" is not a Kubernetes quantity"),
            "{text}"
        );
        let unit = error("memory_bytes", Dynamic::UNIT, 0);
        assert!(
            unit.starts_with(
                "memory_bytes: expected a quantity string such as \"500m\" or \"4Gi\", got ()"
            ),
            "{unit}"
        );
        assert!(
            error("memory_bytes", "9Ei".into(), 0)
                .starts_with("memory_bytes: \"9Ei\" is too large"),
        );
    }
}
