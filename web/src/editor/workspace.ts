// The script set being edited: one Monaco model per script, the tabs, the
// version the editor started from (for If-Match), dirty state, compile
// errors from a debounced POST /api/scripts/check as markers on each model,
// and the conflict markers a merge left.
import { api, ApiError, ErrorAt, Scripts, ScriptsView } from '../api';
import { monaco } from '../monaco';
import { RHAI, THEME } from '../rhai/language';
import { ENTRY_SCRIPTS } from '../rhai/reference';
import { fill, h, icon } from '../ui/dom';
import { ConflictMarker, markConflicts } from './conflicts';

type Model = monaco.editor.ITextModel;

const AUTHORITY = 'scripts';
const MARKER_OWNER = 'rhai-check';
/**
 * The pause after a keystroke before the scripts are checked: short enough
 * that an error shows within 300 ms of the keystroke that made it (the
 * server's compile takes milliseconds), long enough that a fast typist's
 * keystrokes share one check. A slower typist's extra checks are cheap, and
 * an answer overtaken by a newer edit is dropped.
 */
export const CHECK_DELAY_MS = 150;

export function scriptUri(name: string): monaco.Uri {
  return monaco.Uri.from({ scheme: 'inmemory', authority: AUTHORITY, path: `/${name}` });
}

/** The script a model's URI names (see `scriptUri`), or null. */
export function scriptOfUri(uri: monaco.Uri): string | null {
  return uri.scheme === 'inmemory' && uri.authority === AUTHORITY ? uri.path.replace(/^\//, '') : null;
}

export function scriptOfModel(model: Model): string | null {
  return scriptOfUri(model.uri);
}

/** Entry scripts first in contract order, then libraries by name. */
export function sortScripts(names: string[]): string[] {
  const rank = (n: string) => { const i = ENTRY_SCRIPTS.indexOf(n); return i < 0 ? ENTRY_SCRIPTS.length : i; };
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export type CheckState = 'idle' | 'pending' | 'checking' | 'ok' | 'errors' | 'failed';

/** A conflict marker line left in a script. */
export interface ConflictAt extends ConflictMarker {
  script: string;
}

export class Workspace {
  readonly el: HTMLElement;
  readonly editor: monaco.editor.IStandaloneCodeEditor;
  private readonly tabsEl: HTMLElement;
  private readonly emptyEl: HTMLElement;
  private readonly models = new Map<string, Model>();
  private readonly viewStates = new Map<string, monaco.editor.ICodeEditorViewState | null>();
  private readonly conflictMarks = new Map<string, { markers: ConflictMarker[]; decorations: string[] }>();
  private readonly listeners = new Set<() => void>();
  private checkTimer: number | undefined;
  private checkSeq = 0;
  private suppressCheck = false;

  baseVersion = '';
  baseSources: Scripts = {};
  mode: ScriptsView['mode'] = 'playground';
  role: ScriptsView['role'] = 'editor';
  loadStatus: ScriptsView['status'] | null = null;
  errors: ErrorAt[] = [];
  checkState: CheckState = 'idle';
  checkMessage = '';
  proposedVersion: string | null = null;
  openTabs: string[] = [];
  active: string | null = null;

  constructor(onSave: () => void) {
    this.tabsEl = h('div.tabs', { role: 'tablist', 'data-testid': 'tabs' });
    const host = h('div.editor-host', { id: 'editor', 'data-testid': 'editor' });
    this.emptyEl = h('div.editor-empty', {}, 'Open a script from the list on the left.');
    this.el = h('section.editor-area', {}, this.tabsEl, h('div.editor-frame', {}, host, this.emptyEl));
    this.editor = monaco.editor.create(host, {
      model: null,
      theme: THEME,
      automaticLayout: true,
      fontFamily: "ui-monospace, 'Cascadia Code', 'JetBrains Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
      fontSize: 13,
      lineHeight: 20,
      tabSize: 4,
      insertSpaces: true,
      minimap: { enabled: true, scale: 1, renderCharacters: false },
      scrollBeyondLastLine: false,
      smoothScrolling: true,
      renderWhitespace: 'selection',
      bracketPairColorization: { enabled: true },
      guides: { bracketPairs: 'active', indentation: true },
      fixedOverflowWidgets: true,
      quickSuggestions: { other: true, comments: false, strings: true },
      // A list opened by typing `.`, `:` or `"` selects nothing until a word
      // is begun, so Enter right after punctuation always starts a new line.
      suggest: { showStatusBar: true, preview: true, selectionMode: 'whenQuickSuggestion' },
      wordBasedSuggestions: 'currentDocument',
      stickyScroll: { enabled: true },
      padding: { top: 6 },
    });
    this.editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, onSave);
    this.renderTabs();
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(): void {
    this.renderTabs();
    for (const l of this.listeners) l();
  }

  // ---- the set --------------------------------------------------------------

  /** Replaces everything with the server's scripts (initial load, reload, after a rollback). */
  load(resp: ScriptsView): void {
    this.mode = resp.mode;
    this.role = resp.role;
    this.loadStatus = resp.status;
    const sources = Object.fromEntries(resp.scripts.map((s) => [s.name, s.source]));
    this.replace(resp.version, sources, sources);
  }

  /**
   * Starts from `version`, whose scripts are `base`, with `scripts` in the
   * editor: a load has the base itself, a rebase the edits merged onto it.
   */
  replace(version: string, base: Scripts, scripts: Scripts): void {
    const previouslyActive = this.active;
    this.baseVersion = version;
    this.baseSources = { ...base };
    this.suppressCheck = true;
    for (const name of [...this.models.keys()]) if (!(name in scripts)) this.dispose(name);
    for (const [name, source] of Object.entries(scripts)) {
      const existing = this.models.get(name);
      if (!existing) this.createModel(name, source);
      else if (existing.getValue() !== source) existing.setValue(source);
    }
    this.suppressCheck = false;
    const names = this.names();
    this.openTabs = this.openTabs.filter((n) => this.models.has(n));
    if (!this.openTabs.length) this.openTabs = names.filter((n) => ENTRY_SCRIPTS.includes(n)).slice(0, 1);
    this.show(previouslyActive && this.models.has(previouslyActive) ? previouslyActive : this.openTabs[0] ?? names[0] ?? null);
    this.emit();
    this.checkNow();
  }

  /** After a successful save: the saved sources become the base. */
  setBase(version: string, sources: Scripts): void {
    this.baseVersion = version;
    this.baseSources = { ...sources };
    this.emit();
  }

  /** Mode, role and load status from GET /api/scripts, keeping the sources. */
  setIdentity(mode: ScriptsView['mode'], role: ScriptsView['role'], status: ScriptsView['status']): void {
    this.mode = mode;
    this.role = role;
    this.loadStatus = status;
    this.emit();
  }

  /** Updates only the load status (periodic refresh). */
  setLoadStatus(status: ScriptsView['status']): void {
    this.loadStatus = status;
    this.emit();
  }

  private createModel(name: string, source: string): Model {
    const model = monaco.editor.createModel(source, RHAI, scriptUri(name));
    model.updateOptions({ tabSize: 4, insertSpaces: true });
    model.onDidChangeContent(() => {
      this.markConflicts(name, model);
      this.emit();
      if (!this.suppressCheck) this.scheduleCheck();
    });
    this.models.set(name, model);
    this.markConflicts(name, model);
    return model;
  }

  private markConflicts(name: string, model: Model): void {
    this.conflictMarks.set(name, markConflicts(model, this.conflictMarks.get(name)?.decorations ?? []));
  }

  private dispose(name: string): void {
    this.models.get(name)?.dispose();
    this.models.delete(name);
    this.viewStates.delete(name);
    this.conflictMarks.delete(name);
  }

  /** The conflict marker lines left in the scripts, script by script. */
  conflicts(): ConflictAt[] {
    return this.names().flatMap((script) => (this.conflictMarks.get(script)?.markers ?? []).map((m) => ({ script, ...m })));
  }

  names(): string[] {
    return sortScripts([...this.models.keys()]);
  }

  has(name: string): boolean {
    return this.models.has(name);
  }

  model(name: string): Model | null {
    return this.models.get(name) ?? null;
  }

  current(): Scripts {
    const out: Scripts = {};
    for (const name of this.names()) out[name] = this.models.get(name)!.getValue();
    return out;
  }

  isDirty(name: string): boolean {
    const m = this.models.get(name);
    if (!m) return name in this.baseSources;
    return this.baseSources[name] !== m.getValue();
  }

  isNew(name: string): boolean {
    return this.models.has(name) && !(name in this.baseSources);
  }

  deleted(): string[] {
    return Object.keys(this.baseSources).filter((n) => !this.models.has(n));
  }

  dirtyNames(): string[] {
    return [...this.names().filter((n) => this.isDirty(n)), ...this.deleted()];
  }

  anyDirty(): boolean {
    return this.dirtyNames().length > 0;
  }

  addScript(name: string, source: string): void {
    if (this.models.has(name)) return;
    this.createModel(name, source);
    this.open(name);
    this.emit();
    this.scheduleCheck();
  }

  removeScript(name: string): void {
    if (!this.models.has(name)) return;
    this.closeTab(name);
    this.dispose(name);
    this.emit();
    this.scheduleCheck();
  }

  // ---- tabs -----------------------------------------------------------------

  open(name: string): void {
    if (!this.models.has(name)) return;
    if (!this.openTabs.includes(name)) this.openTabs.push(name);
    this.show(name);
    this.editor.focus();
  }

  closeTab(name: string): void {
    const i = this.openTabs.indexOf(name);
    if (i < 0) return;
    this.openTabs.splice(i, 1);
    if (this.active === name) this.show(this.openTabs[Math.min(i, this.openTabs.length - 1)] ?? null);
    else this.renderTabs();
    this.emit();
  }

  private show(name: string | null): void {
    if (this.active && this.models.has(this.active)) this.viewStates.set(this.active, this.editor.saveViewState());
    this.active = name;
    const model = name ? this.models.get(name) ?? null : null;
    this.editor.setModel(model);
    if (name && model) {
      const vs = this.viewStates.get(name);
      if (vs) this.editor.restoreViewState(vs);
    }
    this.emptyEl.hidden = !!model;
    this.renderTabs();
    this.emit();
  }

  reveal(script: string, line: number | null, column: number | null): void {
    this.open(script);
    const l = Math.max(1, line ?? 1);
    const c = Math.max(1, column ?? 1);
    this.editor.setPosition({ lineNumber: l, column: c });
    this.editor.revealPositionInCenterIfOutsideViewport({ lineNumber: l, column: c });
    this.editor.focus();
  }

  renderTabs(): void {
    fill(this.tabsEl, this.openTabs.map((name) => {
      const dirty = this.isDirty(name);
      const errs = this.errors.filter((e) => e.script === name).length + (this.conflictMarks.get(name)?.markers.length ?? 0);
      const tab = h('div.tab', {
        role: 'tab', 'aria-selected': String(name === this.active), 'data-testid': `tab-${name}`, title: name,
        class: `${name === this.active ? 'active' : ''} ${dirty ? 'dirty' : ''} ${errs ? 'has-errors' : ''}`,
        onclick: () => this.open(name),
        onauxclick: (e: Event) => { if ((e as MouseEvent).button === 1) this.closeTab(name); },
      },
      icon(name.startsWith('lib.') ? 'library' : 'symbol-method'),
      h('span.tab-name', {}, name),
      h('span.tab-close', { title: 'Close', onclick: (e: Event) => { e.stopPropagation(); this.closeTab(name); } }, dirty ? h('span.dirty-dot', {}, '●') : icon('close')));
      return tab;
    }));
  }

  // ---- checking ---------------------------------------------------------------

  scheduleCheck(): void {
    window.clearTimeout(this.checkTimer);
    this.checkState = 'pending';
    this.checkTimer = window.setTimeout(() => this.checkNow(), CHECK_DELAY_MS);
  }

  async checkNow(): Promise<void> {
    window.clearTimeout(this.checkTimer);
    const seq = ++this.checkSeq;
    this.checkState = 'checking';
    this.emit();
    try {
      const res = await api.check(this.current());
      if (seq !== this.checkSeq) return;
      this.proposedVersion = res.version ?? null;
      this.setErrors(res.errors ?? []);
      this.checkState = res.ok && !(res.errors ?? []).length ? 'ok' : 'errors';
      this.checkMessage = '';
    } catch (e) {
      if (seq !== this.checkSeq) return;
      this.checkState = 'failed';
      this.checkMessage = e instanceof ApiError ? e.message : `check failed: ${(e as Error).message}`;
    }
    this.emit();
  }

  /** Shows compile errors as markers on their scripts' models. */
  setErrors(errors: ErrorAt[]): void {
    this.errors = errors;
    for (const [name, model] of this.models) {
      const markers: monaco.editor.IMarkerData[] = errors.filter((e) => e.script === name).map((e) => markerOf(model, e));
      monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
    }
    this.renderTabs();
    this.emit();
  }
}

function markerOf(model: Model, e: ErrorAt): monaco.editor.IMarkerData {
  const lines = model.getLineCount();
  const line = Math.min(Math.max(1, e.line ?? 1), lines);
  const maxCol = model.getLineMaxColumn(line);
  let startColumn = 1;
  let endColumn = maxCol;
  if (e.line != null && e.column != null) {
    startColumn = Math.min(Math.max(1, e.column), maxCol);
    const word = model.getWordAtPosition({ lineNumber: line, column: startColumn });
    endColumn = word && word.startColumn <= startColumn ? word.endColumn : Math.min(startColumn + 1, maxCol);
    if (endColumn <= startColumn) {
      // at the end of a line: mark the last character instead of nothing
      startColumn = Math.max(1, maxCol - 1);
      endColumn = maxCol;
    }
  }
  return {
    severity: monaco.MarkerSeverity.Error,
    message: e.message,
    startLineNumber: line,
    startColumn,
    endLineNumber: line,
    endColumn,
    source: 'rhai',
  };
}
