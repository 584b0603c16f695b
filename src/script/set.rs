//! `ScriptSet`: a compiled, checked set of scripts with its version. Only a
//! set that loads completely exists, which is what makes reload safe: a bad
//! edit never replaces a good set.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rhai::module_resolvers::ModuleResolver;
use rhai::{
    AST, CallFnOptions, Dynamic, Engine, EvalAltResult, FuncArgs, Module, Position, Scope, Shared,
};
use sha2::{Digest, Sha256};

use super::entry::Entry;
use super::error::{Location, ScriptError};
use super::helpers;
use super::sandbox::{self, CallInfo, DEADLINE_TOKEN, Limits, ScriptLog};

/// Every error found while loading a set, one per line when displayed.
#[derive(Debug, Clone, thiserror::Error)]
pub struct LoadError {
    /// The errors, in script order.
    pub errors: Vec<ScriptError>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.errors.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

/// The result of one script call.
#[derive(Debug, Clone)]
pub struct Called {
    /// The value the entry function returned.
    pub value: Dynamic,
    /// What the script logged.
    pub logs: Vec<ScriptLog>,
    /// Wall-clock time of the call.
    pub elapsed: Duration,
}

/// A compiled script set, ready to call.
pub struct ScriptSet {
    version: String,
    sources: Arc<BTreeMap<String, String>>,
    engine: Engine,
    entries: BTreeMap<Entry, AST>,
    limits: Limits,
}

impl fmt::Debug for ScriptSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScriptSet")
            .field("version", &self.version)
            .field("scripts", &self.sources.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Reads every `*.rhai` file of `dir` (not recursing) as `(file name, source)`.
pub fn read_dir_sources(dir: &Path) -> anyhow::Result<BTreeMap<String, String>> {
    use anyhow::Context as _;
    let mut sources = BTreeMap::new();
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the script directory {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rhai") && path.is_file() {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .with_context(|| format!("{}: file name is not UTF-8", path.display()))?
                .to_owned();
            let source = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            sources.insert(name, source);
        }
    }
    Ok(sources)
}

/// The version of a set: a short hash of every name and source.
pub fn version_of(sources: &BTreeMap<String, String>) -> String {
    let mut hasher = Sha256::new();
    for (name, source) in sources {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(source.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn valid_name(name: &str) -> bool {
    name.strip_suffix(".rhai").is_some_and(|stem| {
        !stem.is_empty()
            && stem
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    })
}

/// The file an `import` path names: `lib.naming` and `lib.naming.rhai`
/// both mean `lib.naming.rhai`.
fn import_file(path: &str) -> String {
    if path.ends_with(".rhai") {
        path.to_owned()
    } else {
        format!("{path}.rhai")
    }
}

/// Resolves `import` to scripts of the same set, and nothing else.
struct SetResolver {
    sources: Arc<BTreeMap<String, String>>,
    // Imports being evaluated, to turn an import cycle into an error
    // instead of endless recursion.
    in_progress: Mutex<Vec<String>>,
}

impl SetResolver {
    fn source(&self, path: &str, pos: Position) -> Result<(String, &str), Box<EvalAltResult>> {
        let file = import_file(path);
        match self.sources.get(&file) {
            Some(source) => Ok((file, source)),
            None => {
                let known: Vec<&str> = self.sources.keys().map(String::as_str).collect();
                Err(EvalAltResult::ErrorModuleNotFound(
                    format!(
                        "{path} (no script {file} in this set; scripts: {})",
                        known.join(", ")
                    ),
                    pos,
                )
                .into())
            }
        }
    }

    fn compile(
        &self,
        engine: &Engine,
        path: &str,
        pos: Position,
    ) -> Result<AST, Box<EvalAltResult>> {
        let (file, source) = self.source(path, pos)?;
        let mut ast = engine
            .compile(source)
            .map_err(|e| EvalAltResult::ErrorInModule(file.clone(), e.into(), pos))?;
        ast.set_source(file);
        Ok(ast)
    }
}

impl ModuleResolver for SetResolver {
    fn resolve(
        &self,
        engine: &Engine,
        _source: Option<&str>,
        path: &str,
        pos: Position,
    ) -> Result<Shared<Module>, Box<EvalAltResult>> {
        let file = import_file(path);
        {
            let mut stack = self.in_progress.lock().unwrap_or_else(|e| e.into_inner());
            if stack.contains(&file) {
                let cycle = format!("import cycle: {} -> {file}", stack.join(" -> "));
                return Err(EvalAltResult::ErrorInModule(file, cycle.into(), pos).into());
            }
            stack.push(file.clone());
        }
        let module = self
            .compile(engine, path, pos)
            .and_then(|ast| Module::eval_ast_as_new(Scope::new(), &ast, engine))
            .map_err(|e| match *e {
                EvalAltResult::ErrorInModule(..) => e,
                other => EvalAltResult::ErrorInModule(file.clone(), other.into(), pos).into(),
            });
        self.in_progress
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop();
        Ok(module?.into())
    }

    fn resolve_ast(
        &self,
        engine: &Engine,
        _source: Option<&str>,
        path: &str,
        pos: Position,
    ) -> Option<Result<AST, Box<EvalAltResult>>> {
        Some(self.compile(engine, path, pos))
    }
}

/// Turns a Rhai error into a [`ScriptError`] naming the innermost script,
/// line and column, followed by the call chain that led there.
pub(crate) fn runtime_error(script: &str, error: &EvalAltResult, limit: Duration) -> ScriptError {
    let mut at = script.to_owned();
    let mut current = error;
    let mut chain = Vec::new();
    loop {
        match current {
            EvalAltResult::ErrorInFunctionCall(name, source, inner, pos) => {
                chain.push(format!("in fn {name} called at {}", located(&at, *pos)));
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
    if let EvalAltResult::ErrorTerminated(token, _) = current
        && token
            .clone()
            .into_string()
            .is_ok_and(|t| t == DEADLINE_TOKEN)
    {
        return ScriptError::Deadline {
            script: script.to_owned(),
            limit,
        };
    }
    let (message, pos) = match current {
        EvalAltResult::ErrorParsing(kind, pos) => (kind.to_string(), *pos),
        other => {
            // Display appends " (line L, position C)"; the location says it.
            let pos = other.position();
            let text = other.to_string();
            let suffix = format!(" ({pos})");
            (text.strip_suffix(&suffix).unwrap_or(&text).to_owned(), pos)
        }
    };
    let mut message = message;
    for step in chain.iter().rev() {
        message.push_str("\n  ");
        message.push_str(step);
    }
    ScriptError::Runtime {
        at: location(&at, pos),
        message,
    }
}

fn location(script: &str, pos: Position) -> Location {
    Location {
        script: script.to_owned(),
        line: pos.line(),
        column: pos.position(),
    }
}

fn located(script: &str, pos: Position) -> String {
    location(script, pos).to_string()
}

fn compile_error(script: &str, error: &EvalAltResult, limit: Duration) -> ScriptError {
    match runtime_error(script, error, limit) {
        ScriptError::Runtime { at, message } => ScriptError::Compile { at, message },
        other => other,
    }
}

impl ScriptSet {
    /// Compiles and checks a set with the default limits.
    pub fn compile(sources: BTreeMap<String, String>) -> Result<Self, LoadError> {
        Self::compile_with_limits(sources, Limits::default())
    }

    /// Reads and compiles the `*.rhai` files of a directory.
    pub fn load_dir(dir: &Path) -> anyhow::Result<Self> {
        Ok(Self::compile(read_dir_sources(dir)?)?)
    }

    /// Compiles and checks a set: every name valid, every script compiles,
    /// every import resolves, every entry script defines its entry function.
    pub fn compile_with_limits(
        sources: BTreeMap<String, String>,
        limits: Limits,
    ) -> Result<Self, LoadError> {
        let mut errors: Vec<ScriptError> = sources
            .keys()
            .filter(|name| !valid_name(name))
            .map(|name| ScriptError::InvalidName { name: name.clone() })
            .collect();
        let sources = Arc::new(sources);
        let mut engine = sandbox::engine(&limits);
        helpers::register(&mut engine);
        super::context::register(&mut engine);
        engine.set_module_resolver(SetResolver {
            sources: Arc::clone(&sources),
            in_progress: Mutex::new(Vec::new()),
        });

        let entry_files: BTreeSet<&str> = Entry::ALL.iter().map(|e| e.file()).collect();
        for (name, source) in sources
            .iter()
            .filter(|(n, _)| !entry_files.contains(n.as_str()))
        {
            if let Err(e) = engine.compile(source) {
                errors.push(ScriptError::Compile {
                    at: location(name, e.position()),
                    message: e.err_type().to_string(),
                });
            }
        }

        let mut entries = BTreeMap::new();
        for entry in Entry::ALL {
            let Some(source) = sources.get(entry.file()) else {
                errors.push(ScriptError::MissingScript {
                    script: entry.file().to_owned(),
                    signature: entry.signature(),
                });
                continue;
            };
            // Self-contained: imports are resolved now, so a missing or
            // broken library fails the load, and calls never resolve again.
            match engine.compile_into_self_contained(&Scope::new(), source) {
                Ok(mut ast) => {
                    ast.set_source(entry.file());
                    let defined = ast
                        .iter_functions()
                        .any(|f| f.name == entry.function() && f.params.len() == entry.arity());
                    if defined {
                        entries.insert(entry, ast);
                    } else {
                        errors.push(ScriptError::MissingEntryPoint {
                            script: entry.file().to_owned(),
                            signature: entry.signature(),
                        });
                    }
                }
                Err(e) => errors.push(compile_error(entry.file(), &e, limits.deadline)),
            }
        }

        let mut seen = BTreeSet::new();
        errors.retain(|e| seen.insert(e.to_string()));
        if !errors.is_empty() {
            return Err(LoadError { errors });
        }
        Ok(Self {
            version: version_of(&sources),
            sources,
            engine,
            entries,
            limits,
        })
    }

    /// The content hash of the set.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Every script of the set by file name.
    pub fn sources(&self) -> &BTreeMap<String, String> {
        &self.sources
    }

    /// The limits every call runs under.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Calls an entry function with `args`, under the sandbox's limits and
    /// deadline, with `now` as the evaluation clock.
    pub fn call(
        &self,
        entry: Entry,
        subject: Option<String>,
        now: jiff::Timestamp,
        args: impl FuncArgs,
    ) -> Result<Called, ScriptError> {
        let ast = &self.entries[&entry];
        let info = CallInfo {
            script: entry.file().to_owned(),
            version: self.version.clone(),
            subject,
            now,
        };
        let started = Instant::now();
        let (result, logs) = sandbox::with_call(info, self.limits.deadline, || {
            // A panic inside the engine must cost this call, not the process.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut scope = Scope::new();
                self.engine.call_fn_with_options::<Dynamic>(
                    CallFnOptions::new(),
                    &mut scope,
                    ast,
                    entry.function(),
                    args,
                )
            }))
        });
        let result = result.map_err(|panic| {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            ScriptError::Runtime {
                at: location(entry.file(), Position::NONE),
                message: format!("the script engine failed: {detail}"),
            }
        })?;
        let value = result.map_err(|e| runtime_error(entry.file(), &e, self.limits.deadline))?;
        Ok(Called {
            value,
            logs,
            elapsed: started.elapsed(),
        })
    }
}
