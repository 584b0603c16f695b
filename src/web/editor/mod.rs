//! The editor's JSON API: list, check, test, dry-run, impact, save,
//! history, rollback and rollout of the scripts, for the front end of
//! `web/` (`src/api.generated.ts` holds their types, generated from the
//! Rust types here).
//!
//! | route | |
//! | --- | --- |
//! | `GET /api/scripts` | the stored scripts, their version, the load status |
//! | `POST /api/scripts/check` | compile a proposed set |
//! | `POST /api/scripts/test` | run the fixtures against a proposed set |
//! | `POST /api/scripts/dry-run` | a proposed set's decision for one Session |
//! | `POST /api/scripts/impact` | how many Sessions a proposed set would change |
//! | `POST /api/scripts/save` | store a set (`If-Match`, editors only) |
//! | `GET /api/scripts/history` | the last saved versions |
//! | `GET /api/scripts/history/{version}` | one with its scripts |
//! | `POST /api/scripts/rollback` | store a saved version again |
//! | `GET /api/sessions` | the Sessions to dry-run |
//! | `GET /api/rollout` | Sessions per script version |
//!
//! Every route needs a bearer token ([`Caller`](crate::web::auth::Caller)).
//! The Sessions come from a [`World`] and the stored scripts from a
//! [`Repository`]: the operator's stores and its ConfigMap (or directory)
//! in a cluster, example files and a directory in the playground.

mod admission;
mod api_types;
mod cluster;
mod configmap;
mod dir;
mod dryrun;
mod fixtures;
mod history;
mod impact;
mod paths;
mod render;
mod reply;
mod repo;
mod save;
mod scripts;
mod sessions;
mod world;

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRef;
use axum::routing::{get, post};

pub use api_types::api_typescript;
pub use cluster::ClusterWorld;
pub use configmap::ConfigMapRepo;
pub use dir::DirRepo;
pub use repo::{Repository, Revision, Stored, VersionInfo, Write, WriteError};
pub use world::{Mode, World};

use crate::controller::context::View;
use crate::controller::evaluate::Evaluator;
use crate::controller::kube::Kube;
use crate::controller::reload::ScriptSource;
use crate::web::auth::Authenticator;

/// What the editor's handlers share.
#[derive(Clone)]
pub struct Editor {
    world: Arc<dyn World>,
    repo: Arc<dyn Repository>,
    auth: Authenticator,
    /// Runs drafts and the running set for previews, uncounted.
    preview: Evaluator,
}

impl Editor {
    /// The editor over `world`, storing scripts in `repo`, admitting the
    /// callers `auth` accepts.
    pub fn new(world: Arc<dyn World>, repo: Arc<dyn Repository>, auth: Authenticator) -> Self {
        let preview = Evaluator::preview(world.settings().clone());
        Self {
            world,
            repo,
            auth,
            preview,
        }
    }

    /// The editor of the running operator: what its `view` holds, and the
    /// scripts where it reads them from (the ConfigMap, written through
    /// `kube`, or a directory).
    pub fn for_operator(
        view: Arc<View>,
        kube: Kube,
        source: &ScriptSource,
        auth: Authenticator,
    ) -> Self {
        let repo: Arc<dyn Repository> = match source {
            ScriptSource::ConfigMap { namespace, name } => {
                Arc::new(ConfigMapRepo::new(kube, namespace.clone(), name.clone()))
            }
            ScriptSource::Dir(dir) => Arc::new(DirRepo::new(dir.clone())),
        };
        Self::new(Arc::new(ClusterWorld::new(view)), repo, auth)
    }
}

impl FromRef<Editor> for Authenticator {
    fn from_ref(editor: &Editor) -> Self {
        editor.auth.clone()
    }
}

/// The editor's routes, ready to merge into the server's router.
pub fn routes(editor: Editor) -> Router {
    Router::new()
        .route("/api/scripts", get(scripts::list))
        .route("/api/scripts/check", post(scripts::check))
        .route("/api/scripts/test", post(fixtures::test))
        .route("/api/scripts/dry-run", post(dryrun::dry_run))
        .route("/api/scripts/impact", post(impact::impact))
        .route("/api/scripts/save", post(save::save))
        .route("/api/scripts/history", get(history::list))
        .route("/api/scripts/history/{version}", get(history::version))
        .route("/api/scripts/rollback", post(save::rollback))
        .route("/api/sessions", get(sessions::list))
        .route("/api/rollout", get(sessions::rollout))
        .with_state(editor)
}
