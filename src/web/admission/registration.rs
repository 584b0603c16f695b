//! Tells the API server how to reach the webhook and whom to trust: the
//! ValidatingWebhookConfiguration installed with the operator gets this
//! process's CA as `caBundle` (and, out of the cluster, a `url` in place
//! of the Service). The operator changes that one object only, never
//! creates one, so its RBAC names it.

use std::time::Duration;

use anyhow::Context as _;
use k8s_openapi::ByteString;
use k8s_openapi::api::admissionregistration::v1::{
    ValidatingWebhookConfiguration, WebhookClientConfig,
};
use kube::Api;
use kube::api::PostParams;

use crate::controller::kube::Kube;
use crate::keys::FIELD_MANAGER;

/// The webhook's name inside the configuration (what `kubectl` names in a
/// refusal: `admission webhook "sessions.stream.space" denied the request`).
pub const WEBHOOK_NAME: &str = "sessions.stream.space";

/// Where the API server sends the reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// The Service the configuration names (in a cluster).
    Service,
    /// This URL (out of the cluster: tests, development).
    Url(String),
}

/// Writes `ca_pem` (and the endpoint) into the webhook `WEBHOOK_NAME` of
/// the configuration `name`, retrying a conflicting write.
pub async fn register(
    kube: &Kube,
    name: &str,
    endpoint: &Endpoint,
    ca_pem: &str,
) -> anyhow::Result<()> {
    let api: Api<ValidatingWebhookConfiguration> = Api::all(kube.client().clone());
    let params = PostParams {
        field_manager: Some(FIELD_MANAGER.into()),
        ..PostParams::default()
    };
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut configuration = api.get(name).await.with_context(|| {
            format!(
                "reading the ValidatingWebhookConfiguration {name}; install it with the \
                 operator (kubectl apply -k deploy/) or turn the webhook off (no --admission)"
            )
        })?;
        let webhook = configuration
            .webhooks
            .iter_mut()
            .flatten()
            .find(|w| w.name == WEBHOOK_NAME)
            .with_context(|| {
                format!("the ValidatingWebhookConfiguration {name} has no webhook {WEBHOOK_NAME}")
            })?;
        webhook.client_config = client_config(&webhook.client_config, endpoint, ca_pem);
        configuration.metadata.managed_fields = None;
        match api.replace(name, &params, &configuration).await {
            Ok(_) => return Ok(()),
            Err(kube::Error::Api(status)) if status.code == 409 && attempt < 5 => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!(
                    "writing the caBundle of the ValidatingWebhookConfiguration {name}"
                )));
            }
        }
    }
}

/// `current` with the CA, and the URL in place of the Service out of a
/// cluster.
fn client_config(
    current: &WebhookClientConfig,
    endpoint: &Endpoint,
    ca_pem: &str,
) -> WebhookClientConfig {
    let ca_bundle = Some(ByteString(ca_pem.as_bytes().to_vec()));
    match endpoint {
        Endpoint::Service => WebhookClientConfig {
            ca_bundle,
            ..current.clone()
        },
        Endpoint::Url(url) => WebhookClientConfig {
            ca_bundle,
            service: None,
            url: Some(url.clone()),
        },
    }
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::admissionregistration::v1::ServiceReference;

    use super::*;

    #[test]
    fn the_ca_goes_beside_the_service_or_with_the_url_in_its_place() {
        let installed = WebhookClientConfig {
            service: Some(ServiceReference {
                name: "streamspace-operator-webhook".into(),
                namespace: "streamspace".into(),
                path: Some("/validate-sessions".into()),
                port: Some(443),
            }),
            ..WebhookClientConfig::default()
        };
        let in_cluster = client_config(&installed, &Endpoint::Service, "CA");
        assert_eq!(in_cluster.service, installed.service);
        assert_eq!(in_cluster.ca_bundle, Some(ByteString(b"CA".to_vec())));
        let url = "https://127.0.0.1:8443/validate-sessions";
        let outside = client_config(&installed, &Endpoint::Url(url.into()), "CA");
        assert_eq!(outside.service, None, "a config has a service or a url");
        assert_eq!(outside.url.as_deref(), Some(url));
    }
}
