//! The operator: the watch caches, the one evaluation path of the scripts,
//! the Session and Template controllers with child apply and status, the
//! idle and auto-start policies, heartbeats and script reloads.
//!
//! Modules depend on each other one way: the leaves ([`caches`],
//! [`evaluate`], [`kube`], [`scripts`], ...) know nothing of [`context`],
//! which holds them, and the parts that act ([`session`], [`template`],
//! [`idle`], [`activity`]) use the context.

pub mod activity;
pub mod apply;
pub mod caches;
pub mod context;
pub mod drift;
pub mod evaluate;
pub mod evaluated;
mod failures;
pub mod heartbeats;
pub mod idle;
pub mod kube;
mod logging;
pub mod quotas;
mod recent;
pub mod reconcile_log;
pub mod reload;
pub mod schedule;
pub mod scripts;
pub mod session;
pub mod status;
pub mod template;
mod transitions;
