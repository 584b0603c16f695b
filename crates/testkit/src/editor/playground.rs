//! A real `playground` process on a temporary copy of `scripts/` and
//! `deploy/examples/`, for the tests that drive the editor over HTTP or in a
//! browser.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::process::{Child, Command};

use super::EditorClient;
use crate::poll::eventually;

/// The editor token the playground accepts when started with a tokens file.
pub const EDITOR: &str = "editor-secret-token";
/// The viewer token the playground accepts when started with a tokens file.
pub const VIEWER: &str = "viewer-secret-token";
/// How long a test waits for something to happen.
pub const WAIT: Duration = Duration::from_secs(20);

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A playground process on its own copy of the scripts and examples.
pub struct Playground {
    /// The process; its stdout is piped.
    pub child: Child,
    dir: PathBuf,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
}

impl Playground {
    /// Starts `program playground` (see [`crate::operator_binary!`]); with
    /// `tokens_file`, [`EDITOR`] and [`VIEWER`] are accepted, else it
    /// generates (and prints) one editor token.
    pub async fn start(program: &Path, name: &str, tokens_file: bool) -> Self {
        let dir = std::env::temp_dir().join(format!("editor-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&crate::repo_path("scripts"), &dir.join("scripts"));
        // Saved versions of the checkout are not this playground's history.
        let _ = std::fs::remove_dir_all(dir.join("scripts/.history"));
        copy_dir(&crate::repo_path("deploy/examples"), &dir.join("examples"));
        let port = crate::unused_port();
        let listen = format!("127.0.0.1:{port}");
        let (scripts, examples) = (dir.join("scripts"), dir.join("examples"));
        let mut command = Command::new(program);
        command
            .arg("playground")
            .arg("--scripts")
            .arg(&scripts)
            .arg("--examples")
            .arg(&examples)
            .args(["--listen", &listen])
            .env_remove("STREAMSPACE_EDITOR_TOKENS_FILE")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(dir.join("playground.log")).unwrap())
            .kill_on_drop(true);
        if tokens_file {
            let path = dir.join("tokens");
            std::fs::write(&path, format!("editor: {EDITOR}\nviewer: {VIEWER}\n")).unwrap();
            command.arg("--tokens-file").arg(path);
        }
        let child = command.spawn().expect("start the playground");
        let playground = Self {
            child,
            dir,
            base: format!("http://{listen}"),
        };
        let health = EditorClient::new(&playground.base, None);
        eventually("the playground to answer", WAIT, || async {
            (health.get("/healthz").await.0 == 200).then_some(())
        })
        .await;
        playground
    }

    /// A client of the editor API presenting `token`.
    pub fn client(&self, token: &str) -> EditorClient {
        EditorClient::new(&self.base, Some(token))
    }

    /// The directory the playground reads and saves the scripts in.
    pub fn scripts_dir(&self) -> PathBuf {
        self.dir.join("scripts")
    }

    /// What the playground logged so far (its stderr).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("playground.log")).unwrap_or_default()
    }

    /// The script files of the directory now.
    pub fn files(&self) -> BTreeMap<String, String> {
        streamspace_operator::script::set::read_dir_sources(&self.scripts_dir()).unwrap()
    }
}

impl Drop for Playground {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
