//! The requests the operator made over a whole test run, for the check that
//! every rule granted to it is used: one test binary cannot see them all.
//!
//! When [`RECORDS_ENV`] names a directory, each test process appends every
//! distinct request its fake API servers served the operator to its own
//! file there, one JSON line each; [`read`] takes the union of all files.
//! `make test` empties the directory, runs every test, then the check.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::request::ApiRequest;

/// The environment variable naming the directory of the records.
pub const RECORDS_ENV: &str = "STREAMSPACE_RBAC_REQUESTS";

/// What this process has recorded so far, and its file.
struct Recorder {
    seen: BTreeSet<ApiRequest>,
    file: std::fs::File,
}

static RECORDER: Mutex<Option<Recorder>> = Mutex::new(None);

/// Records that the operator's `request` was served, when [`RECORDS_ENV`]
/// is set; each distinct request is written once per process.
pub fn note(request: &ApiRequest) {
    let Some(dir) = records_dir() else { return };
    let mut recorder = RECORDER.lock().unwrap_or_else(|e| e.into_inner());
    let recorder = recorder.get_or_insert_with(|| Recorder {
        seen: BTreeSet::new(),
        file: open_file(&dir),
    });
    if !recorder.seen.insert(request.clone()) {
        return;
    }
    let mut line = serde_json::to_string(request).expect("a request serializes");
    line.push('\n');
    recorder
        .file
        .write_all(line.as_bytes())
        .unwrap_or_else(|e| panic!("cannot record to {}: {e}", dir.display()));
}

fn records_dir() -> Option<PathBuf> {
    std::env::var_os(RECORDS_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// This process's file: the test binary's name and the process id, so
/// concurrent test binaries never share one.
fn open_file(dir: &Path) -> std::fs::File {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let exe = std::env::current_exe().ok();
    let binary = exe
        .as_deref()
        .and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "test".to_owned());
    let path = dir.join(format!("{binary}-{}.jsonl", std::process::id()));
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()))
}

/// Every request recorded in [`RECORDS_ENV`]'s directory; an error saying
/// how to record them when it is unset, missing or empty.
pub fn read() -> Result<BTreeSet<ApiRequest>, String> {
    let how = format!(
        "run `make test`, which records the requests of every test in target/rbac-requests \
         and then runs this check; by hand: empty a directory, run \
         `{RECORDS_ENV}=DIR cargo test --workspace --all-targets`, then this check with the \
         same {RECORDS_ENV}"
    );
    let dir = records_dir().ok_or_else(|| format!("{RECORDS_ENV} is not set: {how}"))?;
    let entries = std::fs::read_dir(&dir)
        .map_err(|e| format!("no records in {}: {e}; {how}", dir.display()))?;
    let mut requests = BTreeSet::new();
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        for (number, line) in text.lines().enumerate() {
            let request = serde_json::from_str(line)
                .map_err(|e| format!("{}:{}: {e}", path.display(), number + 1))?;
            requests.insert(request);
        }
    }
    if requests.is_empty() {
        return Err(format!(
            "{} holds no recorded request: {how}",
            dir.display()
        ));
    }
    Ok(requests)
}
