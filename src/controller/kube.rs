//! [`Kube`]: the operator's side of the API server: its client and the
//! recorder of its Events. Every write goes through a client held here, so
//! every part that writes is given exactly this and no more.

use k8s_openapi::api::core::v1::ObjectReference;
use kube::Client;
use kube::runtime::events::{Event, EventType, Recorder, Reporter};

use crate::keys::FIELD_MANAGER;

/// The client and the Event recorder.
#[derive(Clone)]
pub struct Kube {
    client: Client,
    recorder: Recorder,
}

impl Kube {
    /// Writes through `client`; Events name the operator and, when known,
    /// its pod (`POD_NAME`) as their reporter.
    pub fn new(client: Client) -> Self {
        let reporter = Reporter {
            controller: FIELD_MANAGER.into(),
            instance: std::env::var("POD_NAME").ok(),
        };
        Self {
            recorder: Recorder::new(client.clone(), reporter),
            client,
        }
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Publishes an Event about `object`; a failure to record it is logged,
    /// never fatal.
    pub async fn event(
        &self,
        object: &ObjectReference,
        type_: EventType,
        reason: &str,
        action: &str,
        note: String,
    ) {
        let event = Event {
            type_,
            reason: reason.to_owned(),
            note: Some(note),
            action: action.to_owned(),
            secondary: None,
        };
        if let Err(e) = self.recorder.publish(&event, object).await {
            tracing::warn!(reason, "could not record event: {e}");
        }
    }
}
