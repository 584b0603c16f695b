//! Who may use the editor and its live logs, and with which role.
//!
//! Every editor call carries `Authorization: Bearer <token>` (never a URL
//! parameter). An [`Authenticator`] turns the token into a [`Caller`]: in
//! token mode by comparing it with the configured viewer and editor tokens,
//! in Kubernetes mode with a TokenReview and SubjectAccessReviews on the
//! scripts ConfigMap. Handlers take a [`Caller`] argument to require one.
//! Separately, [`same_origin`] refuses cross-origin state-changing requests,
//! and [`ServiceToken`] guards the session endpoints StreamSpace calls.

mod args;
mod kubernetes;
mod no_access;
mod origin;
mod service;
mod tokens;

use std::path::Path;
use std::sync::Arc;

use axum::Json;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use k8s_openapi::api::core::v1::Secret;
use serde::Serialize;

pub use args::{EditorAuthArgs, EditorAuthMode};
pub use no_access::NoAccess;
pub use origin::same_origin;
pub use service::ServiceToken;

/// What a caller may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Read the scripts, run checks, tests and dry-runs, watch the logs.
    Viewer,
    /// Everything a viewer may, plus save and roll back.
    Editor,
}

impl Role {
    /// Whether this role may change the scripts (save, rollback).
    pub fn can_edit(&self) -> bool {
        matches!(self, Role::Editor)
    }

    /// `viewer` or `editor`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
        }
    }
}

/// An authenticated caller: who (for logs, Events and history) and what
/// they may do. As a handler argument it requires a valid bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The name recorded as author: a Kubernetes username, or which
    /// configured token was used (`editor-token-1`).
    pub identity: String,
    /// What the caller may do.
    pub role: Role,
}

/// Why a caller was refused; answers as JSON `{error}`.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AuthError {
    /// No token, or one nobody accepts (401).
    #[error("{0}")]
    Unauthorized(String),
    /// A valid identity without access to the scripts (403), answered
    /// with what is missing and how to grant it.
    #[error("{}", .0.error)]
    Forbidden(Box<NoAccess>),
    /// The token could not be checked (503): the API server is unreachable.
    #[error("{0}")]
    Unavailable(String),
}

impl AuthError {
    /// The HTTP status the error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            AuthError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AuthError::Forbidden(_) => StatusCode::FORBIDDEN,
            AuthError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        let body = match &self {
            AuthError::Forbidden(refusal) => serde_json::to_value(refusal),
            _ => Ok(serde_json::json!({ "error": self.to_string() })),
        };
        let mut response = (self.status(), Json(body.unwrap_or_default())).into_response();
        if matches!(self, AuthError::Unauthorized(_)) {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

enum Backend {
    /// The accepted tokens, and how a user gets one.
    Tokens {
        table: tokens::TokenTable,
        sign_in: String,
    },
    Kubernetes(kubernetes::Reviewer),
}

/// Turns bearer tokens into callers; cheap to clone (shared state).
#[derive(Clone)]
pub struct Authenticator(Arc<Backend>);

impl std::fmt::Debug for Authenticator {
    /// The mode only: tokens never appear in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &*self.0 {
            Backend::Tokens { .. } => f.write_str("Authenticator(token)"),
            Backend::Kubernetes(_) => f.write_str("Authenticator(kubernetes)"),
        }
    }
}

impl Authenticator {
    /// Token mode with these viewer and editor tokens (blank ones ignored);
    /// `sign_in` tells a refused caller how to get one ("use the token ...").
    pub fn tokens(viewer: Vec<String>, editor: Vec<String>, sign_in: impl Into<String>) -> Self {
        Self(Arc::new(Backend::Tokens {
            table: tokens::TokenTable::new(&viewer, &editor),
            sign_in: sign_in.into(),
        }))
    }

    /// Token mode from a file of `viewer: TOKEN` and `editor: TOKEN` lines
    /// (blank lines and `#` comments ignored).
    pub fn from_token_file(path: &Path) -> anyhow::Result<Self> {
        let (viewer, editor) = tokens::read_file(path)?;
        let sign_in = format!(
            "use a token of the editor tokens file {} (its `editor: TOKEN` and `viewer: TOKEN` lines)",
            path.display()
        );
        Ok(Self::tokens(viewer, editor, sign_in))
    }

    /// Token mode from a Secret's keys `viewer-tokens` and `editor-tokens`,
    /// one token per line (either key may be absent).
    pub fn from_secret(secret: &Secret) -> anyhow::Result<Self> {
        let (viewer, editor) = tokens::from_secret(secret)?;
        let namespace = secret.metadata.namespace.as_deref().unwrap_or("default");
        let name = secret.metadata.name.as_deref().unwrap_or_default();
        let sign_in = format!(
            "use a token of the Secret {namespace}/{name}: \
             `kubectl -n {namespace} get secret {name} -o jsonpath='{{.data.editor-tokens}}' | base64 -d` \
             prints the editor tokens (`.data.viewer-tokens`: the viewer tokens)"
        );
        Ok(Self::tokens(viewer, editor, sign_in))
    }

    /// Kubernetes mode: a token is valid when TokenReview accepts it; the
    /// user views with `get` and edits with `update` on the ConfigMap
    /// `namespace/name` (SubjectAccessReview). Answers are cached briefly.
    pub fn kubernetes(
        client: kube::Client,
        namespace: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        Self(Arc::new(Backend::Kubernetes(kubernetes::Reviewer::new(
            client,
            namespace.into(),
            name.into(),
        ))))
    }

    /// Token mode with one freshly generated editor token, returned so it
    /// can be printed; `printed` says where (for a refused caller).
    pub fn generated(printed: &str) -> (Self, String) {
        let token = tokens::generate();
        let sign_in = format!("use the editor token {printed}");
        (
            Self::tokens(Vec::new(), vec![token.clone()], sign_in),
            token,
        )
    }

    /// Whether this is token mode without any token (nobody gets in).
    pub fn is_empty(&self) -> bool {
        matches!(&*self.0, Backend::Tokens { table, .. } if table.is_empty())
    }

    /// How a user gets a token that signs in.
    pub fn sign_in(&self) -> &str {
        match &*self.0 {
            Backend::Tokens { sign_in, .. } => sign_in,
            Backend::Kubernetes(_) => {
                "use a Kubernetes token of an identity allowed to get (view) or update (edit) the \
                 scripts ConfigMap, e.g. `kubectl create token <service-account>`"
            }
        }
    }

    /// The caller `token` belongs to.
    pub async fn authenticate(&self, token: &str) -> Result<Caller, AuthError> {
        let token = token.trim();
        if token.is_empty() {
            return Err(self.unauthorized("missing bearer token"));
        }
        let caller = match &*self.0 {
            Backend::Tokens { table, .. } => table.lookup(token),
            Backend::Kubernetes(reviewer) => return reviewer.review(token).await,
        };
        caller.ok_or_else(|| self.unauthorized("unknown token"))
    }

    /// The caller of a request, from its `Authorization: Bearer` header.
    pub async fn authenticate_headers(&self, headers: &HeaderMap) -> Result<Caller, AuthError> {
        match bearer(headers) {
            Some(token) => self.authenticate(token).await,
            None => Err(self.unauthorized("missing bearer token")),
        }
    }

    fn unauthorized(&self, what: &str) -> AuthError {
        AuthError::Unauthorized(format!(
            "unauthorized: {what}; send a token as `Authorization: Bearer <token>`. To sign in, {}",
            self.sign_in()
        ))
    }
}

/// The token of an `Authorization: Bearer <token>` header.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

impl<S> FromRequestParts<S> for Caller
where
    Authenticator: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Authenticator::from_ref(state)
            .authenticate_headers(&parts.headers)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, value.parse().unwrap());
        headers
    }

    #[test]
    fn only_editors_edit() {
        assert!(Role::Editor.can_edit());
        assert!(!Role::Viewer.can_edit());
        assert_eq!(serde_json::to_value(Role::Viewer).unwrap(), "viewer");
    }

    #[test]
    fn the_bearer_scheme_is_required() {
        assert_eq!(bearer(&headers("Bearer abc")), Some("abc"));
        assert_eq!(bearer(&headers("bearer  abc ")), Some("abc"));
        assert_eq!(bearer(&headers("Basic abc")), None);
        assert_eq!(bearer(&headers("Bearer ")), None);
        assert_eq!(bearer(&headers("abc")), None);
        assert_eq!(bearer(&HeaderMap::new()), None);
    }

    #[tokio::test]
    async fn tokens_map_to_roles() {
        let auth = Authenticator::tokens(
            vec!["v1".into()],
            vec!["e1".into(), " e2 ".into()],
            "ask the admin",
        );
        let viewer = auth
            .authenticate_headers(&headers("Bearer v1"))
            .await
            .unwrap();
        assert_eq!(viewer.role, Role::Viewer);
        assert_eq!(viewer.identity, "viewer-token-1");
        let editor = auth.authenticate("e2").await.unwrap();
        assert_eq!(editor.role, Role::Editor);
        assert_eq!(editor.identity, "editor-token-2");
        let refused = auth.authenticate("nope").await.unwrap_err();
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        assert!(refused.to_string().contains("Authorization: Bearer"));
        assert!(
            refused.to_string().ends_with("To sign in, ask the admin"),
            "{refused}"
        );
        let missing = auth.authenticate_headers(&HeaderMap::new()).await;
        assert!(matches!(missing, Err(AuthError::Unauthorized(_))));
    }

    #[tokio::test]
    async fn a_token_listed_for_both_roles_edits() {
        let auth = Authenticator::tokens(vec!["same".into()], vec!["same".into()], "");
        assert_eq!(auth.authenticate("same").await.unwrap().role, Role::Editor);
    }

    #[tokio::test]
    async fn a_generated_token_edits() {
        let (auth, token) = Authenticator::generated("printed at start");
        assert!(token.len() >= 32);
        assert!(auth.authenticate(&token).await.unwrap().role.can_edit());
        assert!(!auth.is_empty());
        let refused = auth.authenticate("guess").await.unwrap_err().to_string();
        assert!(
            refused.contains("use the editor token printed at start"),
            "{refused}"
        );
        assert!(Authenticator::tokens(vec![" ".into()], Vec::new(), "").is_empty());
    }

    #[tokio::test]
    async fn a_refusal_says_where_the_tokens_are() {
        let secret: Secret = serde_json::from_value(serde_json::json!({
            "metadata": { "name": "editor-tokens", "namespace": "streamspace" },
            "data": { "editor-tokens": "ZTE=" }
        }))
        .unwrap();
        let auth = Authenticator::from_secret(&secret).unwrap();
        let refused = auth.authenticate("guess").await.unwrap_err().to_string();
        let command = "kubectl -n streamspace get secret editor-tokens -o jsonpath='{.data.editor-tokens}' | base64 -d";
        assert!(refused.contains(command), "{refused}");
        assert_eq!(auth.authenticate("e1").await.unwrap().role, Role::Editor);
    }

    #[test]
    fn refusals_answer_json_with_their_status() {
        let response =
            AuthError::Forbidden(Box::new(NoAccess::new("carol", "ns", "scripts"))).into_response();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let response = AuthError::Unauthorized("who".into()).into_response();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(response.headers()[header::WWW_AUTHENTICATE], "Bearer");
    }
}
