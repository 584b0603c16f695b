//! Errors of the script host, each naming the script and, where known, the
//! line and column, so a platform engineer can go straight to the fault.

use std::fmt;
use std::time::Duration;

/// Where in a script something happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Script file name, e.g. `reconcile.rhai`.
    pub script: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.script)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// Everything that can go wrong loading or calling a script.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ScriptError {
    /// A script does not compile.
    #[error("{at}: {message}")]
    Compile {
        /// Where.
        at: Location,
        /// What the compiler said.
        message: String,
    },
    /// A required entry script is not in the set.
    #[error("{script}: missing from the script set; add it (it must define `fn {signature}`)")]
    MissingScript {
        /// The missing script, e.g. `idle.rhai`.
        script: String,
        /// The entry function it must define.
        signature: &'static str,
    },
    /// An entry script does not define its entry function.
    #[error(
        "{script}: no `fn {signature}` defined; the operator calls it and cannot start without it"
    )]
    MissingEntryPoint {
        /// The entry script.
        script: String,
        /// The entry function it must define.
        signature: &'static str,
    },
    /// A script name that is not a valid script of a set.
    #[error(
        "{name}: not a valid script name (expected a file name ending in .rhai, made of letters, digits, '.', '_' or '-')"
    )]
    InvalidName {
        /// The name given.
        name: String,
    },
    /// The script failed while running.
    #[error("{at}: {message}")]
    Runtime {
        /// Where.
        at: Location,
        /// Why, with the call stack into libraries.
        message: String,
    },
    /// The call ran past its wall-clock deadline.
    #[error(
        "{script}: call took longer than its {limit:?} deadline and was stopped (an endless loop?)"
    )]
    Deadline {
        /// The script called.
        script: String,
        /// The deadline it ran past.
        limit: Duration,
    },
    /// The script returned a value of the wrong shape.
    #[error("{script}: {path}: {message}")]
    Decision {
        /// The script called.
        script: String,
        /// The path of the fault in the decision, e.g. `children[2].kind`.
        path: String,
        /// What is wrong there and how to fix it.
        message: String,
    },
    /// The inputs given to a script could not be turned into its context.
    #[error("{script}: bad input: {message}")]
    Input {
        /// The script that was to be called.
        script: String,
        /// What could not be converted.
        message: String,
    },
}

impl ScriptError {
    /// The script the error is about.
    pub fn script(&self) -> &str {
        match self {
            Self::Compile { at, .. } | Self::Runtime { at, .. } => &at.script,
            Self::MissingScript { script, .. }
            | Self::MissingEntryPoint { script, .. }
            | Self::Deadline { script, .. }
            | Self::Decision { script, .. }
            | Self::Input { script, .. } => script,
            Self::InvalidName { name } => name,
        }
    }

    /// Line and column, when the error has a position.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::Compile { at, .. } | Self::Runtime { at, .. } => {
                Some((at.line?, at.column.unwrap_or(1)))
            }
            _ => None,
        }
    }
}
