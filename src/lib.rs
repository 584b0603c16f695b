//! streamspace-operator: a Kubernetes operator for StreamSpace `Session` and
//! `Template` resources whose policy lives in hot-reloaded Rhai scripts.

pub mod app;
pub mod controller;
pub mod crd;
pub mod keys;
pub mod metrics;
pub mod script;
pub mod web;
