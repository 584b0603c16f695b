//! What StreamSpace's API and proxy report about Sessions: activity
//! heartbeats (coalesced into `status.lastActivity`) and connection events
//! (`autostart.rhai`; a wake sets `spec.state` to running). The HTTP
//! endpoints only authenticate and translate; everything else is here.

use std::sync::Arc;
use std::time::Duration;

use kube::Api;

use super::context::Context;
use super::evaluate::Autostart;
use super::heartbeats::{Heartbeat, Heartbeats};
use super::transitions::set_state;
use crate::crd::{Session, SessionState};
use crate::script::{AutostartDecision, ConnectionEvent, ScriptError};

/// How often a wake is decided again when the Session changed under it.
const WAKE_ATTEMPTS: usize = 3;

/// Why a heartbeat or a connection event was not taken.
#[derive(Debug, thiserror::Error)]
pub enum ActivityError {
    /// The caches have not had their first list: nothing is known yet.
    #[error("the operator has not finished its first list of Sessions yet; retry shortly")]
    NotSynced,
    /// No such Session.
    #[error("session {namespace}/{name} not found")]
    NotFound {
        /// Its namespace.
        namespace: String,
        /// Its name.
        name: String,
    },
    /// No script set has loaded yet.
    #[error("no script set loaded yet")]
    NoScripts,
    /// `autostart.rhai` failed.
    #[error(transparent)]
    Script(#[from] ScriptError),
    /// The API server refused a write or a read.
    #[error("{action}: {source}")]
    Api {
        /// What was being done.
        action: &'static str,
        /// Why it failed.
        source: kube::Error,
    },
    /// The Session changed each time a wake was decided.
    #[error("session {namespace}/{name} kept changing while waking it; retry")]
    KeptChanging {
        /// Its namespace.
        namespace: String,
        /// Its name.
        name: String,
    },
}

/// The activity and connection handling of the running operator.
pub struct Activity {
    ctx: Arc<Context>,
    heartbeats: Arc<Heartbeats>,
}

impl Activity {
    /// Activity of `ctx`'s Sessions, with at most one `lastActivity` write
    /// per Session per `heartbeat_interval`.
    pub fn new(ctx: Arc<Context>, heartbeat_interval: Duration) -> Self {
        let heartbeats = Heartbeats::new(
            heartbeat_interval,
            ctx.kube.clone(),
            Arc::clone(&ctx.caches),
            ctx.metrics.clone(),
        );
        Self { ctx, heartbeats }
    }

    /// The Session `namespace/name` as the caches hold it.
    fn session(&self, namespace: &str, name: &str) -> Result<Arc<Session>, ActivityError> {
        if !self.ctx.caches.synced() {
            return Err(ActivityError::NotSynced);
        }
        self.ctx
            .caches
            .session(namespace, name)
            .ok_or_else(|| ActivityError::NotFound {
                namespace: namespace.to_owned(),
                name: name.to_owned(),
            })
    }

    /// Records activity of `namespace/name` at `at`.
    pub async fn heartbeat(
        &self,
        namespace: &str,
        name: &str,
        at: jiff::Timestamp,
    ) -> Result<Heartbeat, ActivityError> {
        let session = self.session(namespace, name)?;
        self.heartbeats
            .record(&session, at)
            .await
            .map_err(|source| ActivityError::Api {
                action: "could not write lastActivity",
                source,
            })
    }

    /// Runs `autostart.rhai` on a connection event and wakes the Session
    /// when it says so. A wake carries the resourceVersion it was decided
    /// on; when the Session changed meanwhile, it is decided again on the
    /// new version.
    pub async fn connection(
        &self,
        namespace: &str,
        name: &str,
        event: &ConnectionEvent,
    ) -> Result<AutostartDecision, ActivityError> {
        let mut session = self.session(namespace, name)?;
        for _ in 0..WAKE_ATTEMPTS {
            let decision = self.autostart(&session, event)?;
            if !decision.wake || session.spec.state == SessionState::Running {
                return Ok(decision);
            }
            let reason = &decision.reason;
            match set_state(
                &self.ctx.kube,
                &session,
                SessionState::Running,
                "autostart",
                reason,
            )
            .await
            {
                Ok(()) => {
                    self.ctx.metrics.woke(namespace);
                    return Ok(decision);
                }
                Err(kube::Error::Api(status)) if status.code == 409 => {
                    session = Arc::new(self.read_again(namespace, name).await?);
                }
                Err(source) => {
                    return Err(ActivityError::Api {
                        action: "could not wake the session",
                        source,
                    });
                }
            }
        }
        Err(ActivityError::KeptChanging {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        })
    }

    /// What `autostart.rhai` decides for `session` on `event`.
    fn autostart(
        &self,
        session: &Arc<Session>,
        event: &ConnectionEvent,
    ) -> Result<AutostartDecision, ActivityError> {
        let set = self.ctx.scripts.current().ok_or(ActivityError::NoScripts)?;
        let input = self.ctx.caches.input(Arc::clone(session));
        let evaluation =
            self.ctx
                .evaluator
                .session(&set, &Autostart(event), &input, jiff::Timestamp::now())?;
        Ok(evaluation.decision)
    }

    /// The Session as the API server has it now: the cache may not have
    /// caught up with the change that made a wake conflict.
    async fn read_again(&self, namespace: &str, name: &str) -> Result<Session, ActivityError> {
        let api: Api<Session> = Api::namespaced(self.ctx.kube.client().clone(), namespace);
        match api.get_opt(name).await {
            Ok(Some(session)) => Ok(session),
            Ok(None) => Err(ActivityError::NotFound {
                namespace: namespace.to_owned(),
                name: name.to_owned(),
            }),
            Err(source) => Err(ActivityError::Api {
                action: "could not read the session again",
                source,
            }),
        }
    }

    /// Writes every pending heartbeat now (on shutdown).
    pub async fn flush(&self) {
        self.heartbeats.flush_all().await;
    }
}
