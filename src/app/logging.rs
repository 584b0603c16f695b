//! Where logs go: stderr, as text for a person or JSON lines for a log
//! pipeline, and the live log the editor streams.

use std::io::IsTerminal;

use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

use crate::web::logs::{LogHub, LogLayer};

/// How log records are written to stderr.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One line per record for a person, in colour on a terminal only.
    #[default]
    Text,
    /// One JSON object per line, for log pipelines (`kubectl logs` into
    /// Loki, Elasticsearch, ...).
    Json,
}

/// The logging flags every command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct LogArgs {
    /// How logs are written to stderr: `text` (colour on a terminal only)
    /// or `json` (one object per line, for log pipelines).
    #[arg(
        long,
        global = true,
        env = "STREAMSPACE_LOG_FORMAT",
        value_enum,
        default_value_t
    )]
    pub log_format: LogFormat,
}

impl LogArgs {
    /// Sends logs to stderr as these flags say and to the live log the
    /// server streams; `RUST_LOG` overrides `default_level`.
    pub fn init(&self, default_level: &str) {
        init(self.log_format, default_level);
    }
}

/// Sends logs to stderr in `format` and to the live log the server streams;
/// `RUST_LOG` overrides `default_level`.
pub fn init(format: LogFormat, default_level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level));
    let stderr = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let registry = tracing_subscriber::registry()
        .with(filter)
        .with(LogLayer::new(LogHub::global().clone()));
    match format {
        // Colour codes are noise in a file or `kubectl logs`.
        LogFormat::Text => registry
            .with(stderr.with_ansi(std::io::stderr().is_terminal()))
            .init(),
        LogFormat::Json => registry.with(stderr.json()).init(),
    }
}
