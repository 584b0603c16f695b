//! Checking values against the structural schemas the CRDs are generated
//! with, so objects read offline (fixtures, `eval`, the editor's dry-run)
//! are refused for the same faults the API server refuses them for.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{LazyLock, Mutex, OnceLock};

use serde_json::{Map, Value};

use super::session::Session;
use super::value_text::{brief, join_path};
use super::{
    CONDITION_REASON_PATTERN, DNS_LABEL_PATTERN, DNS_SUBDOMAIN_PATTERN, DURATION_PATTERN,
    definitions,
};

/// One way a value breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where, e.g. `spec.user` or `status.conditions[0].status`; empty for
    /// the value itself.
    pub path: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// How much of a schema a value must satisfy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completeness {
    /// A whole object: required fields must be present.
    Whole,
    /// Part of one (a fixture's expectation): fields may be left out.
    Subset,
}

/// A Session or Template that breaks its CRD's schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.violations.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct InvalidObject {
    /// Every fault, in field order.
    pub violations: Vec<Violation>,
}

/// What the patterns of the schemas mean, for messages a person can act on.
fn pattern_meaning(pattern: &str) -> Option<&'static str> {
    match pattern {
        DNS_LABEL_PATTERN => Some(
            "is not a DNS label (lower case a-z, 0-9 and '-', starting and ending with a letter or digit, at most 63 characters), e.g. \"alice\"",
        ),
        DNS_SUBDOMAIN_PATTERN => Some(
            "is not a DNS subdomain (lower case a-z, 0-9, '-' and '.', each dot-separated part starting and ending with a letter or digit, at most 253 characters), e.g. \"firefox\" or \"changedetection.io\"",
        ),
        DURATION_PATTERN => Some(
            "is not a duration (whole numbers with units h, m, s in that order), e.g. \"30m\", \"8h\", \"1h30m\"",
        ),
        CONDITION_REASON_PATTERN => Some(
            "is not a valid reason: use CamelCase letters and digits, e.g. \"DeploymentNotReady\"",
        ),
        _ => None,
    }
}

/// Whether `text` matches `pattern`. Compiled patterns are kept: schemas
/// name few, and each is checked often.
fn matches(pattern: &str, text: &str) -> bool {
    static COMPILED: LazyLock<Mutex<BTreeMap<String, Option<regex::Regex>>>> =
        LazyLock::new(Mutex::default);
    let mut compiled = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
    let regex = compiled
        .entry(pattern.to_owned())
        .or_insert_with(|| regex::Regex::new(pattern).ok());
    // A pattern the regex crate cannot read constrains nothing here; the
    // API server remains the judge of it.
    regex.as_ref().is_none_or(|r| r.is_match(text))
}

/// Why `text` does not match `pattern` (one of the schemas' patterns), or
/// `None` when it does.
pub fn pattern_mismatch(pattern: &str, text: &str) -> Option<String> {
    if matches(pattern, text) {
        return None;
    }
    Some(match pattern_meaning(pattern) {
        Some(meaning) => format!("{text:?} {meaning}"),
        None => format!("{text:?} does not match the pattern {pattern}"),
    })
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

fn is_integer(value: &Value) -> bool {
    value.as_i64().is_some()
        || value.as_u64().is_some()
        || value.as_f64().is_some_and(|f| f.fract() == 0.0)
}

fn has_type(value: &Value, wanted: &str) -> bool {
    match wanted {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "integer" => is_integer(value),
        "number" => value.is_number(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

fn described_type(wanted: &str) -> &str {
    match wanted {
        "string" => "a string (write it in quotes when it looks like a number or boolean)",
        "boolean" => "a boolean (true or false)",
        "integer" => "an integer",
        "number" => "a number",
        "array" => "a list",
        "object" => "a map",
        other => other,
    }
}

struct Walk {
    mode: Completeness,
    found: Vec<Violation>,
}

impl Walk {
    fn fault(&mut self, path: &str, message: String) {
        self.found.push(Violation {
            path: path.to_owned(),
            message,
        });
    }

    fn value(&mut self, schema: &Map<String, Value>, value: &Value, path: &str) {
        // The API server prunes a null before it validates: null is absent.
        if value.is_null() {
            return;
        }
        if !self.kind(schema, value, path) {
            return;
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
            && !allowed.contains(value)
        {
            let names: Vec<String> = allowed
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect();
            self.fault(
                path,
                format!("{} is not one of {}", brief(value), names.join(", ")),
            );
            return;
        }
        match value {
            Value::String(text) => self.string(schema, text, path),
            Value::Number(_) => self.number(schema, value, path),
            Value::Array(items) => {
                if let Some(item) = schema.get("items").and_then(Value::as_object) {
                    for (i, v) in items.iter().enumerate() {
                        self.value(item, v, &format!("{path}[{i}]"));
                    }
                }
            }
            Value::Object(map) => self.object(schema, map, path),
            _ => {}
        }
    }

    /// Checks the JSON type; false when it is wrong (nothing more to check).
    fn kind(&mut self, schema: &Map<String, Value>, value: &Value, path: &str) -> bool {
        if schema.get("x-kubernetes-int-or-string") == Some(&Value::Bool(true)) {
            if value.is_string() || is_integer(value) {
                return true;
            }
            self.fault(
                path,
                format!(
                    "expected a string or an integer, got {} {}",
                    type_name(value),
                    brief(value)
                ),
            );
            return false;
        }
        match schema.get("type").and_then(Value::as_str) {
            Some(wanted) if !has_type(value, wanted) => {
                self.fault(
                    path,
                    format!(
                        "expected {}, got {} {}",
                        described_type(wanted),
                        type_name(value),
                        brief(value)
                    ),
                );
                false
            }
            _ => true,
        }
    }

    fn string(&mut self, schema: &Map<String, Value>, text: &str, path: &str) {
        let pattern = schema.get("pattern").and_then(Value::as_str);
        let length = text.chars().count() as u64;
        let bound = |key: &str| schema.get(key).and_then(Value::as_u64);
        let unmatched = pattern.filter(|p| !matches(p, text));
        let short = bound("minLength").filter(|min| length < *min);
        let long = bound("maxLength").filter(|max| length > *max);
        // A known pattern's meaning covers its lengths too ("" is not a
        // duration rather than too short).
        let message = match (pattern.and_then(pattern_meaning), unmatched, short, long) {
            (_, None, None, None) => None,
            (Some(meaning), ..) => Some(format!("{text:?} {meaning}")),
            (None, Some(pattern), ..) => pattern_mismatch(pattern, text),
            (None, None, Some(min), _) => Some(format!(
                "{text:?} is too short: at least {min} character(s)"
            )),
            (None, None, None, Some(max)) => {
                Some(format!("{text:?} is too long: at most {max} characters"))
            }
        };
        if let Some(message) = message {
            self.fault(path, message);
            return;
        }
        if schema.get("format").and_then(Value::as_str) == Some("date-time")
            && text.parse::<jiff::Timestamp>().is_err()
        {
            self.fault(
                path,
                format!("{text:?} is not an RFC 3339 time, e.g. \"2026-01-01T12:00:00Z\""),
            );
        }
    }

    fn number(&mut self, schema: &Map<String, Value>, value: &Value, path: &str) {
        let number = value.as_f64().unwrap_or_default();
        let (min, max) = match schema.get("format").and_then(Value::as_str) {
            Some("int32") => (Some(f64::from(i32::MIN)), Some(f64::from(i32::MAX))),
            _ => (None, None),
        };
        let min = schema.get("minimum").and_then(Value::as_f64).or(min);
        let max = schema.get("maximum").and_then(Value::as_f64).or(max);
        if min.is_some_and(|min| number < min) || max.is_some_and(|max| number > max) {
            let range = match (min, max) {
                (Some(min), Some(max)) => format!("between {min} and {max}"),
                (Some(min), None) => format!("at least {min}"),
                (None, _) => format!("at most {}", max.unwrap_or_default()),
            };
            self.fault(path, format!("{value} is out of range: must be {range}"));
        }
    }

    fn object(&mut self, schema: &Map<String, Value>, map: &Map<String, Value>, path: &str) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let extra = schema
            .get("additionalProperties")
            .and_then(Value::as_object);
        let open = schema.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true));
        if self.mode == Completeness::Whole {
            for key in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if map.get(key).is_none_or(Value::is_null) {
                    self.fault(&join_path(path, key), "is required; add it".into());
                }
            }
        }
        for (key, value) in map {
            let at = join_path(path, key);
            match properties
                .and_then(|p| p.get(key))
                .and_then(Value::as_object)
            {
                Some(property) => self.value(property, value, &at),
                None => match extra {
                    Some(extra) => self.value(extra, value, &at),
                    // Without properties a map is free-form (metadata, labels).
                    None if open || properties.is_none() => {}
                    None => {
                        let fields: Vec<&str> = properties
                            .into_iter()
                            .flat_map(|p| p.keys())
                            .map(String::as_str)
                            .collect();
                        self.fault(
                            &at,
                            format!("not a field here (fields: {})", fields.join(", ")),
                        );
                    }
                },
            }
        }
    }
}

/// Every way `value` breaks `schema` (a structural schema as the CRDs hold
/// them), in field order.
pub fn violations(schema: &Value, value: &Value, mode: Completeness) -> Vec<Violation> {
    let mut walk = Walk {
        mode,
        found: Vec::new(),
    };
    if let Some(schema) = schema.as_object() {
        walk.value(schema, value, "");
    }
    walk.found
}

/// The openAPIV3Schema of each CRD by kind, with the fields every object
/// has and the API server checks itself (apiVersion, kind, metadata).
fn schemas() -> &'static BTreeMap<String, Value> {
    static SCHEMAS: OnceLock<BTreeMap<String, Value>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        definitions()
            .into_iter()
            .filter_map(|crd| {
                let version = crd.spec.versions.into_iter().next()?;
                let schema = version.schema?.open_api_v3_schema?;
                let mut schema = serde_json::to_value(schema).ok()?;
                if let Some(properties) =
                    schema.get_mut("properties").and_then(Value::as_object_mut)
                {
                    properties.insert("apiVersion".into(), serde_json::json!({"type": "string"}));
                    properties.insert("kind".into(), serde_json::json!({"type": "string"}));
                    properties.insert("metadata".into(), serde_json::json!({"type": "object"}));
                }
                Some((crd.spec.names.kind, schema))
            })
            .collect()
    })
}

/// Fills in `apiVersion` and `kind` of a Session or Template (`kind`)
/// written without them, as people write inputs by hand.
pub fn with_type_meta(object: &mut Value, kind: &str) {
    if let Some(map) = object.as_object_mut() {
        map.entry("apiVersion")
            .or_insert_with(|| <Session as kube::Resource>::api_version(&()).into());
        map.entry("kind").or_insert_with(|| kind.into());
    }
}

/// Checks a Session or Template (`kind`) given as data against its CRD's
/// schema: required fields, types, patterns, enums, lengths and ranges.
pub fn validate_object(kind: &str, object: &Value) -> Result<(), InvalidObject> {
    let fault = |path: &str, message: String| InvalidObject {
        violations: vec![Violation {
            path: path.to_owned(),
            message,
        }],
    };
    let Some(schema) = schemas().get(kind) else {
        let kinds: Vec<&str> = schemas().keys().map(String::as_str).collect();
        return Err(fault(
            "kind",
            format!("{kind:?} is not one of {}", kinds.join(", ")),
        ));
    };
    if let Some(given) = object.get("kind").and_then(Value::as_str)
        && given != kind
    {
        return Err(fault("kind", format!("expected {kind}, got {given:?}")));
    }
    let violations = violations(schema, object, Completeness::Whole);
    if violations.is_empty() {
        Ok(())
    } else {
        Err(InvalidObject { violations })
    }
}
