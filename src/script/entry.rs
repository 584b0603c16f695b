//! The entry points of the script contract: four every set has, and
//! `admit.rhai`, which a set may leave out.

use std::fmt;

/// A script the operator calls, with its entry function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entry {
    /// `reconcile.rhai`: `fn reconcile(ctx)`, every Session reconcile.
    Reconcile,
    /// `idle.rhai`: `fn idle(ctx)`, running Sessions on a timer.
    Idle,
    /// `autostart.rhai`: `fn autostart(ctx, event)`, connection events.
    Autostart,
    /// `template.rhai`: `fn validate(template)`, every Template reconcile.
    Template,
    /// `admit.rhai`: `fn admit(ctx)`, every Session created or changed, by
    /// the admission webhook. Optional: without it every Session is
    /// admitted.
    Admit,
}

impl Entry {
    /// Every entry point, in the order they are documented.
    pub const ALL: [Entry; 5] = [
        Entry::Reconcile,
        Entry::Idle,
        Entry::Autostart,
        Entry::Template,
        Entry::Admit,
    ];

    /// Whether every set must have it. A set without an optional entry
    /// script loads, and the operator does without what it decides.
    pub fn required(self) -> bool {
        self != Entry::Admit
    }

    /// The short name used on the command line and in fixtures.
    pub fn name(self) -> &'static str {
        match self {
            Entry::Reconcile => "reconcile",
            Entry::Idle => "idle",
            Entry::Autostart => "autostart",
            Entry::Template => "template",
            Entry::Admit => "admit",
        }
    }

    /// The script file that must define the entry function.
    pub fn file(self) -> &'static str {
        match self {
            Entry::Reconcile => "reconcile.rhai",
            Entry::Idle => "idle.rhai",
            Entry::Autostart => "autostart.rhai",
            Entry::Template => "template.rhai",
            Entry::Admit => "admit.rhai",
        }
    }

    /// The entry function's name.
    pub fn function(self) -> &'static str {
        match self {
            Entry::Reconcile => "reconcile",
            Entry::Idle => "idle",
            Entry::Autostart => "autostart",
            Entry::Template => "validate",
            Entry::Admit => "admit",
        }
    }

    /// The entry function as it must be declared.
    pub fn signature(self) -> &'static str {
        match self {
            Entry::Reconcile => "reconcile(ctx)",
            Entry::Idle => "idle(ctx)",
            Entry::Autostart => "autostart(ctx, event)",
            Entry::Template => "validate(template)",
            Entry::Admit => "admit(ctx)",
        }
    }

    /// The entry function's parameter names, in order.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            Entry::Reconcile | Entry::Idle | Entry::Admit => &["ctx"],
            Entry::Autostart => &["ctx", "event"],
            Entry::Template => &["template"],
        }
    }

    /// Number of parameters of the entry function.
    pub fn arity(self) -> usize {
        self.params().len()
    }

    /// When the operator calls the entry function.
    pub fn called(self) -> &'static str {
        match self {
            Entry::Reconcile => "every Session reconcile",
            Entry::Idle => "running Sessions, when their last `check_after` is due",
            Entry::Autostart => "connection events",
            Entry::Template => "every Template reconcile",
            Entry::Admit => {
                "every Session created or changed, by the admission webhook (optional: without `admit.rhai` every Session is admitted)"
            }
        }
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Entry {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.strip_suffix(".rhai").unwrap_or(s);
        Entry::ALL
            .into_iter()
            .find(|e| e.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Entry::ALL.map(Entry::name).to_vec();
                format!("unknown script {s:?}: expected one of {}", names.join(", "))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admit_is_optional_and_names_parse_with_or_without_rhai() {
        let optional: Vec<Entry> = Entry::ALL.into_iter().filter(|e| !e.required()).collect();
        assert_eq!(optional, [Entry::Admit]);
        assert_eq!("admit.rhai".parse(), Ok(Entry::Admit));
        assert_eq!(
            "admission".parse::<Entry>(),
            Err("unknown script \"admission\": expected one of reconcile, idle, autostart, template, admit".to_owned())
        );
    }

    #[test]
    fn signatures_name_the_function_and_its_params() {
        for entry in Entry::ALL {
            assert_eq!(
                entry.signature(),
                format!("{}({})", entry.function(), entry.params().join(", ")),
                "{entry}"
            );
        }
    }
}
