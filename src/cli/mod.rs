//! Command-line interface: one module per command.

mod check;
mod eval;
mod playground;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use streamspace_operator::app::logging::LogArgs;

/// Kubernetes operator for StreamSpace Sessions and Templates, with its
/// policy in hot-reloaded Rhai scripts.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// Where and how logs are written.
    #[command(flatten)]
    pub logging: LogArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the operator against the cluster (in-cluster config or KUBECONFIG).
    // Boxed: its flags are most of the enum's size.
    Run(Box<streamspace_operator::app::RunArgs>),
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
    /// Serve the editor without a cluster: scripts from a local directory,
    /// the example Sessions and Templates to dry-run.
    Playground(streamspace_operator::app::playground::PlaygroundArgs),
}

impl Cli {
    /// The log level when `RUST_LOG` is not set: the long-running operator
    /// says what it does, the offline commands only warn.
    pub fn default_log_level(&self) -> &'static str {
        match self.command {
            Command::Run(_) | Command::Playground(_) => "info",
            // Fixtures log by design (a warning is often what a case tests).
            Command::Test(_) => "warn,script=off",
            _ => "warn",
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run(args) => {
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(streamspace_operator::app::run(*args))?;
            Ok(ExitCode::SUCCESS)
        }
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
        Command::Playground(args) => playground::run(args),
    }
}
