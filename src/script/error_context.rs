//! Turning Rhai errors into [`ScriptError`]s that name the script, line
//! and column, the call chain, and what helps to fix them.

use std::collections::BTreeMap;

use rhai::{EvalAltResult, Position};

use super::error::{Location, ScriptError};
use super::resolver::import_file;
use super::sandbox::{DEADLINE_TOKEN, Limits};

/// What error messages name beside the error itself: the scripts of the
/// set (for a missing import) and the limits (for a limit that was hit).
pub(super) struct ErrorContext<'a> {
    /// The scripts of the set, by file name.
    pub(super) scripts: &'a BTreeMap<String, String>,
    /// The limits calls and loading run under.
    pub(super) limits: &'a Limits,
}

impl ErrorContext<'_> {
    /// The message of the innermost error, with what helps to fix it.
    fn message(&self, error: &EvalAltResult) -> (String, Position) {
        match error {
            EvalAltResult::ErrorParsing(kind, pos) => (kind.to_string(), *pos),
            EvalAltResult::ErrorModuleNotFound(path, pos) => {
                let scripts: Vec<&str> = self.scripts.keys().map(String::as_str).collect();
                let message = format!(
                    "Module not found: {path} (no script {} in this set; scripts: {})",
                    import_file(path),
                    scripts.join(", ")
                );
                (message, *pos)
            }
            EvalAltResult::ErrorTooManyOperations(pos) => (
                format!(
                    "Too many operations: more than {} (an endless loop?)",
                    self.limits.max_operations
                ),
                *pos,
            ),
            EvalAltResult::ErrorStackOverflow(pos) => (
                format!(
                    "Stack overflow: more than {} nested function calls (runaway recursion?)",
                    self.limits.max_call_levels
                ),
                *pos,
            ),
            EvalAltResult::ErrorAssignmentToConstant(name, pos) if name == "ctx" => (
                "ctx is read-only: copy the part to change (let s = ctx.session;) and change \
                 the copy"
                    .to_owned(),
                *pos,
            ),
            EvalAltResult::ErrorNonPureMethodCallOnConstant(method, pos) => (
                format!(
                    "{method} would change a read-only value (ctx and its parts are read-only): \
                     copy it first (let s = ctx.session;) and change the copy"
                ),
                *pos,
            ),
            other => {
                // Display appends " (line L, position C)"; the location says it.
                let pos = other.position();
                let text = other.to_string();
                let suffix = format!(" ({pos})");
                (text.strip_suffix(&suffix).unwrap_or(&text).to_owned(), pos)
            }
        }
    }

    /// Where a Rhai error happened (the innermost script, line and column),
    /// its message followed by the call chain that led there, and whether it
    /// is the deadline stopping the call.
    fn locate(&self, script: &str, error: &EvalAltResult) -> (Location, String, bool) {
        let mut at = script.to_owned();
        let mut current = error;
        let mut chain = Vec::new();
        loop {
            match current {
                EvalAltResult::ErrorInFunctionCall(name, source, inner, pos) => {
                    chain.push(format!("in fn {name} called at {}", location(&at, *pos)));
                    if !source.is_empty() {
                        at.clone_from(source);
                    }
                    current = inner;
                }
                EvalAltResult::ErrorInModule(name, inner, _) => {
                    at = import_file(name);
                    current = inner;
                }
                _ => break,
            }
        }
        let deadline = matches!(current, EvalAltResult::ErrorTerminated(token, _)
            if token.clone().into_string().is_ok_and(|t| t == DEADLINE_TOKEN));
        let (mut message, pos) = self.message(current);
        for step in chain.iter().rev() {
            message.push_str("\n  ");
            message.push_str(step);
        }
        (location(&at, pos), message, deadline)
    }

    /// Turns the error of a call into a [`ScriptError`] naming the innermost
    /// script, line and column, followed by the call chain that led there.
    pub(super) fn call_error(&self, script: &str, error: &EvalAltResult) -> ScriptError {
        match self.locate(script, error) {
            (_, _, true) => ScriptError::Deadline {
                script: script.to_owned(),
                limit: self.limits.deadline,
            },
            (at, message, false) => ScriptError::Runtime { at, message },
        }
    }

    /// Turns an error raised while loading `script` (resolving its imports,
    /// running its top level) into a load error with its position.
    pub(super) fn load_error(&self, script: &str, error: &EvalAltResult) -> ScriptError {
        match self.locate(script, error) {
            (at, _, true) => ScriptError::Compile {
                at,
                message: format!(
                    "loading took longer than the {:?} deadline and was stopped here (an endless loop at the top level?)",
                    self.limits.deadline
                ),
            },
            (at, message, false) => ScriptError::Compile { at, message },
        }
    }
}

/// `pos` in `script` as a [`Location`].
pub(super) fn location(script: &str, pos: Position) -> Location {
    Location {
        script: script.to_owned(),
        line: pos.line(),
        column: pos.position(),
    }
}
