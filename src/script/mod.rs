//! The sandboxed Rhai script host: the engine and its limits, the helpers
//! scripts may call, loading a script set, the context scripts get, the
//! typed decisions they return, the admission policy's inputs, and the
//! fixtures that test them.

pub mod admission;
pub mod context;
pub mod contract;
pub mod decision;
pub mod duration;
pub mod entry;
pub mod error;
mod error_context;
pub mod fixtures;
mod helpers;
pub mod naming;
pub mod policy;
mod resolver;
pub mod sandbox;
pub mod set;

pub use admission::{AdmitInput, Operation};
pub use context::{ObservedChildren, PolicySettings, SessionContext, SessionInput};
pub use decision::{
    AdmitDecision, AutostartDecision, IdleDecision, ReconcileDecision, TemplateVerdict,
};
pub use entry::Entry;
pub use error::{Location, ScriptError};
pub use policy::{ConnectionEvent, Evaluation};
pub use sandbox::{Limits, LogLevel, ScriptLog};
pub use set::{Called, LoadError, ScriptSet};
