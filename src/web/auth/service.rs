//! The service token StreamSpace's API and proxy present on the session
//! endpoints, as `Authorization: Bearer <token>`.

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};

/// The accepted token, or none (every call is refused).
pub struct ServiceToken(Option<[u8; 32]>);

impl ServiceToken {
    /// Accepts `token`; `None` or an empty token accepts nobody.
    pub fn new(token: Option<&str>) -> Self {
        Self(
            token
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| Sha256::digest(t.as_bytes()).into()),
        )
    }

    /// Whether a token is configured.
    pub fn configured(&self) -> bool {
        self.0.is_some()
    }

    /// Whether the request carries the token. Digests are compared so the
    /// comparison takes the same time whatever the guess.
    pub fn allows(&self, headers: &HeaderMap) -> bool {
        let Some(expected) = self.0 else { return false };
        let Some(given) = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return false;
        };
        let given: [u8; 32] = Sha256::digest(given.trim().as_bytes()).into();
        given
            .iter()
            .zip(expected.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(axum::http::header::AUTHORIZATION, value.parse().unwrap());
        headers
    }

    #[test]
    fn only_the_configured_bearer_token_passes() {
        let token = ServiceToken::new(Some("s3cret"));
        assert!(token.allows(&headers("Bearer s3cret")));
        assert!(!token.allows(&headers("Bearer wrong")));
        assert!(!token.allows(&headers("Basic s3cret")));
        assert!(!token.allows(&HeaderMap::new()));
        let none = ServiceToken::new(Some("  "));
        assert!(!none.configured());
        assert!(!none.allows(&headers("Bearer ")));
    }
}
