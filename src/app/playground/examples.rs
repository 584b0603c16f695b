//! The example Sessions and Templates of a directory (`deploy/examples/`):
//! every `*.yaml`/`*.yml` file, each document whose `kind` is `Session` or
//! `Template`, and the quotas of the ConfigMap named
//! [`QUOTAS_CONFIGMAP`] (other documents are skipped).

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use serde::de::DeserializeOwned;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::crd::{Session, Template};
use crate::keys::{QUOTAS_CONFIGMAP, QUOTAS_KEY};
use crate::quota::Quotas;

/// The namespace of an example that names none.
pub const DEFAULT_NAMESPACE: &str = "default";

/// What a directory of examples holds.
#[derive(Debug, Default)]
pub struct Examples {
    /// The Sessions, sorted by namespace and name.
    pub sessions: Vec<Session>,
    /// The Templates, sorted by namespace and name.
    pub templates: Vec<Template>,
    /// The quotas of the quota ConfigMap; none without one.
    pub quotas: Quotas,
}

/// The order of objects by namespace, then name.
fn by_name(a: &ObjectMeta, b: &ObjectMeta) -> std::cmp::Ordering {
    (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name))
}

fn typed<T: DeserializeOwned>(file: &Path, index: usize, document: Value) -> anyhow::Result<T> {
    serde_path_to_error::deserialize(document).map_err(|e| {
        anyhow::anyhow!(
            "{} (document {}): {}: {}",
            file.display(),
            index + 1,
            e.path(),
            e.inner()
        )
    })
}

/// A stable uid for an example, shaped like the API server's.
fn uid_of(namespace: &str, name: &str) -> String {
    let hex: String = Sha256::digest(format!("{namespace}/{name}").as_bytes())[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Fills in what the API server would: namespace, uid, generation and,
/// when missing, the creation time (`created`: the playground's start, so
/// the dry-run clock measures session age from there).
fn admit(
    metadata: &mut k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    created: jiff::Timestamp,
) {
    let namespace = metadata
        .namespace
        .get_or_insert_with(|| DEFAULT_NAMESPACE.to_owned())
        .clone();
    let name = metadata.name.clone().unwrap_or_default();
    metadata
        .uid
        .get_or_insert_with(|| uid_of(&namespace, &name));
    metadata.generation.get_or_insert(1);
    metadata.creation_timestamp.get_or_insert(Time(created));
}

fn files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the examples directory {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    Ok(paths)
}

impl Examples {
    /// Reads the examples of `dir`; objects without a creation time get
    /// `created`.
    pub fn load(dir: &Path, created: jiff::Timestamp) -> anyhow::Result<Self> {
        let mut examples = Self::default();
        for file in files(dir)? {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let documents: Vec<Value> = serde_saphyr::from_multiple(&text)
                .with_context(|| format!("{}: not valid YAML", file.display()))?;
            for (index, document) in documents.into_iter().enumerate() {
                match document.get("kind").and_then(Value::as_str) {
                    Some("Session") => {
                        let mut session: Session = typed(&file, index, document)?;
                        admit(&mut session.metadata, created);
                        examples.sessions.push(session);
                    }
                    Some("Template") => {
                        let mut template: Template = typed(&file, index, document)?;
                        admit(&mut template.metadata, created);
                        examples.templates.push(template);
                    }
                    Some("ConfigMap")
                        if document.pointer("/metadata/name")
                            == Some(&Value::from(QUOTAS_CONFIGMAP)) =>
                    {
                        let text = document
                            .get("data")
                            .and_then(|d| d.get(QUOTAS_KEY))
                            .and_then(Value::as_str)
                            .unwrap_or_default();
                        examples.quotas = Quotas::parse(text).map_err(|e| {
                            anyhow::anyhow!(
                                "{} (document {}): data.{QUOTAS_KEY}: {e}",
                                file.display(),
                                index + 1
                            )
                        })?;
                    }
                    _ => {}
                }
            }
        }
        examples
            .sessions
            .sort_by(|a, b| by_name(&a.metadata, &b.metadata));
        examples
            .templates
            .sort_by(|a, b| by_name(&a.metadata, &b.metadata));
        Ok(examples)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_examples_load() {
        let created = "2026-01-01T00:00:00Z".parse().unwrap();
        let examples = Examples::load(Path::new("deploy/examples"), created).unwrap();
        assert!(!examples.sessions.is_empty() && !examples.templates.is_empty());
        let session = &examples.sessions[0];
        assert!(session.metadata.uid.as_ref().is_some_and(|u| u.len() == 36));
        assert_eq!(
            session.metadata.creation_timestamp,
            Some(Time(created)),
            "examples are created when the playground starts"
        );
        let carol = examples.quotas.for_user("carol");
        assert_eq!(
            (carol.max_sessions, carol.cpu.as_deref()),
            (Some(3), Some("4"))
        );
    }

    #[test]
    fn a_quota_configmap_that_does_not_parse_names_its_file_and_key() {
        let dir = std::env::temp_dir().join(format!("examples-quotas-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("quotas.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: streamspace-quotas }\ndata:\n  quotas.yaml: \"default: { cpu: lots }\"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: other }\ndata: { quotas.yaml: \"not: [quotas\" }\n",
        )
        .unwrap();
        let error = Examples::load(&dir, jiff::Timestamp::now())
            .unwrap_err()
            .to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            error.contains("quotas.yaml (document 1): data.quotas.yaml: default.cpu: \"lots\" is not a Kubernetes quantity"),
            "{error}"
        );
    }
}
