// Tiny DOM helpers: element creation and a few formatting functions.

type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;
export type Child = Node | string | number | null | undefined | false | Child[];

/** Creates an element: `h('div.row#id', { 'data-testid': 'x', onclick: fn }, 'text', child)`. */
export function h<K extends keyof HTMLElementTagNameMap>(spec: K | `${K}.${string}` | `${K}#${string}`, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const m = /^([a-z0-9]+)((?:[.#][\w-]+)*)$/.exec(spec);
  if (!m) throw new Error(`bad element spec ${spec}`);
  const el = document.createElement(m[1]) as HTMLElementTagNameMap[K];
  for (const part of m[2].match(/[.#][\w-]+/g) ?? []) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'class') el.className = `${el.className} ${v}`.trim();
    else if (k === 'value' && 'value' in el) (el as HTMLInputElement).value = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the content of `el`. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A codicon from Monaco's icon font. */
export function icon(name: string, title?: string): HTMLElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': title ? null : 'true', title });
}

export function shortVersion(v: string | null | undefined): string {
  if (!v) return '—';
  return v.length > 12 ? v.slice(0, 12) : v;
}

export function formatTime(t: string | null | undefined): string {
  if (!t) return '';
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return t;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function relativeTime(t: string | null | undefined): string {
  if (!t) return '';
  const d = new Date(t).getTime();
  if (Number.isNaN(d)) return '';
  const s = Math.round((Date.now() - d) / 1000);
  if (s < 0) return 'in the future';
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** Renders a unified diff as coloured lines. */
export function diffView(diff: string, testid?: string): HTMLElement {
  const pre = h('pre.diff', { 'data-testid': testid });
  for (const line of diff.replace(/\n$/, '').split('\n')) {
    const cls = line.startsWith('+++') || line.startsWith('---') ? 'diff-file'
      : line.startsWith('@@') ? 'diff-hunk'
        : line.startsWith('+') ? 'diff-add'
          : line.startsWith('-') ? 'diff-del' : 'diff-ctx';
    pre.appendChild(h('span', { class: cls }, `${line}\n`));
  }
  return pre;
}

/** Minimal YAML rendering of JSON values (for status, events and decisions). */
export function toYaml(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return yamlString(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return value.map((v) => {
      const inner = toYaml(v, `${indent}  `);
      return `\n${indent}- ${isBlock(v) ? inner.replace(/^\n\s*/, '') : inner}`;
    }).join('');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return '{}';
  return entries.map(([k, v]) => `\n${indent}${/^[\w.\/-]+$/.test(k) ? k : JSON.stringify(k)}:${isBlock(v) ? '' : ' '}${toYaml(v, `${indent}  `)}`).join('');
}

function isBlock(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

function yamlString(s: string): string {
  if (s === '' || /^[\s-?:,[\]{}#&*!|>'"%@`]|[:#]\s|\s$|^(true|false|null|yes|no|~|[-+.\d][\d.eE+-]*)$/i.test(s) || s.includes('\n')) return JSON.stringify(s);
  return s;
}

export function yamlDocument(value: unknown): string {
  return `${toYaml(value).replace(/^\n/, '')}\n`;
}
