//! A JSON client of the editor API for tests: bearer token, extra headers
//! (If-Match), and the answer as `(status, JSON)`.

use serde_json::Value;

use crate::operator::Http;

/// Calls `base` with a token.
pub struct EditorClient {
    http: Http,
    base: String,
    token: Option<String>,
}

impl EditorClient {
    /// A client of the server at `base` (`http://127.0.0.1:PORT`).
    pub fn new(base: &str, token: Option<&str>) -> Self {
        Self {
            http: Http::new(),
            base: base.trim_end_matches('/').to_owned(),
            token: token.map(str::to_owned),
        }
    }

    /// The same server with another token.
    pub fn with_token(&self, token: Option<&str>) -> Self {
        Self::new(&self.base, token)
    }

    /// Sends a request; the answer's status (0 when nothing answers) and
    /// body (JSON, or a JSON string of the text).
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> (u16, Value) {
        let url = format!("{}{path}", self.base);
        let body = body.map(Value::to_string);
        let (status, text) = self
            .http
            .send(
                method,
                &url,
                self.token.as_deref(),
                headers,
                body.as_deref(),
            )
            .await;
        if status == 0 {
            return (0, Value::Null);
        }
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, value)
    }
    /// GET.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.call("GET", path, &[], None).await
    }

    /// POST a JSON body.
    pub async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        self.call("POST", path, &[], Some(body)).await
    }

    /// POST a JSON body with `If-Match: version`.
    pub async fn post_if_match(&self, path: &str, version: &str, body: &Value) -> (u16, Value) {
        self.call("POST", path, &[("if-match", version)], Some(body))
            .await
    }
}
