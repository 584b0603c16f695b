// Modal dialogs.
import { Child, h } from './dom';

export interface DialogButton {
  label: string;
  testid?: string;
  kind?: 'primary' | 'danger' | 'secondary';
  disabled?: boolean;
  /** Return false to keep the dialog open. */
  run: () => unknown;
}

export interface Dialog {
  el: HTMLElement;
  body: HTMLElement;
  buttons: Map<string, HTMLButtonElement>;
  close: () => void;
}

let openCount = 0;
export function dialogOpen(): boolean {
  return openCount > 0;
}

export function openDialog(opts: {
  title: string;
  testid?: string;
  body: Child[];
  buttons: DialogButton[];
  wide?: boolean;
  onClose?: () => void;
}): Dialog {
  const buttons = new Map<string, HTMLButtonElement>();
  const body = h('div.dialog-body', {}, ...opts.body);
  const footer = h('div.dialog-buttons');
  const el = h('div.dialog', { role: 'dialog', 'aria-modal': 'true', 'data-testid': opts.testid, class: opts.wide ? 'wide' : undefined },
    h('h2', {}, opts.title), body, footer);
  const overlay = h('div.overlay', {}, el);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    openCount--;
    overlay.remove();
    document.removeEventListener('keydown', onKey, true);
    opts.onClose?.();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') { e.stopPropagation(); e.preventDefault(); close(); }
  };
  for (const b of opts.buttons) {
    const btn = h('button.btn', { type: 'button', class: b.kind ?? 'secondary', 'data-testid': b.testid, disabled: b.disabled }, b.label);
    btn.addEventListener('click', async () => {
      const r = await b.run();
      if (r !== false) close();
    });
    buttons.set(b.testid ?? b.label, btn);
    footer.appendChild(btn);
  }
  document.addEventListener('keydown', onKey, true);
  document.body.appendChild(overlay);
  openCount++;
  return { el, body, buttons, close };
}

/** A yes/no question. */
export function confirmDialog(title: string, text: Child, confirm: string, kind: 'primary' | 'danger' = 'primary', testid = 'confirm'): Promise<boolean> {
  return new Promise((resolve) => {
    let answered = false;
    openDialog({
      title, testid, body: [h('p', {}, text)],
      buttons: [
        { label: 'Cancel', testid: `${testid}-cancel`, run: () => { answered = true; resolve(false); } },
        { label: confirm, testid: `${testid}-ok`, kind, run: () => { answered = true; resolve(true); } },
      ],
      onClose: () => { if (!answered) resolve(false); },
    });
  });
}
