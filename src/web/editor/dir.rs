//! [`DirRepo`]: scripts as the `*.rhai` files of a directory (what the
//! playground and `run --scripts-dir` watch), fixtures in `DIR/tests`, and
//! saved versions as `DIR/.history/<n>-<version>.json`, so the history
//! survives restarts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use futures::FutureExt as _;
use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use super::repo::{
    HISTORY_KEPT, HISTORY_SHOWN, Repository, Revision, Stored, VersionInfo, Write, WriteError,
};
use crate::script::fixtures::{self, FixtureFile};
use crate::script::set::{read_dir_sources, version_of};

/// The folder of saved versions inside the script directory.
pub const HISTORY_DIR: &str = ".history";

/// A saved version as stored in its file.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    #[serde(flatten)]
    info: VersionInfo,
    scripts: BTreeMap<String, String>,
}

/// Scripts in a directory, history in `DIR/.history`.
pub struct DirRepo {
    dir: PathBuf,
    // One write at a time: the version check and the write are one step.
    writing: Mutex<()>,
}

/// Writes `contents` to `path` through a temporary file and a rename, so a
/// watcher never reads half a file.
fn write_atomically(path: &Path, contents: &str) -> anyhow::Result<()> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .context("a file name")?;
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temp, contents).with_context(|| format!("writing {}", temp.display()))?;
    std::fs::rename(&temp, path).with_context(|| format!("renaming to {}", path.display()))
}

/// `(n, version)` of a history file name `<n>-<version>.json`.
fn parse_name(name: &str) -> Option<(u64, &str)> {
    let (n, version) = name.strip_suffix(".json")?.split_once('-')?;
    Some((n.parse().ok()?, version))
}

impl DirRepo {
    /// The scripts of `dir`.
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            writing: Mutex::new(()),
        }
    }

    fn history_dir(&self) -> PathBuf {
        self.dir.join(HISTORY_DIR)
    }

    fn read_stored(&self) -> anyhow::Result<Stored> {
        let scripts = read_dir_sources(&self.dir)?;
        Ok(Stored {
            version: version_of(&scripts),
            scripts,
        })
    }

    /// History files, newest first: `(n, version, path)`.
    fn entries(&self) -> anyhow::Result<Vec<(u64, String, PathBuf)>> {
        let dir = self.history_dir();
        if !dir.exists() {
            return Ok(Vec::new());
        }
        let mut entries: Vec<(u64, String, PathBuf)> = std::fs::read_dir(&dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter_map(|path| {
                let name = path.file_name()?.to_str()?;
                let (n, version) = parse_name(name)?;
                Some((n, version.to_owned(), path.clone()))
            })
            .collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.0));
        Ok(entries)
    }

    fn read_entry(path: &Path) -> anyhow::Result<Entry> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_str(&text)
            .with_context(|| format!("{}: not a saved version", path.display()))
    }

    fn find(&self, version: &str) -> anyhow::Result<Option<Entry>> {
        self.entries()?
            .into_iter()
            .find(|(_, v, _)| v == version)
            .map(|(_, _, path)| Self::read_entry(&path))
            .transpose()
    }

    /// Records `entry` as the newest saved version (replacing an older
    /// record of the same version) and drops the oldest beyond the limit.
    fn record(&self, entry: &Entry) -> anyhow::Result<()> {
        let dir = self.history_dir();
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let entries = self.entries()?;
        let next = entries.first().map_or(1, |(n, _, _)| n + 1);
        let text = serde_json::to_string_pretty(entry)?;
        write_atomically(
            &dir.join(format!("{next:06}-{}.json", entry.info.version)),
            &text,
        )?;
        let stale = entries
            .iter()
            .enumerate()
            .filter(|(index, (_, version, _))| {
                *version == entry.info.version || index + 1 >= HISTORY_KEPT
            })
            .map(|(_, (_, _, path))| path);
        for path in stale {
            std::fs::remove_file(path).with_context(|| format!("removing {}", path.display()))?;
        }
        Ok(())
    }

    /// What is known of a version no save in the editor recorded.
    fn outside(&self, stored: &Stored) -> VersionInfo {
        let newest = stored
            .scripts
            .keys()
            .filter_map(|name| std::fs::metadata(self.dir.join(name)).ok()?.modified().ok())
            .max()
            .and_then(|t| jiff::Timestamp::try_from(t).ok())
            .and_then(|t| jiff::Timestamp::from_second(t.as_second()).ok());
        VersionInfo {
            version: stored.version.clone(),
            author: String::new(),
            time: newest.map(|t| t.to_string()).unwrap_or_default(),
            message: format!(
                "changed outside the editor (files of {})",
                self.dir.display()
            ),
            restored: None,
        }
    }

    fn write_now(&self, write: Write) -> Result<VersionInfo, WriteError> {
        let stored = self.read_stored()?;
        if stored.version != write.base {
            let current = self.describe_now(&stored)?;
            return Err(WriteError::Conflict {
                base: write.base,
                current: Box::new(current),
            });
        }
        if self.find(&stored.version)?.is_none() {
            self.record(&Entry {
                info: self.outside(&stored),
                scripts: stored.scripts.clone(),
            })?;
        }
        for (name, source) in &write.scripts {
            if name.contains(['/', '\\']) || !name.ends_with(".rhai") {
                return Err(anyhow::anyhow!("{name}: not a script file name").into());
            }
            write_atomically(&self.dir.join(name), source)?;
        }
        for name in stored
            .scripts
            .keys()
            .filter(|n| !write.scripts.contains_key(*n))
        {
            let path = self.dir.join(name);
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
        let version = version_of(&write.scripts);
        let earlier = self.find(&version)?.map(|entry| entry.info);
        let entry = Entry {
            info: VersionInfo::of_write(version, &write, earlier),
            scripts: write.scripts,
        };
        self.record(&entry)?;
        Ok(entry.info)
    }

    fn describe_now(&self, stored: &Stored) -> anyhow::Result<VersionInfo> {
        Ok(match self.find(&stored.version)? {
            Some(entry) => entry.info,
            None => self.outside(stored),
        })
    }
}

impl Repository for DirRepo {
    fn stored(&self) -> BoxFuture<'_, anyhow::Result<Stored>> {
        async move { self.read_stored() }.boxed()
    }

    fn describe<'a>(&'a self, stored: &'a Stored) -> BoxFuture<'a, anyhow::Result<VersionInfo>> {
        async move { self.describe_now(stored) }.boxed()
    }

    fn fixtures(&self) -> BoxFuture<'_, anyhow::Result<Vec<FixtureFile>>> {
        async move {
            let dir = self.dir.join("tests");
            if dir.is_dir() {
                fixtures::load_dir(&dir)
            } else {
                Ok(Vec::new())
            }
        }
        .boxed()
    }

    fn write(&self, write: Write) -> BoxFuture<'_, Result<VersionInfo, WriteError>> {
        async move {
            let _one_at_a_time = self.writing.lock().await;
            self.write_now(write)
        }
        .boxed()
    }

    fn history(&self) -> BoxFuture<'_, anyhow::Result<Vec<VersionInfo>>> {
        async move {
            self.entries()?
                .into_iter()
                .take(HISTORY_SHOWN)
                .map(|(_, _, path)| Self::read_entry(&path).map(|e| e.info))
                .collect()
        }
        .boxed()
    }

    fn revision<'a>(&'a self, version: &'a str) -> BoxFuture<'a, anyhow::Result<Option<Revision>>> {
        async move {
            Ok(self.find(version)?.map(|entry| Revision {
                info: entry.info,
                scripts: entry.scripts,
            }))
        }
        .boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dirrepo-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn set(text: &str) -> BTreeMap<String, String> {
        BTreeMap::from([("a.rhai".to_owned(), text.to_owned())])
    }

    #[tokio::test]
    async fn writes_check_the_base_and_keep_history() {
        let dir = temp_dir("history");
        std::fs::write(dir.join("a.rhai"), "1").unwrap();
        std::fs::write(dir.join("old.rhai"), "x").unwrap();
        let repo = DirRepo::new(dir.clone());
        let first = repo.stored().await.unwrap();
        let write = |scripts, base: &str| Write {
            scripts,
            message: "m".into(),
            author: "alice".into(),
            base: base.to_owned(),
            rollback_of: None,
        };
        let saved = repo.write(write(set("2"), &first.version)).await.unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a.rhai")).unwrap(), "2");
        assert!(
            !dir.join("old.rhai").exists(),
            "scripts left out are deleted"
        );
        let stale = repo.write(write(set("3"), &first.version)).await;
        assert!(
            matches!(stale, Err(WriteError::Conflict { current, .. }) if *current == saved),
            "a stale base is refused with the stored version"
        );
        // Saving a version again moves it to the top; its record keeps who
        // first saved it, beside who restored it.
        let by = |author: &str, scripts, base: &str| Write {
            author: author.into(),
            message: format!("restored by {author}"),
            ..write(scripts, base)
        };
        repo.write(by("carol", first.scripts.clone(), &saved.version))
            .await
            .unwrap();
        let history = repo.history().await.unwrap();
        let versions: Vec<&str> = history.iter().map(|i| i.version.as_str()).collect();
        assert_eq!(versions, [first.version.as_str(), saved.version.as_str()]);
        let restored = history[0].restored.as_ref().expect("a restoration");
        assert_eq!(
            (restored.author.as_str(), restored.message.as_str()),
            ("carol", "restored by carol")
        );
        repo.write(by("bob", set("2"), &first.version))
            .await
            .unwrap();
        let top = repo.history().await.unwrap().remove(0);
        assert_eq!(
            (top.version, top.author, top.time, top.message),
            (
                saved.version.clone(),
                saved.author.clone(),
                saved.time.clone(),
                saved.message.clone()
            ),
            "version 2 keeps alice's save"
        );
        assert_eq!(top.restored.map(|r| r.author), Some("bob".to_owned()));
        let again = DirRepo::new(dir.clone());
        let restored = again.revision(&saved.version).await.unwrap().unwrap();
        assert_eq!(restored.scripts, set("2"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
