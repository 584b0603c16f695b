// The editor's bearer token: kept in sessionStorage, taken from the
// address's fragment when the page was opened with one (`#token=...`, the
// sign-in link the playground prints), asked for with a prompt when there is
// none or the server answered 401.
import { h } from './ui/dom';

const KEY = 'streamspace-editor-token';
const listeners: ((token: string) => void)[] = [];
let pending: Promise<string> | null = null;

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  sessionStorage.setItem(KEY, token);
  for (const l of listeners) l(token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}

export function onTokenChange(fn: (token: string) => void): void {
  listeners.push(fn);
}

/**
 * Signs in with the token of a sign-in link (`/#token=...`). A fragment never
 * reaches the server or its logs; the token moves to session storage and
 * leaves the address bar and the history, so it is not bookmarked, shared
 * or sent as a Referer.
 */
export function adoptTokenFromAddress(): void {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token')?.trim();
  if (!token) return;
  setToken(token);
  history.replaceState(history.state, '', location.pathname + location.search);
}

/**
 * Shows the token prompt (once, however many callers wait) and resolves with
 * the token entered. `reason` explains why it is asked (e.g. a 401).
 */
export function requestToken(reason?: string): Promise<string> {
  if (pending) return pending;
  pending = new Promise<string>((resolve) => {
    const input = h('input.input.mono', {
      type: 'password', id: 'token-input', 'data-testid': 'token-input', placeholder: 'paste the token here',
      autocomplete: 'off', spellcheck: 'false', 'aria-label': 'Token',
    });
    const submit = h('button.btn.primary', { type: 'submit', id: 'token-submit', 'data-testid': 'token-submit' }, 'Sign in');
    const form = h('form.dialog.token-dialog', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'token-title', 'data-testid': 'token-prompt' },
      h('h2#token-title', {}, 'Sign in to the policy editor'),
      reason ? h('p.dialog-error', { 'data-testid': 'token-error' }, reason) : null,
      h('p', {}, 'Every call to the editor API needs a bearer token. It stays in this browser tab (session storage) and is never sent in a URL.'),
      h('ul.hint-list', {},
        h('li', {}, h('strong', {}, 'Playground / local run: '), 'open the sign-in link the server printed at start-up (the line "editor:"), or paste the token after "#token=" in it.'),
        h('li', {}, h('strong', {}, 'Kubernetes: '), 'create a short-lived token for a service account that may edit (or view) the scripts, e.g. ',
          h('code', {}, 'kubectl -n <operator-namespace> create token <service-account>'), '.')),
      h('label.field', {}, h('span', {}, 'Token'), input),
      h('div.dialog-buttons', {}, submit),
    );
    const overlay = h('div.overlay', {}, form);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const token = input.value.trim();
      if (!token) { input.focus(); return; }
      overlay.remove();
      pending = null;
      setToken(token);
      resolve(token);
    });
    document.body.appendChild(overlay);
    setTimeout(() => input.focus(), 0);
  });
  return pending;
}
