//! Per-user quotas, as data: the YAML of the quota ConfigMap's
//! [`QUOTAS_KEY`](crate::keys::QUOTAS_KEY) key, a default quota and the
//! users' own, which the admission policy (`admit.rhai`) gets as
//! `ctx.quota`. Changing a quota is an edit of that data, never of a script.
//!
//! ```yaml
//! default:
//!   maxSessions: 3
//!   cpu: "2"
//!   memory: 4Gi
//! users:
//!   alice:
//!     cpu: "4"
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::crd::{DNS_LABEL_PATTERN, pattern_mismatch};
use crate::quantity::Quantity;

/// One user's limits; a limit left out (`()` to scripts) is no limit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Quota {
    /// How many Sessions the user may have, or `()` for no limit.
    #[serde(default)]
    pub max_sessions: Option<u32>,
    /// The CPU all of the user's Sessions may request together, a
    /// Kubernetes quantity as written in the quota data (`"2"`, `"1500m"`),
    /// or `()` for no limit.
    #[serde(default, deserialize_with = "quantity")]
    pub cpu: Option<String>,
    /// The memory all of the user's Sessions may request together, a
    /// Kubernetes quantity as written in the quota data (`"4Gi"`), or `()`
    /// for no limit.
    #[serde(default, deserialize_with = "quantity")]
    pub memory: Option<String>,
}

impl Quota {
    /// This quota with every limit `own` sets in place of its own.
    fn overridden_by(&self, own: &Quota) -> Quota {
        Quota {
            max_sessions: own.max_sessions.or(self.max_sessions),
            cpu: own.cpu.clone().or_else(|| self.cpu.clone()),
            memory: own.memory.clone().or_else(|| self.memory.clone()),
        }
    }
}

/// The quotas of every user: a default and the users' own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quotas {
    /// The quota of every user, unless their own entry overrides it.
    #[serde(default)]
    default: Quota,
    /// Users' own quotas by user name; each limit given replaces the
    /// default's, the others stay.
    #[serde(default)]
    users: BTreeMap<String, Quota>,
}

/// Why the quota data was refused: the field and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
pub struct QuotaError {
    /// Where, e.g. `users.alice.cpu`; empty for the whole text.
    pub path: String,
    /// What is wrong and the fix.
    pub message: String,
}

/// A limit written as a string or, as YAML allows, a bare number
/// (`cpu: 2`), checked to be a quantity that is not negative.
fn quantity<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let text = match Option::<Value>::deserialize(deserializer)? {
        None => return Ok(None),
        Some(Value::String(text)) => text,
        Some(Value::Number(number)) => number.to_string(),
        Some(other) => {
            return Err(serde::de::Error::custom(format!(
                "expected a Kubernetes quantity such as \"2\" or \"4Gi\", got {other}"
            )));
        }
    };
    let parsed = Quantity::parse(&text).map_err(serde::de::Error::custom)?;
    if parsed.is_negative() {
        return Err(serde::de::Error::custom(format!(
            "{text:?} is negative: a limit is zero or more; leave the field out for no limit"
        )));
    }
    Ok(Some(text))
}

impl Quotas {
    /// Reads the YAML of the quota ConfigMap. Empty text means no quotas.
    pub fn parse(text: &str) -> Result<Quotas, QuotaError> {
        let options = serde_saphyr::options! { strict_booleans: true };
        let value: Value =
            serde_saphyr::from_str_with_options(text, options).map_err(|e| QuotaError {
                path: String::new(),
                message: format!("not valid YAML: {e}"),
            })?;
        if value.is_null() {
            return Ok(Quotas::default());
        }
        if !value.is_object() {
            return Err(QuotaError {
                path: String::new(),
                message: format!(
                    "expected a map with `default` and `users`, e.g. \
                     `default: {{ maxSessions: 3, cpu: \"2\", memory: 4Gi }}`, got {value}"
                ),
            });
        }
        let quotas: Quotas = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            QuotaError {
                path: if path == "." { String::new() } else { path },
                message: e.inner().to_string(),
            }
        })?;
        for user in quotas.users.keys() {
            if let Some(fault) = pattern_mismatch(DNS_LABEL_PATTERN, user) {
                return Err(QuotaError {
                    path: format!("users.{user}"),
                    message: format!("{fault}: write the user as Sessions name it in spec.user"),
                });
            }
        }
        Ok(quotas)
    }

    /// The quota of `user`: the default, with each limit of the user's own
    /// entry in its place.
    pub fn for_user(&self, user: &str) -> Quota {
        match self.users.get(user) {
            Some(own) => self.default.overridden_by(own),
            None => self.default.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = "
default:
  maxSessions: 3
  cpu: \"2\"
  memory: 4Gi
users:
  alice:
    cpu: \"4\"
  bob:
    maxSessions: 1
    memory: 8Gi
";

    fn quota(max_sessions: Option<u32>, cpu: Option<&str>, memory: Option<&str>) -> Quota {
        Quota {
            max_sessions,
            cpu: cpu.map(str::to_owned),
            memory: memory.map(str::to_owned),
        }
    }

    fn error(text: &str) -> String {
        Quotas::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn a_users_entry_overrides_the_default_field_by_field() {
        let quotas = Quotas::parse(EXAMPLE).unwrap();
        assert_eq!(
            quotas.for_user("alice"),
            quota(Some(3), Some("4"), Some("4Gi"))
        );
        assert_eq!(
            quotas.for_user("bob"),
            quota(Some(1), Some("2"), Some("8Gi"))
        );
        assert_eq!(
            quotas.for_user("carol"),
            quota(Some(3), Some("2"), Some("4Gi"))
        );
    }

    #[test]
    fn no_data_or_no_default_is_no_limit() {
        assert_eq!(
            Quotas::parse("").unwrap().for_user("alice"),
            Quota::default()
        );
        let only_alice = Quotas::parse("users: { alice: { memory: 1Gi } }").unwrap();
        assert_eq!(only_alice.for_user("alice"), quota(None, None, Some("1Gi")));
        assert_eq!(only_alice.for_user("bob"), Quota::default());
    }

    #[test]
    fn bare_numbers_are_quantities_as_written() {
        let quotas = Quotas::parse("default: { cpu: 2, memory: 1.5 }").unwrap();
        assert_eq!(quotas.for_user("x"), quota(None, Some("2"), Some("1.5")));
    }

    #[test]
    fn scripts_see_every_limit_with_unit_for_none() {
        let value = rhai::serde::to_dynamic(quota(Some(2), None, Some("4Gi"))).unwrap();
        let map = value.cast::<rhai::Map>();
        assert_eq!(map["maxSessions"].as_int(), Ok(2));
        assert!(map["cpu"].is_unit());
        assert_eq!(map["memory"].to_string(), "4Gi");
    }

    #[test]
    fn faults_name_the_field_and_the_fix() {
        assert_eq!(
            error("default: { cpus: \"2\" }"),
            "default.cpus: unknown field `cpus`, expected one of `maxSessions`, `cpu`, `memory`"
        );
        assert_eq!(
            error("defaults: {}"),
            "defaults: unknown field `defaults`, expected `default` or `users`"
        );
        let not_quantity = error("users: { alice: { cpu: 2 cores } }");
        assert!(
            not_quantity.starts_with(
                "users.alice.cpu: \"2 cores\" is not a Kubernetes quantity: the suffix is not a unit"
            ),
            "{not_quantity}"
        );
        assert_eq!(
            error("default: { memory: -1Gi }"),
            "default.memory: \"-1Gi\" is negative: a limit is zero or more; leave the field out for no limit"
        );
        let bad_count = error("default: { maxSessions: -1 }");
        assert!(
            bad_count.starts_with("default.maxSessions: "),
            "{bad_count}"
        );
        let bad_user = error("users: { Alice: { cpu: \"1\" } }");
        assert!(
            bad_user.starts_with("users.Alice: \"Alice\" is not a DNS label")
                && bad_user.ends_with("write the user as Sessions name it in spec.user"),
            "{bad_user}"
        );
        assert!(error("default: [").starts_with("not valid YAML: "));
        assert_eq!(
            error("- a\n- b"),
            "expected a map with `default` and `users`, e.g. `default: { maxSessions: 3, cpu: \"2\", memory: 4Gi }`, got [\"a\",\"b\"]"
        );
    }
}
