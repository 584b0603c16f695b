// Small, forgiving analysis of Rhai source for completions, hovers and
// signature help: where the cursor is (comment, string, which brackets are
// open), what a member expression such as `ctx.session.spec.` refers to, and
// which functions a script defines. Where the cursor is comes from the
// lexer's tokens, so it agrees with navigation and the formatter about where
// every string and comment ends.
import { lex, Token } from './lexer';
import { Field } from './reference';
import { symbolsOf } from './symbols';

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
  /** The tokens of the text that are code, not comments. */
  code: Token[];
  inComment: boolean;
  /** The string the text ends inside of: its quote, where it opens, the key it is compared with or given to, the text before it. */
  inString: { quote: string; start: number; keyBefore: string | null; before: string } | null;
}

// `key: x`, `key == x`, `key != x`, `key = x`
const KEY_OPERATORS = new Set([':', '==', '!=', '=']);
// a `#{` after one of these (or first) starts a statement
const STATEMENT_ENDS = new Set(['{', '}', ';', '#{', '${']);

/** The key a name or a `"quoted"` key token stands for. */
function keyOf(t: Token | undefined): string | null {
  if (t?.kind === 'name') return t.text;
  return t?.kind === 'string' && t.text.startsWith('"') ? t.text.slice(1, -1) : null;
}

/** The key that the value starting at `code[k]` is given to or compared with. */
function keyBefore(code: Token[], k: number): string | null {
  const op = code[k - 1];
  return op?.kind === 'punct' && KEY_OPERATORS.has(op.text) ? keyOf(code[k - 2]) : null;
}

/** Whether `code[k]` starts a statement or follows `return`. */
function startsStatement(code: Token[], k: number): boolean {
  const prev = code[k - 1];
  return !prev || (prev.kind === 'punct' && STATEMENT_ENDS.has(prev.text)) || (prev.kind === 'name' && prev.text === 'return');
}

/** The function whose head `fn name(params)` ends just before the `{` at `code[k]`. */
function definedBy(code: Token[], k: number): string | null {
  if (code[k - 1]?.text !== ')') return null;
  let j = k - 2;
  while (j >= 0 && (code[j].kind === 'name' || code[j].text === ',')) j--;
  const name = code[j - 1];
  return code[j]?.text === '(' && name?.kind === 'name' && code[j - 2]?.text === 'fn' ? name.text : null;
}

/**
 * Reads `text` (a script up to the cursor) and reports the state at its end.
 * `onClose` sees every bracket closed on the way, with all it holds.
 */
export function analyze(text: string, onClose?: (frame: Frame) => void): Analysis {
  const { tokens, endsInside } = lex(text);
  const code = tokens.filter((t) => t.kind !== 'comment');
  const stack: Frame[] = [];
  const top = () => stack[stack.length - 1];
  const push = (open: Frame['open'], at: Token, init: Partial<Frame> = {}) => stack.push({
    open, at: at.start, key: null, fn: null, defines: null, atStatement: false, entries: [], commas: 0, ...init,
  });
  // the entry whose value the next token begins
  let pending: MapEntry | null = null;
  for (let k = 0; k < code.length; k++) {
    const t = code[k];
    const entry = pending;
    pending = null;
    if (t.kind === 'string') {
      // a "..." value, once it is closed
      if (entry && t.text.startsWith('"') && endsInside?.start !== t.start) entry.value = t.text.slice(1, -1);
      continue;
    }
    if (t.kind !== 'punct') continue;
    if (t.text === '#{') push('#{', t, { key: keyBefore(code, k), atStatement: startsStatement(code, k) });
    else if (t.text === '${') push('${', t);
    else if (t.text === '{') push('{', t, { defines: definedBy(code, k) });
    else if (t.text === '[') push('[', t, { key: keyBefore(code, k) });
    else if (t.text === '(') push('(', t, { fn: code[k - 1]?.kind === 'name' ? code[k - 1].text : null });
    else if (t.text === '}' || t.text === ')' || t.text === ']') {
      const closed = stack.pop();
      if (closed && onClose) onClose(closed);
    } else if (t.text === ':' && top()?.open === '#{') {
      const key = keyOf(code[k - 1]);
      if (key !== null) {
        pending = { key, value: null };
        top().entries.push(pending);
      }
    } else if (t.text === ',' && stack.length) top().commas++;
  }
  if (endsInside?.kind === 'comment') return { stack, code, inComment: true, inString: null };
  if (endsInside?.kind === 'string') {
    const { start } = endsInside;
    const opening = code.findIndex((t) => t.start === start);
    return { stack, code, inComment: false, inString: { quote: text[start], start, keyBefore: keyBefore(code, opening), before: text.slice(Math.max(0, start - 200), start) } };
  }
  return { stack, code, inComment: false, inString: null };
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

/**
 * Resolves a member expression against the fields of `roots` (the script's
 * `ctx` and other inputs, see `rootsOf`), following `let x = ...` and
 * `for x in ...`.
 */
export function resolve(steps: Step[], source: string, roots: Record<string, Field>, depth = 0): Field | null {
  if (!steps.length || depth > 6) return null;
  const [first, ...rest] = steps;
  if (first.kind !== 'name') return null;
  let field = resolveRoot(first.name, source, roots, depth);
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
export function readsContext(steps: Step[], source: string, roots: Record<string, Field>): boolean {
  const [first] = steps;
  return first?.kind === 'name' && resolveRoot(first.name, source, roots, 0) === roots.ctx;
}

function resolveRoot(name: string, source: string, roots: Record<string, Field>, depth: number): Field | null {
  // the last `let name = <expr>;` or `for name in <expr>` wins over a parameter name
  const letRe = new RegExp(`\\b(?:let|const)\\s+${escapeRe(name)}\\s*=\\s*([^;]+);`, 'g');
  const forRe = new RegExp(`\\bfor\\s+(?:\\(\\s*)?${escapeRe(name)}\\b(?:\\s*,\\s*\\w+\\s*\\))?\\s+in\\s+([^{]+)\\{`, 'g');
  let best: { at: number; field: Field | null } | null = null;
  for (const m of source.matchAll(letRe)) {
    const rhs = m[1].trim();
    if (!/^[\w.?\s[\]"]+$/.test(rhs)) { best = { at: m.index ?? 0, field: null }; continue; }
    const steps = expressionBefore(rhs);
    if (!best || (m.index ?? 0) >= best.at) best = { at: m.index ?? 0, field: steps ? resolve(steps, source.slice(0, m.index), roots, depth + 1) : null };
  }
  for (const m of source.matchAll(forRe)) {
    const steps = expressionBefore(m[1].trim());
    const arr = steps ? resolve(steps, source.slice(0, m.index), roots, depth + 1) : null;
    if (!best || (m.index ?? 0) >= best.at) best = { at: m.index ?? 0, field: arr?.type === 'array' ? arr.items ?? null : null };
  }
  if (best) return best.field;
  return roots[name] ?? null;
}

// ---- functions defined by a script -------------------------------------------------

export interface ScriptFn { name: string; params: string[]; doc: string; private: boolean; line: number }

// a `// ----` line heads a section of the script, not the function below it
const SECTION_RULE = /^\/\/\s*-{3,}/;

/** The `//` comments alone on the lines directly above the line at `start`, without their slashes. */
function docAbove(source: string, tokens: Token[], start: number): string {
  const doc: string[] = [];
  let lineStart = source.lastIndexOf('\n', start - 1) + 1;
  for (let k = tokens.findIndex((t) => t.start >= start) - 1; k >= 0; k--) {
    const t = tokens[k];
    const above = source.lastIndexOf('\n', lineStart - 2) + 1;
    const aloneAbove = t.end === lineStart - 1 && !source.slice(above, t.start).trim();
    if (t.kind !== 'comment' || !t.text.startsWith('//') || SECTION_RULE.test(t.text) || !aloneAbove) break;
    doc.unshift(t.text.replace(/^\/\/\/?\s?/, ''));
    lineStart = above;
  }
  return doc.join('\n');
}

/** The functions a script defines, each with the comment lines right above it as its doc. */
export function functionsOf(source: string): ScriptFn[] {
  const { tokens } = lex(source);
  return symbolsOf(source).functions.map((fn) => ({
    name: fn.name,
    params: fn.params.map((p) => p.name),
    doc: docAbove(source, tokens, fn.start),
    private: fn.private,
    line: source.slice(0, fn.start).split('\n').length,
  }));
}

/** `import "lib.x" as alias;` statements: alias to script name. */
export function importsOf(source: string): Map<string, string> {
  return new Map(symbolsOf(source).imports.map((i) => [i.alias, i.script]));
}

