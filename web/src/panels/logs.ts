// Live logs from the operator over Socket.IO (namespace /logs): the server
// sends `backlog` (an array of records) on connect, then `log` per record.
// Filters by level, session and text; pause; follows the newest record
// until the user scrolls up (and again once back at the bottom); at most
// 1000 rows in the DOM. socket.io-client reconnects by itself.
import { io, Socket } from 'socket.io-client';
import { getToken, onTokenChange } from '../auth';
import { fill, h, icon } from '../ui/dom';
import { statusItem } from '../ui/status';
import { Panel, PanelArea } from './panels';

export interface LogRecord {
  time: string;
  level: string;
  target?: string | null;
  session?: string | null;
  script?: string | null;
  version?: string | null;
  message: string;
}

export const MAX_ROWS = 1000;
const MAX_BUFFER = 5000;
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'];

function levelOf(l: string): string {
  const v = (l || 'info').toLowerCase();
  return v === 'warning' ? 'warn' : LEVELS.includes(v) ? v : 'info';
}

function timeOf(t: string): string {
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return t ?? '';
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The Socket.IO path beside the page, so a path prefix is kept. */
export function socketPath(): string {
  const base = new URL('.', document.baseURI).pathname;
  return `${base.replace(/\/?$/, '/')}socket.io/`;
}

export class LogsPanel implements Panel {
  readonly id = 'logs';
  readonly title = 'Live logs';
  readonly el: HTMLElement;
  private readonly list: HTMLElement;
  private readonly level: HTMLSelectElement;
  private readonly session: HTMLInputElement;
  private readonly filter: HTMLInputElement;
  private readonly pauseBtn: HTMLButtonElement;
  private readonly autoScroll: HTMLInputElement;
  private readonly state: HTMLElement;
  private readonly counter: HTMLElement;
  private buffer: LogRecord[] = [];
  private pending: LogRecord[] = [];
  private queued: LogRecord[] = [];
  private paused = false;
  private frame = 0;
  private socket: Socket | null = null;
  private shown = 0;

  constructor(private area: PanelArea) {
    this.level = h('select.input.small', { 'data-testid': 'logs-level', 'aria-label': 'Minimum level', onchange: () => this.rerender() },
      h('option', { value: 'trace' }, 'all levels'), h('option', { value: 'debug' }, 'debug +'), h('option', { value: 'info' }, 'info +'),
      h('option', { value: 'warn' }, 'warn +'), h('option', { value: 'error' }, 'error'));
    this.level.value = 'debug';
    this.session = h('input.input.small', { 'data-testid': 'logs-session', placeholder: 'session', 'aria-label': 'Session filter', spellcheck: 'false', oninput: () => this.rerender() });
    this.filter = h('input.input.small.grow', { id: 'logs-filter', 'data-testid': 'logs-filter', placeholder: 'filter text', 'aria-label': 'Text filter', spellcheck: 'false', oninput: () => this.rerender() });
    this.pauseBtn = h('button.btn.small', { type: 'button', 'data-testid': 'logs-pause', onclick: () => this.setPaused(!this.paused) }, icon('debug-pause'), ' Pause');
    this.autoScroll = h('input', { type: 'checkbox', checked: true, 'data-testid': 'logs-autoscroll', onchange: () => this.scroll() });
    this.state = h('span.conn', { 'data-testid': 'logs-connection', 'data-state': 'disconnected' }, 'disconnected');
    this.counter = h('span.muted.small', { 'data-testid': 'logs-count' });
    this.list = h('div.log-list', { id: 'logs', 'data-testid': 'logs', role: 'log', 'aria-live': 'off' });
    this.list.addEventListener('scroll', () => {
      // Scrolled up from the newest record: stop following; back at the
      // bottom: follow again. The panel's own scrolls end at the bottom, and
      // a scroll event comes before the next frame's flush, so a user's
      // scroll is never undone by a record arriving.
      this.autoScroll.checked = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 4;
    });
    this.el = h('div.logs-panel', {},
      h('div.toolbar', {}, this.level, this.session, this.filter, this.pauseBtn,
        h('label.check', { title: 'Follow new records' }, this.autoScroll, ' auto-scroll'),
        h('button.icon-btn', { type: 'button', title: 'Clear', 'data-testid': 'logs-clear', onclick: () => { this.buffer = []; this.pending = []; this.rerender(); } }, icon('clear-all')),
        this.counter, this.state),
      this.list);
    onTokenChange(() => this.reconnect());
  }

  /**
   * Opens at the newest record, as `kubectl logs -f` does: records that
   * arrived while the panel was hidden could not scroll a hidden list.
   */
  onShow(): void {
    this.scroll();
  }

  connect(): void {
    if (this.socket) return;
    const socket = io(`${location.origin}/logs`, {
      path: socketPath(),
      auth: (cb) => cb({ token: getToken() ?? '' }),
    });
    this.socket = socket;
    this.setState('connecting', 'connecting…');
    socket.on('connect', () => this.setState('connected', 'connected'));
    socket.on('disconnect', (reason) => {
      // "io server disconnect" is not retried by the client: try again, the token may be new
      this.setState('disconnected', `disconnected (${reason})`);
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 2000);
    });
    socket.on('connect_error', (err) => {
      const msg = err?.message ?? 'error';
      const refused = /auth|token|401|403|forbidden|unauthori[sz]ed/i.test(msg);
      this.setState(refused ? 'refused' : 'error', refused ? `refused: ${msg}` : `cannot connect: ${msg}`);
      // a refusal by the server's middleware is not retried by the client
      if (!socket.active) setTimeout(() => { if (!socket.connected) socket.connect(); }, refused ? 10000 : 3000);
    });
    socket.io.on('reconnect_attempt', (n) => this.setState('reconnecting', `reconnecting (attempt ${n})…`));
    socket.on('backlog', (records: LogRecord[]) => {
      this.buffer = Array.isArray(records) ? records.slice(-MAX_BUFFER) : [];
      this.pending = [];
      this.rerender();
    });
    socket.on('log', (record: LogRecord) => this.receive(record));
  }

  reconnect(): void {
    if (!this.socket) return;
    this.socket.disconnect();
    this.socket.connect();
  }

  private setState(state: string, text: string): void {
    this.state.dataset.state = state;
    this.state.textContent = text;
    const item = statusItem('logs', 3);
    fill(item, icon(state === 'connected' ? 'radio-tower' : 'debug-disconnect'), ` logs: ${state}`);
    item.title = `Live logs: ${text}`;
    item.classList.toggle('warn', state !== 'connected');
    item.onclick = () => this.area.show(this.id);
  }

  private receive(r: LogRecord): void {
    this.buffer.push(r);
    if (this.buffer.length > MAX_BUFFER) this.buffer.splice(0, this.buffer.length - MAX_BUFFER);
    if (this.paused) {
      this.pending.push(r);
      this.updatePause();
      return;
    }
    if (!this.matches(r)) return;
    this.queued.push(r);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.frame = 0;
    const rows = this.queued.splice(0).map((r) => this.row(r));
    this.list.querySelector('.log-empty')?.remove();
    this.list.append(...rows);
    this.shown += rows.length;
    this.trim();
    this.updateCount();
    this.scroll();
  }

  private trim(): void {
    while (this.list.childElementCount > MAX_ROWS) {
      this.list.firstElementChild!.remove();
      this.shown--;
    }
  }

  private scroll(): void {
    if (!this.autoScroll.checked) return;
    this.list.scrollTop = this.list.scrollHeight;
  }

  private matches(r: LogRecord): boolean {
    if (LEVELS.indexOf(levelOf(r.level)) < LEVELS.indexOf(this.level.value)) return false;
    const s = this.session.value.trim().toLowerCase();
    if (s && !(r.session ?? '').toLowerCase().includes(s)) return false;
    const f = this.filter.value.trim().toLowerCase();
    if (f && !`${r.message} ${r.target ?? ''} ${r.script ?? ''} ${r.session ?? ''}`.toLowerCase().includes(f)) return false;
    return true;
  }

  private row(r: LogRecord): HTMLElement {
    const lvl = levelOf(r.level);
    return h('div.log-row', { class: `lvl-${lvl}` },
      h('span.log-time', { title: r.time }, timeOf(r.time)),
      h('span.log-level', {}, lvl),
      h('span.log-session', { title: r.session ?? '' }, r.session ?? ''),
      h('span.log-script', { title: `${r.target ?? ''}${r.version ? ` @ ${r.version}` : ''}` }, r.script ? `${r.script}${r.version ? `@${r.version.slice(0, 7)}` : ''}` : r.target ?? ''),
      // Records of no script (a reload, a save) name their version in the message.
      h('span.log-msg', {}, r.version && !r.script ? `${r.message} version=${r.version}` : r.message));
  }

  private rerender(): void {
    if (this.frame) { cancelAnimationFrame(this.frame); this.frame = 0; }
    this.queued = [];
    const visible = this.paused ? this.buffer.slice(0, this.buffer.length - this.pending.length) : this.buffer;
    const rows = visible.filter((r) => this.matches(r)).slice(-MAX_ROWS).map((r) => this.row(r));
    this.list.replaceChildren(...rows);
    this.shown = rows.length;
    if (!rows.length) this.list.appendChild(h('div.empty.log-empty', {}, this.buffer.length ? 'No record matches the filters.' : 'No log records yet.'));
    this.updateCount();
    this.scroll();
  }

  private setPaused(p: boolean): void {
    this.paused = p;
    if (!p) {
      this.pending = [];
      this.rerender();
    }
    this.updatePause();
  }

  private updatePause(): void {
    this.pauseBtn.classList.toggle('active', this.paused);
    fill(this.pauseBtn, icon(this.paused ? 'debug-continue' : 'debug-pause'), this.paused ? ` Resume${this.pending.length ? ` (${this.pending.length} new)` : ''}` : ' Pause');
  }

  private updateCount(): void {
    this.counter.textContent = `${this.list.querySelectorAll('.log-row').length} shown`;
  }
}
