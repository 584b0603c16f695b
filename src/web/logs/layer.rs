//! The `tracing` layer that feeds a [`LogHub`].

use tracing::Subscriber;
use tracing_subscriber::layer::{Context, Layer};

use super::{LogHub, LogRecord, PRIVATE_TARGET};

/// Turns every event it sees into a [`LogRecord`] in its hub, except those
/// with target [`PRIVATE_TARGET`].
pub struct LogLayer(LogHub);

impl LogLayer {
    /// A layer feeding `hub`.
    pub fn new(hub: LogHub) -> Self {
        Self(hub)
    }
}

impl<S: Subscriber> Layer<S> for LogLayer {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        if event.metadata().target() != PRIVATE_TARGET {
            self.0.push(LogRecord::from_event(event));
        }
    }
}

#[cfg(test)]
mod tests {
    use tracing_subscriber::layer::SubscriberExt;

    use super::*;

    #[test]
    fn events_become_records() {
        let hub = LogHub::new();
        let subscriber = tracing_subscriber::registry().with(LogLayer::new(hub.clone()));
        tracing::subscriber::with_default(subscriber, || {
            tracing::warn!(target: "script", session = "ns/s1", script = "idle", version = "v1", "too idle");
            tracing::info!(attempt = 2, "retrying");
            tracing::info!(target: PRIVATE_TARGET, "secret");
        });
        let (records, _) = hub.subscribe();
        assert_eq!(records.len(), 2);
        let script = &records[0];
        assert_eq!(script.level, "warn");
        assert_eq!(script.target, "script");
        assert_eq!(script.session.as_deref(), Some("ns/s1"));
        assert_eq!(script.script.as_deref(), Some("idle"));
        assert_eq!(script.version.as_deref(), Some("v1"));
        assert_eq!(script.message, "too idle");
        assert_eq!(records[1].message, "retrying attempt=2");
        assert_eq!(records[1].session, None);
        assert!(records[1].time.parse::<jiff::Timestamp>().is_ok());
    }
}
