//! Command-line interface: one module per command.

mod check;
mod eval;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Kubernetes operator for StreamSpace Sessions and Templates, with its
/// policy in hot-reloaded Rhai scripts.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the Session and Template CustomResourceDefinitions as YAML.
    Crd {
        /// Write one file per CRD into this directory instead of printing.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Compile a script directory and check its entry points and imports.
    Check {
        /// Directory holding the *.rhai scripts.
        dir: PathBuf,
    },
    /// Run the fixtures DIR/tests/*.yaml against the scripts of DIR.
    Test(test::TestArgs),
    /// Run one script on the given inputs and print its decision as YAML.
    Eval(eval::EvalArgs),
}

/// Logs go to stderr; `RUST_LOG` overrides the default level.
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Crd { out: None } => {
            print!("{}", streamspace_operator::crd::render_yaml()?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Crd { out: Some(dir) } => {
            for path in streamspace_operator::crd::write_dir(&dir)? {
                println!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { dir } => check::run(&dir),
        Command::Test(args) => test::run(&args),
        Command::Eval(args) => eval::run(&args),
    }
}
