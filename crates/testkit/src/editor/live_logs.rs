//! A client of the live logs (Socket.IO namespace `/logs`) for tests,
//! speaking Engine.IO v4 long polling: the transport every Socket.IO client
//! starts with, plain HTTP requests.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

/// How long a test waits for a packet it wants.
const WAIT: Duration = Duration::from_secs(20);

/// One Engine.IO session with the server at `base`.
pub struct LiveLogs {
    http: HttpClient<HttpConnector, Full<Bytes>>,
    base: String,
    sid: String,
    /// Packets received but not read yet.
    pending: Mutex<VecDeque<String>>,
}

impl LiveLogs {
    /// Opens an Engine.IO session with the server at `base`
    /// (`http://127.0.0.1:PORT`); Socket.IO's `/logs` is not joined yet.
    pub async fn open(base: &str) -> Self {
        let mut client = Self {
            http: HttpClient::builder(TokioExecutor::new()).build_http(),
            base: base.trim_end_matches('/').to_owned(),
            sid: String::new(),
            pending: Mutex::default(),
        };
        let (status, body) = client
            .request("GET", "/socket.io/?EIO=4&transport=polling", "")
            .await;
        assert_eq!(status, 200, "{body}");
        let open = body.strip_prefix('0').expect("an OPEN packet");
        client.sid = serde_json::from_str::<Value>(open).unwrap()["sid"]
            .as_str()
            .unwrap()
            .to_owned();
        client
    }

    /// Opens a session and joins `/logs` with `token`; the backlog records.
    pub async fn connect(base: &str, token: &str) -> (Self, Vec<Value>) {
        let client = Self::open(base).await;
        client
            .send(&format!(
                "40/logs,{}",
                serde_json::json!({ "token": token })
            ))
            .await;
        let backlog = client.event("backlog").await;
        let records = backlog.as_array().expect("an array of records").clone();
        (client, records)
    }

    async fn request(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        let request = hyper::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .body(Full::new(Bytes::from(body.to_owned())))
            .expect("a request");
        let response = tokio::time::timeout(WAIT, self.http.request(request))
            .await
            .expect("an answer in time")
            .expect("an HTTP answer");
        let status = response.status().as_u16();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    fn path(&self) -> String {
        format!("/socket.io/?EIO=4&transport=polling&sid={}", self.sid)
    }

    /// Sends one Engine.IO packet.
    pub async fn send(&self, packet: &str) {
        let (status, body) = self.request("POST", &self.path(), packet).await;
        assert_eq!(status, 200, "{body}");
    }

    /// The next packet, polling when none is pending.
    async fn packet(&self) -> String {
        loop {
            if let Some(packet) = self.pending.lock().unwrap().pop_front() {
                return packet;
            }
            let (status, body) = self.request("GET", &self.path(), "").await;
            assert_eq!(status, 200, "{body}");
            let packets = body.split('\u{1e}').map(str::to_owned);
            self.pending.lock().unwrap().extend(packets);
        }
    }

    /// Reads until a Socket.IO packet of `/logs` passes `wanted` (its type
    /// and data); answers pings on the way.
    pub async fn until(&self, wanted: impl Fn(&str, &Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            assert!(
                tokio::time::Instant::now() < deadline,
                "nothing wanted arrived"
            );
            let packet = self.packet().await;
            if packet == "2" {
                self.send("3").await;
                continue;
            }
            let Some(rest) = packet.strip_prefix('4') else {
                continue;
            };
            let Some((kind, data)) = rest.split_once("/logs,") else {
                continue;
            };
            let data: Value = serde_json::from_str(data).unwrap();
            if wanted(kind, &data) {
                return data;
            }
        }
    }

    /// The argument of the next event named `name`.
    pub async fn event(&self, name: &str) -> Value {
        let data = self
            .until(|kind, data| kind == "2" && data[0] == name)
            .await;
        data[1].clone()
    }

    /// The next live record that passes `wanted`.
    pub async fn record(&self, wanted: impl Fn(&Value) -> bool) -> Value {
        let data = self
            .until(|kind, data| kind == "2" && data[0] == "log" && wanted(&data[1]))
            .await;
        data[1].clone()
    }
}
