// The StreamSpace policy editor: wires the workspace, the panels, the save
// flow and the live logs into one page.
import './styles.css';
import { api, ApiError, ScriptsView } from './api';
import { adoptTokenFromAddress, requestToken, getToken } from './auth';
import { registerScriptOpener } from './editor/opener';
import { scriptOfModel, Workspace } from './editor/workspace';
import { dryRunPanel } from './panels/dryrun';
import { HistoryPanel } from './panels/history';
import { ImpactPanel } from './panels/impact';
import { LogsPanel } from './panels/logs';
import { PanelArea } from './panels/panels';
import { problemsPanel } from './panels/problems';
import { RolloutPanel } from './panels/rollout';
import { scriptsSidebar } from './panels/scripts';
import { TestsPanel } from './panels/tests';
import { registerRhaiFormatter } from './rhai/formatter';
import { registerRhaiLanguage } from './rhai/language';
import { registerRhaiNavigation } from './rhai/navigation';
import { registerRhaiProviders } from './rhai/providers';
import { rollbackFlow, saveFlow, SaveDeps } from './save';
import { fill, h, icon, shortVersion } from './ui/dom';
import { isNoAccess, showNoAccess } from './ui/no-access';
import { setStatus, statusBar, statusItem } from './ui/status';

const PANEL_KEY = 'streamspace-editor-panel';
const PANEL_HEIGHT_KEY = 'streamspace-editor-panel-height';
const POLL_MS = 15000;

/**
 * Where signing in stands: the pills show the mode and role only once the
 * server has said them, so a page never shows a mode or right it does not
 * have, not even before the first answer.
 */
type SignIn = 'pending' | 'refused' | 'in';

function topBar(ws: Workspace, signIn: () => SignIn, onSave: () => void): { el: HTMLElement; render: () => void } {
  const mode = h('span.pill', { 'data-testid': 'mode' });
  const role = h('span.pill', { 'data-testid': 'role' });
  const version = h('span.version', { id: 'version', 'data-testid': 'version' });
  const dirty = h('span.dirty-summary', { 'data-testid': 'dirty-count' });
  const save = h('button.btn.primary.save-btn', { type: 'button', id: 'save', 'data-testid': 'save', onclick: onSave, title: 'Save (Ctrl+S / ⌘S)' },
    icon('save'), ' Save', h('kbd', {}, navigator.platform.startsWith('Mac') ? '⌘S' : 'Ctrl+S'));
  const token = h('button.icon-btn', {
    type: 'button', title: 'Use another token', 'data-testid': 'change-token',
    onclick: async () => {
      await requestToken();
      let r: ScriptsView;
      try {
        r = await api.scripts();
      } catch (e) {
        // The page keeps what it has; the next call says the same.
        setStatus(`Signing in again failed: ${(e as Error).message}`, 'error');
        return;
      }
      // a new token may have another role; never drop unsaved edits for it
      if (!ws.anyDirty() && r.version !== ws.baseVersion) ws.load(r);
      else ws.setIdentity(r.mode, r.role, r.status);
      setStatus(`Signed in again (${r.role} token)`, 'ok');
    },
  }, icon('key'));
  const render = () => {
    const state = signIn();
    role.hidden = state === 'pending';
    if (state === 'in') {
      fill(mode, ws.mode === 'cluster' ? 'cluster' : 'playground');
      mode.className = `pill pill-${ws.mode}`;
      fill(role, ws.role === 'viewer' ? h('span', { title: 'This token can check, test and dry-run, not save' }, icon('eye'), ' viewer') : h('span', {}, icon('edit'), ' editor'));
      role.className = `pill pill-${ws.role}`;
    } else if (state === 'refused') {
      // Only a cluster's API server refuses a valid identity.
      fill(mode, 'cluster');
      mode.className = 'pill pill-cluster';
      fill(role, h('span', { title: 'This token may neither view nor change the scripts' }, icon('circle-slash'), ' no access'));
      role.className = 'pill pill-none';
    } else {
      fill(mode, 'signing in…');
      mode.className = 'pill pill-pending';
    }
    save.disabled = state !== 'in';
    version.textContent = ws.baseVersion;
    version.title = `The editor started from version ${ws.baseVersion}; saves send it as If-Match`;
    const n = ws.dirtyNames().length;
    dirty.textContent = n ? `● ${n} unsaved` : '';
    save.classList.toggle('is-viewer', ws.role === 'viewer');
    save.title = ws.role === 'viewer' ? 'Viewer token: cannot save' : 'Save (Ctrl+S / ⌘S)';
  };
  ws.onChange(render);
  render();
  return {
    el: h('header.topbar', {},
      h('div.brand', {}, icon('symbol-event'), h('span.brand-name', {}, 'StreamSpace'), h('span.brand-sub', {}, 'policy editor')),
      mode, role,
      h('div.spacer'),
      h('div.version-box', {}, h('span.muted', {}, 'version'), version),
      dirty, save, token),
    render,
  };
}

function makeSash(workbench: HTMLElement, panel: HTMLElement): HTMLElement {
  const sash = h('div.sash', { title: 'Drag to resize the panel', role: 'separator', 'aria-orientation': 'horizontal' });
  const saved = Number(localStorage.getItem(PANEL_HEIGHT_KEY));
  if (saved > 80) panel.style.height = `${saved}px`;
  sash.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    sash.setPointerCapture(e.pointerId);
    const top = workbench.getBoundingClientRect();
    const move = (ev: PointerEvent) => {
      const height = Math.min(Math.max(top.bottom - ev.clientY, 90), top.height - 120);
      panel.style.height = `${height}px`;
    };
    const up = () => {
      sash.removeEventListener('pointermove', move);
      sash.removeEventListener('pointerup', up);
      localStorage.setItem(PANEL_HEIGHT_KEY, String(parseInt(panel.style.height, 10) || 0));
    };
    sash.addEventListener('pointermove', move);
    sash.addEventListener('pointerup', up);
  });
  return sash;
}

async function main(): Promise<void> {
  registerRhaiLanguage();
  let deps: SaveDeps;
  const ws = new Workspace(() => void saveFlow(deps));
  const lookup = { scriptOf: scriptOfModel, modelOf: (n: string) => ws.model(n), scripts: () => ws.names() };
  registerRhaiProviders(lookup);
  registerRhaiNavigation(lookup, (message) => setStatus(message, 'warn'));
  registerRhaiFormatter();
  registerScriptOpener(ws);

  const area = new PanelArea();
  const impact = new ImpactPanel(ws, area);
  const tests = new TestsPanel(ws, area);
  const rollout = new RolloutPanel(area);
  const logs = new LogsPanel(area);
  const history: HistoryPanel = new HistoryPanel(ws, (v) => rollbackFlow(deps, v));
  const superseded = new Set<string>();
  let previousBase = '';
  ws.onChange(() => {
    if (ws.baseVersion !== previousBase) { if (previousBase) superseded.add(previousBase); previousBase = ws.baseVersion; }
  });
  deps = {
    ws, area, impact, tests, history,
    afterWrite: () => {
      if (area.isVisible('history')) void history.refresh();
      if (area.isVisible('rollout')) void rollout.refresh();
      setTimeout(() => void refreshStatus(), 1500);
    },
  };
  area.add(problemsPanel(ws, area));
  area.add(dryRunPanel(ws));
  area.add(impact);
  area.add(tests);
  area.add(history);
  area.add(rollout);
  area.add(logs);

  const workbench = h('main.workbench', {}, ws.el);
  const sash = makeSash(workbench, area.el);
  workbench.append(sash, area.el);
  const app = document.getElementById('app')!;
  let signIn: SignIn = 'pending';
  const bar = topBar(ws, () => signIn, () => void saveFlow(deps));
  const setSignIn = (s: SignIn) => { signIn = s; bar.render(); };
  fill(app, bar.el, h('div.app-body', {}, scriptsSidebar(ws), workbench), statusBar);

  // status bar indicators
  const check = statusItem('check', 1);
  const cursor = statusItem('cursor', 2);
  fill(statusItem('language', 4), 'Rhai');
  const renderCheck = () => {
    const s = ws.checkState;
    fill(check,
      icon(s === 'ok' ? 'pass' : s === 'errors' ? 'error' : s === 'failed' ? 'warning' : 'sync'),
      s === 'ok' ? ' compiles' : s === 'errors' ? ` ${ws.errors.length} error${ws.errors.length === 1 ? '' : 's'}` : s === 'failed' ? ' check unavailable' : s === 'idle' ? '' : ' checking…');
    check.className = `status-item check-${s}`;
    check.title = s === 'failed' ? ws.checkMessage : 'Compile check of the scripts in the editor (POST /api/scripts/check)';
    check.onclick = () => area.show('problems');
  };
  ws.onChange(renderCheck);
  ws.editor.onDidChangeCursorPosition((e) => { cursor.textContent = `Ln ${e.position.lineNumber}, Col ${e.position.column}`; });

  // Ctrl/Cmd+S anywhere on the page (the editor has its own binding too)
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void saveFlow(deps);
    }
  });
  window.addEventListener('beforeunload', (e) => {
    if (ws.anyDirty()) { e.preventDefault(); e.returnValue = ''; }
  });

  setStatus('Loading the scripts…', 'busy');
  adoptTokenFromAddress();
  if (!getToken()) await requestToken();
  let first: ScriptsView | null = null;
  while (!first) {
    try {
      first = await api.scripts();
    } catch (e) {
      if (e instanceof ApiError && e.status === 403 && isNoAccess(e.body)) {
        // A valid identity without rights: say what is missing, then ask for another token.
        setSignIn('refused');
        setStatus(`Signed in as ${e.body.identity}, who may not view the scripts.`, 'error');
        await showNoAccess(e.body);
        await requestToken();
        setSignIn('pending');
        continue;
      }
      setStatus(`Could not load the scripts: ${(e as Error).message}`, 'error', { label: 'Retry', run: () => location.reload() });
      return;
    }
  }
  ws.load(first);
  setSignIn('in');
  setStatus(`Loaded version ${shortVersion(ws.baseVersion)} (${ws.names().length} scripts, ${ws.mode}${ws.role === 'viewer' ? ', viewer token' : ''})`, 'ok');
  area.show(localStorage.getItem(PANEL_KEY) ?? 'problems');
  if (!area.active) area.show('problems');
  area.el.addEventListener('click', () => { if (area.active) localStorage.setItem(PANEL_KEY, area.active); });
  logs.connect();

  // the load status of the running set, and versions saved by someone else
  async function refreshStatus() {
    let r: ScriptsView;
    try { r = await api.scripts(); } catch { return; }
    ws.setLoadStatus(r.status);
    if (r.version !== ws.baseVersion && !superseded.has(r.version)) {
      superseded.add(r.version);
      if (ws.anyDirty()) {
        setStatus(`Version ${shortVersion(r.version)} was saved elsewhere since you started from ${shortVersion(ws.baseVersion)}; saving will ask what to do.`, 'warn', { label: 'History', run: () => area.show('history') });
      } else {
        setStatus(`Version ${shortVersion(r.version)} was saved elsewhere.`, 'warn', { label: 'Load it', run: () => { ws.load(r); setStatus(`Loaded version ${shortVersion(r.version)}`, 'ok'); } });
      }
    }
  }
  setInterval(() => { if (!document.hidden) void refreshStatus(); }, POLL_MS);
}

void main();
