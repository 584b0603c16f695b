//! How values and their paths are written in messages about them.

use serde_json::Value;

/// `key` below `path` (`status` + `phase` is `status.phase`).
pub(crate) fn join_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A value as JSON, cut short when long so messages stay one line.
pub(crate) fn brief(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 120 {
        format!("{}…", text.chars().take(120).collect::<String>())
    } else {
        text
    }
}
