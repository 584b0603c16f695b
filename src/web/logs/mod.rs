//! Live logs: a `tracing` layer keeps the last records in a [`LogHub`] and
//! broadcasts new ones; the Socket.IO namespace `/logs` streams them to the
//! editor's log panel (filters are the client's).

mod hub;
mod layer;
mod record;

pub use hub::{BACKLOG, LogHub};
pub use layer::LogLayer;
pub use record::LogRecord;

/// Target of events that go to stderr only, never to the live log (such as
/// a generated token, which viewers must not read).
pub const PRIVATE_TARGET: &str = "private";
