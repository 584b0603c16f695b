//! Token mode: fixed viewer and editor tokens, from a file, a Secret or
//! generated at start.

use std::path::Path;

use anyhow::{Context as _, bail};
use k8s_openapi::api::core::v1::Secret;
use sha2::{Digest, Sha256};

use super::{Caller, Role};

/// One accepted token, kept as a digest.
struct Entry {
    digest: [u8; 32],
    caller: Caller,
}

/// The accepted tokens.
pub struct TokenTable(Vec<Entry>);

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl TokenTable {
    /// Editor entries come first so a token listed for both roles edits.
    pub fn new(viewer: &[String], editor: &[String]) -> Self {
        let mut entries = Vec::new();
        for (role, tokens) in [(Role::Editor, editor), (Role::Viewer, viewer)] {
            let tokens = tokens.iter().map(|t| t.trim()).filter(|t| !t.is_empty());
            for (index, token) in tokens.enumerate() {
                entries.push(Entry {
                    digest: digest(token),
                    caller: Caller {
                        identity: format!("{}-token-{}", role.as_str(), index + 1),
                        role,
                    },
                });
            }
        }
        Self(entries)
    }

    /// Whether no token is accepted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The caller of `token`. Every entry is compared, digest against
    /// digest, so the time taken says nothing about the token.
    pub fn lookup(&self, token: &str) -> Option<Caller> {
        let given = digest(token);
        let mut found = None;
        for entry in &self.0 {
            let differs = given
                .iter()
                .zip(entry.digest.iter())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b));
            if differs == 0 && found.is_none() {
                found = Some(entry.caller.clone());
            }
        }
        found
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Parses `viewer: TOKEN` / `editor: TOKEN` lines into (viewer, editor).
fn parse_file(text: &str) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let (mut viewer, mut editor) = (Vec::new(), Vec::new());
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once(':').map(|(r, t)| (r.trim(), t.trim())) {
            Some(("viewer", token)) if !token.is_empty() => viewer.push(token.to_owned()),
            Some(("editor", token)) if !token.is_empty() => editor.push(token.to_owned()),
            _ => bail!(
                "line {}: expected `viewer: TOKEN` or `editor: TOKEN`",
                number + 1
            ),
        }
    }
    Ok((viewer, editor))
}

/// Reads a token file (see [`parse_file`]).
pub fn read_file(path: &Path) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the editor tokens file {}", path.display()))?;
    parse_file(&text).with_context(|| format!("editor tokens file {}", path.display()))
}

/// The tokens of a Secret's keys `viewer-tokens` and `editor-tokens`.
pub fn from_secret(secret: &Secret) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let key = |name: &str| -> anyhow::Result<Vec<String>> {
        let Some(value) = secret.data.as_ref().and_then(|d| d.get(name)) else {
            return Ok(Vec::new());
        };
        let text = std::str::from_utf8(&value.0)
            .with_context(|| format!("key `{name}` of the editor tokens Secret is not UTF-8"))?;
        Ok(lines(text))
    };
    Ok((key("viewer-tokens")?, key("editor-tokens")?))
}

/// A new random token: 32 bytes from the OS, as hex.
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use k8s_openapi::ByteString;

    use super::*;

    #[test]
    fn token_files_name_the_role_of_each_line() {
        let (viewer, editor) =
            parse_file("# comment\n\nviewer: v1\neditor:e1\n  viewer : v2 \n").unwrap();
        assert_eq!(viewer, ["v1", "v2"]);
        assert_eq!(editor, ["e1"]);
        let error = parse_file("admin: x").unwrap_err().to_string();
        assert!(error.contains("line 1"), "{error}");
        assert!(parse_file("editor:").is_err());
    }

    #[test]
    fn secrets_hold_one_token_per_line() {
        let secret = Secret {
            data: Some(
                [(
                    "editor-tokens".to_owned(),
                    ByteString(b"e1\n\n e2 \n".to_vec()),
                )]
                .into(),
            ),
            ..Secret::default()
        };
        let (viewer, editor) = from_secret(&secret).unwrap();
        assert!(viewer.is_empty());
        assert_eq!(editor, ["e1", "e2"]);
    }

    #[test]
    fn generated_tokens_differ() {
        let (a, b) = (generate(), generate());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
