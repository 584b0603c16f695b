//! The fixture files of the default policy as the scripts ConfigMap ships
//! them (`scripts/kustomization.yaml`): each `scripts/tests/<file>` under the
//! key `tests.<file>`.

use std::collections::BTreeMap;

use streamspace_operator::keys::fixture_key;

/// Every fixture file of `scripts/tests/` by its ConfigMap key.
pub fn fixture_files() -> BTreeMap<String, String> {
    let dir = crate::repo_path("scripts/tests");
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("scripts/tests/") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("a UTF-8 name");
            let text = std::fs::read_to_string(&path).expect("a fixture file");
            files.insert(fixture_key(name), text);
        }
    }
    assert!(!files.is_empty(), "scripts/tests/ has no fixture file");
    files
}
