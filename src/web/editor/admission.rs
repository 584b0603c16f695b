//! What the edited `admit.rhai` is checked against in the editor: the
//! Sessions the world holds, by user, its Templates and its quotas. A
//! Session is admitted as a CREATE of it as it is now, beside the same
//! user's other Sessions: what the dry-run shows for one Session and the
//! impact for every one.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::world::World;
use crate::crd::Session;
use crate::quota::Quotas;
use crate::script::{AdmitInput, Operation, SessionInput};

/// What admission is checked against: every Session by user, and the
/// quotas.
pub struct Admission<'a> {
    by_user: BTreeMap<&'a str, Vec<Arc<Session>>>,
    quotas: Arc<Quotas>,
    world: &'a dyn World,
}

impl<'a> Admission<'a> {
    /// The Sessions of `inputs` by user, with `world`'s quotas and
    /// Templates.
    pub fn new(world: &'a dyn World, inputs: &'a [SessionInput]) -> Self {
        let mut by_user: BTreeMap<&str, Vec<Arc<Session>>> = BTreeMap::new();
        for input in inputs {
            by_user
                .entry(input.session.spec.user.as_str())
                .or_default()
                .push(Arc::clone(&input.session));
        }
        Self {
            by_user,
            quotas: world.quotas(),
            world,
        }
    }

    /// What `admit.rhai` gets to create `session` as it is now.
    pub fn input(&self, session: &Arc<Session>) -> AdmitInput {
        let user = session.spec.user.as_str();
        let namespace = |s: &Session| s.metadata.namespace.clone().unwrap_or_default();
        AdmitInput::new(
            Operation::Create,
            Arc::clone(session),
            None,
            self.by_user.get(user).into_iter().flatten().cloned(),
            |s| self.world.template(&namespace(s), &s.spec.template),
            self.quotas.for_user(user),
        )
    }
}
