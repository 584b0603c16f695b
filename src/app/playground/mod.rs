//! `streamspace-operator playground`: the editor without a cluster. The
//! scripts are the files of a local directory (saving writes them; the
//! directory watcher reloads them, as `run --scripts-dir` does), saved
//! versions are kept in `DIR/.history`, and the example Sessions,
//! Templates and quotas of `deploy/examples/` are what dry-runs and the
//! impact preview run against. The dry-run's clock (`now`) simulates time: the examples
//! were created when the playground started, so moving the clock ahead
//! shows when the idle policy hibernates or ends them.

mod examples;
mod world;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use axum::routing::get;
use futures::StreamExt;

use crate::controller::reload::watch_dir;
use crate::controller::scripts::ScriptStore;
use crate::metrics::Metrics;
use crate::script::PolicySettings;
use crate::web::auth::Authenticator;
use crate::web::editor::{self, DirRepo, Editor, World};
use crate::web::logs::LogHub;
pub use examples::Examples;
pub use world::ExampleWorld;

/// Flags of `playground`.
#[derive(Debug, clap::Args)]
pub struct PlaygroundArgs {
    /// Directory of the *.rhai scripts (fixtures in DIR/tests, saved
    /// versions in DIR/.history).
    #[arg(long, value_name = "DIR", default_value = "scripts")]
    scripts: PathBuf,
    /// Directory of example Sessions, Templates and the quota ConfigMap
    /// (YAML).
    #[arg(long, value_name = "DIR", default_value = "deploy/examples")]
    examples: PathBuf,
    /// Address of the editor.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Accept the tokens of this file (`viewer: TOKEN` and `editor: TOKEN`
    /// lines) instead of generating one editor token.
    #[arg(long, env = "STREAMSPACE_EDITOR_TOKENS_FILE", value_name = "FILE")]
    tokens_file: Option<PathBuf>,
    /// Settings passed to scripts as ctx.config.
    #[command(flatten)]
    settings: PolicySettings,
}

/// Completes on SIGTERM or Ctrl-C.
async fn stopped() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        () = terminate => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}

/// Reconciles the examples again after every reload, as the operator
/// reconciles every Session (their status and script logs follow).
fn follow_reloads(scripts: &ScriptStore, world: Arc<ExampleWorld>) {
    let mut swaps = Box::pin(scripts.swaps());
    tokio::spawn(async move {
        while swaps.next().await.is_some() {
            let world = Arc::clone(&world);
            let _ = tokio::task::spawn_blocking(move || world.sessions()).await;
        }
    });
}

/// Serves the editor until SIGTERM or Ctrl-C.
pub async fn run(args: PlaygroundArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.scripts.is_dir(),
        "the script directory {} does not exist (choose one with --scripts)",
        args.scripts.display()
    );
    let examples = Examples::load(&args.examples, jiff::Timestamp::now())?;
    let (sessions, templates) = (examples.sessions.len(), examples.templates.len());
    let (auth, token) = match &args.tokens_file {
        Some(path) => (Authenticator::from_token_file(path)?, None),
        None => {
            let (auth, token) = Authenticator::generated("the playground printed at start");
            (auth, Some(token))
        }
    };

    let metrics = Metrics::new();
    let scripts = Arc::new(ScriptStore::new(metrics.clone()));
    let world = Arc::new(ExampleWorld::new(
        Arc::clone(&scripts),
        args.settings,
        examples,
    ));
    follow_reloads(&scripts, Arc::clone(&world));
    let dir = args.scripts.clone();
    tokio::spawn(async move {
        if let Err(e) = watch_dir(scripts, dir).await {
            tracing::error!("script directory watch stopped: {e:#}");
        }
    });

    let editor = Editor::new(
        world,
        Arc::new(DirRepo::new(args.scripts.clone())),
        auth.clone(),
    );
    let app = editor::routes(editor).route("/healthz", get(|| async { "ok" }));
    let app = crate::web::with_editor(app, auth, LogHub::global().clone(), metrics);
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr()?;
    println!("StreamSpace policy playground");
    match &token {
        // The token rides in the fragment, which the browser never sends:
        // it stays out of the server's and any proxy's logs, and the page
        // moves it to session storage.
        Some(token) => {
            println!("  editor:   http://{address}/#token={token}");
            println!("            (opens signed in as an editor; the token stays in the browser)");
        }
        None => {
            println!("  editor:   http://{address}/");
            println!(
                "  tokens:   those of {}",
                args.tokens_file.unwrap_or_default().display()
            );
        }
    }
    println!(
        "  scripts:  {} (saves write the files and reload them; history in {}/.history)",
        args.scripts.display(),
        args.scripts.display()
    );
    println!(
        "  examples: {} ({sessions} Sessions, {templates} Templates)",
        args.examples.display()
    );
    crate::web::serve(listener, app, stopped())
        .await
        .context("HTTP server")
}
