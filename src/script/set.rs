//! `ScriptSet`: a compiled, checked set of scripts with its version. Only a
//! set that loads completely exists, which is what makes reload safe: a bad
//! edit never replaces a good set.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use rhai::module_resolvers::ModuleResolver;
use rhai::{
    AST, CallFnOptions, Dynamic, Engine, EvalAltResult, FuncArgs, Module, ParseError, Position,
    Scope, Shared,
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

/// Resolves `import` to scripts of the same set, and nothing else. Each
/// script is evaluated once (when the set loads) and its module kept, so
/// calls find their imports ready.
struct SetResolver {
    /// Every script of the set, compiled or with its parse error.
    scripts: BTreeMap<String, Result<AST, ParseError>>,
    /// Outcome of each script evaluated so far, by file name: its module,
    /// or `None` when it failed (its error was returned then).
    modules: RwLock<BTreeMap<String, Option<Shared<Module>>>>,
}

/// What importing a script that already failed gives: its own error was
/// reported when it first failed, so it is neither run nor reported again.
#[derive(Debug, thiserror::Error)]
#[error("{0} failed to load")]
struct FailedBefore(String);

/// Whether `error` only repeats the failure of a script imported on the way.
fn repeats_a_failure(mut error: &EvalAltResult) -> bool {
    loop {
        match error {
            EvalAltResult::ErrorInFunctionCall(.., inner, _)
            | EvalAltResult::ErrorInModule(_, inner, _) => error = inner,
            EvalAltResult::ErrorSystem(_, cause) => return cause.is::<FailedBefore>(),
            _ => return false,
        }
    }
}

thread_local! {
    // The imports being evaluated on this thread, innermost last, to turn
    // an import cycle into an error instead of endless recursion.
    static RESOLVING: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

impl SetResolver {
    fn ast(&self, path: &str, file: &str, pos: Position) -> Result<&AST, Box<EvalAltResult>> {
        match self.scripts.get(file) {
            Some(Ok(ast)) => Ok(ast),
            Some(Err(error)) => {
                Err(EvalAltResult::ErrorInModule(file.to_owned(), error.clone().into(), pos).into())
            }
            // Rhai replaces a resolver's "not found" with its own; the
            // message gets the set's scripts when the error is located.
            None => Err(EvalAltResult::ErrorModuleNotFound(path.to_owned(), pos).into()),
        }
    }

    /// Evaluates `file` as a module, its own imports resolved on the way.
    fn evaluate(
        &self,
        engine: &Engine,
        path: &str,
        file: &str,
        pos: Position,
    ) -> Result<Shared<Module>, Box<EvalAltResult>> {
        let ast = self.ast(path, file, pos)?;
        let cycle = RESOLVING.with(|stack| {
            let mut stack = stack.borrow_mut();
            if stack.iter().any(|f| f == file) {
                return Some(format!("import cycle: {} -> {file}", stack.join(" -> ")));
            }
            stack.push(file.to_owned());
            None
        });
        if let Some(cycle) = cycle {
            return Err(EvalAltResult::ErrorInModule(file.to_owned(), cycle.into(), pos).into());
        }
        let module = Module::eval_ast_as_new(Scope::new(), ast, engine).map_err(|e| match *e {
            EvalAltResult::ErrorInModule(..) => e,
            other => EvalAltResult::ErrorInModule(file.to_owned(), other.into(), pos).into(),
        });
        RESOLVING.with(|stack| stack.borrow_mut().pop());
        let outcome = module.map(Shared::new);
        self.modules
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.to_owned(), outcome.as_ref().ok().cloned());
        outcome
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
        let loaded = self
            .modules
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&file)
            .cloned();
        match loaded {
            Some(Some(module)) => Ok(module),
            Some(None) => {
                Err(EvalAltResult::ErrorSystem(String::new(), Box::new(FailedBefore(file))).into())
            }
            None => self.evaluate(engine, path, &file, pos),
        }
    }
}

/// What error messages name beside the error itself: the scripts of the
/// set (for a missing import) and the limits (for a limit that was hit).
struct Known<'a> {
    scripts: &'a BTreeMap<String, String>,
    limits: &'a Limits,
}

impl Known<'_> {
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
    fn call_error(&self, script: &str, error: &EvalAltResult) -> ScriptError {
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
    fn load_error(&self, script: &str, error: &EvalAltResult) -> ScriptError {
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

fn location(script: &str, pos: Position) -> Location {
    Location {
        script: script.to_owned(),
        line: pos.line(),
        column: pos.position(),
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

    /// Compiles and checks a set: every name valid, every script compiles
    /// and runs its top level (within the call limits and deadline), every
    /// import of every script resolves, every entry script defines its entry
    /// function.
    pub fn compile_with_limits(
        sources: BTreeMap<String, String>,
        limits: Limits,
    ) -> Result<Self, LoadError> {
        let mut errors: Vec<ScriptError> = sources
            .keys()
            .filter(|name| !valid_name(name))
            .map(|name| ScriptError::InvalidName { name: name.clone() })
            .collect();
        let version = version_of(&sources);
        let mut engine = sandbox::engine(&limits);
        helpers::register(&mut engine);
        super::context::register(&mut engine);

        let scripts: BTreeMap<String, Result<AST, ParseError>> = sources
            .iter()
            .map(|(name, source)| {
                let compiled = engine.compile(source).map(|mut ast| {
                    ast.set_source(name.as_str());
                    ast
                });
                if let Err(e) = &compiled {
                    errors.push(ScriptError::Compile {
                        at: location(name, e.position()),
                        message: e.err_type().to_string(),
                    });
                }
                (name.clone(), compiled)
            })
            .collect();
        let mut entries = BTreeMap::new();
        for entry in Entry::ALL {
            match scripts.get(entry.file()) {
                None => errors.push(ScriptError::MissingScript {
                    script: entry.file().to_owned(),
                    signature: entry.signature(),
                }),
                Some(Ok(ast))
                    if !ast
                        .iter_functions()
                        .any(|f| f.name == entry.function() && f.params.len() == entry.arity()) =>
                {
                    errors.push(ScriptError::MissingEntryPoint {
                        script: entry.file().to_owned(),
                        signature: entry.signature(),
                    });
                }
                Some(Ok(ast)) => {
                    entries.insert(entry, ast.clone());
                }
                Some(Err(_)) => {}
            }
        }
        let compiled: Vec<String> = scripts
            .iter()
            .filter(|(_, ast)| ast.is_ok())
            .map(|(name, _)| name.clone())
            .collect();
        engine.set_module_resolver(SetResolver {
            scripts,
            modules: RwLock::default(),
        });
        // Every script, imported or not, runs its top level now (as its
        // first import would), so a broken import or a top level that fails
        // is a load error with its position, and calls find modules ready.
        for name in compiled {
            let info = CallInfo {
                script: name.clone(),
                version: version.clone(),
                subject: None,
                now: jiff::Timestamp::now(),
            };
            let (loaded, _) = sandbox::with_call(info, limits.deadline, || {
                engine
                    .module_resolver()
                    .resolve(&engine, None, &name, Position::NONE)
            });
            if let Err(e) = loaded.as_ref().map_err(AsRef::as_ref)
                && !repeats_a_failure(e)
            {
                let known = Known {
                    scripts: &sources,
                    limits: &limits,
                };
                errors.push(known.load_error(&name, e));
            }
        }

        let mut seen = BTreeSet::new();
        errors.retain(|e| seen.insert(e.to_string()));
        if !errors.is_empty() {
            return Err(LoadError { errors });
        }
        Ok(Self {
            version,
            sources: Arc::new(sources),
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
        let known = Known {
            scripts: &self.sources,
            limits: &self.limits,
        };
        let value = result.map_err(|e| known.call_error(entry.file(), &e))?;
        Ok(Called {
            value,
            logs,
            elapsed: started.elapsed(),
        })
    }
}
