//! The composition root: `run` (the operator against a cluster) and
//! `playground` (the editor without one) build their parts from the layers
//! below, and `logging` sets up where logs go. Nothing else depends on it.

pub mod logging;
pub mod playground;
mod run;

#[cfg(feature = "bench")]
pub use run::run_native;
pub use run::{RunArgs, run};
