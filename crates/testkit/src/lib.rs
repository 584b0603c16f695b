//! Shared support of streamspace-operator's integration tests and
//! benchmarks, compiled once as a dev-only crate:
//!
//! - [`TestCluster`]: a Kubernetes API for one test, either the cluster named
//!   by `STREAMSPACE_TEST_KUBECONFIG` or an in-process
//!   [`fake_apiserver::FakeApiServer`];
//! - [`proxy::ApiProxy`]: a TCP proxy in front of it, for outages;
//! - [`operator::OperatorProcess`]: the operator binary as a child process,
//!   and [`editor::Playground`]: the playground the same way, with clients of
//!   the editor API and the live logs;
//! - [`rbac`]: the operator's RBAC as `deploy/base/rbac.yaml` grants it, which the
//!   fake enforces on the operator's requests and records them against;
//! - [`poll::eventually`], the shipped [`policy`] files, and what each
//!   release recorded for the upgrade tests ([`releases`]).
//!
//! The operator's executable exists only for the root package's integration
//! tests and benches (`CARGO_BIN_EXE_streamspace-operator`), so they pass it
//! in with [`operator_binary!`].

pub mod cluster;
pub mod editor;
pub mod fake_apiserver;
pub mod operator;
pub mod policy;
pub mod poll;
pub mod proxy;
pub mod rbac;
pub mod releases;

use std::path::{Path, PathBuf};

pub use cluster::TestCluster;
pub use fake_apiserver::ids::random_suffix;

/// The path of the operator's executable, for [`operator::Launch`] and
/// [`editor::Playground`]. Cargo names it only to the root package's
/// integration tests and benches, so the macro expands there.
#[macro_export]
macro_rules! operator_binary {
    () => {
        ::std::path::Path::new(env!("CARGO_BIN_EXE_streamspace-operator"))
    };
}

/// `relative` in the repository (the root package's directory), whichever
/// package's test is running.
pub fn repo_path(relative: impl AsRef<Path>) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the testkit lives in crates/testkit of the repository")
        .join(relative)
}

/// A port on `127.0.0.1` where nothing listens now: for a process to serve
/// on, or for an [`proxy::ApiProxy`] started later with
/// [`proxy::ApiProxy::start_on`].
pub fn unused_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}
