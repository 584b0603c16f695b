//! The watch caches every part of the operator reads from: reflector stores
//! of Sessions and Templates, and one [`ChildStore`] per row of the child
//! kinds table. Nothing reads the API server for these objects.

mod children;
mod watch;

use std::sync::Arc;

use futures::FutureExt;
use kube::ResourceExt;
use kube::runtime::reflector::{ObjectRef, Store};

pub use children::{ChildStore, ObjectKey};
pub use watch::{ChildChanges, Watches, scoped, watch};

use crate::crd::{CHILD_KINDS, ChildKind, Session, Template};
use crate::script::{ObservedChildren, SessionInput};

/// Every cache the controllers and the HTTP server read.
pub struct Caches {
    /// Sessions.
    pub sessions: Store<Session>,
    /// Templates.
    pub templates: Store<Template>,
    /// The children, one store per child kind, in the table's order.
    children: Vec<Arc<ChildStore>>,
}

impl Caches {
    /// Caches over the given stores; `children` has one store per child
    /// kind, in the table's order.
    fn new(
        sessions: Store<Session>,
        templates: Store<Template>,
        children: Vec<Arc<ChildStore>>,
    ) -> Self {
        debug_assert!(
            children
                .iter()
                .map(|s| s.kind().kind)
                .eq(CHILD_KINDS.iter().map(|k| k.kind))
        );
        Self {
            sessions,
            templates,
            children,
        }
    }

    /// The store of the child kind `kind`.
    pub fn store(&self, kind: &ChildKind) -> &ChildStore {
        let index = CHILD_KINDS
            .iter()
            .position(|k| k.kind == kind.kind)
            .expect("a row of the child kinds table");
        &self.children[index]
    }

    /// Every child store, in the table's order.
    pub fn child_stores(&self) -> impl Iterator<Item = &ChildStore> {
        self.children.iter().map(AsRef::as_ref)
    }

    /// The children a Session owns, as scripts see them.
    pub fn observed(&self, session: &Session) -> ObservedChildren {
        let uid = session.uid().unwrap_or_default();
        let mut children = ObservedChildren::default();
        for store in &self.children {
            for (_, json) in store.owned_by(&uid) {
                children.add(store.kind(), json);
            }
        }
        children
    }

    /// The Template a Session names, in its namespace.
    pub fn template_of(&self, session: &Session) -> Option<Arc<Template>> {
        self.template(
            &session.namespace().unwrap_or_default(),
            &session.spec.template,
        )
    }

    /// The Template `namespace/name`.
    pub fn template(&self, namespace: &str, name: &str) -> Option<Arc<Template>> {
        self.templates.get(&ObjectRef::new(name).within(namespace))
    }

    /// What a script reads for `session`, as the caches hold it now.
    pub fn input(&self, session: Arc<Session>) -> SessionInput {
        SessionInput {
            template: self.template_of(&session),
            children: self.observed(&session),
            session,
        }
    }

    /// The Session `namespace/name`.
    pub fn session(&self, namespace: &str, name: &str) -> Option<Arc<Session>> {
        self.sessions.get(&ObjectRef::new(name).within(namespace))
    }

    /// Every Session of `user` (`spec.user`), in every watched namespace.
    pub fn sessions_of_user(&self, user: &str) -> Vec<Arc<Session>> {
        self.sessions
            .state()
            .into_iter()
            .filter(|s| s.spec.user == user)
            .collect()
    }

    /// Whether every cache has had its first full list. Before that, a
    /// missing Template or child only means "not seen yet".
    pub fn synced(&self) -> bool {
        // Checked without waiting: readiness is polled by /readyz.
        fn ready<K: kube::Resource<DynamicType = ()> + Clone + 'static>(store: &Store<K>) -> bool {
            matches!(store.wait_until_ready().now_or_never(), Some(Ok(())))
        }
        ready(&self.sessions) && ready(&self.templates) && self.children.iter().all(|s| s.synced())
    }
}
