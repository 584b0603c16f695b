//! The editor from outside: a real playground process, a client of its JSON
//! API, one of its live logs, and the script edits the editor tests make.

mod client;
mod edits;
mod live_logs;
mod playground;

pub use client::EditorClient;
pub use edits::{edited, image_changed};
pub use live_logs::LiveLogs;
pub use playground::{EDITOR, Playground, VIEWER, WAIT};
