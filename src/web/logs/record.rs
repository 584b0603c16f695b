//! One log record as the live-log panel shows it.

use std::fmt::Write as _;

use serde::Serialize;
use tracing::field::{Field, Visit};

/// A `tracing` event as structured data. `session`, `script` and `version`
/// are set by the scripts' `log_*` helpers (and by any event with such
/// fields); other fields are appended to the message as `key=value`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogRecord {
    /// When it happened (RFC 3339).
    pub time: String,
    /// `trace`, `debug`, `info`, `warn` or `error`.
    pub level: String,
    /// The event's target (`script` for script output, else a module path).
    pub target: String,
    /// The Session it concerns (`namespace/name`), if any.
    pub session: Option<String>,
    /// The script that logged it, if any.
    pub script: Option<String>,
    /// The script set version, if any.
    pub version: Option<String>,
    /// The message, then any other fields.
    pub message: String,
}

impl LogRecord {
    /// The record of `event`, stamped now.
    pub fn from_event(event: &tracing::Event<'_>) -> Self {
        let metadata = event.metadata();
        let mut fields = Fields::default();
        event.record(&mut fields);
        let mut message = fields.message;
        if !fields.rest.is_empty() {
            if !message.is_empty() {
                message.push(' ');
            }
            message.push_str(&fields.rest);
        }
        Self {
            time: jiff::Timestamp::now().to_string(),
            level: metadata.level().as_str().to_ascii_lowercase(),
            target: metadata.target().to_owned(),
            session: fields.session,
            script: fields.script,
            version: fields.version,
            message,
        }
    }
}

/// Collects an event's fields.
#[derive(Default)]
struct Fields {
    message: String,
    session: Option<String>,
    script: Option<String>,
    version: Option<String>,
    rest: String,
}

impl Fields {
    fn set(&mut self, field: &Field, value: String) {
        let slot = match field.name() {
            "message" => {
                self.message = value;
                return;
            }
            "session" => &mut self.session,
            "script" => &mut self.script,
            "version" => &mut self.version,
            name => {
                if !self.rest.is_empty() {
                    self.rest.push(' ');
                }
                let _ = write!(self.rest, "{name}={value}");
                return;
            }
        };
        *slot = Some(value).filter(|v| !v.is_empty());
    }
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.set(field, value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.set(field, format!("{value:?}"));
    }
}
