//! The functions the host registers for scripts. Each is documented in the
//! README's helper table and offered by the editor's completions.

use rhai::{Dynamic, Engine, EvalAltResult, ImmutableString, Map};

use super::duration::{format_duration, parse_duration};
use super::naming::{child_name, dns_label, label_value, short_hash};
use super::sandbox::{LogLevel, call_now, script_log};

type Fallible<T> = Result<T, Box<EvalAltResult>>;

fn fail<T>(message: impl Into<String>) -> Fallible<T> {
    Err(message.into().into())
}

fn parse_time(text: &str) -> Fallible<jiff::Timestamp> {
    text.parse().or_else(|e| {
        fail(format!(
            "{text:?} is not an RFC 3339 time ({e}); expected e.g. \"2026-01-01T12:00:00Z\""
        ))
    })
}

fn unix_seconds(text: &str) -> Fallible<i64> {
    Ok(parse_time(text)?.as_second())
}

fn format_time(seconds: i64) -> Fallible<String> {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_string())
        .or_else(|e| fail(format!("{seconds} is not a representable time: {e}")))
}

fn seconds_between(from: &str, to: &str) -> Fallible<i64> {
    Ok(parse_time(to)?.as_second() - parse_time(from)?.as_second())
}

fn seconds_since(from: &str) -> Fallible<i64> {
    Ok(call_now().as_second() - parse_time(from)?.as_second())
}

fn duration_seconds(text: &str) -> Fallible<i64> {
    match parse_duration(text) {
        Ok(seconds) => i64::try_from(seconds).or_else(|_| fail(format!("{text:?} is too long"))),
        Err(e) => fail(e.to_string()),
    }
}

fn duration_text(seconds: i64) -> Fallible<String> {
    match u64::try_from(seconds) {
        Ok(seconds) => Ok(format_duration(seconds)),
        Err(_) => fail(format!("format_duration: {seconds} is negative")),
    }
}

/// `#{ requests, limits }` from either resource shape: flat `#{memory, cpu}`
/// (what StreamSpace's API writes) sets requests and limits alike.
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

fn log_at(level: LogLevel) -> impl Fn(Dynamic) + Send + Sync + 'static {
    move |message: Dynamic| {
        let text = match message.clone().into_immutable_string() {
            Ok(s) => s.to_string(),
            Err(_) => message.to_string(),
        };
        script_log(level, text);
    }
}

/// Registers every helper on `engine`.
pub(crate) fn register(engine: &mut Engine) {
    engine
        .register_fn("parse_duration", |s: ImmutableString| duration_seconds(&s))
        .register_fn("format_duration", duration_text)
        .register_fn("now", || call_now().to_string())
        .register_fn("parse_time", |s: ImmutableString| unix_seconds(&s))
        .register_fn("format_time", format_time)
        .register_fn(
            "seconds_between",
            |a: ImmutableString, b: ImmutableString| seconds_between(&a, &b),
        )
        .register_fn("seconds_since", |s: ImmutableString| seconds_since(&s))
        .register_fn("log_info", log_at(LogLevel::Info))
        .register_fn("log_warn", log_at(LogLevel::Warn))
        .register_fn("log_debug", log_at(LogLevel::Debug))
        .register_fn("dns_label", |s: ImmutableString| dns_label(&s))
        .register_fn(
            "child_name",
            |base: ImmutableString, suffix: ImmutableString| child_name(&base, &suffix),
        )
        .register_fn("short_hash", |s: ImmutableString| short_hash(&s))
        .register_fn("label_value", |s: Dynamic| label_value(&s.to_string()))
        .register_fn("normalize_resources", normalize_resources);
}
