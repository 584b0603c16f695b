//! Durations as StreamSpace writes them: `30m`, `8h`, `45s`, or combined in
//! the order h, m, s (`1h30m`), the same grammar as the CRD's pattern.

use std::fmt;

use crate::crd::{DURATION_MIN_LENGTH, DURATION_PATTERN};

/// A whole number of seconds written as a duration string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ScriptDuration(pub u64);

/// Why a duration string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{input:?} is not a duration: {reason} (write whole numbers with units h, m, s in that order, e.g. \"30m\", \"8h\", \"1h30m\")"
)]
pub struct DurationError {
    input: String,
    reason: &'static str,
}

const UNITS: [(char, u64); 3] = [('h', 3600), ('m', 60), ('s', 1)];

/// Parses `30m`, `8h`, `1h30m`, `0s` into seconds.
pub fn parse_duration(input: &str) -> Result<u64, DurationError> {
    let fail = |reason| DurationError {
        input: input.to_owned(),
        reason,
    };
    if input.is_empty() {
        return Err(fail("it is empty"));
    }
    let mut rest = input;
    let mut total: u64 = 0;
    let mut next_unit = 0;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return Err(fail("expected a number"));
        }
        let number: u64 = rest[..digits]
            .parse()
            .map_err(|_| fail("the number is too large"))?;
        let unit = rest[digits..]
            .chars()
            .next()
            .ok_or_else(|| fail("the last number has no unit"))?;
        let position = UNITS[next_unit..]
            .iter()
            .position(|(u, _)| *u == unit)
            .ok_or_else(|| fail("units must be h, m or s, each once, in that order"))?;
        let (_, seconds) = UNITS[next_unit + position];
        next_unit += position + 1;
        total = number
            .checked_mul(seconds)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(|| fail("the duration is too large"))?;
        rest = &rest[digits + 1..];
    }
    Ok(total)
}

/// Writes seconds as the shortest duration string (`5400` → `1h30m`).
pub fn format_duration(seconds: u64) -> String {
    if seconds == 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    let mut rest = seconds;
    for (unit, size) in UNITS {
        if rest >= size {
            out.push_str(&format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    out
}

impl ScriptDuration {
    /// As a standard library duration.
    pub fn as_std(self) -> std::time::Duration {
        std::time::Duration::from_secs(self.0)
    }
}

impl fmt::Display for ScriptDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_duration(self.0))
    }
}

impl std::str::FromStr for ScriptDuration {
    type Err = DurationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_duration(s).map(ScriptDuration)
    }
}

impl serde::Serialize for ScriptDuration {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The CRD's duration schema, so fixture expectations of a duration are
/// checked with the same pattern as Session durations.
impl schemars::JsonSchema for ScriptDuration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ScriptDuration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": DURATION_PATTERN,
            "minLength": DURATION_MIN_LENGTH,
        })
    }
}

impl<'de> serde::Deserialize<'de> for ScriptDuration {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_streamspace_durations() {
        assert_eq!(parse_duration("30m"), Ok(1800));
        assert_eq!(parse_duration("8h"), Ok(28800));
        assert_eq!(parse_duration("45s"), Ok(45));
        assert_eq!(parse_duration("1h30m"), Ok(5400));
        assert_eq!(parse_duration("1h0m5s"), Ok(3605));
        assert_eq!(parse_duration("0s"), Ok(0));
    }

    #[test]
    fn refuses_malformed_durations_with_the_reason() {
        for bad in ["", "30", "m", "30x", "1m1h", "1h1h", "-5m", "1.5h", "30 m"] {
            let err = parse_duration(bad).unwrap_err().to_string();
            assert!(err.contains("is not a duration"), "{bad}: {err}");
        }
        assert!(
            parse_duration("1m1h")
                .unwrap_err()
                .to_string()
                .contains("in that order")
        );
        assert!(
            parse_duration("99999999999999999999h")
                .unwrap_err()
                .to_string()
                .contains("too large")
        );
    }

    #[test]
    fn the_parser_and_the_crd_pattern_agree() {
        let schema = serde_json::to_value(schemars::schema_for!(ScriptDuration)).unwrap();
        for text in [
            "30m", "8h", "1h30m", "1h0m5s", "0s", "", "5", "30x", "1m1h", "1h1h", "-5m", "1.5h",
        ] {
            let by_schema =
                crate::crd::violations(&schema, &text.into(), crate::crd::Completeness::Whole)
                    .is_empty();
            assert_eq!(parse_duration(text).is_ok(), by_schema, "{text:?}");
        }
    }

    #[test]
    fn formats_shortest_form_and_round_trips() {
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(300), "5m");
        assert_eq!(format_duration(5400), "1h30m");
        assert_eq!(format_duration(3605), "1h5s");
        for secs in [1, 59, 60, 61, 3599, 3600, 86400, 90061] {
            assert_eq!(parse_duration(&format_duration(secs)), Ok(secs));
        }
    }
}
