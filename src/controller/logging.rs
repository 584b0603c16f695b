//! How the controllers' runs are logged.

use kube::Resource;
use kube::runtime::controller::{self, Action};
use kube::runtime::reflector::ObjectRef;
use kube::runtime::watcher;

/// Logs what a controller run yields: failed reconciles at debug level
/// (each was reported on its object already), controller errors as
/// warnings.
pub fn log_result<K: Resource, E: std::fmt::Display>(
    result: Result<(ObjectRef<K>, Action), controller::Error<E, watcher::Error>>,
) {
    match result {
        Ok(_) => {}
        Err(controller::Error::ReconcilerFailed(e, object)) => {
            tracing::debug!(object = %object, "reconcile failed: {e}")
        }
        Err(e) => tracing::warn!("controller: {e}"),
    }
}
