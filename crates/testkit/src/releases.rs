//! What each release recorded in `tests/deploy/released/` for the upgrade
//! tests: one file per release and kind of record, named
//! `<kind>-<release>.<extension>` (`crds-0.1.0.txt`, `children-0.1.0.jsonl`).

use std::path::PathBuf;

/// Where the releases' records live.
pub fn dir() -> PathBuf {
    crate::repo_path("tests/deploy/released")
}

/// The file in which `release` (the operator's version) records `kind`.
pub fn file(kind: &str, release: &str, extension: &str) -> PathBuf {
    dir().join(format!("{kind}-{release}.{extension}"))
}

/// Every release's record of `kind`, oldest name first.
pub fn recorded(kind: &str, extension: &str) -> Vec<PathBuf> {
    let dir = dir();
    let (prefix, suffix) = (format!("{kind}-"), format!(".{extension}"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(&suffix))
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "{} records no release's {kind}: record this release's with \
         STREAMSPACE_RECORD_RELEASE=1 (see deploy/README.md, \"Versions and upgrades\")",
        dir.display()
    );
    files
}

/// Whether this run records the release being built
/// (`STREAMSPACE_RECORD_RELEASE` is set).
pub fn recording() -> bool {
    std::env::var_os("STREAMSPACE_RECORD_RELEASE").is_some()
}
