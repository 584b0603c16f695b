//! The editor in a real browser: headless Chromium (Debian's `chromium`)
//! driven by playwright-core, through the suites in `web/tests/`. One runs
//! against a real `playground` process, the other against the front end's
//! mock API. `make test` installs Chromium and the npm packages and builds
//! the front end before `cargo test`; run alone, these tests say which of
//! those is missing.
//!
//! The pages run under the server's Content-Security-Policy; a violation
//! fails the suite. Screenshots are kept in
//! `target/tmp/browser-screenshots/<suite>/`.

use std::path::{Path, PathBuf};
use std::process::Output;

use streamspace_operator::web::headers;
use streamspace_testkit::editor::{EDITOR, Playground, VIEWER};
use streamspace_testkit::operator_binary;

/// One browser at a time: two Chromiums on a small machine make each other's
/// timeouts.
static BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// Panics with the fix when something the suites need is missing.
fn check_prerequisites() {
    assert!(
        Path::new("web/dist/index.html").is_file(),
        "the editor's front end is not built: run `make web` (`make test` builds it)"
    );
    assert!(
        Path::new("web/node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: run `cd web && npm ci` (`make test` runs it)"
    );
    assert!(
        chromium().is_file(),
        "Chromium not found at {}: install Debian's `chromium` package (`make test` does) or set CHROMIUM",
        chromium().display()
    );
}

/// Runs `web/tests/<suite>.mjs` with `env`, keeping its screenshots. Every
/// suite gets the server's Content-Security-Policy: the playground serves
/// it, the mock API serves the page with it, and the suites check that the
/// page has it and fail on whatever it blocks.
async fn run_suite(suite: &str, env: &[(&str, String)]) -> Output {
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("browser-screenshots")
        .join(suite);
    let _ = std::fs::remove_dir_all(&shots);
    tokio::process::Command::new("node")
        .arg(format!("tests/{suite}.mjs"))
        .current_dir("web")
        .env("SHOTS", &shots)
        .env("CONTENT_SECURITY_POLICY", headers::POLICY)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .kill_on_drop(true)
        .output()
        .await
        .expect("run node (install Node.js)")
}

fn assert_passed(suite: &str, output: &Output, log: impl FnOnce() -> String) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success() && stdout.contains(" passed, 0 failed"),
        "the {suite} browser suite failed ({}):\n{stdout}\n{stderr}\n{}",
        output.status,
        log()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_editor_works_in_a_browser_against_the_playground() {
    check_prerequisites();
    let _browser = BROWSER.lock().await;
    let playground = Playground::start(operator_binary!(), "browser", true).await;
    let output = run_suite(
        "editor",
        &[
            ("EDITOR_URL", format!("{}/", playground.base)),
            ("EDITOR_TOKEN", EDITOR.to_owned()),
            ("VIEWER_TOKEN", VIEWER.to_owned()),
            (
                "SCRIPTS_DIR",
                playground.scripts_dir().display().to_string(),
            ),
        ],
    )
    .await;
    assert_passed("editor", &output, || {
        format!("playground log:\n{}", playground.log())
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn the_front_end_flows_work_in_a_browser_against_the_mock_api() {
    check_prerequisites();
    let _browser = BROWSER.lock().await;
    let output = run_suite("mock-api", &[]).await;
    assert_passed("mock-api", &output, String::new);
}
