//! The editor authentication flags of `run`.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use k8s_openapi::api::core::v1::Secret;
use kube::{Api, Client};

use super::Authenticator;
use crate::web::logs::PRIVATE_TARGET;

/// How editor users authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EditorAuthMode {
    /// Viewer and editor tokens from a Secret or file (or one generated at
    /// start and printed).
    Token,
    /// Kubernetes tokens: TokenReview, then SubjectAccessReview on the
    /// scripts ConfigMap (`get` to view, `update` to edit).
    Kubernetes,
}

/// Flags choosing how the editor authenticates; each has an environment
/// fallback.
#[derive(Debug, Clone, clap::Args)]
pub struct EditorAuthArgs {
    /// How editor users authenticate.
    #[arg(
        long = "editor-auth",
        env = "STREAMSPACE_EDITOR_AUTH",
        value_enum,
        default_value = "token"
    )]
    pub mode: EditorAuthMode,
    /// Token mode: read tokens from this Secret (NAMESPACE/NAME or NAME),
    /// keys `viewer-tokens` and `editor-tokens`, one token per line.
    #[arg(
        long,
        env = "STREAMSPACE_EDITOR_TOKENS_SECRET",
        conflicts_with = "editor_tokens_file"
    )]
    pub editor_tokens_secret: Option<String>,
    /// Token mode: read tokens from this file of `viewer: TOKEN` and
    /// `editor: TOKEN` lines.
    #[arg(long, env = "STREAMSPACE_EDITOR_TOKENS_FILE")]
    pub editor_tokens_file: Option<PathBuf>,
}

impl EditorAuthArgs {
    /// The authenticator these flags describe. `configmap` is the scripts
    /// ConfigMap (namespace, name) that Kubernetes mode checks access to;
    /// `None` when the scripts come from a directory. Token mode logs once
    /// how to get a token; without tokens it gets a generated editor token,
    /// logged once (never to the live log).
    pub async fn authenticator(
        &self,
        client: &Client,
        default_namespace: &str,
        configmap: Option<(&str, &str)>,
    ) -> anyhow::Result<Authenticator> {
        if self.mode == EditorAuthMode::Kubernetes {
            let Some((namespace, name)) = configmap else {
                bail!(
                    "--editor-auth kubernetes checks access to the scripts ConfigMap, but the \
                     scripts come from a directory (--scripts-dir): use --editor-auth token"
                );
            };
            return Ok(Authenticator::kubernetes(client.clone(), namespace, name));
        }
        let auth = match (&self.editor_tokens_secret, &self.editor_tokens_file) {
            (Some(secret), _) => {
                let (namespace, name) = match secret.split_once('/') {
                    Some((namespace, name)) => (namespace, name),
                    None => (default_namespace, secret.as_str()),
                };
                let secret = Api::<Secret>::namespaced(client.clone(), namespace)
                    .get(name)
                    .await
                    .with_context(|| {
                        format!("reading the editor tokens Secret {namespace}/{name}")
                    })?;
                Some(Authenticator::from_secret(&secret)?)
            }
            (None, Some(file)) => Some(Authenticator::from_token_file(file)?),
            (None, None) => None,
        };
        match auth {
            Some(auth) if !auth.is_empty() => {
                tracing::info!("editor sign-in: {}", auth.sign_in());
                Ok(auth)
            }
            configured => Ok(generated(configured.is_some())),
        }
    }
}

/// Token mode with a generated editor token, logged once (never to the
/// live log); `configured` says the configured tokens were empty.
fn generated(configured: bool) -> Authenticator {
    let (auth, token) = Authenticator::generated("logged at start (stderr)");
    let why = if configured {
        "the configured editor tokens are empty"
    } else {
        "no editor tokens configured (--editor-tokens-secret or --editor-tokens-file)"
    };
    tracing::info!(
        target: PRIVATE_TARGET,
        "{why}: generated an editor token for this run; open the editor and sign in with: {token}"
    );
    auth
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::web::auth::Role;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        auth: EditorAuthArgs,
    }

    fn client() -> Client {
        let config = kube::Config::new("http://127.0.0.1:9".parse().unwrap());
        Client::try_from(config).unwrap()
    }

    #[test]
    fn token_mode_is_the_default() {
        let cli = Cli::try_parse_from(["x"]).unwrap();
        assert_eq!(cli.auth.mode, EditorAuthMode::Token);
        let cli = Cli::try_parse_from(["x", "--editor-auth", "kubernetes"]).unwrap();
        assert_eq!(cli.auth.mode, EditorAuthMode::Kubernetes);
        let both = [
            "x",
            "--editor-tokens-secret",
            "s",
            "--editor-tokens-file",
            "f",
        ];
        assert!(Cli::try_parse_from(both).is_err());
    }

    #[tokio::test]
    async fn token_mode_reads_the_file_or_generates_a_token() {
        let dir = std::env::temp_dir().join(format!("editor-tokens-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("tokens");
        std::fs::write(&file, "viewer: v\neditor: e\n").unwrap();
        let path = file.to_str().unwrap();
        let cli = Cli::try_parse_from(["x", "--editor-tokens-file", path]).unwrap();
        let auth = cli.auth.authenticator(&client(), "ns", None).await.unwrap();
        assert_eq!(auth.authenticate("v").await.unwrap().role, Role::Viewer);
        assert!(auth.sign_in().contains(path), "{}", auth.sign_in());
        std::fs::remove_dir_all(&dir).unwrap();

        let cli = Cli::try_parse_from(["x"]).unwrap();
        let auth = cli.auth.authenticator(&client(), "ns", None).await.unwrap();
        assert!(!auth.is_empty());
    }

    #[tokio::test]
    async fn kubernetes_mode_needs_the_scripts_configmap() {
        let cli = Cli::try_parse_from(["x", "--editor-auth", "kubernetes"]).unwrap();
        let error = cli.auth.authenticator(&client(), "ns", None).await;
        assert!(error.unwrap_err().to_string().contains("--scripts-dir"));
        let auth = cli
            .auth
            .authenticator(&client(), "ns", Some(("ns", "cm")))
            .await;
        assert!(auth.is_ok());
    }
}
