//! streamspace-operator: a Kubernetes operator for StreamSpace `Session` and
//! `Template` resources whose policy lives in hot-reloaded Rhai scripts.
//!
//! The modules are layers, each using only those below it: [`keys`],
//! [`quantity`], [`crd`], [`quota`], [`script`], [`metrics`], [`controller`],
//! [`web`], and [`app`], the composition root (README, "Architecture";
//! `tests/architecture.rs` checks it).

#![deny(missing_docs)]

pub mod app;
pub mod controller;
pub mod crd;
pub mod keys;
pub mod metrics;
pub mod quantity;
pub mod quota;
pub mod script;
pub mod web;
