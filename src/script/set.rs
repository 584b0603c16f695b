//! `ScriptSet`: a compiled, checked set of scripts with its version. Only a
//! set that loads completely exists, which is what makes reload safe: a bad
//! edit never replaces a good set.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rhai::{AST, CallFnOptions, Dynamic, Engine, FuncArgs, ParseError, Position, Scope};
use sha2::{Digest, Sha256};

use super::entry::Entry;
use super::error::ScriptError;
use super::error_context::{ErrorContext, location};
use super::helpers;
use super::resolver::{SetResolver, repeats_a_failure};
use super::sandbox::{self, CallInfo, Limits, ScriptLog};

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
    /// import of every script resolves, every required entry script is
    /// there, and every entry script there defines its entry function.
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
        super::admission::register(&mut engine);

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
                None if !entry.required() => {}
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
        engine.set_module_resolver(SetResolver::new(scripts));
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
                let context = ErrorContext {
                    scripts: &sources,
                    limits: &limits,
                };
                errors.push(context.load_error(&name, e));
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

    /// Whether the set has `entry`'s script: always for a required entry,
    /// and for an optional one when it was given.
    pub fn has(&self, entry: Entry) -> bool {
        self.entries.contains_key(&entry)
    }

    /// The limits every call runs under.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Calls an entry function with `args`, under the sandbox's limits and
    /// deadline, with `now` as the evaluation clock; an entry the set does
    /// not [have](Self::has) is a missing script.
    pub fn call(
        &self,
        entry: Entry,
        subject: Option<String>,
        now: jiff::Timestamp,
        args: impl FuncArgs,
    ) -> Result<Called, ScriptError> {
        let Some(ast) = self.entries.get(&entry) else {
            return Err(ScriptError::MissingScript {
                script: entry.file().to_owned(),
                signature: entry.signature(),
            });
        };
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
        let context = ErrorContext {
            scripts: &self.sources,
            limits: &self.limits,
        };
        let value = result.map_err(|e| context.call_error(entry.file(), &e))?;
        Ok(Called {
            value,
            logs,
            elapsed: started.elapsed(),
        })
    }
}
