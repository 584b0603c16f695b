//! `check DIR`: compile and load-time checks.

use std::path::Path;
use std::process::ExitCode;

use streamspace_operator::script::{Entry, ScriptSet, set::read_dir_sources};

/// Prints `ok` with the version and what an optional entry script left out
/// means, or every error, one per line.
pub fn run(dir: &Path) -> anyhow::Result<ExitCode> {
    let sources = read_dir_sources(dir)?;
    let count = sources.len();
    match ScriptSet::compile(sources) {
        Ok(set) => {
            println!(
                "ok: {count} scripts in {}, version {}",
                dir.display(),
                set.version()
            );
            if !set.has(Entry::Admit) {
                println!("no {}: every Session is admitted", Entry::Admit.file());
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            for error in &e.errors {
                eprintln!("{error}");
            }
            eprintln!("{} error(s) in {}", e.errors.len(), dir.display());
            Ok(ExitCode::FAILURE)
        }
    }
}
