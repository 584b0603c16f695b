//! A JSON client of the editor API for tests: bearer token, extra headers
//! (If-Match), and the answer as `(status, JSON)`.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

/// Calls `base` with a token.
pub struct EditorClient {
    http: HttpClient<HttpConnector, Full<Bytes>>,
    base: String,
    token: Option<String>,
}

impl EditorClient {
    /// A client of the server at `base` (`http://127.0.0.1:PORT`).
    pub fn new(base: &str, token: Option<&str>) -> Self {
        Self {
            http: HttpClient::builder(TokioExecutor::new()).build_http(),
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
        let mut request = hyper::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let bytes = match body {
            Some(body) => {
                request = request.header("content-type", "application/json");
                Bytes::from(body.to_string())
            }
            None => Bytes::new(),
        };
        let request = request.body(Full::new(bytes)).expect("a request");
        let Ok(response) = self.http.request(request).await else {
            return (0, Value::Null);
        };
        let status = response.status().as_u16();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes).into_owned();
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
