//! `eval DIR --script NAME ...`: run one script and print its decision.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use serde_json::Value;
use streamspace_operator::script::fixtures::{FixtureCase, evaluate};
use streamspace_operator::script::{Entry, Operation, ScriptSet};

/// Arguments of `eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Directory holding the *.rhai scripts.
    dir: PathBuf,
    /// The script to run: reconcile, idle, autostart, template or admit.
    #[arg(long)]
    script: Entry,
    /// YAML file of the Session (reconcile, idle, autostart, admit).
    #[arg(long, value_name = "FILE")]
    session: Option<PathBuf>,
    /// YAML file of the Template.
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
    /// YAML file of observed children: a list, or documents separated by `---`.
    #[arg(long, value_name = "FILE")]
    children: Option<PathBuf>,
    /// Admission of the Session: CREATE or UPDATE (default UPDATE with
    /// --old-session, else CREATE).
    #[arg(long, value_enum)]
    operation: Option<Operation>,
    /// YAML file of the Session as stored before an UPDATE (admit).
    #[arg(long, value_name = "FILE")]
    old_session: Option<PathBuf>,
    /// YAML file of the Sessions the operator holds, whose user's others
    /// admit sees: a list, or documents separated by `---`.
    #[arg(long, value_name = "FILE")]
    sessions: Option<PathBuf>,
    /// YAML file of the user's quota for admit: `{maxSessions, cpu, memory}`.
    #[arg(long, value_name = "FILE")]
    quota: Option<PathBuf>,
    /// YAML file of settings overriding the defaults (ingressDomain, ...).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Connection event for autostart: connect or disconnect.
    #[arg(long, value_name = "EVENT")]
    event: Option<String>,
    /// User of the connection event (default: the Session's user).
    #[arg(long)]
    user: Option<String>,
    /// Evaluation clock, RFC 3339 (default: the current time).
    #[arg(long, value_name = "TIME")]
    now: Option<jiff::Timestamp>,
}

fn read_yaml(path: &Path) -> anyhow::Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_saphyr::from_str(&text).with_context(|| format!("{}: not valid YAML", path.display()))
}

/// Objects of a file: a list, or documents separated by `---`.
fn read_objects(path: &Path) -> anyhow::Result<Vec<Value>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let documents: Vec<Value> = serde_saphyr::from_multiple(&text)
        .with_context(|| format!("{}: not valid YAML", path.display()))?;
    Ok(match documents.as_slice() {
        [Value::Array(items)] => items.clone(),
        _ => documents.into_iter().filter(|d| !d.is_null()).collect(),
    })
}

fn optional(path: Option<&PathBuf>) -> anyhow::Result<Option<Value>> {
    path.map(|p| read_yaml(p)).transpose()
}

/// Prints the decision as YAML; exits 1 when the script fails.
pub fn run(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let set = ScriptSet::load_dir(&args.dir)?;
    let session = optional(args.session.as_ref())?;
    let event = match &args.event {
        Some(kind) => {
            let user = args.user.clone().or_else(|| {
                session
                    .as_ref()?
                    .pointer("/spec/user")?
                    .as_str()
                    .map(str::to_owned)
            });
            Some(serde_json::json!({ "event": kind, "user": user.unwrap_or_default() }))
        }
        None => None,
    };
    let case = FixtureCase {
        name: "eval".into(),
        script: args.script,
        now: Some(args.now.unwrap_or_else(jiff::Timestamp::now)),
        session,
        template: optional(args.template.as_ref())?,
        children: args
            .children
            .as_deref()
            .map(read_objects)
            .transpose()?
            .unwrap_or_default(),
        config: optional(args.config.as_ref())?,
        event,
        operation: args.operation,
        old_session: optional(args.old_session.as_ref())?,
        sessions: args
            .sessions
            .as_deref()
            .map(read_objects)
            .transpose()?
            .unwrap_or_default(),
        quota: optional(args.quota.as_ref())?,
        expect: Value::Null,
    };
    match evaluate(&set, &case) {
        Ok(decision) => {
            print!("{}", serde_saphyr::to_string(&decision)?);
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(ExitCode::FAILURE)
        }
    }
}
