//! Kubernetes mode: the caller's bearer token is checked with a TokenReview,
//! and SubjectAccessReviews on the scripts ConfigMap decide the role
//! (`update`: editor, else `get`: viewer). Answers are cached briefly so a
//! busy editor does not cost two API calls per request.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use k8s_openapi::api::authentication::v1::{TokenReview, TokenReviewSpec, UserInfo};
use k8s_openapi::api::authorization::v1::{
    ResourceAttributes, SubjectAccessReview, SubjectAccessReviewSpec,
};
use kube::api::PostParams;
use kube::{Api, Client};
use sha2::{Digest, Sha256};

use super::{AuthError, Caller, NoAccess, Role};

/// How long an answer (accepted or refused) is reused.
const CACHE_TTL: Duration = Duration::from_secs(30);

/// Cached answers kept at most; older ones are dropped first when full.
const CACHE_LIMIT: usize = 1024;

/// A review's answer and when it was given, by token digest.
type Cache = HashMap<[u8; 32], (Instant, Result<Caller, AuthError>)>;

/// Reviews tokens against one ConfigMap.
pub struct Reviewer {
    client: Client,
    namespace: String,
    name: String,
    cache: Mutex<Cache>,
}

impl Reviewer {
    /// Reviews against the ConfigMap `namespace/name`.
    pub fn new(client: Client, namespace: String, name: String) -> Self {
        Self {
            client,
            namespace,
            name,
            cache: Mutex::new(Cache::new()),
        }
    }

    /// The caller of `token`, from the cache or the API server.
    pub async fn review(&self, token: &str) -> Result<Caller, AuthError> {
        let key: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        if let Some(answer) = self.cached(&key) {
            return answer;
        }
        let answer = self.ask(token).await;
        if !matches!(answer, Err(AuthError::Unavailable(_))) {
            self.remember(key, answer.clone());
        }
        answer
    }

    fn cached(&self, key: &[u8; 32]) -> Option<Result<Caller, AuthError>> {
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .get(key)
            .filter(|(at, _)| at.elapsed() < CACHE_TTL)
            .map(|(_, answer)| answer.clone())
    }

    fn remember(&self, key: [u8; 32], answer: Result<Caller, AuthError>) {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= CACHE_LIMIT {
            cache.retain(|_, (at, _)| at.elapsed() < CACHE_TTL);
            if cache.len() >= CACHE_LIMIT {
                cache.clear();
            }
        }
        cache.insert(key, (Instant::now(), answer));
    }

    async fn ask(&self, token: &str) -> Result<Caller, AuthError> {
        let user = self.user(token).await?;
        let identity = user.username.clone().unwrap_or_default();
        let (update, get) = tokio::try_join!(self.may(&user, "update"), self.may(&user, "get"))?;
        let role = if update {
            Role::Editor
        } else if get {
            Role::Viewer
        } else {
            return Err(AuthError::Forbidden(Box::new(NoAccess::new(
                &identity,
                &self.namespace,
                &self.name,
            ))));
        };
        Ok(Caller { identity, role })
    }

    async fn user(&self, token: &str) -> Result<UserInfo, AuthError> {
        let review = TokenReview {
            spec: TokenReviewSpec {
                token: token.to_owned(),
                ..TokenReviewSpec::default()
            },
            ..TokenReview::default()
        };
        let answer = Api::<TokenReview>::all(self.client.clone())
            .create(&PostParams::default(), &review)
            .await
            .map_err(|e| unavailable("TokenReview", e))?;
        let status = answer.status.unwrap_or_default();
        match status.user {
            Some(user) if status.authenticated == Some(true) && user.username.is_some() => Ok(user),
            _ => Err(AuthError::Unauthorized(format!(
                "unauthorized: the Kubernetes API server did not accept this token{}; send a \
                 valid token as `Authorization: Bearer <token>`, e.g. from `kubectl create token \
                 <service-account>`",
                status.error.map(|e| format!(" ({e})")).unwrap_or_default()
            ))),
        }
    }

    async fn may(&self, user: &UserInfo, verb: &str) -> Result<bool, AuthError> {
        let review = SubjectAccessReview {
            spec: SubjectAccessReviewSpec {
                user: user.username.clone(),
                groups: user.groups.clone(),
                uid: user.uid.clone(),
                extra: user.extra.clone(),
                resource_attributes: Some(ResourceAttributes {
                    namespace: Some(self.namespace.clone()),
                    verb: Some(verb.to_owned()),
                    group: Some(String::new()),
                    version: Some("v1".to_owned()),
                    resource: Some("configmaps".to_owned()),
                    name: Some(self.name.clone()),
                    ..ResourceAttributes::default()
                }),
                ..SubjectAccessReviewSpec::default()
            },
            ..SubjectAccessReview::default()
        };
        let answer = Api::<SubjectAccessReview>::all(self.client.clone())
            .create(&PostParams::default(), &review)
            .await
            .map_err(|e| unavailable("SubjectAccessReview", e))?;
        Ok(answer.status.is_some_and(|s| s.allowed))
    }
}

fn unavailable(what: &str, error: kube::Error) -> AuthError {
    tracing::warn!("{what} failed: {error}");
    AuthError::Unavailable(format!(
        "cannot check the token: the {what} request to the Kubernetes API failed ({error})"
    ))
}
