//! The last records and the stream of new ones.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock};

use tokio::sync::broadcast;

use super::LogRecord;

/// Records kept for clients that connect later.
pub const BACKLOG: usize = 1000;

/// New records queued per live-log client before it lags.
const QUEUE: usize = 1024;

struct Shared {
    backlog: Mutex<VecDeque<LogRecord>>,
    sender: broadcast::Sender<LogRecord>,
}

/// Keeps the last [`BACKLOG`] records and broadcasts new ones; cheap to
/// clone (shared state).
#[derive(Clone)]
pub struct LogHub(Arc<Shared>);

impl Default for LogHub {
    fn default() -> Self {
        Self::new()
    }
}

impl LogHub {
    /// An empty hub.
    pub fn new() -> Self {
        Self(Arc::new(Shared {
            backlog: Mutex::new(VecDeque::with_capacity(BACKLOG)),
            sender: broadcast::channel(QUEUE).0,
        }))
    }

    /// The process's hub: the one the CLI's tracing layer feeds and the
    /// server's `/logs` namespace reads.
    pub fn global() -> &'static LogHub {
        static GLOBAL: OnceLock<LogHub> = OnceLock::new();
        GLOBAL.get_or_init(LogHub::new)
    }

    fn backlog(&self) -> std::sync::MutexGuard<'_, VecDeque<LogRecord>> {
        self.0.backlog.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds a record and sends it to every subscriber.
    pub fn push(&self, record: LogRecord) {
        let mut backlog = self.backlog();
        if backlog.len() == BACKLOG {
            backlog.pop_front();
        }
        backlog.push_back(record.clone());
        // No subscriber is not an error.
        let _ = self.0.sender.send(record);
    }

    /// The current backlog and a receiver of every record pushed after it:
    /// nothing is missed or seen twice.
    pub fn subscribe(&self) -> (Vec<LogRecord>, broadcast::Receiver<LogRecord>) {
        let backlog = self.backlog();
        (backlog.iter().cloned().collect(), self.0.sender.subscribe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(message: &str) -> LogRecord {
        LogRecord {
            time: String::new(),
            level: "info".into(),
            target: "test".into(),
            session: None,
            script: None,
            version: None,
            message: message.into(),
        }
    }

    #[tokio::test]
    async fn keeps_the_last_records_and_streams_new_ones() {
        let hub = LogHub::new();
        for n in 0..BACKLOG + 5 {
            hub.push(record(&n.to_string()));
        }
        let (backlog, mut live) = hub.subscribe();
        assert_eq!(backlog.len(), BACKLOG);
        assert_eq!(backlog[0].message, "5");
        hub.push(record("new"));
        assert_eq!(live.recv().await.unwrap().message, "new");
    }
}
