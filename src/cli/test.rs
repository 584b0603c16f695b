//! `test DIR`: run the fixtures of a script directory.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use streamspace_operator::script::ScriptSet;
use streamspace_operator::script::fixtures;

/// Arguments of `test`.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Directory holding the *.rhai scripts; fixtures are read from DIR/tests.
    dir: PathBuf,
    /// Also write a JUnit XML report to this file.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
}

/// Runs every fixture; exits 1 when one fails or the scripts do not load.
pub fn run(args: &TestArgs) -> anyhow::Result<ExitCode> {
    let set = ScriptSet::load_dir(&args.dir)?;
    let files = fixtures::load_dir(&args.dir.join("tests"))?;
    let reports = fixtures::run_files(&set, &files);
    print!("{}", fixtures::render(&reports));
    if let Some(path) = &args.junit {
        std::fs::write(path, fixtures::junit_report(&reports)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if reports.is_empty() {
        eprintln!("no fixture cases in {}", args.dir.join("tests").display());
        return Ok(ExitCode::FAILURE);
    }
    Ok(if reports.iter().all(|r| r.passed()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
