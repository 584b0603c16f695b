//! The operator: Session and Template controllers, child apply, the idle
//! and auto-start policies, heartbeats and script reloads.

pub mod apply;
mod drift;
pub mod heartbeats;
pub mod idle;
mod recent;
pub mod reload;
pub mod scripts;
pub mod session;
pub mod state;
pub mod status;
pub mod stores;
pub mod template;
pub mod transitions;

mod run;

pub use run::{RunArgs, run, run_with};
pub use session::Reconciler;
