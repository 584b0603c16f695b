//! The four entry points of the script contract.

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
}

impl Entry {
    /// Every entry point, in the order they are documented.
    pub const ALL: [Entry; 4] = [
        Entry::Reconcile,
        Entry::Idle,
        Entry::Autostart,
        Entry::Template,
    ];

    /// The short name used on the command line and in fixtures.
    pub fn name(self) -> &'static str {
        match self {
            Entry::Reconcile => "reconcile",
            Entry::Idle => "idle",
            Entry::Autostart => "autostart",
            Entry::Template => "template",
        }
    }

    /// The script file that must define the entry function.
    pub fn file(self) -> &'static str {
        match self {
            Entry::Reconcile => "reconcile.rhai",
            Entry::Idle => "idle.rhai",
            Entry::Autostart => "autostart.rhai",
            Entry::Template => "template.rhai",
        }
    }

    /// The entry function's name.
    pub fn function(self) -> &'static str {
        match self {
            Entry::Reconcile => "reconcile",
            Entry::Idle => "idle",
            Entry::Autostart => "autostart",
            Entry::Template => "validate",
        }
    }

    /// The entry function as it must be declared.
    pub fn signature(self) -> &'static str {
        match self {
            Entry::Reconcile => "reconcile(ctx)",
            Entry::Idle => "idle(ctx)",
            Entry::Autostart => "autostart(ctx, event)",
            Entry::Template => "validate(template)",
        }
    }

    /// The entry function's parameter names, in order.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            Entry::Reconcile | Entry::Idle => &["ctx"],
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
                format!(
                    "unknown script {s:?}: expected one of reconcile, idle, autostart, template"
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
