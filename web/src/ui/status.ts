// The status bar at the bottom: a message area (data-testid="status") on the
// left, small indicators on the right.
import { fill, h, icon } from './dom';

export type StatusKind = 'info' | 'ok' | 'warn' | 'error' | 'busy';

const message = h('div.status-message', { 'data-testid': 'status', id: 'status', role: 'status', 'aria-live': 'polite' });
const right = h('div.status-right');
const items = new Map<string, HTMLElement>();
export const statusBar = h('footer.statusbar', {}, message, right);

const ICONS: Record<StatusKind, string> = { info: 'info', ok: 'check', warn: 'warning', error: 'error', busy: 'loading' };
let shown = 0;

/** Shows a message; the function returned tells whether it is still the one shown. */
export function setStatus(text: string, kind: StatusKind = 'info', action?: { label: string; run: () => void }): () => boolean {
  const id = ++shown;
  message.className = `status-message status-${kind}`;
  message.dataset.kind = kind;
  const ic = icon(ICONS[kind]);
  if (kind === 'busy') ic.classList.add('codicon-modifier-spin');
  fill(message, ic, h('span.status-text', {}, text),
    action ? h('button.status-action', { type: 'button', onclick: () => action.run() }, action.label) : null);
  return () => shown === id;
}

/** A named indicator on the right of the status bar. */
export function statusItem(id: string, order: number): HTMLElement {
  let el = items.get(id);
  if (!el) {
    el = h('div.status-item', { 'data-testid': `status-${id}`, style: `order:${order}` });
    items.set(id, el);
    right.appendChild(el);
  }
  return el;
}
