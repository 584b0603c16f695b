//! Live logs: a `tracing` layer keeps the last records in a [`LogHub`] and
//! broadcasts new ones; the Socket.IO namespace `/logs` streams them to the
//! editor's log panel (filters are the client's).

mod hub;
mod layer;
mod record;
mod socket;

pub use hub::{BACKLOG, LogHub};
pub use layer::LogLayer;
pub use record::LogRecord;
pub use socket::layer as socket_layer;

/// Target of events that go to stderr only, never to the live log (such as
/// a generated token, which viewers must not read).
pub const PRIVATE_TARGET: &str = "private";

/// Sends logs to stderr and to the live log the server streams;
/// `RUST_LOG` overrides `default_level`.
pub fn init_tracing(default_level: &str) {
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;

    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level));
    tracing_subscriber::registry()
        .with(filter)
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .with(LogLayer::new(LogHub::global().clone()))
        .init();
}
