// Generated from the editor API's Rust types (src/web/editor/) by `make contract`: do not edit.
// `cargo test --test contract` fails when this file is out of date.

/**
 * What the edited `admit.rhai` decides for the Sessions there are.
 */
export type AdmissionImpact = {
/**
 * `admit.rhai`.
 */
script: string,
/**
 * Sessions evaluated.
 */
total: number,
/**
 * The Sessions it would refuse to create as they are now.
 */
refused: Array<Refusal>,
/**
 * Sessions it fails on: `namespace/name: error`.
 */
errors: Array<string>, };

/**
 * One case as the editor shows it.
 */
export type Case = {
/**
 * The fixture file.
 */
file: string,
/**
 * The case name.
 */
name: string,
/**
 * `passed`, `failed` or `error`.
 */
outcome: string,
/**
 * Each mismatch with its path (failed cases).
 */
mismatches: Array<string>,
/**
 * Expected against actual, unified (failed cases).
 */
diff: string | null,
/**
 * Why the case could not run (error cases).
 */
error: string | null, };

/**
 * One kind of change and how many subjects it touches.
 */
export type Change = {
/**
 * What changed: a child kind, `Status`, `idle` (the idle decision),
 * `Template` (the verdict), or `Script` (a subject the running set
 * fails on and the proposed set decides).
 */
kind: string,
/**
 * The changed field, e.g. `spec.template.spec.containers[0].image` or
 * `action`, or `(added)` / `(removed)` for whole children.
 */
field: string,
/**
 * Subjects with this change.
 */
count: number,
/**
 * The change on the first such subject, as a unified diff.
 */
sampleDiff: string, };

/**
 * The answer of `POST /api/scripts/check`.
 */
export type CheckResult = {
/**
 * Whether the set loads.
 */
ok: boolean,
/**
 * Its version when it loads.
 */
version: string | null,
/**
 * Why it does not.
 */
errors: Array<ErrorAt>, };

/**
 * A connection event from StreamSpace's proxy.
 */
export type ConnectionEvent = {
/**
 * `connect` or `disconnect`.
 */
event: ConnectionKind,
/**
 * The user who connected.
 */
user?: string, };

/**
 * The kind of a connection event.
 */
export type ConnectionKind = "connect" | "disconnect";

/**
 * The body of a dry-run.
 */
export type DryRunRequest = {
/**
 * The proposed scripts.
 */
scripts: { [key in string]: string },
/**
 * A Session the operator holds.
 */
session?: SessionRef,
/**
 * Or a Session as YAML.
 */
sessionYaml?: string,
/**
 * The Template of a posted Session (default: the one the world has);
 * posted without a Session, only its verdict is decided.
 */
templateYaml?: string,
/**
 * A connection event to decide `autostart` for (its `user` defaults
 * to the Session's).
 */
event?: ConnectionEvent,
/**
 * The evaluation clock, RFC 3339 (default: now).
 */
now?: string, };

/**
 * The answer of a dry-run.
 */
export type DryRunResult = {
/**
 * Whether the proposed set decided.
 */
ok: boolean,
/**
 * The reconcile decision as the script returned it, plus what the
 * other scripts decide at that clock: `idle` (running Sessions),
 * `autostart` (when an event is posted), `template` (the verdict on
 * the Session's Template) and `admit` (whether the Session could be
 * created as it is, beside the user's other Sessions and under their
 * quota, when the set has `admit.rhai`), each a decision or `{error}`.
 * For a Template posted alone, only `template`.
 */
decision: Record<string, unknown> | null,
/**
 * The children the operator would apply, as YAML.
 */
childrenYaml: string,
/**
 * The children there now (the cluster's, or what the running set
 * decides when the Session is not from the cluster), as YAML.
 */
currentChildrenYaml: string,
/**
 * Unified diff from the current children to the decided ones.
 */
diff: string,
/**
 * The decided status.
 */
status: Record<string, unknown> | null,
/**
 * The decided events.
 */
events: Array<Record<string, unknown>>,
/**
 * What the scripts logged.
 */
logs: Array<LogLine>,
/**
 * Why the proposed set did not decide.
 */
error: string | null, };

/**
 * A script error as the editor places it: script, line, column, message.
 */
export type ErrorAt = {
/**
 * The script, e.g. `reconcile.rhai`.
 */
script: string | null,
/**
 * 1-based line, when known.
 */
line: number | null,
/**
 * 1-based column, when known.
 */
column: number | null,
/**
 * What is wrong, without the location.
 */
message: string, };

/**
 * A saved version in the list.
 */
export type HistoryEntry = {
/**
 * Whether it is the stored version.
 */
current: boolean,
/**
 * The version (content hash of the scripts).
 */
version: string,
/**
 * Who saved it; empty when unknown.
 */
author: string,
/**
 * When, RFC 3339; empty when unknown.
 */
time: string,
/**
 * The message given with the save.
 */
message: string,
/**
 * The newest save of these scripts again (a rollback to this version),
 * when there was one; `author`, `time` and `message` stay the
 * original save's.
 */
restored?: Restored, };

/**
 * A saved version with its scripts.
 */
export type HistoryVersion = {
/**
 * The scripts by file name.
 */
scripts: { [key in string]: string },
/**
 * The version (content hash of the scripts).
 */
version: string,
/**
 * Who saved it; empty when unknown.
 */
author: string,
/**
 * When, RFC 3339; empty when unknown.
 */
time: string,
/**
 * The message given with the save.
 */
message: string,
/**
 * The newest save of these scripts again (a rollback to this version),
 * when there was one; `author`, `time` and `message` stay the
 * original save's.
 */
restored?: Restored, };

/**
 * The answer of an impact request.
 */
export type Impact = {
/**
 * Sessions evaluated.
 */
total: number,
/**
 * Sessions whose reconcile or idle decision changes.
 */
changed: number,
/**
 * What each script's decisions would change: reconcile, idle,
 * template.
 */
scripts: Array<ScriptImpact>,
/**
 * Which Sessions the proposed `admit.rhai` would refuse to create as
 * they are; `null` when the proposed set has none.
 */
admission: AdmissionImpact | null, };

/**
 * Whether a set runs and why the last load failed.
 */
export type LoadStatus = {
/**
 * Whether a set is running.
 */
loaded: boolean,
/**
 * The last failed load, as text; `None` when the last load worked.
 */
error: string | null,
/**
 * The errors of that load.
 */
errors: Array<ErrorAt>,
/**
 * The version running now.
 */
running: string | null, };

/**
 * One script log record.
 */
export type LogLine = {
/**
 * `debug`, `info` or `warn`.
 */
level: string,
/**
 * What the script logged.
 */
message: string, };

/**
 * Where the editor runs.
 */
export type Mode = "playground" | "cluster";

/**
 * The 403 answer to an identity that may neither read nor change the
 * scripts.
 */
export type NoAccess = {
/**
 * What is missing and how to grant it, in one message.
 */
error: string,
/**
 * The identity the API server named (a username, or
 * `system:serviceaccount:<namespace>:<name>`).
 */
identity: string,
/**
 * The commands that grant editing, for an admin to run; with
 * `--verb=get` alone they grant viewing.
 */
grant: Array<string>, };

/**
 * A body carrying a proposed set.
 */
export type ProposedSet = {
/**
 * The scripts by file name.
 */
scripts: { [key in string]: string }, };

/**
 * A Session the edited `admit.rhai` refuses.
 */
export type Refusal = {
/**
 * `namespace/name`.
 */
session: string,
/**
 * The refusal's message, as kubectl would print it.
 */
message: string, };

/**
 * Who saved a version's scripts again, when and why.
 */
export type Restored = {
/**
 * Who.
 */
author: string,
/**
 * When, RFC 3339.
 */
time: string,
/**
 * The message given with it.
 */
message: string, };

/**
 * What a caller may do.
 */
export type Role = "viewer" | "editor";

/**
 * The body of a rollback.
 */
export type RollbackRequest = {
/**
 * The saved version to restore.
 */
version: string,
/**
 * Why (default: `Roll back to <version>`).
 */
message?: string, };

/**
 * The answer of `GET /api/rollout`.
 */
export type Rollout = {
/**
 * The running version.
 */
current: string,
/**
 * Every Session.
 */
total: number,
/**
 * Sessions per version, most first.
 */
versions: Array<VersionCount>, };

/**
 * The body of a save.
 */
export type SaveRequest = {
/**
 * The whole new set by file name.
 */
scripts: { [key in string]: string },
/**
 * Why.
 */
message?: string, };

/**
 * The answer of a save.
 */
export type Saved = {
/**
 * The version stored now.
 */
version: string, };

/**
 * One script.
 */
export type Script = {
/**
 * File name.
 */
name: string,
/**
 * Source.
 */
source: string, };

/**
 * What one script's decisions would change.
 */
export type ScriptImpact = {
/**
 * The script, e.g. `idle.rhai`.
 */
script: string,
/**
 * What it decides for: `sessions`, `running sessions` or `templates`.
 */
subjects: string,
/**
 * Subjects evaluated.
 */
total: number,
/**
 * Subjects whose decision changes.
 */
changed: number,
/**
 * Subjects the proposed set fails on: `namespace/name: error`.
 */
errors: Array<string>,
/**
 * The changes, most frequent first.
 */
changes: Array<Change>, };

/**
 * The answer of `GET /api/scripts`.
 */
export type ScriptsView = {
/**
 * Version of the stored scripts: what a save must name in `If-Match`.
 */
version: string,
/**
 * Playground or cluster.
 */
mode: Mode,
/**
 * The caller's role.
 */
role: Role,
/**
 * The stored scripts, sorted by name.
 */
scripts: Array<Script>,
/**
 * Load status of the running set.
 */
status: LoadStatus, };

/**
 * A Session as the editor lists it.
 */
export type SessionInfo = {
/**
 * Its namespace.
 */
namespace: string,
/**
 * Its name.
 */
name: string,
/**
 * Its user.
 */
user: string,
/**
 * Its Template.
 */
template: string,
/**
 * `running`, `hibernated` or `terminated`.
 */
state: string,
/**
 * Its phase, once reconciled.
 */
phase: string | null,
/**
 * The script version that last evaluated it.
 */
scriptVersion: string | null, };

/**
 * A Session by namespace and name.
 */
export type SessionRef = {
/**
 * Its namespace.
 */
namespace: string,
/**
 * Its name.
 */
name: string, };

/**
 * The result of running the fixtures.
 */
export type TestReport = {
/**
 * Whether every case passed.
 */
ok: boolean,
/**
 * `N passed, N failed`.
 */
summary: string,
/**
 * Every case.
 */
cases: Array<Case>,
/**
 * Compile errors, when the set does not load (no case ran).
 */
errors?: Array<ErrorAt>, };

/**
 * Sessions last evaluated by one version.
 */
export type VersionCount = {
/**
 * The version; empty for Sessions not reconciled yet.
 */
version: string,
/**
 * How many.
 */
sessions: number, };

/**
 * Who saved a version, when and why.
 */
export type VersionInfo = {
/**
 * The version (content hash of the scripts).
 */
version: string,
/**
 * Who saved it; empty when unknown.
 */
author: string,
/**
 * When, RFC 3339; empty when unknown.
 */
time: string,
/**
 * The message given with the save.
 */
message: string,
/**
 * The newest save of these scripts again (a rollback to this version),
 * when there was one; `author`, `time` and `message` stay the
 * original save's.
 */
restored?: Restored, };
