// Saving and rolling back: a confirmation with a message and the impact of the
// scripts to be stored (or an explicit choice to go without it), then POST with
// If-Match = the version the editor started from. A 409 never
// overwrites: it shows who saved what and offers a diff, a rebase (a
// three-way merge onto their version) or a reload. 422 shows compile errors
// and failing tests; 403 a viewer token. Conflict markers left by a merge
// refuse a save before it is sent.
import { api, ApiError, Conflict, HistoryEntry, HistoryVersion, Refused, Scripts, VersionInfo } from './api';
import { RESOLVE_CONFLICT } from './editor/conflicts';
import { mergeScripts } from './editor/merge';
import { sortScripts, Workspace } from './editor/workspace';
import { monaco } from './monaco';
import { HistoryPanel } from './panels/history';
import { ImpactPanel, renderImpact } from './panels/impact';
import { PanelArea } from './panels/panels';
import { TestsPanel } from './panels/tests';
import { RHAI, THEME } from './rhai/language';
import { confirmDialog, dialogOpen, openDialog } from './ui/dialog';
import { Child, fill, formatTime, h, icon, shortVersion } from './ui/dom';
import { setStatus } from './ui/status';

export const VIEWER_MESSAGE = 'Your token is a viewer token: it can check, test and dry-run, but not save or roll back.';

export interface SaveDeps {
  ws: Workspace;
  area: PanelArea;
  impact: ImpactPanel;
  tests: TestsPanel;
  history: HistoryPanel;
  /** Refreshes what depends on the running version (history, rollout, load status). */
  afterWrite: () => void;
}

let busy = false;

/** A write the user confirms after seeing its impact: a save or a rollback. */
interface WriteRequest {
  what: 'Save' | 'Rollback';
  /** Prefix of the dialog's test ids: `<prefix>-dialog`, `-message`, `-confirm`, `-cancel`. */
  prefix: string;
  title: string;
  /** What is written over what (shown first). */
  lead: Child;
  /** The scripts the write stores: the impact is theirs. */
  scripts: Scripts;
  message: string;
  confirmLabel: string;
  /** Posts the write with the message; throws the API's refusal. */
  post: (message: string) => Promise<void>;
}

/**
 * The confirmation of a write: a message and the impact preview of the
 * scripts it stores. Confirming needs the preview, or — when it cannot be
 * computed — an explicit choice to write without it.
 */
function confirmWrite(d: SaveDeps, w: WriteRequest): void {
  busy = true;
  const message = h('input.input', { 'data-testid': `${w.prefix}-message`, placeholder: 'What does this change do?', autocomplete: 'off', spellcheck: 'true', value: w.message });
  const impactBox = h('div.dialog-impact', {}, h('div.impact-summary.pending', { 'data-testid': 'impact-summary' }, icon('loading'), ' Computing the impact on the running sessions…'));
  impactBox.querySelector('.codicon')?.classList.add('codicon-modifier-spin');
  d.impact.yieldTestid(true);

  const dialog = openDialog({
    title: w.title,
    testid: `${w.prefix}-dialog`,
    wide: true,
    body: [w.lead, h('label.field', {}, h('span', {}, 'Message'), message), h('div.field-label', {}, 'Impact'), impactBox],
    buttons: [
      { label: 'Cancel', testid: `${w.prefix}-cancel`, run: () => true },
      { label: w.confirmLabel, testid: `${w.prefix}-confirm`, kind: w.what === 'Rollback' ? 'danger' : 'primary', disabled: true, run: () => { void write(); return false; } },
    ],
    onClose: () => { d.impact.yieldTestid(false); busy = false; },
  });
  const confirm = dialog.buttons.get(`${w.prefix}-confirm`)!;
  message.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !confirm.disabled) confirm.click(); });
  setTimeout(() => message.focus(), 0);

  d.impact.compute(w.scripts).then((r) => {
    fill(impactBox, renderImpact(r, 'impact-summary'));
    confirm.disabled = false;
  }).catch((e: Error) => {
    const skip = h('input', { type: 'checkbox', 'data-testid': 'impact-skip' }) as HTMLInputElement;
    skip.addEventListener('change', () => { confirm.disabled = !skip.checked; });
    fill(impactBox,
      h('div.impact-summary.has-errors', { 'data-testid': 'impact-summary' }, icon('warning'), ` The impact could not be computed: ${e.message}`),
      h('label.impact-skip', {}, skip, ` ${w.what === 'Save' ? 'Save' : 'Roll back'} without an impact preview`));
  });

  async function write() {
    confirm.disabled = true;
    fill(confirm, w.what === 'Save' ? 'Saving…' : 'Rolling back…');
    try {
      await w.post(message.value.trim());
      dialog.close();
    } catch (e) {
      dialog.close();
      handleWriteError(e, d, w.what, d.ws.current());
    }
  }
}

/**
 * Shows why a save was refused until the scripts have changed since and
 * check clean, with no conflict marker left: then the reason is gone.
 */
function showRefusal(ws: Workspace, text: string): void {
  const refused = JSON.stringify(ws.current());
  const stillShown = setStatus(text, 'error');
  const stop = ws.onChange(() => {
    if (!stillShown()) { stop(); return; }
    if (ws.checkState !== 'ok' || ws.conflicts().length || JSON.stringify(ws.current()) === refused) return;
    stop();
    setStatus(`The scripts have changed since the refused save and compile${ws.anyDirty() ? ': save again when ready' : ''}.`, 'info');
  });
}

export async function saveFlow(d: SaveDeps): Promise<void> {
  const { ws } = d;
  if (busy || dialogOpen()) return;
  if (ws.role === 'viewer') { setStatus(VIEWER_MESSAGE, 'error'); return; }
  const conflicts = ws.conflicts();
  if (conflicts.length) {
    const first = conflicts[0];
    showRefusal(ws, `Save refused: ${first.script} line ${first.line} still has the conflict marker "${first.text}"${conflicts.length > 1 ? ` (${conflicts.length} marker lines left)` : ''}: ${RESOLVE_CONFLICT}.`);
    d.area.show('problems');
    ws.reveal(first.script, first.line, 1);
    return;
  }
  if (!ws.anyDirty()) { setStatus(`Nothing to save: the editor matches version ${shortVersion(ws.baseVersion)}.`, 'info'); return; }
  const scripts = ws.current();
  const base = ws.baseVersion;
  const changed = ws.dirtyNames();
  confirmWrite(d, {
    what: 'Save',
    prefix: 'save',
    title: 'Save the scripts',
    lead: h('div', {},
      h('div.changed-files', {}, h('span.muted', {}, `Saving over version ${shortVersion(base)}: `),
        changed.map((n) => h('span.chip', {}, ws.isNew(n) ? `+ ${n}` : !ws.has(n) ? `− ${n}` : `● ${n}`))),
      ws.errors.length ? h('p.dialog-error', {}, icon('error'), ` The scripts have ${ws.errors.length} compile error(s): the server will refuse them.`) : null),
    scripts,
    message: '',
    confirmLabel: 'Save',
    post: async (message) => {
      const r = await api.save(scripts, message, base);
      ws.setBase(r.version, scripts);
      setStatus(`Saved version ${r.version}${message ? `: ${message}` : ''}`, 'ok');
      d.afterWrite();
    },
  });
}

export function handleWriteError(e: unknown, d: SaveDeps, what: 'Save' | 'Rollback', mine: Scripts): void {
  if (!(e instanceof ApiError)) { setStatus(`${what} failed: ${(e as Error).message}`, 'error'); return; }
  if (e.status === 409) {
    const body = e.body as Conflict;
    if (body?.current) { showConflict(d, body.current, mine, what); return; }
    setStatus(`${what} refused: ${e.message}`, 'error');
    return;
  }
  if (e.status === 403) { setStatus(VIEWER_MESSAGE, 'error'); return; }
  if (e.status === 422) {
    const body = (e.body ?? {}) as Refused;
    const reasons: string[] = [];
    if (body.errors?.length) {
      d.ws.setErrors(body.errors);
      reasons.push(`${body.errors.length} compile error(s)`);
      d.area.show('problems');
    }
    if (body.tests) {
      d.tests.show(body.tests);
      const failed = (body.tests.cases ?? []).filter((c) => c.outcome !== 'passed').length;
      if (failed) { reasons.push(`tests: ${body.tests.summary}`); d.area.show('tests'); }
    }
    showRefusal(d.ws, `${what} refused: ${body.error ?? e.message}${reasons.length ? ` (${reasons.join('; ')})` : ''}`);
    return;
  }
  setStatus(`${what} failed: ${e.message}`, 'error');
}

/** 409: someone else saved since the editor's base version. */
export function showConflict(d: SaveDeps, theirs: VersionInfo, mine: Scripts, what: 'Save' | 'Rollback' = 'Save'): void {
  const { ws } = d;
  const oldBase = ws.baseVersion;
  const diffArea = h('div.conflict-diff', { hidden: true });
  let diffEditor: monaco.editor.IStandaloneDiffEditor | null = null;
  const models = { theirs: monaco.editor.createModel('', RHAI), mine: monaco.editor.createModel('', RHAI) };
  let theirVersion: HistoryVersion | null = null;

  setStatus(`${what} not done: version ${shortVersion(theirs.version)} was saved by ${theirs.author || 'someone'} since you started.`, 'warn');
  openDialog({
    title: 'Someone else saved first',
    testid: 'conflict',
    wide: true,
    body: [
      h('p', { 'data-testid': 'conflict-message' },
        'Someone else saved version ', h('code', { title: theirs.version }, theirs.version), ` (${theirs.author || 'unknown author'}${theirs.message ? `, "${theirs.message}"` : ''}${theirs.time ? `, ${formatTime(theirs.time)}` : ''}) since you started from version `,
        h('code', { title: oldBase }, shortVersion(oldBase)), '. ', h('strong', {}, 'Nothing was overwritten'), ' — your edits are still in the editor.'),
      h('p.muted', {}, 'Rebasing merges your edits into their version line by line; lines you both changed are left between conflict markers for you to resolve before saving.'),
      diffArea,
    ],
    buttons: [
      { label: 'Keep editing', testid: 'conflict-cancel', run: () => true },
      { label: 'View diff', testid: 'conflict-diff', run: () => { void showDiff(); return false; } },
      { label: 'Rebase my edits on theirs', testid: 'conflict-rebase', run: () => rebase() },
      { label: 'Discard my edits and reload', testid: 'conflict-reload', kind: 'danger', run: () => reload() },
    ],
    onClose: () => { diffEditor?.dispose(); models.theirs.dispose(); models.mine.dispose(); },
  });

  async function loadTheirs(): Promise<HistoryVersion | null> {
    if (theirVersion) return theirVersion;
    try {
      theirVersion = await api.historyVersion(theirs.version);
    } catch (e) {
      fill(diffArea, h('div.error-box', {}, icon('error'), ` Could not load version ${shortVersion(theirs.version)}: ${(e as Error).message}`));
      diffArea.hidden = false;
      return null;
    }
    return theirVersion;
  }

  async function showDiff() {
    const v = await loadTheirs();
    if (!v) return;
    const names = sortScripts([...new Set([...Object.keys(v.scripts), ...Object.keys(mine)])]);
    const changed = names.filter((n) => (v.scripts[n] ?? null) !== (mine[n] ?? null));
    const host = h('div.conflict-diff-host', { 'data-testid': 'conflict-diff-view' });
    const tabs = h('div.subtabs');
    let file = changed[0] ?? names[0];
    const select = (n: string) => {
      file = n;
      models.theirs.setValue(v.scripts[n] ?? '');
      models.mine.setValue(mine[n] ?? '');
      fill(tabs, names.map((x) => h('button.subtab', { type: 'button', class: `${x === file ? 'active' : ''} ${changed.includes(x) ? 'changed' : ''}`, onclick: () => select(x) }, x, changed.includes(x) ? h('span.dirty-dot', {}, ' ●') : null)));
    };
    fill(diffArea, h('div.muted', {}, `Left: their version ${shortVersion(v.version)} — right: your edits`), tabs, host);
    diffArea.hidden = false;
    diffEditor?.dispose();
    diffEditor = monaco.editor.createDiffEditor(host, { readOnly: true, originalEditable: false, theme: THEME, automaticLayout: true, minimap: { enabled: false }, scrollBeyondLastLine: false, fontSize: 12, renderOverviewRuler: false, hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 3, revealLineCount: 10 } });
    diffEditor.setModel({ original: models.theirs, modified: models.mine });
    if (file) select(file);
  }

  async function rebase(): Promise<boolean> {
    const v = await loadTheirs();
    if (!v) return false;
    const merged = mergeScripts(ws.baseSources, mine, v.scripts, shortVersion(v.version));
    ws.replace(v.version, v.scripts, merged.scripts);
    const notes: string[] = [];
    if (merged.conflicted.length) notes.push(`both sides changed the same lines of ${merged.conflicted.join(', ')}: resolve the conflict markers before saving`);
    if (merged.kept.length) notes.push(`${merged.kept.join(', ')} removed on one side and changed on the other: kept, review it`);
    setStatus(notes.length
      ? `Merged onto ${shortVersion(v.version)}; ${notes.join('; ')}.`
      : `Your edits are merged with their changes onto ${shortVersion(v.version)}: save again to publish them.`, notes.length ? 'warn' : 'ok');
    const first = ws.conflicts()[0];
    if (first) { d.area.show('problems'); ws.reveal(first.script, first.line, 1); }
    d.afterWrite();
    return true;
  }

  async function reload(): Promise<boolean> {
    try {
      ws.load(await api.scripts());
      setStatus(`Reloaded: the editor now has version ${shortVersion(ws.baseVersion)}.`, 'ok');
      d.afterWrite();
      return true;
    } catch (e) {
      setStatus(`Reload failed: ${(e as Error).message}`, 'error');
      return false;
    }
  }
}

/** One-click rollback from the History panel, confirmed with the impact of the version it restores. */
export async function rollbackFlow(d: SaveDeps, v: HistoryEntry): Promise<void> {
  const { ws } = d;
  if (busy || dialogOpen()) return;
  if (ws.role === 'viewer') { setStatus(VIEWER_MESSAGE, 'error'); return; }
  if (ws.anyDirty() && !(await confirmDialog('Discard your unsaved edits?', `Rolling back to ${shortVersion(v.version)} replaces the scripts in the editor; your unsaved edits to ${ws.dirtyNames().join(', ')} will be lost.`, 'Discard and roll back', 'danger', 'discard-confirm'))) return;
  let target: HistoryVersion;
  try {
    target = await api.historyVersion(v.version);
  } catch (e) {
    setStatus(`Could not load version ${shortVersion(v.version)}: ${(e as Error).message}`, 'error');
    return;
  }
  const base = ws.baseVersion;
  confirmWrite(d, {
    what: 'Rollback',
    prefix: 'rollback',
    title: `Roll back to ${shortVersion(v.version)}`,
    lead: h('p', {}, 'Makes the scripts of version ', h('code', { title: v.version }, shortVersion(v.version)),
      ` (${v.author || 'unknown author'}${v.message ? `, "${v.message}"` : ''}) current again, over version `, h('code', { title: base }, shortVersion(base)), '.'),
    scripts: target.scripts,
    message: `Roll back to ${shortVersion(v.version)}${v.message ? ` (${v.message})` : ''}`,
    confirmLabel: 'Roll back',
    post: async (message) => {
      const r = await api.rollback(v.version, message, base);
      ws.load({
        version: r.version, mode: ws.mode, role: ws.role, status: ws.loadStatus ?? { loaded: true, error: null, errors: [], running: null },
        scripts: Object.entries(target.scripts).map(([name, source]) => ({ name, source })),
      });
      setStatus(`Rolled back: version ${r.version} (the scripts of ${shortVersion(v.version)}) is now current.`, 'ok');
      d.afterWrite();
    },
  });
}
