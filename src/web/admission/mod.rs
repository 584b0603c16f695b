//! The validating admission webhook for Sessions (`run --admission`):
//! `admit.rhai` decides at `kubectl apply` time, from the operator's caches
//! and the quota ConfigMap. HTTPS on its own port with a certificate made at
//! start, whose CA the operator writes into the ValidatingWebhookConfiguration
//! installed with it.

mod certificate;
mod registration;
mod review;
mod tls;

use std::net::SocketAddr;

use anyhow::Context as _;
use axum::Router;
use axum::routing::post;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use certificate::WebhookCertificate;
pub use registration::{Endpoint, WEBHOOK_NAME};
pub use review::AdmissionState;

/// The path the API server posts reviews to.
pub const PATH: &str = "/validate-sessions";

/// What a review answers when `admit.rhai` fails or times out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FailurePolicy {
    /// Refuse the Session, naming the script error: a quota is not
    /// enforced by accident.
    #[default]
    Fail,
    /// Admit it, with the script error as a warning.
    Ignore,
}

/// Flags of the admission webhook.
#[derive(Debug, Clone, clap::Args)]
pub struct AdmissionArgs {
    /// Serve the validating admission webhook for Sessions (admit.rhai).
    #[arg(long, env = "STREAMSPACE_ADMISSION")]
    pub admission: bool,
    /// Address of the webhook's HTTPS server.
    #[arg(
        long,
        env = "STREAMSPACE_ADMISSION_LISTEN",
        default_value = "0.0.0.0:8443"
    )]
    pub admission_listen: SocketAddr,
    /// Out of a cluster (tests, development): register this URL
    /// (https://HOST:PORT/validate-sessions) in place of the Service; its
    /// host goes into the certificate.
    #[arg(long, env = "STREAMSPACE_ADMISSION_URL")]
    pub admission_url: Option<String>,
    /// The Service in the operator's namespace the API server dials: its
    /// DNS names go into the certificate.
    #[arg(
        long,
        env = "STREAMSPACE_ADMISSION_SERVICE",
        default_value = "streamspace-operator-webhook"
    )]
    pub admission_service: String,
    /// The ValidatingWebhookConfiguration that gets the CA (and the URL).
    #[arg(
        long,
        env = "STREAMSPACE_ADMISSION_CONFIGURATION",
        default_value = "streamspace-sessions"
    )]
    pub admission_configuration: String,
    /// What a review answers when admit.rhai fails: Fail (refuse, naming
    /// the error) or Ignore (admit, with the error as a warning).
    #[arg(
        long,
        env = "STREAMSPACE_ADMISSION_FAILURE_POLICY",
        value_enum,
        default_value_t
    )]
    pub admission_failure_policy: FailurePolicy,
}

impl AdmissionArgs {
    /// Where the API server sends reviews.
    pub fn endpoint(&self) -> Endpoint {
        self.admission_url
            .clone()
            .map_or(Endpoint::Service, Endpoint::Url)
    }

    /// The names the certificate must hold: the URL's host, or the
    /// Service's DNS names in `namespace`.
    pub fn hosts(&self, namespace: &str) -> anyhow::Result<Vec<String>> {
        if let Some(url) = &self.admission_url {
            return Ok(vec![host_of(url)?]);
        }
        let service = &self.admission_service;
        Ok(vec![
            format!("{service}.{namespace}.svc"),
            format!("{service}.{namespace}.svc.cluster.local"),
            format!("{service}.{namespace}"),
            service.clone(),
        ])
    }
}

/// The host of an `https://HOST[:PORT]/...` URL.
fn host_of(url: &str) -> anyhow::Result<String> {
    let rest = url.strip_prefix("https://").with_context(|| {
        format!("--admission-url {url}: the API server calls webhooks over https://")
    })?;
    let authority = rest.split('/').next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    anyhow::ensure!(
        !host.is_empty(),
        "--admission-url {url}: no host (expected https://HOST:PORT{PATH})"
    );
    Ok(host.to_owned())
}

/// Makes the certificate, binds the port, writes the CA into the
/// configuration and serves reviews until `shutdown`.
pub async fn start(
    args: &AdmissionArgs,
    namespace: &str,
    kube: &crate::controller::kube::Kube,
    state: AdmissionState,
    shutdown: CancellationToken,
) -> anyhow::Result<JoinHandle<()>> {
    let certificate = WebhookCertificate::generate(&args.hosts(namespace)?)?;
    let listener = tokio::net::TcpListener::bind(args.admission_listen)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {} (--admission-listen)",
                args.admission_listen
            )
        })?;
    registration::register(
        kube,
        &args.admission_configuration,
        &args.endpoint(),
        &certificate.ca_pem,
    )
    .await?;
    tracing::info!(
        listen = %args.admission_listen,
        configuration = %args.admission_configuration,
        "admission webhook serving"
    );
    let router = Router::new()
        .route(PATH, post(review::validate))
        .with_state(state);
    Ok(tokio::spawn(tls::serve_tls(
        listener,
        certificate.server,
        router,
        shutdown,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_certificate_names_what_the_api_server_dials() {
        assert_eq!(
            host_of("https://127.0.0.1:8443/validate-sessions").unwrap(),
            "127.0.0.1"
        );
        assert_eq!(host_of("https://[::1]:8443/x").unwrap(), "::1");
        assert_eq!(
            host_of("https://webhook.example.test/x").unwrap(),
            "webhook.example.test"
        );
        let refused = host_of("http://127.0.0.1:8443/").unwrap_err().to_string();
        assert!(refused.contains("https://"), "{refused}");
    }
}
