//! Generating the CustomResourceDefinition manifests.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::CustomResourceExt;

use super::{Session, Template};

/// Both CustomResourceDefinitions: `Session` first, then `Template`.
pub fn definitions() -> Vec<CustomResourceDefinition> {
    vec![Session::crd(), Template::crd()]
}

/// One CRD as a single YAML document.
pub fn render_one(crd: &CustomResourceDefinition) -> anyhow::Result<String> {
    serde_saphyr::to_string(crd)
        .with_context(|| format!("rendering CRD {} as YAML", file_name(crd)))
}

/// Both CRDs as one multi-document YAML stream (documents separated by
/// `---`), each rendered exactly as [`render_one`] does.
pub fn render_yaml() -> anyhow::Result<String> {
    let docs = definitions()
        .iter()
        .map(render_one)
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(docs.join("---\n"))
}

/// The file a CRD is written to: its name plus `.yaml`, e.g.
/// `sessions.stream.space.yaml`.
pub fn file_name(crd: &CustomResourceDefinition) -> String {
    // Every derived CRD is named; the fallback only guards hand-made ones.
    let name = crd.metadata.name.as_deref().unwrap_or("unnamed");
    format!("{name}.yaml")
}

/// Writes each CRD to `dir/<file_name>` (creating `dir`), one YAML document
/// per file, and returns the paths written.
pub fn write_dir(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    definitions()
        .iter()
        .map(|crd| {
            let path = dir.join(file_name(crd));
            std::fs::write(&path, render_one(crd)?)
                .with_context(|| format!("writing {}", path.display()))?;
            Ok(path)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_order() {
        let names: Vec<String> = definitions().iter().map(file_name).collect();
        assert_eq!(
            names,
            ["sessions.stream.space.yaml", "templates.stream.space.yaml"]
        );
    }

    #[test]
    fn yaml_is_deterministic_and_round_trips() {
        let yaml = render_yaml().unwrap();
        assert_eq!(yaml, render_yaml().unwrap());
        let docs: Vec<CustomResourceDefinition> = serde_saphyr::from_multiple(&yaml).unwrap();
        assert_eq!(docs, definitions());
    }

    #[test]
    fn write_dir_writes_one_document_per_file() {
        let dir = std::env::temp_dir().join(format!("streamspace-crd-{}", std::process::id()));
        let paths = write_dir(&dir).unwrap();
        let written: Vec<String> = paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(written.join("---\n"), render_yaml().unwrap());
        assert!(written.iter().all(|doc| !doc.contains("\n---\n")));
    }
}
