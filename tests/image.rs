//! The container image's recipe, checked without a container engine: the
//! Dockerfile at the repository root is parsed and
//!
//! - `hadolint` reports nothing on it;
//! - every base image from a registry has a tag (for readers) and an
//!   `@sha256:` digest (for the bytes);
//! - the release binary is built with `cargo build --release --locked`;
//! - every file it copies from the build context exists and is not left out
//!   by `.dockerignore` (matched as Docker does);
//! - what the build stage copies is enough for cargo: assembled in a
//!   temporary directory as that stage sees it, `cargo fetch --locked
//!   --offline` succeeds there (workspace members, bench targets, lockfile);
//! - the runtime stage's numeric non-root USER and its EXPOSEd port are the
//!   Deployment's (`deploy/base/deployment.yaml`);
//! - the OCI labels agree with Cargo.toml and with the Deployment's image.
//!
//! Each check is a function of the Dockerfile's text; the `fails_on` tests
//! feed them broken Dockerfiles to show that they fail.
//!
//! Needs `hadolint` on PATH: `make hadolint` installs it into target/tools.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use regex::Regex;
use serde_json::Value;

/// The Deployment that runs the image.
const DEPLOYMENT: &str = "deploy/base/deployment.yaml";
/// The Deployment's container that runs the operator.
const CONTAINER: &str = "operator";
/// The prefix of the OCI annotation keys the image's labels use.
const OCI: &str = "org.opencontainers.image.";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// The Deployment's operator container and its pod spec.
fn operator_container(deployment: &Value) -> (&Value, &Value) {
    let pod = &deployment["spec"]["template"]["spec"];
    let container = pod["containers"]
        .as_array()
        .and_then(|all| all.iter().find(|c| c["name"] == CONTAINER))
        .unwrap_or_else(|| panic!("{DEPLOYMENT} has no container named {CONTAINER}"));
    (pod, container)
}

fn deployment() -> Value {
    serde_saphyr::from_str(&read(DEPLOYMENT))
        .unwrap_or_else(|e| panic!("{DEPLOYMENT} is not valid YAML: {e}"))
}

/// Fails with every fault a check found, one a line.
fn assert_none(faults: Vec<String>) {
    assert!(faults.is_empty(), "Dockerfile:\n- {}", faults.join("\n- "));
}

// --- The Dockerfile, parsed -------------------------------------------------

/// One instruction, its continuation lines joined.
struct Instruction {
    /// The line it starts on, for messages.
    line: usize,
    /// In upper case: `FROM`, `COPY`, `RUN`...
    keyword: String,
    /// Its leading options (`--from=web` is `("from", "web")`).
    flags: Vec<(String, String)>,
    /// What follows the options, as written (RUN's shell command).
    text: String,
    /// `text` split into words, quotes removed.
    args: Vec<String>,
}

impl Instruction {
    fn parse(line: usize, joined: &str) -> Self {
        let (keyword, mut rest) = joined
            .trim()
            .split_once(char::is_whitespace)
            .unwrap_or((joined.trim(), ""));
        let mut flags = Vec::new();
        while let Some(flag) = rest.trim_start().strip_prefix("--") {
            let end = flag.find(char::is_whitespace).unwrap_or(flag.len());
            let (name, value) = flag[..end].split_once('=').unwrap_or((&flag[..end], ""));
            flags.push((name.to_string(), value.to_string()));
            rest = &flag[end..];
        }
        Self {
            line,
            keyword: keyword.to_ascii_uppercase(),
            flags,
            text: rest.trim().to_string(),
            args: words(rest),
        }
    }

    fn flag(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Splits like a shell: at blanks outside quotes, quotes removed.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_default();
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (_, c) => word.get_or_insert_default().push(c),
        }
    }
    words.extend(word);
    words
}

/// A build stage: its FROM and the instructions up to the next one.
struct Stage {
    from: Instruction,
    body: Vec<Instruction>,
}

impl Stage {
    fn image(&self) -> &str {
        self.from.args.first().map_or("", String::as_str)
    }

    /// The name given by `FROM <image> AS <name>`.
    fn name(&self) -> Option<&str> {
        match self.from.args.as_slice() {
            [_, as_, name] if as_.eq_ignore_ascii_case("as") => Some(name),
            _ => None,
        }
    }

    fn each<'a>(&'a self, keyword: &'a str) -> impl Iterator<Item = &'a Instruction> {
        self.body.iter().filter(move |i| i.keyword == keyword)
    }
}

/// The stages of a Dockerfile: `\` continues a line; comment and blank lines
/// are dropped, also between continued lines, as Docker does. (Heredocs and
/// a changed `# escape=` directive are not supported: the Dockerfile uses
/// neither.)
fn stages(dockerfile: &str) -> Vec<Stage> {
    let mut instructions = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (index, line) in dockerfile.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (start, mut joined) = pending.take().unwrap_or((index + 1, String::new()));
        match line.trim_end().strip_suffix('\\') {
            Some(part) => {
                joined.push_str(part);
                pending = Some((start, joined));
            }
            None => {
                joined.push_str(line);
                instructions.push(Instruction::parse(start, &joined));
            }
        }
    }
    instructions.extend(pending.map(|(start, joined)| Instruction::parse(start, &joined)));

    let mut stages: Vec<Stage> = Vec::new();
    for instruction in instructions {
        match stages.last_mut() {
            _ if instruction.keyword == "FROM" => stages.push(Stage {
                from: instruction,
                body: Vec::new(),
            }),
            Some(stage) => stage.body.push(instruction),
            // ARGs before the first FROM only parameterize FROM lines.
            None => {}
        }
    }
    stages
}

/// The `cargo build` commands of a RUN instruction, as words.
fn cargo_builds(run: &Instruction) -> Vec<Vec<String>> {
    run.text
        .split(['&', '|', ';'])
        .map(words)
        .filter(|w| w.windows(2).any(|pair| pair == ["cargo", "build"]))
        .collect()
}

/// The stage that builds the binary: the one whose RUN runs `cargo build`.
fn build_stage(stages: &[Stage]) -> Option<&Stage> {
    stages
        .iter()
        .find(|stage| stage.each("RUN").any(|run| !cargo_builds(run).is_empty()))
}

// --- .dockerignore ----------------------------------------------------------

/// A path relative to the build context's root, cleaned as Go's
/// `filepath.Clean` does, without the leading `/` or `./`: `./web/` is `web`.
fn context_path(path: &str) -> String {
    let mut parts = Vec::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy()),
            Component::ParentDir => {
                parts.pop();
            }
            _ => {}
        }
    }
    parts.join("/")
}

/// `.dockerignore`'s patterns, matched as Docker's (moby/patternmatcher):
/// relative to the context's root; `*`, `?` and `[...]` as in Go's
/// `filepath.Match`, `**` for any number of directories; `!` re-includes;
/// the last pattern that matches a path or one of its parent directories
/// decides.
struct DockerIgnore {
    /// Each pattern: whether it is an exception (`!`), and its regex.
    patterns: Vec<(bool, Regex)>,
}

impl DockerIgnore {
    fn parse(text: &str) -> Self {
        let patterns = text
            .lines()
            .filter(|line| !line.starts_with('#'))
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|line| match line.strip_prefix('!') {
                Some(pattern) => (true, glob_regex(&context_path(pattern.trim()))),
                None => (false, glob_regex(&context_path(line))),
            })
            .collect();
        Self { patterns }
    }

    /// Whether the build context leaves out `path` (a context path).
    fn excludes(&self, path: &str) -> bool {
        let parts: Vec<&str> = path.split('/').collect();
        let mut excluded = false;
        for (exception, regex) in &self.patterns {
            if (1..=parts.len()).any(|n| regex.is_match(&parts[..n].join("/"))) {
                excluded = !exception;
            }
        }
        excluded
    }
}

/// A `.dockerignore` pattern as the regex Docker makes of it.
fn glob_regex(pattern: &str) -> Regex {
    let mut regex = String::from("^");
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.next_if_eq(&'*').is_some() => {
                chars.next_if_eq(&'/');
                regex.push_str(if chars.peek().is_none() {
                    ".*"
                } else {
                    "(.*/)?"
                });
            }
            '*' => regex.push_str("[^/]*"),
            '?' => regex.push_str("[^/]"),
            '\\' => regex.push_str(&regex::escape(&chars.next().unwrap_or('\\').to_string())),
            '.' | '+' | '(' | ')' | '|' | '{' | '}' | '$' => {
                regex.push('\\');
                regex.push(c);
            }
            c => regex.push(c),
        }
    }
    regex.push('$');
    Regex::new(&regex).unwrap_or_else(|e| panic!(".dockerignore pattern {pattern:?}: {e}"))
}

// --- The checks ---------------------------------------------------------------

/// hadolint's findings (it reads the text from stdin).
fn hadolint(dockerfile: &str) -> Vec<String> {
    let mut child = match Command::new("hadolint")
        .args(["--no-color", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == io::ErrorKind::NotFound => panic!(
            "tests/image.rs lints the Dockerfile with `hadolint`, but it is not installed or not \
             on PATH: run `make hadolint` (it installs hadolint into target/tools/bin) and put \
             target/tools/bin on PATH"
        ),
        Err(e) => panic!("cannot run hadolint: {e}"),
    };
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin
        .write_all(dockerfile.as_bytes())
        .expect("write to hadolint");
    drop(stdin);
    let output = child.wait_with_output().expect("hadolint runs");
    let mut faults: Vec<String> = [&output.stdout, &output.stderr]
        .into_iter()
        .flat_map(|out| {
            String::from_utf8_lossy(out)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .map(|finding| {
            format!(
                "hadolint: {finding} (fix it; only if unavoidable, put `# hadolint ignore=<rule>` \
                 with the reason on the line before)"
            )
        })
        .collect();
    if faults.is_empty() && !output.status.success() {
        faults.push(format!(
            "hadolint failed ({}) without a finding",
            output.status
        ));
    }
    faults
}

/// Base images from a registry without a tag or a digest (stages named by an
/// earlier `AS` are not registry images).
fn unpinned_bases(dockerfile: &str) -> Vec<String> {
    let digest = Regex::new("^sha256:[0-9a-f]{64}$").expect("valid regex");
    let mut names = BTreeSet::new();
    let mut faults = Vec::new();
    for stage in stages(dockerfile) {
        let (line, image) = (stage.from.line, stage.image());
        if !names.contains(&image.to_ascii_lowercase()) && image != "scratch" {
            let (reference, pin) = image.split_once('@').unwrap_or((image, ""));
            // A `:` after the last `/` starts the tag (before, it is a registry port).
            if !reference
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .contains(':')
            {
                faults.push(format!(
                    "line {line}: `FROM {image}` has no tag: keep the tag next to the digest for \
                     readers (`{reference}:<tag>@sha256:<digest>`)"
                ));
            }
            if !digest.is_match(pin) {
                faults.push(format!(
                    "line {line}: `FROM {image}` is not pinned by digest, so its bytes can change \
                     under the tag: append `@sha256:<digest>` (`docker buildx imagetools inspect \
                     {reference}` prints it)"
                ));
            }
        }
        names.extend(stage.name().map(str::to_ascii_lowercase));
    }
    faults
}

/// `cargo build` commands without `--release` or `--locked`, or none at all.
fn unlocked_builds(dockerfile: &str) -> Vec<String> {
    const NEEDED: [(&str, &str); 2] = [
        (
            "--release",
            "the image would get an unoptimized debug build",
        ),
        (
            "--locked",
            "cargo could use other dependency versions than Cargo.lock's",
        ),
    ];
    let builds: Vec<(usize, Vec<String>)> = stages(dockerfile)
        .iter()
        .flat_map(|stage| {
            stage
                .each("RUN")
                .flat_map(|run| cargo_builds(run).into_iter().map(|w| (run.line, w)))
        })
        .collect();
    if builds.is_empty() {
        return vec![
            "no RUN runs `cargo build`: build the binary with `cargo build --release --locked`"
                .into(),
        ];
    }
    let mut faults = Vec::new();
    for (line, build) in builds {
        for (flag, why) in NEEDED {
            if !build.iter().any(|w| w == flag) {
                faults.push(format!(
                    "line {line}: `{}` lacks {flag}: without it {why}",
                    build.join(" ")
                ));
            }
        }
    }
    faults
}

/// COPY/ADD sources from the build context that are not in the repository
/// or that `.dockerignore` leaves out of the context.
fn unavailable_sources(dockerfile: &str, dockerignore: &str, root: &Path) -> Vec<String> {
    let ignore = DockerIgnore::parse(dockerignore);
    let mut faults = Vec::new();
    for stage in stages(dockerfile) {
        let copies = stage
            .body
            .iter()
            .filter(|i| matches!(i.keyword.as_str(), "COPY" | "ADD"));
        for copy in copies.filter(|copy| copy.flag("from").is_none()) {
            let [sources @ .., _destination] = copy.args.as_slice() else {
                continue;
            };
            for source in sources {
                let path = context_path(source);
                if !root.join(&path).exists() {
                    faults.push(format!(
                        "line {}: {} source `{source}` is not in the repository: add it or \
                         correct the path",
                        copy.line, copy.keyword
                    ));
                } else if ignore.excludes(&path) {
                    faults.push(format!(
                        "line {}: {} source `{source}` is left out of the build context by \
                         .dockerignore: remove its pattern there or add `!{path}`",
                        copy.line, copy.keyword
                    ));
                }
            }
        }
    }
    faults
}

/// A new directory in the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("streamspace-image-{}-{n}", std::process::id()));
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Copies context path `path` (a file or a directory tree) from `root` to
/// `to`, leaving out what `.dockerignore` excludes.
fn copy_context(root: &Path, path: &str, to: &Path, ignore: &DockerIgnore) -> io::Result<()> {
    let from = root.join(path);
    if from.is_dir() {
        fs::create_dir_all(to)?;
        for entry in fs::read_dir(&from)? {
            let name = entry?.file_name();
            let child = context_path(&format!("{path}/{}", name.to_string_lossy()));
            copy_context(root, &child, &to.join(&name), ignore)?;
        }
    } else if !ignore.excludes(path) {
        fs::create_dir_all(to.parent().expect("a file has a parent directory"))?;
        fs::copy(&from, to)?;
    }
    Ok(())
}

/// Puts into `dir` what the build stage's COPYs from the context (before its
/// `cargo build`) put into the WORKDIR that cargo runs in.
fn assemble_build_stage(
    dockerfile: &str,
    dockerignore: &str,
    root: &Path,
    dir: &Path,
) -> Result<(), String> {
    let stages = stages(dockerfile);
    let stage = build_stage(&stages).ok_or("no stage runs `cargo build`")?;
    let ignore = DockerIgnore::parse(dockerignore);
    let mut workdir = PathBuf::from("/");
    let mut copies = Vec::new();
    for instruction in &stage.body {
        match instruction.keyword.as_str() {
            "WORKDIR" => workdir = workdir.join(&instruction.text),
            "COPY" | "ADD" if instruction.flag("from").is_none() => {
                if let [sources @ .., destination] = instruction.args.as_slice() {
                    // Several sources, or a destination ending in `/`, go into it.
                    let into = sources.len() > 1 || destination.ends_with('/');
                    copies.push((workdir.join(destination), into, sources.to_vec()));
                }
            }
            "RUN" if !cargo_builds(instruction).is_empty() => break,
            _ => {}
        }
    }
    for (destination, into, sources) in copies {
        // Only what lands in the directory cargo runs in matters to it.
        let Ok(destination) = destination.strip_prefix(&workdir) else {
            continue;
        };
        for source in sources {
            let path = context_path(&source);
            let from = root.join(&path);
            let to = match from.file_name() {
                Some(name) if into && !from.is_dir() => dir.join(destination).join(name),
                _ => dir.join(destination),
            };
            copy_context(root, &path, &to, &ignore)
                .map_err(|e| format!("copying {source}: {e}"))?;
        }
    }
    Ok(())
}

/// This machine's target triple: the crates it builds with are the ones
/// cargo has downloaded, so `--offline` works for it.
fn host_triple() -> String {
    let output = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc runs");
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("`rustc -vV` names the host")
        .to_string()
}

/// Why cargo cannot read the workspace as the build stage sees it, if it
/// cannot: the stage's COPYs (through `.dockerignore`) are assembled in a
/// temporary directory and `cargo fetch --locked --offline` runs there. It
/// reads every manifest as `cargo build` does and checks the lockfile
/// (`cargo metadata` would not do: it skips a declared bench whose file is
/// missing, which fails `cargo build`).
fn context_incomplete_for_cargo(dockerfile: &str, dockerignore: &str, root: &Path) -> Vec<String> {
    let dir = TempDir::new();
    if let Err(e) = assemble_build_stage(dockerfile, dockerignore, root, &dir.0) {
        return vec![e];
    }
    let output = Command::new(env!("CARGO"))
        .args(["fetch", "--locked", "--offline", "--target", &host_triple()])
        .current_dir(&dir.0)
        .output()
        .expect("cargo runs");
    if output.status.success() {
        return Vec::new();
    }
    vec![format!(
        "cargo cannot read the workspace the build stage copies (COPY what it lacks, or stop \
         .dockerignore from leaving it out); cargo said:\n{}",
        String::from_utf8_lossy(&output.stderr)
    )]
}

/// Where the runtime stage's USER and EXPOSE differ from the Deployment's
/// operator container (USER must be numeric, for `runAsNonRoot`, and not 0).
fn runtime_mismatches(dockerfile: &str, deployment: &Value) -> Vec<String> {
    let stages = stages(dockerfile);
    let Some(runtime) = stages.last() else {
        return vec!["no FROM".into()];
    };
    let (pod, container) = operator_container(deployment);
    // The container's securityContext overrides the pod's.
    let setting = |key: &str| {
        container["securityContext"][key]
            .as_i64()
            .or(pod["securityContext"][key].as_i64())
    };
    let mut faults = Vec::new();
    match runtime
        .each("USER")
        .last()
        .and_then(|user| user.args.first())
    {
        None => faults.push(
            "the runtime stage sets no USER, so it runs as root: add `USER 65532:65532`".into(),
        ),
        Some(user) => {
            let (uid, gid) = user
                .split_once(':')
                .map_or((user.as_str(), None), |(u, g)| (u, Some(g)));
            let (run_as_user, run_as_group) = (setting("runAsUser"), setting("runAsGroup"));
            match uid.parse::<i64>() {
                Err(_) => faults.push(format!(
                    "USER {user} is not numeric: Kubernetes' runAsNonRoot can only verify a \
                     numeric user; give the uid (and gid)"
                )),
                Ok(0) => faults.push(format!(
                    "USER {user} is root: use the non-root uid of {DEPLOYMENT}"
                )),
                Ok(uid) if Some(uid) != run_as_user => faults.push(format!(
                    "USER {user} but {DEPLOYMENT} runs the operator as runAsUser \
                     {run_as_user:?}: make them equal"
                )),
                Ok(_) => {}
            }
            if let Some(gid) = gid.filter(|gid| gid.parse::<i64>().ok() != run_as_group) {
                faults.push(format!(
                    "USER {user}'s group is {gid} but {DEPLOYMENT} has runAsGroup \
                     {run_as_group:?}: make them equal"
                ));
            }
        }
    }
    let exposed: BTreeSet<String> = runtime
        .each("EXPOSE")
        .flat_map(|expose| expose.args.iter())
        .map(|port| port.split('/').next().unwrap_or_default().to_string())
        .collect();
    let ports: BTreeSet<String> = container["ports"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|port| port["containerPort"].to_string())
        .collect();
    if exposed != ports {
        faults.push(format!(
            "the runtime stage EXPOSEs {exposed:?} but {DEPLOYMENT}'s {CONTAINER} container has \
             ports {ports:?}: make them equal"
        ));
    }
    faults
}

/// Where the runtime stage's OCI labels differ from Cargo.toml and from
/// `image`, the image the Deployment runs.
fn label_mismatches(dockerfile: &str, image: &str) -> Vec<String> {
    let stages = stages(dockerfile);
    let Some(runtime) = stages.last() else {
        return vec!["no FROM".into()];
    };
    let labels: BTreeMap<&str, &str> = runtime
        .each("LABEL")
        .flat_map(|label| label.args.iter())
        .filter_map(|pair| pair.split_once('='))
        .filter_map(|(key, value)| Some((key.strip_prefix(OCI)?, value)))
        .collect();
    let label = |key: &str| labels.get(key).copied().unwrap_or_default();
    let mut faults = Vec::new();
    let from_cargo = [
        ("title", env!("CARGO_PKG_NAME")),
        ("description", env!("CARGO_PKG_DESCRIPTION")),
        ("version", env!("CARGO_PKG_VERSION")),
        ("licenses", env!("CARGO_PKG_LICENSE")),
    ];
    for (key, cargo) in from_cargo {
        if label(key) != cargo {
            faults.push(format!(
                "label {OCI}{key} is {:?} but Cargo.toml says {cargo:?}: make them equal",
                label(key)
            ));
        }
    }
    let declares_revision = runtime
        .each("ARG")
        .any(|arg| arg.text.split('=').next() == Some("REVISION"));
    if !matches!(label("revision"), "$REVISION" | "${REVISION}") || !declares_revision {
        faults.push(format!(
            "label {OCI}revision must be `$REVISION`, with `ARG REVISION` in the runtime stage (an \
             ARG before FROM is not seen after it), so that `--build-arg REVISION=$(git rev-parse \
             HEAD)` sets it"
        ));
    }
    let source = label("source");
    // GitHub's registry links an image to the repository its source label names.
    let described = source
        .strip_prefix("https://github.com/")
        .map(|repository| format!("ghcr.io/{repository}:{}", label("version")));
    match described {
        Some(described) if described != image => faults.push(format!(
            "{DEPLOYMENT} runs {image}, but the labels describe {described} (source and \
             version): change them together"
        )),
        Some(_) => {}
        None => faults.push(format!(
            "label {OCI}source is {source:?}, not the https://github.com/<owner>/<repository> the \
             image is built from"
        )),
    }
    for key in ["url", "documentation"] {
        if source.is_empty() || !label(key).starts_with(source) {
            faults.push(format!(
                "label {OCI}{key} is {:?}: give a page of {source:?}",
                label(key)
            ));
        }
    }
    if label("vendor").is_empty() {
        faults.push(format!("label {OCI}vendor is missing"));
    }
    if labels.contains_key("created") {
        faults.push(format!(
            "label {OCI}created makes every build differ: remove it (buildx sets the image's \
             creation time from SOURCE_DATE_EPOCH)"
        ));
    }
    faults
}

// --- The tests ----------------------------------------------------------------

#[test]
fn hadolint_finds_nothing() {
    assert_none(hadolint(&read("Dockerfile")));
}

#[test]
fn base_images_are_pinned_by_digest() {
    assert_none(unpinned_bases(&read("Dockerfile")));
}

#[test]
fn release_build_is_locked() {
    assert_none(unlocked_builds(&read("Dockerfile")));
}

#[test]
fn copied_sources_are_in_the_build_context() {
    assert_none(unavailable_sources(
        &read("Dockerfile"),
        &read(".dockerignore"),
        root(),
    ));
}

#[test]
fn build_context_is_enough_for_cargo() {
    assert_none(context_incomplete_for_cargo(
        &read("Dockerfile"),
        &read(".dockerignore"),
        root(),
    ));
}

#[test]
fn runtime_user_and_port_are_the_deployments() {
    assert_none(runtime_mismatches(&read("Dockerfile"), &deployment()));
}

#[test]
fn labels_agree_with_cargo_and_the_deployment() {
    let deployment = deployment();
    let image = operator_container(&deployment).1["image"]
        .as_str()
        .expect("the container names its image");
    assert_none(label_mismatches(&read("Dockerfile"), image));
}

#[test]
fn parser_joins_continuations_and_reads_flags() {
    let stages = stages(
        "ARG BASE=x\nFROM --platform=$BUILDPLATFORM node:1 AS web\n\
         RUN --mount=type=cache,target=/c a \\\n# a comment\n  && b\n\
         COPY --chown=1:1 --from=web \"with space\" dest/\nFROM web\n",
    );
    assert_eq!(stages.len(), 2);
    let web = &stages[0];
    assert_eq!((web.image(), web.name()), ("node:1", Some("web")));
    assert_eq!(web.from.flag("platform"), Some("$BUILDPLATFORM"));
    assert_eq!(
        (web.body[0].line, web.body[0].text.as_str()),
        (3, "a   && b")
    );
    assert_eq!(web.body[1].flag("from"), Some("web"));
    assert_eq!(web.body[1].flag("chown"), Some("1:1"));
    assert_eq!(web.body[1].args, ["with space", "dest/"]);
    assert_eq!((stages[1].image(), stages[1].name()), ("web", None));
}

#[test]
fn dockerignore_matches_as_docker() {
    let ignore = DockerIgnore::parse(
        "# comment\n/target/\n./scripts\n**/*.log\ndocs/*\n!docs/keep.md\nweb/?.js\n!tmp/a\ntmp\n",
    );
    for excluded in [
        "target",
        "target/release/x",
        "scripts/a.rhai",
        "a.log",
        "x/y/b.log",
        "docs/other.md",
        "web/a.js",
        "tmp/a",
    ] {
        assert!(ignore.excludes(excluded), "{excluded} should be excluded");
    }
    for kept in [
        "targets",
        "src/target",
        "a.logs",
        "docs/keep.md",
        "docs",
        "web/ab.js",
        "web/x/a.js",
    ] {
        assert!(!ignore.excludes(kept), "{kept} should be kept");
    }
}

/// Each check on a broken Dockerfile: it must fail, naming the fault.
mod fails_on {
    use super::*;

    fn digest() -> String {
        format!("sha256:{}", "0".repeat(64))
    }

    /// Whether exactly the expected faults were found, each containing its text.
    fn assert_faults(faults: Vec<String>, expected: &[&str]) {
        assert_eq!(faults.len(), expected.len(), "{faults:#?}");
        for (fault, text) in faults.iter().zip(expected) {
            assert!(fault.contains(text), "{fault:?} should contain {text:?}");
        }
    }

    #[test]
    fn a_linted_fault() {
        assert!(!hadolint("FROM debian\nRUN apt-get install -y curl\n").is_empty());
    }

    #[test]
    fn an_unpinned_base() {
        let dockerfile = format!(
            "FROM node:20 AS web\nFROM web\nFROM registry:5000/rust@{}\n",
            digest()
        );
        assert_faults(
            unpinned_bases(&dockerfile),
            &[
                "line 1: `FROM node:20` is not pinned",
                "line 3: `FROM registry:5000/rust@sha256:",
            ],
        );
    }

    #[test]
    fn an_unlocked_build() {
        let dockerfile = "FROM rust AS build\nRUN cargo fetch && cargo build --release --bin x\n";
        assert_faults(
            unlocked_builds(dockerfile),
            &["line 2: `cargo build --release --bin x` lacks --locked"],
        );
        assert_faults(
            unlocked_builds("FROM rust\nRUN make\n"),
            &["no RUN runs `cargo build`"],
        );
    }

    #[test]
    fn missing_and_ignored_sources() {
        let dockerfile = "FROM rust\nCOPY Cargo.toml no-such-file ./\n\
                          COPY --from=web /nowhere ./\nCOPY tests/ tests/\n";
        assert_faults(
            unavailable_sources(dockerfile, &read(".dockerignore"), root()),
            &[
                "`no-such-file` is not in the repository",
                "`tests/` is left out of the build context",
            ],
        );
    }

    #[test]
    fn a_context_cargo_cannot_read() {
        let dockerfile = read("Dockerfile");
        let without_benches = dockerfile.replace("COPY benches/ benches/", "");
        assert_faults(
            context_incomplete_for_cargo(&without_benches, &read(".dockerignore"), root()),
            &["bench"],
        );
        let ignoring_crates = format!("{}\ncrates/\n", read(".dockerignore"));
        assert_faults(
            context_incomplete_for_cargo(&dockerfile, &ignoring_crates, root()),
            &["testkit"],
        );
    }

    #[test]
    fn a_user_or_port_other_than_the_deployments() {
        let deployment = deployment();
        assert_faults(
            runtime_mismatches("FROM x\nUSER nonroot\nEXPOSE 9090/tcp\n", &deployment),
            &["USER nonroot is not numeric", "EXPOSEs {\"9090\"}"],
        );
        assert_faults(
            runtime_mismatches("FROM x\nUSER 0:65532\nEXPOSE 8080 8443\n", &deployment),
            &["is root"],
        );
        assert_faults(
            runtime_mismatches("FROM x\nEXPOSE 8080 8443\n", &deployment),
            &["sets no USER"],
        );
    }

    #[test]
    fn labels_that_disagree() {
        let dockerfile = r"FROM x
LABEL org.opencontainers.image.title=streamspace-operator \
  org.opencontainers.image.version=0.0.9 \
  org.opencontainers.image.revision=$REVISION \
  org.opencontainers.image.source=https://github.com/streamspace-dev/streamspace-operator \
  org.opencontainers.image.created=2024-01-01
";
        assert_faults(
            label_mismatches(
                dockerfile,
                "ghcr.io/streamspace-dev/streamspace-operator:0.1.0",
            ),
            &[
                "description is \"\"",
                "version is \"0.0.9\"",
                "licenses is \"\"",
                "`ARG REVISION`",
                "labels describe ghcr.io/streamspace-dev/streamspace-operator:0.0.9",
                "url is \"\"",
                "documentation is \"\"",
                "vendor is missing",
                "created makes every build differ",
            ],
        );
    }
}
