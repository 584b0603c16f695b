// Dry-run: evaluate the scripts in the editor (saved or not) for one Session
// — picked from the cluster or pasted as YAML — at an optional clock, with an
// optional connection event, and show the decisions: children as YAML, a diff
// against the children in the cluster, status, events, the idle, autostart
// and Template verdicts, script logs, or the error. A Template pasted alone
// gets only its verdict.
import { api, ApiError, DryRunDecision, DryRunRequest, DryRunResult, SessionInfo, SideDecision } from '../api';
import { Workspace } from '../editor/workspace';
import { monaco } from '../monaco';
import { THEME } from '../rhai/language';
import { fill, h, icon, shortVersion, yamlDocument } from '../ui/dom';
import { setStatus } from '../ui/status';
import { Panel } from './panels';

const SAMPLE_SESSION = `apiVersion: stream.space/v1alpha1
kind: Session
metadata:
  name: alice-firefox-1a2b3c4d
  namespace: streamspace
spec:
  user: alice
  template: firefox
  state: running
`;

const SAMPLE_TEMPLATE = `apiVersion: stream.space/v1alpha1
kind: Template
metadata:
  name: firefox
  namespace: streamspace
spec:
  displayName: Firefox
  baseImage: lscr.io/linuxserver/firefox:latest
`;

/** `2026-01-01T12:00:00Z` from a Date (whole seconds, UTC). */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Adds hours to an RFC 3339 time (or to the current time when empty). */
export function addHours(value: string, hours: number): string {
  const base = value.trim() ? new Date(value.trim()) : new Date();
  if (Number.isNaN(base.getTime())) return value;
  return rfc3339(new Date(base.getTime() + hours * 3600_000));
}

const READONLY_OPTS: monaco.editor.IStandaloneEditorConstructionOptions = {
  readOnly: true,
  theme: THEME,
  automaticLayout: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fontSize: 12,
  lineHeight: 18,
  renderLineHighlight: 'none',
  folding: true,
  lineNumbersMinChars: 3,
  fixedOverflowWidgets: true,
};

function yamlInput(host: HTMLElement, value: string): monaco.editor.IStandaloneCodeEditor {
  return monaco.editor.create(host, {
    ...READONLY_OPTS,
    readOnly: false,
    value,
    language: 'yaml',
    renderLineHighlight: 'line',
    lineNumbers: 'off',
    tabSize: 2,
  });
}

type View = 'children' | 'diff' | 'status' | 'events' | 'logs' | 'decision';
type Source = 'session' | 'yaml' | 'template';

/** `idle: hibernate (idle), check after 1m` — one line per other script's decision. */
function sideLine(name: string, d: SideDecision | undefined, render: (d: SideDecision) => string): HTMLElement | null {
  if (!d) return null;
  return h('span.kv-inline', { 'data-testid': `dryrun-${name}`, class: d.error ? 'warn' : undefined }, `${name} `, h('code', {}, d.error ? `error: ${d.error}` : render(d)));
}

const idleText = (d: SideDecision) => `${d.action} (${d.reason})${d.check_after ? `, check after ${d.check_after}` : ''}`;
const autostartText = (d: SideDecision) => `${d.wake ? 'wake' : 'stay'} (${d.reason})`;
const templateText = (d: SideDecision) => `${d.valid ? 'valid' : 'invalid'}: ${d.message}`;
/** Whether the Session could be created as it is: `refused: ...`, or `admitted` with its warnings. */
const admitText = (d: SideDecision) => {
  if (!d.allowed) return `refused: ${d.message}`;
  const warnings = Array.isArray(d.warnings) ? d.warnings : [];
  return warnings.length ? `admitted, ${warnings.join('; ')}` : 'admitted';
};

export function dryRunPanel(ws: Workspace): Panel {
  let sessions: SessionInfo[] = [];
  let mode: Source = 'session';
  let last: DryRunResult | null = null;
  let view: View = 'children';

  // ---- form -------------------------------------------------------------------
  const select = h('select.input', { id: 'dryrun-session', 'data-testid': 'dryrun-session', 'aria-label': 'Session' });
  const refresh = h('button.icon-btn', { type: 'button', title: 'Reload the sessions', 'data-testid': 'dryrun-refresh', onclick: () => loadSessions() }, icon('refresh'));
  const sessionRow = h('div.form-row', {}, h('label.label', { for: 'dryrun-session' }, 'Session'), h('div.row', {}, select, refresh));
  const sessionYamlHost = h('div.yaml-input', { 'data-testid': 'dryrun-session-yaml' });
  const templateYamlHost = h('div.yaml-input', { 'data-testid': 'dryrun-template-yaml' });
  const sessionYamlRow = h('div.form-row.grow', {}, h('span.label', {}, 'Session YAML'), sessionYamlHost);
  const templateLabel = h('span.label', {}, 'Template YAML (optional)');
  const yamlRows = h('div.yaml-rows', { hidden: true }, sessionYamlRow, h('div.form-row.grow', {}, templateLabel, templateYamlHost));
  const srcSession = h('button.seg', { type: 'button', 'data-testid': 'dryrun-source-session', class: 'active', onclick: () => setMode('session') }, 'From the cluster');
  const srcYaml = h('button.seg', { type: 'button', 'data-testid': 'dryrun-source-yaml', onclick: () => setMode('yaml') }, 'Paste YAML');
  const srcTemplate = h('button.seg', { type: 'button', 'data-testid': 'dryrun-source-template', title: 'Validate a Template with template.rhai', onclick: () => setMode('template') }, 'Template only');
  const event = h('select.input', { id: 'dryrun-event', 'data-testid': 'dryrun-event', 'aria-label': 'Connection event', title: 'Also decide autostart.rhai for this connection event' },
    h('option', { value: '' }, 'none'), h('option', { value: 'connect' }, 'connect'), h('option', { value: 'disconnect' }, 'disconnect'));
  const eventUser = h('input.input', { 'data-testid': 'dryrun-event-user', placeholder: "user (default: the session's)", spellcheck: 'false', 'aria-label': 'Connection event user' });
  const eventRow = h('div.form-row', {}, h('label.label', { for: 'dryrun-event' }, 'Connection event'), h('div.row', {}, event, eventUser));
  const now = h('input.input.mono', { id: 'dryrun-now', 'data-testid': 'dryrun-now', placeholder: 'server clock', spellcheck: 'false', title: 'The evaluation clock (RFC 3339), e.g. 2026-01-01T12:00:00Z; empty: the server\'s clock' });
  const plus = (hours: number) => h('button.btn.small', { type: 'button', 'data-testid': `dryrun-plus-${hours}h`, title: `Move the clock ${hours} hour(s) forward`, onclick: () => { now.value = addHours(now.value, hours); } }, `+${hours}h`);
  const resetNow = h('button.icon-btn', { type: 'button', title: 'Back to the server clock', 'data-testid': 'dryrun-now-reset', onclick: () => { now.value = ''; } }, icon('discard'));
  const run = h('button.btn.primary', { type: 'button', id: 'dryrun-run', 'data-testid': 'dryrun-run', onclick: () => runDryRun() }, icon('play'), ' Run');

  const form = h('div.dryrun-form', {},
    h('div.segmented', {}, srcSession, srcYaml, srcTemplate),
    sessionRow,
    yamlRows,
    eventRow,
    h('div.form-row', {}, h('label.label', { for: 'dryrun-now' }, 'Clock (now)'), h('div.row', {}, now, plus(1), plus(8), resetNow)),
    h('div.form-row', {}, run, h('span.hint', {}, 'Runs the scripts in the editor, saved or not.')));

  // ---- output -----------------------------------------------------------------
  const summary = h('div.dryrun-summary', { 'data-testid': 'dryrun-summary' }, h('span.muted', {}, 'Pick a session and run the scripts in the editor against it.'));
  const viewTabs = h('div.subtabs');
  const viewerHost = h('div.viewer-host', { 'data-testid': 'dryrun-yaml' });
  const diffHost = h('div.viewer-host', { 'data-testid': 'dryrun-diff', hidden: true });
  const listHost = h('div.viewer-list', { hidden: true });
  const output = h('div.dryrun-output', { id: 'dryrun-output', 'data-testid': 'dryrun-output', 'data-state': 'empty' }, summary, viewTabs, h('div.viewer', {}, viewerHost, diffHost, listHost));

  const el = h('div.split', {}, form, output);

  let viewer: monaco.editor.IStandaloneCodeEditor | null = null;
  let diff: monaco.editor.IStandaloneDiffEditor | null = null;
  let sessionInput: monaco.editor.IStandaloneCodeEditor | null = null;
  let templateInput: monaco.editor.IStandaloneCodeEditor | null = null;
  const models = {
    children: monaco.editor.createModel('', 'yaml'),
    status: monaco.editor.createModel('', 'yaml'),
    decision: monaco.editor.createModel('', 'yaml'),
    current: monaco.editor.createModel('', 'yaml'),
  };

  const ensureEditors = () => {
    if (viewer) return;
    viewer = monaco.editor.create(viewerHost, { ...READONLY_OPTS, model: models.children });
    diff = monaco.editor.createDiffEditor(diffHost, {
      ...READONLY_OPTS, renderSideBySide: true, useInlineViewWhenSpaceIsLimited: false, originalEditable: false, enableSplitViewResizing: true,
      renderOverviewRuler: false, hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 3, revealLineCount: 10 },
    });
    diff.setModel({ original: models.current, modified: models.children });
  };

  function setMode(m: Source) {
    mode = m;
    srcSession.classList.toggle('active', m === 'session');
    srcYaml.classList.toggle('active', m === 'yaml');
    srcTemplate.classList.toggle('active', m === 'template');
    sessionRow.hidden = m !== 'session';
    yamlRows.hidden = m === 'session';
    sessionYamlRow.hidden = m === 'template';
    eventRow.hidden = m === 'template';
    templateLabel.textContent = m === 'template' ? 'Template YAML' : 'Template YAML (optional)';
    if (m !== 'session' && !sessionInput) {
      sessionInput = yamlInput(sessionYamlHost, SAMPLE_SESSION);
      templateInput = yamlInput(templateYamlHost, SAMPLE_TEMPLATE);
    }
  }

  async function loadSessions() {
    const previous = select.value;
    fill(select, h('option', { value: '' }, 'loading…'));
    try {
      sessions = await api.sessions();
    } catch (e) {
      fill(select, h('option', { value: '' }, 'could not load sessions'));
      setStatus(`Could not load sessions: ${(e as Error).message}`, 'error');
      return;
    }
    if (!sessions.length) {
      fill(select, h('option', { value: '' }, '(no sessions — paste YAML instead)'));
      return;
    }
    fill(select, sessions.map((s) => {
      const key = `${s.namespace}/${s.name}`;
      return h('option', { value: key, title: `${s.user} · ${s.template} · ${s.state} · ${s.phase ?? 'no phase'} · scripts ${shortVersion(s.scriptVersion)}` },
        `${key} — ${s.user}, ${s.template}, ${s.phase ?? s.state}`);
    }));
    if (previous && sessions.some((s) => `${s.namespace}/${s.name}` === previous)) select.value = previous;
  }

  async function runDryRun() {
    const req: DryRunRequest = { scripts: ws.current() };
    const t = templateInput?.getValue() ?? '';
    if (mode === 'session') {
      const [namespace, ...rest] = select.value.split('/');
      if (!select.value || !rest.length) { setStatus('Pick a session first (or paste YAML).', 'warn'); return; }
      req.session = { namespace, name: rest.join('/') };
    } else if (mode === 'yaml') {
      req.sessionYaml = sessionInput?.getValue() ?? '';
      if (t.trim()) req.templateYaml = t;
    } else {
      if (!t.trim()) { setStatus('Paste a Template to validate.', 'warn'); return; }
      req.templateYaml = t;
    }
    if (mode !== 'template' && event.value) {
      req.event = { event: event.value as 'connect' | 'disconnect', ...(eventUser.value.trim() ? { user: eventUser.value.trim() } : {}) };
    }
    if (now.value.trim()) req.now = now.value.trim();
    run.disabled = true;
    output.dataset.state = 'running';
    fill(summary, h('span.muted', {}, icon('loading', undefined), ' Running…'));
    summary.querySelector('.codicon')?.classList.add('codicon-modifier-spin');
    try {
      last = await api.dryRun(req);
      render(req);
      setStatus(last.ok && !last.error ? `Dry-run of ${req.session ? `${req.session.namespace}/${req.session.name}` : 'the pasted session'} done` : 'Dry-run: the scripts failed', last.ok && !last.error ? 'ok' : 'error');
    } catch (e) {
      last = null;
      output.dataset.state = 'error';
      fill(summary, h('div.error-box', { 'data-testid': 'dryrun-error' }, icon('error'), ' ', e instanceof ApiError ? e.message : String(e)));
      setStatus(`Dry-run failed: ${(e as Error).message}`, 'error');
    } finally {
      run.disabled = false;
    }
  }

  function render(req: DryRunRequest) {
    const r = last;
    if (!r) return;
    ensureEditors();
    output.dataset.state = r.ok && !r.error ? 'ok' : 'error';
    models.children.setValue(r.childrenYaml ?? '');
    models.current.setValue(r.currentChildrenYaml ?? '');
    models.status.setValue(r.status ? yamlDocument(r.status) : '# no status\n');
    models.decision.setValue(r.decision ? yamlDocument(r.decision) : '# no decision\n');
    const st = (r.status ?? {}) as Record<string, unknown>;
    const children = Array.isArray(r.decision?.children) ? (r.decision!.children as Record<string, any>[]) : [];
    const target = req.session ? `${req.session.namespace}/${req.session.name}` : req.sessionYaml ? 'pasted session' : 'pasted template';
    const d = r.decision as DryRunDecision | null;
    if (!req.sessionYaml && !req.session && view !== 'decision' && view !== 'logs') view = 'decision';
    fill(summary,
      r.error ? h('div.error-box', { 'data-testid': 'dryrun-error' }, icon('error'), h('pre', {}, r.error)) : null,
      h('div.summary-line', {},
        h('span.muted', {}, `${target}${req.now ? ` at ${req.now}` : ''}: `),
        st.phase ? h('span.phase', { class: `phase-${String(st.phase).toLowerCase()}`, 'data-testid': 'dryrun-phase' }, String(st.phase)) : null,
        st.url ? h('span.kv-inline', {}, 'url ', h('code', {}, String(st.url))) : null,
        st.podName ? h('span.kv-inline', {}, 'pod ', h('code', {}, String(st.podName))) : null,
        d?.requeue_after ? h('span.kv-inline', {}, 'requeue after ', h('code', {}, String(d.requeue_after))) : null,
        r.diff?.trim() ? h('span.tag.tag-changed', {}, 'differs from the cluster') : r.ok && !r.error && d?.children ? h('span.tag', {}, 'same as the cluster') : null),
      h('div.summary-line', {},
        sideLine('idle', d?.idle, idleText),
        sideLine('autostart', d?.autostart, autostartText),
        sideLine('template', d?.template, templateText),
        sideLine('admit', d?.admit, admitText)),
      children.length ? h('div.children-line', {}, children.map((c) => h('span.child-chip', {}, icon(kindIcon(c.kind)), ` ${c.kind}/${c.metadata?.name ?? '?'}`))) : null);
    renderTabs();
  }

  function renderTabs() {
    const r = last;
    const tabs: [View, string][] = [
      ['children', 'Children'], ['diff', 'Diff vs cluster'], ['status', 'Status'],
      ['events', `Events${r ? ` (${r.events?.length ?? 0})` : ''}`], ['logs', `Logs${r ? ` (${r.logs?.length ?? 0})` : ''}`], ['decision', 'Decision'],
    ];
    fill(viewTabs, tabs.map(([id, label]) => h('button.subtab', { type: 'button', class: view === id ? 'active' : undefined, 'data-testid': `dryrun-view-${id}`, onclick: () => { view = id; renderTabs(); } }, label)));
    if (!r) return;
    ensureEditors();
    viewerHost.hidden = !['children', 'status', 'decision'].includes(view);
    diffHost.hidden = view !== 'diff';
    listHost.hidden = view !== 'events' && view !== 'logs';
    if (view === 'children') viewer!.setModel(models.children);
    if (view === 'status') viewer!.setModel(models.status);
    if (view === 'decision') viewer!.setModel(models.decision);
    if (view === 'events') {
      fill(listHost, r.events?.length
        ? h('table.table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Type'), h('th', {}, 'Reason'), h('th', {}, 'Message'))),
          h('tbody', {}, r.events.map((e) => h('tr', {}, h('td', { class: e.type === 'Warning' ? 'warn' : '' }, String(e.type ?? '')), h('td', {}, String(e.reason ?? '')), h('td', {}, String(e.message ?? ''))))))
        : h('div.empty', {}, 'No events.'));
    }
    if (view === 'logs') {
      fill(listHost, r.logs?.length
        ? h('div.log-list.static', {}, r.logs.map((l) => h('div.log-row', { class: `lvl-${l.level}` }, h('span.log-level', {}, l.level), h('span.log-msg', {}, l.message))))
        : h('div.empty', {}, 'The scripts logged nothing (log_info, log_warn, log_debug).'));
    }
  }

  renderTabs();
  let loaded = false;
  return {
    id: 'dryrun',
    title: 'Dry run',
    el,
    onShow: () => {
      if (!loaded) { loaded = true; void loadSessions(); }
    },
  };
}

function kindIcon(kind: string): string {
  switch (kind) {
    case 'Deployment': return 'server-process';
    case 'Service': return 'plug';
    case 'PersistentVolumeClaim': return 'database';
    case 'Ingress': return 'globe';
    default: return 'symbol-object';
  }
}
