//! The editor's platform, served in-process on a real socket with the real
//! editor API (the playground's, on a directory of the default scripts,
//! without examples):
//! embedded assets, the security headers, bearer-token authentication and
//! roles, the same-origin check, and the live logs over Socket.IO (spoken as raw Engine.IO v4 long
//! polling). Kubernetes mode is checked against the fake API server's
//! TokenReview and SubjectAccessReview.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Once};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use streamspace_operator::app::playground::{ExampleWorld, Examples};
use streamspace_operator::controller::scripts::ScriptStore;
use streamspace_operator::metrics::Metrics;
use streamspace_operator::script::PolicySettings;
use streamspace_operator::script::set::read_dir_sources;
use streamspace_operator::web::auth::{AuthError, Authenticator, Role};
use streamspace_operator::web::editor::{self, DirRepo, Editor};
use streamspace_operator::web::headers::POLICY;
use streamspace_operator::web::logs::{LogHub, LogLayer};
use streamspace_operator::web::with_editor;
use streamspace_testkit::editor::LiveLogs;
use streamspace_testkit::fake_apiserver::{FakeApiServer, FakeOptions, OperatorIdentity};

/// Deadline for anything the tests wait for.
const WAIT: Duration = Duration::from_secs(10);

const VIEWER: &str = "viewer-secret";
const EDITOR: &str = "editor-secret";

/// A fresh copy of the default scripts and their fixtures to save into.
fn scripts_dir() -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("web-platform-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    for sub in ["", "tests"] {
        for entry in std::fs::read_dir(Path::new("scripts").join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    dir
}

/// Sends every event of the test process to the global hub, as the CLI does.
fn init_tracing() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        use tracing_subscriber::layer::SubscriberExt as _;
        let subscriber =
            tracing_subscriber::registry().with(LogLayer::new(LogHub::global().clone()));
        tracing::subscriber::set_global_default(subscriber).expect("one global subscriber");
    });
}

struct Server {
    addr: SocketAddr,
    metrics: Metrics,
    http: HttpClient<HttpConnector, Body>,
    /// Where the editor saves.
    dir: PathBuf,
}

async fn start() -> Server {
    init_tracing();
    let auth = Authenticator::tokens(vec![VIEWER.into()], vec![EDITOR.into()], "ask the test");
    let metrics = Metrics::new();
    let dir = scripts_dir();
    let scripts = Arc::new(ScriptStore::new(metrics.clone()));
    scripts.offer(read_dir_sources(&dir).unwrap(), "the test's scripts");
    // The playground's world without examples: no Sessions, no Templates.
    let world = ExampleWorld::new(scripts, PolicySettings::default(), Examples::default());
    let api = editor::routes(Editor::new(
        Arc::new(world),
        Arc::new(DirRepo::new(dir.clone())),
        auth.clone(),
    ));
    let app = with_editor(api, auth, LogHub::global().clone(), metrics.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server {
        addr,
        metrics,
        http: HttpClient::builder(TokioExecutor::new()).build_http(),
        dir,
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

struct Answer {
    status: StatusCode,
    content_type: String,
    cache_control: String,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

impl Server {
    async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Answer {
        let mut request = Request::builder()
            .method(method)
            .uri(format!("http://{}{path}", self.addr));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if !body.is_empty() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        let request = request.body(Body::from(body.to_owned())).unwrap();
        let response = tokio::time::timeout(WAIT, self.http.request(request))
            .await
            .expect("answer in time")
            .expect("HTTP request");
        let text = |name| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        let (content_type, cache_control) =
            (text(header::CONTENT_TYPE), text(header::CACHE_CONTROL));
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            content_type,
            cache_control,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        self.send(Method::GET, path, headers, "").await
    }
}

#[tokio::test]
async fn assets_are_served_with_their_content_types() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("web/dist");
    assert!(
        dist.join("index.html").exists(),
        "{} has no index.html: build the editor's front end with `make web` (cd web && npm ci \
         && npm run build), then run the tests again",
        dist.display()
    );
    let server = start().await;
    let index = server.get("/", &[]).await;
    assert_eq!(index.content_type, "text/html; charset=utf-8");
    assert_eq!(index.cache_control, "no-cache");
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.body.contains("app.js"), "{}", index.body);
    for (file, content_type) in [
        ("app.js", "text/javascript; charset=utf-8"),
        ("app.css", "text/css; charset=utf-8"),
        ("editor.worker.js", "text/javascript; charset=utf-8"),
        ("codicon.ttf", "font/ttf"),
    ] {
        let answer = server.get(&format!("/{file}"), &[]).await;
        assert_eq!(answer.status, StatusCode::OK, "{file}");
        assert_eq!(answer.content_type, content_type, "{file}");
        assert_eq!(answer.cache_control, "no-cache", "{file}");
    }
    assert_eq!(
        server.get("/missing.js", &[]).await.status,
        StatusCode::NOT_FOUND
    );
}

/// The directives of a Content-Security-Policy, each with its sources.
fn directives(policy: &str) -> BTreeMap<&str, Vec<&str>> {
    policy
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            Some((words.next()?, words.collect()))
        })
        .collect()
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let server = start().await;
    let bearer = format!("Bearer {EDITOR}");
    for (path, headers) in [
        ("/", vec![]),
        ("/missing.js", vec![]),
        ("/api/scripts", vec![]),
        ("/api/scripts", vec![("authorization", bearer.as_str())]),
    ] {
        let answer = server.get(path, &headers).await;
        let header = |name: header::HeaderName| {
            answer
                .headers
                .get(&name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_else(|| panic!("{path} ({}): no {name}", answer.status))
        };
        assert_eq!(header(header::CONTENT_SECURITY_POLICY), POLICY, "{path}");
        assert_eq!(header(header::X_FRAME_OPTIONS), "DENY", "{path}");
        assert_eq!(header(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{path}");
        assert_eq!(header(header::REFERRER_POLICY), "no-referrer", "{path}");
    }
    // Scripts and workers from this server only, nothing inline but styles,
    // no eval, no framing.
    let policy = directives(POLICY);
    assert_eq!(policy["default-src"], ["'none'"]);
    assert_eq!(policy["script-src"], ["'self'"]);
    assert_eq!(policy["worker-src"], ["'self'"]);
    assert_eq!(policy["frame-ancestors"], ["'none'"]);
    for (directive, sources) in &policy {
        assert!(!sources.contains(&"'unsafe-eval'"), "{directive}: eval");
        assert!(
            *directive == "style-src" || !sources.contains(&"'unsafe-inline'"),
            "{directive}: inline"
        );
    }
}

impl Server {
    fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The stored version and scripts, read with `token`.
    async fn stored(&self, token: &str) -> (String, BTreeMap<String, String>) {
        let bearer = format!("Bearer {token}");
        let answer = self
            .get("/api/scripts", &[("authorization", &bearer)])
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        let body = answer.json();
        let scripts = body["scripts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let text = |k: &str| s[k].as_str().unwrap().to_owned();
                (text("name"), text("source"))
            })
            .collect();
        (body["version"].as_str().unwrap().to_owned(), scripts)
    }
}

#[tokio::test]
async fn editor_calls_need_a_token_and_saving_needs_an_editor() {
    let server = start().await;
    let anonymous = server.get("/api/scripts", &[]).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let error = anonymous.json()["error"].as_str().unwrap().to_owned();
    assert!(error.contains("Authorization: Bearer <token>"), "{error}");
    assert!(error.contains("To sign in, ask the test"), "{error}");
    // Tokens go in headers, never URLs.
    let in_url = server
        .get(&format!("/api/scripts?token={EDITOR}"), &[])
        .await;
    assert_eq!(in_url.status, StatusCode::UNAUTHORIZED);
    let wrong = server
        .get("/api/scripts", &[("authorization", "Bearer guess")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let (version, mut scripts) = server.stored(VIEWER).await;
    let viewer = format!("Bearer {VIEWER}");
    let read = server
        .get("/api/scripts", &[("authorization", &viewer)])
        .await;
    assert_eq!(read.json()["role"], "viewer");
    let idle = scripts.get_mut("idle.rhai").unwrap();
    idle.push_str("\n// saved by the platform test\n");
    let edited = idle.clone();
    let body = json!({ "scripts": scripts, "message": "a comment" }).to_string();
    let refused = server
        .send(
            Method::POST,
            "/api/scripts/save",
            &[("authorization", &viewer), ("if-match", &version)],
            &body,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(
        refused.json()["error"]
            .as_str()
            .unwrap()
            .contains("viewer token"),
        "{}",
        refused.body
    );
    assert_ne!(
        std::fs::read_to_string(server.dir.join("idle.rhai")).unwrap(),
        edited,
        "a viewer's save writes nothing"
    );

    let editor = format!("Bearer {EDITOR}");
    let saved = server
        .send(
            Method::POST,
            "/api/scripts/save",
            &[("authorization", &editor), ("if-match", &version)],
            &body,
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_ne!(saved.json()["version"], version.as_str());
    assert_eq!(
        std::fs::read_to_string(server.dir.join("idle.rhai")).unwrap(),
        edited
    );
}

#[tokio::test]
async fn cross_origin_writes_are_refused() {
    let server = start().await;
    let editor = format!("Bearer {EDITOR}");
    let own = server.base();
    let body = json!({ "scripts": server.stored(EDITOR).await.1 }).to_string();
    let cases: [(&[(&str, &str)], StatusCode); 4] = [
        (&[("origin", "http://evil.example")], StatusCode::FORBIDDEN),
        (&[("sec-fetch-site", "cross-site")], StatusCode::FORBIDDEN),
        (
            &[("origin", &own), ("sec-fetch-site", "same-origin")],
            StatusCode::OK,
        ),
        (&[], StatusCode::OK),
    ];
    for (headers, expected) in cases {
        let mut headers = headers.to_vec();
        headers.push(("authorization", &editor));
        let answer = server
            .send(Method::POST, "/api/scripts/check", &headers, &body)
            .await;
        assert_eq!(answer.status, expected, "{headers:?}: {}", answer.body);
        if expected == StatusCode::FORBIDDEN {
            assert!(
                answer.json()["error"]
                    .as_str()
                    .unwrap()
                    .contains("cross-origin")
            );
        } else {
            assert_eq!(answer.json()["ok"], true, "{}", answer.body);
        }
    }
    // Reading from another origin is harmless (no CORS headers let a page read it).
    let read = server
        .get(
            "/api/scripts",
            &[
                ("origin", "http://evil.example"),
                ("authorization", &editor),
            ],
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
}

#[tokio::test]
async fn live_logs_refuse_a_bad_token() {
    let server = start().await;
    for auth in [r#"{"token":"guess"}"#, "", r#"{"other":1}"#] {
        let client = LiveLogs::open(&server.base()).await;
        client.send(&format!("40/logs,{auth}")).await;
        let refusal = client.until(|kind, _| kind == "4" || kind == "0").await;
        let message = refusal["message"].as_str().unwrap_or_default();
        assert!(message.contains("unauthorized"), "{auth}: {refusal}");
    }
    assert_eq!(server.metrics.log_clients().get(), 0);
}

#[tokio::test]
async fn live_logs_send_the_backlog_then_each_new_record() {
    let server = start().await;
    tracing::info!("before the client connects");
    let (client, backlog) = LiveLogs::connect(&server.base(), VIEWER).await;
    assert!(!backlog.is_empty() && backlog.len() <= 1000);
    assert!(
        backlog
            .iter()
            .any(|r| r["message"] == "before the client connects"),
        "{backlog:?}"
    );
    assert_eq!(server.metrics.log_clients().get(), 1);

    let marker = format!("live record {}", server.addr.port());
    tracing::warn!(target: "script", session = "team-a/s1", script = "idle", version = "v7", "{marker}");
    let record = client.record(|r| r["message"] == marker.as_str()).await;
    assert_eq!(record["level"], "warn");
    assert_eq!(record["target"], "script");
    assert_eq!(record["session"], "team-a/s1");
    assert_eq!(record["script"], "idle");
    assert_eq!(record["version"], "v7");
    assert!(
        record["time"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .is_ok()
    );

    client.send("1").await; // Engine.IO CLOSE
    let deadline = tokio::time::Instant::now() + WAIT;
    while server.metrics.log_clients().get() != 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the client was never counted out"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn kubernetes_mode_asks_the_api_server() {
    // The reviews are asked with the operator's identity, so the fake
    // authorizes them with the operator's RBAC.
    let fake = FakeApiServer::start_with(FakeOptions {
        operator: Some(OperatorIdentity::new("streamspace")),
        ..FakeOptions::default()
    })
    .await;
    let mut config = fake.client_config("streamspace", true).await;
    config.default_retry = false; // the outage below answers at once
    let client = kube::Client::try_from(config).unwrap();
    fake.set_token("alice-token", "alice", &["editors"]);
    fake.set_token("bob-token", "bob", &[]);
    fake.set_token("carol-token", "carol", &[]);
    fake.allow(
        "group:editors",
        "update",
        "configmaps",
        "streamspace-scripts",
    );
    fake.allow("group:editors", "get", "configmaps", "streamspace-scripts");
    fake.allow("bob", "get", "configmaps", "streamspace-scripts");
    fake.allow("carol", "update", "configmaps", "other-configmap");
    let auth = Authenticator::kubernetes(client, "streamspace", "streamspace-scripts");

    let alice = auth.authenticate("alice-token").await.unwrap();
    assert_eq!(
        (alice.identity.as_str(), alice.role),
        ("alice", Role::Editor)
    );
    let bob = auth.authenticate("bob-token").await.unwrap();
    assert_eq!((bob.identity.as_str(), bob.role), ("bob", Role::Viewer));
    let carol = auth.authenticate("carol-token").await.unwrap_err();
    let AuthError::Forbidden(refusal) = &carol else {
        panic!("carol has no right on the scripts: {carol}");
    };
    assert!(
        carol
            .to_string()
            .contains("streamspace/streamspace-scripts")
    );
    assert_eq!(refusal.identity, "carol");
    assert!(
        refusal.grant[1].ends_with("--role=streamspace-scripts-editor --user=carol"),
        "the refusal names the command that grants access: {refusal:?}"
    );
    let stranger = auth.authenticate("nobody-token").await.unwrap_err();
    assert!(matches!(stranger, AuthError::Unauthorized(_)), "{stranger}");

    // Answers are reused for a while: no API call per request.
    fake.clear_access_policy();
    assert_eq!(
        auth.authenticate("alice-token").await.unwrap().role,
        Role::Editor
    );
    // An unreachable API server is neither a yes nor a cached no.
    fake.set_available(false);
    let down = auth.authenticate("dave-token").await.unwrap_err();
    assert!(matches!(down, AuthError::Unavailable(_)), "{down}");
    assert_eq!(fake.operator_refusals(), Vec::<String>::new());
}
