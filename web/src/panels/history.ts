// History: the last versions of the script set; select one to diff it with
// the current version, and roll back to it in one click.
import { api, HistoryEntry, HistoryVersion, VersionInfo } from '../api';
import { sortScripts, Workspace } from '../editor/workspace';
import { monaco } from '../monaco';
import { RHAI, THEME } from '../rhai/language';
import { fill, formatTime, h, icon, relativeTime, shortVersion } from '../ui/dom';
import { setStatus } from '../ui/status';
import { Panel } from './panels';

export class HistoryPanel implements Panel {
  readonly id = 'history';
  readonly title = 'History';
  readonly el: HTMLElement;
  private readonly list: HTMLElement;
  private readonly header: HTMLElement;
  private readonly files: HTMLElement;
  private readonly diffHost: HTMLElement;
  private entries: HistoryEntry[] = [];
  private selected: { entry: HistoryEntry; version: HistoryVersion } | null = null;
  /** The editor's base version the detail compares with. */
  private comparedWith = '';
  private file: string | null = null;
  private diff: monaco.editor.IStandaloneDiffEditor | null = null;
  private readonly original = monaco.editor.createModel('', RHAI);
  private readonly modified = monaco.editor.createModel('', RHAI);

  constructor(private ws: Workspace, private onRollback: (v: HistoryEntry) => Promise<void>) {
    this.list = h('div.history-list', { 'data-testid': 'history' });
    this.header = h('div.history-header', {}, h('span.muted', {}, 'Select a version to compare it with the current one.'));
    this.files = h('div.subtabs');
    this.diffHost = h('div.viewer-host', { 'data-testid': 'history-diff' });
    this.el = h('div.split.history', {},
      h('div.history-side', {},
        h('div.toolbar', {}, h('span.toolbar-title', {}, 'Last 20 versions'), h('button.icon-btn', { type: 'button', title: 'Reload', 'data-testid': 'history-refresh', onclick: () => void this.refresh() }, icon('refresh'))),
        this.list),
      h('div.history-detail', {}, this.header, this.files, h('div.viewer', {}, this.diffHost)));
    // A save, rollback, rebase or reload makes another version current: the
    // detail compares the selected version with it.
    ws.onChange(() => { if (this.selected && ws.baseVersion !== this.comparedWith) this.renderDetail(); });
  }

  onShow(): void {
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      this.entries = (await api.history()).slice(0, 20);
    } catch (e) {
      fill(this.list, h('div.error-box', {}, icon('error'), ` Could not load the history: ${(e as Error).message}`));
      return;
    }
    this.renderList();
  }

  private renderList(): void {
    if (!this.entries.length) { fill(this.list, h('div.empty', {}, 'No saved versions yet.')); return; }
    fill(this.list, this.entries.map((v) => h('div.history-item', {
      role: 'button', tabindex: '0', 'data-testid': `history-item-${v.version}`,
      class: `${this.selected?.version.version === v.version ? 'active' : ''} ${v.current ? 'current' : ''}`,
      onclick: () => void this.select(v),
    },
    h('div.history-line1', {}, h('code', { title: v.version }, shortVersion(v.version)), v.current ? h('span.tag.tag-current', {}, 'current') : null, v.version === this.ws.baseVersion && !v.current ? h('span.tag', {}, 'editor base') : null, h('span.history-time', { title: formatTime(v.time) }, relativeTime(v.time) || formatTime(v.time))),
    h('div.history-line2', {}, h('span.history-author', {}, v.author || 'unknown'), ' — ', h('span.history-message', {}, v.message || '(no message)')),
    restoredLine(v))));
  }

  private async select(entry: HistoryEntry): Promise<void> {
    try {
      this.selected = { entry, version: await api.historyVersion(entry.version) };
    } catch (e) {
      setStatus(`Could not load version ${shortVersion(entry.version)}: ${(e as Error).message}`, 'error');
      return;
    }
    this.renderList();
    this.renderDetail();
  }

  /** The selected version against the editor's base: header, rollback, changed scripts, diff of one. */
  private renderDetail(): void {
    const { entry, version: sel } = this.selected!;
    const base = this.ws.baseSources;
    this.comparedWith = this.ws.baseVersion;
    const names = sortScripts([...new Set([...Object.keys(sel.scripts ?? {}), ...Object.keys(base)])]);
    const changed = names.filter((n) => (sel.scripts[n] ?? null) !== (base[n] ?? null));
    if (!this.file || !names.includes(this.file)) this.file = changed[0] ?? names[0] ?? null;
    const isBase = sel.version === this.ws.baseVersion;
    const rollback = h('button.btn.danger', {
      type: 'button', 'data-testid': 'rollback', id: 'rollback', disabled: isBase,
      title: isBase ? 'This is the version the editor is on' : `Make ${sel.version} the running version again`,
      onclick: async () => { rollback.disabled = true; try { await this.onRollback(entry); } finally { rollback.disabled = isBase; } },
    }, icon('history'), ` Roll back to ${shortVersion(sel.version)}`);
    fill(this.header,
      h('div.history-title', { 'data-testid': 'history-detail' },
        h('div', {}, h('code', { title: sel.version }, shortVersion(sel.version)), ' ', h('span.muted', {}, `${sel.author || 'unknown'}, ${formatTime(sel.time)}`), ' — ', sel.message || '(no message)'),
        restoredLine(sel),
        h('div.muted', {}, changed.length
          ? `${changed.length} script(s) differ from the current version ${shortVersion(this.ws.baseVersion)} (left: ${shortVersion(sel.version)}, right: current)`
          : `Same scripts as the current version ${shortVersion(this.ws.baseVersion)}.`)),
      rollback);
    fill(this.files, names.map((n) => {
      const status = !(n in sel.scripts) ? 'added since' : !(n in base) ? 'removed since' : changed.includes(n) ? 'changed' : '';
      return h('button.subtab', { type: 'button', class: `${n === this.file ? 'active' : ''} ${status ? 'changed' : ''}`, title: status || 'unchanged', onclick: () => { this.file = n; this.renderDetail(); } },
        n, status ? h('span.dirty-dot', {}, ' ●') : null);
    }));
    if (!this.diff) {
      this.diff = monaco.editor.createDiffEditor(this.diffHost, {
        readOnly: true, originalEditable: false, theme: THEME, automaticLayout: true, minimap: { enabled: false },
        scrollBeyondLastLine: false, fontSize: 12, lineHeight: 18, renderOverviewRuler: false, fixedOverflowWidgets: true,
        useInlineViewWhenSpaceIsLimited: false, hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 3, revealLineCount: 10 },
      });
      this.diff.setModel({ original: this.original, modified: this.modified });
    }
    this.original.setValue(this.file ? sel.scripts[this.file] ?? '' : '');
    this.modified.setValue(this.file ? base[this.file] ?? '' : '');
  }
}

/** Who saved a version's scripts again (a rollback to it), beside its first save. */
function restoredLine(v: VersionInfo): HTMLElement | null {
  const r = v.restored;
  if (!r) return null;
  return h('div.history-restored.muted', { 'data-testid': `history-restored-${v.version}` },
    icon('history'), ` restored by ${r.author || 'unknown'}, ${formatTime(r.time)}${r.message ? ` — ${r.message}` : ''}`);
}
