//! WATCH: a newline-delimited stream of `{"type", "object"}` events, resumed
//! from a resourceVersion (or starting with the current objects as ADDED),
//! with selectors applied per event, periodic BOOKMARKs, `timeoutSeconds`,
//! `sendInitialEvents` streaming lists and `410 Expired` for compacted
//! history.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};
use tokio::sync::mpsc::{self, UnboundedReceiver};
use tokio::time::{Instant, interval_at, sleep_until};

use super::Shared;
use super::catalog::ResourceDef;
use super::errors::{ApiError, ApiResult};
use super::rest::Target;
use super::selectors::{FieldSelector, LabelSelector};
use super::store::{Change, EventType, WatchMsg};
use super::strategy::meta_str;

/// Watch-specific query parameters.
#[derive(Debug, Clone, Default)]
pub struct WatchParams {
    /// `resourceVersion`.
    pub resource_version: Option<String>,
    /// `resourceVersionMatch`.
    pub version_match: Option<String>,
    /// `sendInitialEvents`.
    pub send_initial_events: Option<bool>,
    /// `allowWatchBookmarks`.
    pub bookmarks: bool,
    /// `timeoutSeconds`.
    pub timeout: Option<Duration>,
}

/// Which objects a watch sees.
struct Filter {
    namespace: Option<String>,
    labels: LabelSelector,
    fields: FieldSelector,
}

impl Filter {
    fn matches(&self, object: &Value) -> bool {
        self.namespace
            .as_deref()
            .is_none_or(|ns| meta_str(object, "namespace") == Some(ns))
            && self.labels.matches(object)
            && self.fields.matches(object)
    }

    /// The event a watcher with this filter gets for a change, if any. A
    /// modification that moves an object into the selection is ADDED, out of
    /// it DELETED (with the previous state), as the real watch cache does.
    fn event(&self, change: &Change) -> Option<Value> {
        let now = self.matches(&change.object);
        let before = change.previous.as_ref().map(|p| self.matches(p));
        match (change.event, now, before) {
            (EventType::Modified, true, Some(false)) => Some(event("ADDED", &change.object)),
            (EventType::Modified, false, Some(true)) => {
                let mut previous = change
                    .previous
                    .clone()
                    .expect("modified changes keep the previous state");
                previous["metadata"]["resourceVersion"] = json!(change.rv.to_string());
                Some(event("DELETED", &previous))
            }
            (_, true, _) => Some(event(change.event.as_str(), &change.object)),
            _ => None,
        }
    }
}

fn event(type_: &str, object: &Value) -> Value {
    json!({ "type": type_, "object": object })
}

fn line(value: &Value) -> Bytes {
    let mut text = value.to_string();
    text.push('\n');
    Bytes::from(text)
}

fn bookmark(def: &ResourceDef, rv: u64, initial_end: bool) -> Value {
    let mut metadata = json!({ "resourceVersion": rv.to_string() });
    if initial_end {
        metadata["annotations"] = json!({ "k8s.io/initial-events-end": "true" });
    }
    event(
        "BOOKMARK",
        &json!({ "kind": def.kind, "apiVersion": def.api_version(), "metadata": metadata }),
    )
}

fn invalid_list_options(field: &str, cause: &str, detail: &str) -> ApiError {
    ApiError::invalid("meta.k8s.io", "ListOptions", "", field, cause, detail)
}

/// Where a watch starts.
enum Start {
    /// With the current objects as ADDED events; for a streaming list
    /// (`sendInitialEvents=true`) followed by the initial-events-end bookmark.
    State { streaming_list: bool },
    /// With the changes after this resourceVersion.
    After(u64),
    /// With the next change.
    Now,
}

impl WatchParams {
    /// Validates the parameters (as the real ListOptions validation does)
    /// and decides where the watch starts.
    fn start(&self) -> ApiResult<Start> {
        let streaming_list = self.send_initial_events == Some(true);
        if streaming_list && self.version_match.as_deref() != Some("NotOlderThan") {
            return Err(invalid_list_options(
                "resourceVersionMatch",
                "FieldValueForbidden",
                "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
            ));
        }
        if streaming_list && !self.bookmarks {
            return Err(invalid_list_options(
                "allowWatchBookmarks",
                "FieldValueRequired",
                "Required value: allowWatchBookmarks must be set to true when sendInitialEvents is set to true",
            ));
        }
        let requested = match self.resource_version.as_deref() {
            None | Some("") | Some("0") => None,
            Some(rv) => Some(rv.parse::<u64>().map_err(|_| {
                invalid_list_options(
                    "resourceVersion",
                    "FieldValueInvalid",
                    &format!("Invalid value: {rv:?}"),
                )
            })?),
        };
        Ok(match requested {
            _ if streaming_list => Start::State { streaming_list },
            Some(rv) => Start::After(rv),
            None if self.send_initial_events == Some(false) => Start::Now,
            None => Start::State { streaming_list },
        })
    }
}

/// Starts a watch and returns the streaming response.
pub fn start(
    shared: Arc<Shared>,
    t: &Target,
    labels: LabelSelector,
    fields: FieldSelector,
    params: WatchParams,
) -> ApiResult<Response> {
    let start = params.start()?;
    let filter = Filter {
        namespace: t.namespace.clone(),
        labels,
        fields,
    };

    // Initial events and the subscription are taken under one lock, so no
    // change falls between them.
    let (first, rx, start_rv) = {
        let mut store = shared.store();
        let rv = store.rv();
        let first: Vec<Value> = match start {
            Start::State { streaming_list } => {
                let mut events: Vec<Value> = store
                    .list(t.def, t.namespace.as_deref())
                    .filter(|s| filter.matches(&s.object))
                    .map(|s| event("ADDED", &s.object))
                    .collect();
                if streaming_list {
                    events.push(bookmark(t.def, rv, true));
                }
                events
            }
            Start::After(since) => match store.changes_since(t.def, since) {
                Ok(changes) => changes.iter().filter_map(|c| filter.event(c)).collect(),
                Err(too_old) => {
                    let status = ApiError::expired(since, too_old.oldest).status();
                    return Ok(stream_response(Body::from(line(&event("ERROR", &status)))));
                }
            },
            Start::Now => Vec::new(),
        };
        let start_rv = match start {
            Start::After(since) => rv.max(since),
            _ => rv,
        };
        (first, store.subscribe(t.def), start_rv)
    };

    let (out, body_rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(64);
    let task = WatchTask {
        shared: shared.clone(),
        def: t.def,
        filter,
        rx,
        out,
        last_rv: start_rv,
        bookmarks: params.bookmarks,
        deadline: params.timeout.map(|d| Instant::now() + d),
    };
    tokio::spawn(task.run(first));
    let body = futures::stream::unfold(body_rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    Ok(stream_response(Body::from_stream(body)))
}

fn stream_response(body: Body) -> Response {
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body)
        .expect("valid response")
}

/// Feeds one watch response.
struct WatchTask {
    shared: Arc<Shared>,
    def: &'static ResourceDef,
    filter: Filter,
    rx: UnboundedReceiver<WatchMsg>,
    out: mpsc::Sender<Result<Bytes, std::io::Error>>,
    last_rv: u64,
    bookmarks: bool,
    deadline: Option<Instant>,
}

/// What to do after a store message.
enum Step {
    Continue,
    /// Abort the response (simulated restart) or the client went away.
    Stop,
}

impl WatchTask {
    async fn run(mut self, first: Vec<Value>) {
        for e in &first {
            if self.out.send(Ok(line(e))).await.is_err() {
                return;
            }
        }
        let period = self.shared.bookmark_interval;
        let mut ticker = interval_at(Instant::now() + period, period);
        let deadline = self
            .deadline
            .unwrap_or_else(|| Instant::now() + Duration::from_secs(365 * 24 * 3600));
        let mut paused = self.shared.watches_paused.subscribe();
        loop {
            let delivering = !*paused.borrow_and_update();
            tokio::select! {
                // A pause or its end: decide again what to deliver.
                _ = paused.changed() => {}
                msg = self.rx.recv(), if delivering => {
                    if let Step::Stop = self.handle(msg).await {
                        return;
                    }
                }
                _ = ticker.tick(), if self.bookmarks && delivering => {
                    let rv = self.shared.store().rv();
                    while let Ok(msg) = self.rx.try_recv() {
                        if let Step::Stop = self.handle(Some(msg)).await {
                            return;
                        }
                    }
                    self.last_rv = self.last_rv.max(rv);
                    if self.out.send(Ok(line(&bookmark(self.def, self.last_rv, false)))).await.is_err() {
                        return;
                    }
                }
                _ = sleep_until(deadline) => return,
                _ = self.out.closed() => return,
            }
        }
    }

    async fn handle(&mut self, msg: Option<WatchMsg>) -> Step {
        match msg {
            Some(WatchMsg::Change(change)) => {
                self.last_rv = change.rv;
                match self.filter.event(&change) {
                    Some(e) if self.out.send(Ok(line(&e))).await.is_err() => Step::Stop,
                    _ => Step::Continue,
                }
            }
            Some(WatchMsg::Kill) | None => {
                let _ = self
                    .out
                    .send(Err(std::io::Error::other(
                        "watch closed: simulated API server restart",
                    )))
                    .await;
                Step::Stop
            }
        }
    }
}
