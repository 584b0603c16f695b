//! `playground`: the editor on a local script directory, no cluster needed.

use std::process::ExitCode;

use streamspace_operator::app::playground::{self, PlaygroundArgs};

/// Serves the playground until SIGTERM or Ctrl-C.
pub fn run(args: PlaygroundArgs) -> anyhow::Result<ExitCode> {
    tokio::runtime::Runtime::new()?.block_on(playground::run(args))?;
    Ok(ExitCode::SUCCESS)
}
