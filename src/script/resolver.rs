//! Resolution of `import` within a script set: each script is evaluated
//! once, as a module, and kept for every later import.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::RwLock;

use rhai::module_resolvers::ModuleResolver;
use rhai::{AST, Engine, EvalAltResult, Module, ParseError, Position, Scope, Shared};

/// The file an `import` path names: `lib.naming` and `lib.naming.rhai`
/// both mean `lib.naming.rhai`.
pub(super) fn import_file(path: &str) -> String {
    if path.ends_with(".rhai") {
        path.to_owned()
    } else {
        format!("{path}.rhai")
    }
}

/// Resolves `import` to scripts of the same set, and nothing else. Each
/// script is evaluated once (when the set loads) and its module kept, so
/// calls find their imports ready.
pub(super) struct SetResolver {
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
pub(super) fn repeats_a_failure(mut error: &EvalAltResult) -> bool {
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
    /// A resolver of `scripts`, none evaluated yet.
    pub(super) fn new(scripts: BTreeMap<String, Result<AST, ParseError>>) -> Self {
        Self {
            scripts,
            modules: RwLock::default(),
        }
    }

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
