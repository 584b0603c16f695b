// Small, forgiving text analysis of Rhai source for completions, hovers and
// signature help: where the cursor is (comment, string, which brackets are
// open), what a member expression such as `ctx.session.spec.` refers to, and
// which functions a script defines.
import { CTX, Field, ROOTS } from './reference';

export interface Frame {
  open: '#{' | '{' | '[' | '(' | '${';
  /** Offset of the opening bracket in the scanned text. */
  at: number;
  /** `key` of `key: #{` / `key: [` / `let key = [`. */
  key: string | null;
  /** Name of the function called by a `(`. */
  fn: string | null;
  /** Name of the function a `{` is the body of (`fn name(...) {`). */
  defines: string | null;
  /** A `#{` that starts a statement or follows `return`: a value its block may return. */
  atStatement: boolean;
  /** The keys written directly inside a `#{`, in order. */
  entries: MapEntry[];
  /** Commas seen directly inside this frame. */
  commas: number;
}

/** A `key: value` of a map literal; `value` is the text of a string literal value, else null. */
export interface MapEntry { key: string; value: string | null }

export interface Analysis {
  stack: Frame[];
  inComment: boolean;
  inString: { quote: string; start: number; keyBefore: string | null; before: string } | null;
}

const KEY_BEFORE = /([A-Za-z_]\w*)["']?\s*(?::|==|!=|=)\s*$/;
const FN_BEFORE = /([A-Za-z_]\w*)\s*$/;
const FN_HEAD_BEFORE = /\bfn\s+([A-Za-z_]\w*)\s*\([^()]*\)\s*$/;
const MAP_KEY_BEFORE = /(?:([A-Za-z_]\w*)|"([^"\n]*)")\s*$/;
const STATEMENT_END = /(?:^|[{};]|\breturn)$/;

function keyBefore(text: string, pos: number): string | null {
  const m = KEY_BEFORE.exec(text.slice(Math.max(0, pos - 200), pos));
  return m ? m[1] : null;
}

/**
 * Scans `text` (a script up to the cursor) and reports the state at its end.
 * `onClose` sees every bracket closed on the way, with all it holds.
 */
export function analyze(text: string, onClose?: (frame: Frame) => void): Analysis {
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;
  let inBacktick = false;
  let backtickStart = 0;
  // end of the last code that is not a comment or white space
  let codeEnd = 0;
  // the entry whose value is being written, and where its value starts
  let pending: { entry: MapEntry; from: number } | null = null;
  const push = (open: Frame['open'], init: Partial<Frame> = {}) => stack.push({
    open, at: i, key: null, fn: null, defines: null, atStatement: false, entries: [], commas: 0, ...init,
  });
  const pop = () => {
    const closed = stack.pop();
    if (closed && onClose) onClose(closed);
    return closed;
  };
  const top = () => stack[stack.length - 1];

  while (i < n) {
    const c = text[i];
    if (inBacktick) {
      if (c === '`') {
        if (text[i + 1] === '`') { i += 2; continue; }
        inBacktick = false; i++; codeEnd = i; continue;
      }
      if (c === '$' && text[i + 1] === '{') { push('${'); inBacktick = false; i += 2; codeEnd = i; continue; }
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return { stack, inComment: true, inString: null };
      i = nl + 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') { depth++; i += 2; } else if (text[i] === '*' && text[i + 1] === '/') { depth--; i += 2; } else i++;
      }
      if (depth > 0) return { stack, inComment: true, inString: null };
      continue;
    }
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"' || c === "'") {
      const start = i;
      i++;
      while (i < n && text[i] !== c && !(c === "'" && text[i] === '\n')) {
        if (text[i] === '\\') i++;
        i++;
      }
      if (i >= n) return { stack, inComment: false, inString: { quote: c, start, keyBefore: keyBefore(text, start), before: text.slice(Math.max(0, start - 200), start) } };
      i++;
      if (pending && c === '"' && !text.slice(pending.from, start).trim()) pending.entry.value = text.slice(start + 1, i - 1);
      pending = null;
      codeEnd = i;
      continue;
    }
    pending = null;
    if (c === '`') { inBacktick = true; backtickStart = i; i++; continue; }
    if (c === '#' && text[i + 1] === '{') {
      push('#{', { key: keyBefore(text, i), atStatement: STATEMENT_END.test(text.slice(Math.max(0, codeEnd - 8), codeEnd)) });
      i += 2;
    } else if (c === '{') {
      const m = FN_HEAD_BEFORE.exec(text.slice(Math.max(0, i - 300), i));
      push('{', { defines: m ? m[1] : null });
      i++;
    } else if (c === '[') {
      push('[', { key: keyBefore(text, i) });
      i++;
    } else if (c === '(') {
      const m = FN_BEFORE.exec(text.slice(Math.max(0, i - 100), i));
      push('(', { fn: m ? m[1] : null });
      i++;
    } else if (c === '}') {
      if (pop()?.open === '${') inBacktick = true;
      i++;
    } else if (c === ')' || c === ']') {
      pop();
      i++;
    } else if (c === ':' && text[i + 1] === ':') {
      i += 2;
    } else if (c === ':' && top()?.open === '#{') {
      const m = MAP_KEY_BEFORE.exec(text.slice(Math.max(0, i - 200), i));
      if (m) {
        const entry: MapEntry = { key: m[1] ?? m[2], value: null };
        top().entries.push(entry);
        pending = { entry, from: i + 1 };
      }
      i++;
    } else {
      if (c === ',' && stack.length) top().commas++;
      i++;
    }
    codeEnd = i;
  }
  if (inBacktick) {
    return { stack, inComment: false, inString: { quote: '`', start: backtickStart, keyBefore: keyBefore(text, backtickStart), before: text.slice(Math.max(0, backtickStart - 200), backtickStart) } };
  }
  return { stack, inComment: false, inString: null };
}

/** Every bracket of `source` by the offset it opens at, with all it holds (also after a cursor). */
export function framesOf(source: string): Map<number, Frame> {
  const frames = new Map<number, Frame>();
  const { stack } = analyze(source, (f) => frames.set(f.at, f));
  for (const f of stack) frames.set(f.at, f);
  return frames;
}

// ---- member expressions ---------------------------------------------------------

export type Step = { kind: 'name'; name: string } | { kind: 'index'; key: string | null } | { kind: 'call' };

/**
 * The member expression that ends at the end of `text`, e.g. for
 * `if ctx.children.Deployment[0]?.status` the steps ctx, children, Deployment,
 * [0], status. Returns null when the text does not end with one.
 */
export function expressionBefore(text: string): Step[] | null {
  let i = text.length;
  const steps: Step[] = [];
  const skipSpace = () => { while (i > 0 && /\s/.test(text[i - 1])) i--; };
  for (;;) {
    skipSpace();
    if (i > 0 && text[i - 1] === ']') {
      let depth = 0;
      let j = i - 1;
      for (; j >= 0; j--) {
        if (text[j] === ']') depth++;
        else if (text[j] === '[') { depth--; if (depth === 0) break; }
      }
      if (j < 0) return null;
      const inner = text.slice(j + 1, i - 1).trim();
      const lit = /^"([^"]*)"$/.exec(inner);
      steps.unshift({ kind: 'index', key: lit ? lit[1] : null });
      i = j;
      if (i > 0 && text[i - 1] === '?') i--;
      continue;
    }
    if (i > 0 && text[i - 1] === ')') {
      // a call: its result is unknown, but keep scanning so the caller can tell
      return steps.length ? [{ kind: 'call' }, ...steps] : [{ kind: 'call' }];
    }
    const m = /[A-Za-z_]\w*$/.exec(text.slice(Math.max(0, i - 100), i));
    if (!m) return steps.length ? steps : null;
    steps.unshift({ kind: 'name', name: m[0] });
    i -= m[0].length;
    skipSpace();
    if (i > 0 && text[i - 1] === '.') {
      i--;
      if (i > 0 && text[i - 1] === '?') i--;
      continue;
    }
    // `::` is a module path, not a member: stop
    return steps;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Resolves a member expression against the ctx schema, following `let x = ...` and `for x in ...`. */
export function resolve(steps: Step[], source: string, depth = 0): Field | null {
  if (!steps.length || depth > 6) return null;
  const [first, ...rest] = steps;
  if (first.kind !== 'name') return null;
  let field = resolveRoot(first.name, source, depth);
  for (const step of rest) {
    if (!field) return null;
    if (step.kind === 'name') {
      field = field.type === 'map' ? field.fields?.find((f) => f.name === step.name) ?? null : null;
    } else if (step.kind === 'index') {
      if (field.type === 'array') field = field.items ?? null;
      else if (field.type === 'map' && step.key) field = field.fields?.find((f) => f.name === step.key) ?? null;
      else return null;
    } else return null;
  }
  return field;
}

/**
 * Whether a member expression reads through `ctx` itself (not through a
 * variable bound to a part of it): such values are read-only, while a bound
 * part is the script's own copy.
 */
export function readsContext(steps: Step[], source: string): boolean {
  const [first] = steps;
  return first?.kind === 'name' && resolveRoot(first.name, source, 0) === CTX;
}

function resolveRoot(name: string, source: string, depth: number): Field | null {
  // the last `let name = <expr>;` or `for name in <expr>` wins over a parameter name
  const letRe = new RegExp(`\\b(?:let|const)\\s+${escapeRe(name)}\\s*=\\s*([^;]+);`, 'g');
  const forRe = new RegExp(`\\bfor\\s+(?:\\(\\s*)?${escapeRe(name)}\\b(?:\\s*,\\s*\\w+\\s*\\))?\\s+in\\s+([^{]+)\\{`, 'g');
  let best: { at: number; field: Field | null } | null = null;
  for (const m of source.matchAll(letRe)) {
    const rhs = m[1].trim();
    if (!/^[\w.?\s[\]"]+$/.test(rhs)) { best = { at: m.index ?? 0, field: null }; continue; }
    const steps = expressionBefore(rhs);
    if (!best || (m.index ?? 0) >= best.at) best = { at: m.index ?? 0, field: steps ? resolve(steps, source.slice(0, m.index), depth + 1) : null };
  }
  for (const m of source.matchAll(forRe)) {
    const steps = expressionBefore(m[1].trim());
    const arr = steps ? resolve(steps, source.slice(0, m.index), depth + 1) : null;
    if (!best || (m.index ?? 0) >= best.at) best = { at: m.index ?? 0, field: arr?.type === 'array' ? arr.items ?? null : null };
  }
  if (best) return best.field;
  return ROOTS[name] ?? null;
}

// ---- functions defined by a script -------------------------------------------------

export interface ScriptFn { name: string; params: string[]; doc: string; private: boolean; line: number }

export function functionsOf(source: string): ScriptFn[] {
  const out: ScriptFn[] = [];
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(private\s+)?fn\s+([A-Za-z_]\w*)\s*\(([^)]*)\)/.exec(lines[i]);
    if (!m) continue;
    const doc: string[] = [];
    for (let j = i - 1; j >= 0; j--) {
      const d = /^\s*\/\/\/?\s?(.*)$/.exec(lines[j]);
      if (!d || /^\s*\/\/\s*-{3,}/.test(lines[j])) break;
      doc.unshift(d[1]);
    }
    const params = m[3].split(',').map((p) => p.trim()).filter(Boolean);
    out.push({ name: m[2], params, doc: doc.join('\n'), private: !!m[1], line: i + 1 });
  }
  return out;
}

/** `import "lib.x" as alias;` statements: alias to script name. */
export function importsOf(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(/\bimport\s+"([^"]+)"\s+as\s+([A-Za-z_]\w*)/g)) out.set(m[2], `${m[1]}.rhai`);
  return out;
}

export { CTX };
