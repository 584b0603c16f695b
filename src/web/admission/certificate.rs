//! The webhook's TLS identity, made at start: a CA that lives only in this
//! process and a server certificate it signs for the names the API server
//! dials. The CA goes into the ValidatingWebhookConfiguration's
//! `caBundle`, so the API server trusts this process and no other; a
//! restart makes a new pair and publishes the new CA.

use std::sync::Arc;

use anyhow::Context as _;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A server certificate and the CA that signed it.
pub struct WebhookCertificate {
    /// The CA certificate, PEM: what the API server is told to trust.
    pub ca_pem: String,
    /// The TLS configuration serving the signed certificate.
    pub server: Arc<rustls::ServerConfig>,
}

impl WebhookCertificate {
    /// A fresh CA and a certificate for `hosts` (DNS names or IP addresses).
    pub fn generate(hosts: &[String]) -> anyhow::Result<Self> {
        let ca_key = KeyPair::generate().context("generating the webhook CA key")?;
        let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        ca_params.distinguished_name = name("streamspace-operator admission CA");
        let ca = ca_params.self_signed(&ca_key)?;
        let issuer = Issuer::new(ca_params, ca_key);

        let key = KeyPair::generate().context("generating the webhook key")?;
        let mut params = CertificateParams::new(hosts.to_vec())
            .with_context(|| format!("the webhook's host names {hosts:?}"))?;
        params.distinguished_name = name(hosts.first().map_or("webhook", String::as_str));
        let certificate = params.signed_by(&key, &issuer)?;

        let chain = vec![
            certificate.der().clone(),
            CertificateDer::from(ca.der().to_vec()),
        ];
        let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut server = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(chain, private)
            .context("the webhook's TLS configuration")?;
        server.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Self {
            ca_pem: ca.pem(),
            server: Arc::new(server),
        })
    }
}

fn name(common_name: &str) -> DistinguishedName {
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, common_name);
    name
}
