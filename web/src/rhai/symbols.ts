// What a script declares and what each name in it refers to, from its
// tokens (lexer.ts), following Rhai's scope rules: a function sees only its
// parameters and its own variables (it captures nothing from outside), a
// `let` is visible after its statement to the end of its block and shadows
// an earlier one, loop and `catch` variables belong to their block, and a
// closure's parameters to its body (closures do see the variables around
// them). Functions are visible anywhere in their script, and to the scripts
// that import it as `alias::name`.
import { KEYWORDS } from './reference';
import { lex, Token } from './lexer';

/** A variable or parameter. */
export interface Binding {
  name: string;
  /** Index in `ScriptSymbols.tokens` of the name where it is declared. */
  token: number;
  kind: 'let' | 'const' | 'param' | 'loop' | 'catch' | 'closure';
  /** Offsets of its `let` / `const` statement; null for the other kinds. */
  statement: { start: number; end: number } | null;
  /** A `let` or `const` directly in the script's top level, outside every function and block. */
  topLevel: boolean;
}

/** A function the script defines. */
export interface FnDef {
  name: string;
  /** Index of its name token. */
  token: number;
  /** Its parameters, in order. */
  params: Binding[];
  private: boolean;
  /** Offset of `fn` (or `private`) and offset after the body's closing brace. */
  start: number;
  end: number;
}

/** `import "lib.x" as alias;` */
export interface ImportDef {
  alias: string;
  /** Index of the alias token. */
  token: number;
  /** Index of the string token naming the library. */
  pathToken: number;
  /** The imported script, e.g. `lib.x.rhai`. */
  script: string;
  /** Offsets of the statement, from `import` to its `;`. */
  start: number;
  end: number;
}

/** What a name token refers to. */
export type Ref =
  | { kind: 'binding'; binding: Binding }
  /** A function of this script: its definition, or a call of it by name (any function called by name, helpers too). */
  | { kind: 'function'; name: string; definition: boolean; arity: number | null }
  /** `alias::name`: a function of an imported script. */
  | { kind: 'qualified'; alias: string; name: string; arity: number | null }
  /** An import alias: in its `import` statement, or before `::`. */
  | { kind: 'alias'; alias: string; declaration: boolean }
  /** A module path that is not an import, such as `global::`. */
  | { kind: 'module' }
  /** `.name` after a value: a map field or a method. */
  | { kind: 'member' }
  /** `name:` inside a `#{ }` map literal. */
  | { kind: 'key' }
  | { kind: 'keyword' }
  /** A variable no declaration in scope accounts for (an entry point's input in top-level code, or a mistake). */
  | { kind: 'free' };

export interface ScriptSymbols {
  /** The code tokens: no comments. */
  tokens: Token[];
  functions: FnDef[];
  imports: ImportDef[];
  bindings: Binding[];
  /** What each name token refers to, by token index. */
  refs: Map<number, Ref>;
}

const KEYWORD_SET = new Set(KEYWORDS);
const OPENERS = new Set(['(', '[', '{', '#{', '${']);
const CLOSERS = new Set([')', ']', '}']);

interface Scope {
  bindings: Map<string, Binding>;
  /** `let`s whose statement has not ended yet: not visible to their own initialiser. */
  pending: Binding[];
  /** The bracket depth inside the scope (a closure without braces: the depth it is written at); it ends when a bracket closes below it. */
  depth: number;
  /** A function body: names are not looked up past it. */
  barrier: boolean;
  /** A closure's body without braces: ends at a `,` or `;` at its depth. */
  expression: boolean;
  /** The function whose body this is. */
  fn: FnDef | null;
}

/** Whether `t` ends an operand, so that a `|` after it is the `|` operator and not a closure. */
function endsOperand(t: Token | undefined): boolean {
  if (!t) return false;
  if (t.kind === 'name') return !KEYWORD_SET.has(t.text) || t.text === 'true' || t.text === 'false' || t.text === 'this';
  return t.kind === 'number' || t.kind === 'string' || t.text === ')' || t.text === ']' || t.text === '}';
}

/** The number of arguments of the call whose `(` is at `open`. */
function arityAt(tokens: Token[], open: number): number | null {
  if (tokens[open]?.text !== '(') return null;
  let depth = 0;
  let commas = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k].text;
    if (OPENERS.has(t)) depth++;
    else if (CLOSERS.has(t)) {
      depth--;
      if (depth === 0) return k === open + 1 ? 0 : commas + 1;
    } else if (t === ',' && depth === 1) commas++;
  }
  return null;
}

/** The names declared by a `(a, b)` or `|a, b|` list starting at `open`; the index of its closing token. */
function nameList(tokens: Token[], open: number, close: string): { names: number[]; end: number } {
  const names: number[] = [];
  let k = open + 1;
  for (; k < tokens.length && tokens[k].text !== close; k++) {
    if (tokens[k].kind === 'name' && !KEYWORD_SET.has(tokens[k].text)) names.push(k);
    else if (tokens[k].text !== ',') break;
  }
  return { names, end: k };
}

/** Reads the script's declarations and resolves every name in it. */
export function symbolsOf(source: string): ScriptSymbols {
  const tokens = lex(source).tokens.filter((t) => t.kind !== 'comment');
  const functions: FnDef[] = [];
  const imports: ImportDef[] = [];
  const bindings: Binding[] = [];
  const refs = new Map<number, Ref>();
  const definedFns = new Set<string>();
  for (let k = 0; k + 1 < tokens.length; k++) {
    if (tokens[k].text === 'fn' && tokens[k + 1].kind === 'name') definedFns.add(tokens[k + 1].text);
  }

  const brackets: string[] = [];
  const scopes: Scope[] = [{ bindings: new Map(), pending: [], depth: 0, barrier: true, expression: false, fn: null }];
  // bindings (and the function) that the next `{` at `depth` opens the scope of
  let nextBlock: { depth: number; bindings: Binding[]; fn: FnDef | null } | null = null;
  const top = () => scopes[scopes.length - 1];

  const declare = (token: number, kind: Binding['kind']): Binding => {
    const b: Binding = { name: tokens[token].text, token, kind, statement: null, topLevel: scopes.length === 1 && (kind === 'let' || kind === 'const') };
    bindings.push(b);
    refs.set(token, { kind: 'binding', binding: b });
    return b;
  };
  const lookup = (name: string): Binding | null => {
    for (let s = scopes.length - 1; s >= 0; s--) {
      const b = scopes[s].bindings.get(name);
      if (b) return b;
      if (scopes[s].barrier) return null;
    }
    return null;
  };
  const activatePending = (end: number) => {
    const scope = top();
    for (const b of scope.pending) {
      scope.bindings.set(b.name, b);
      if (b.statement) b.statement.end = end;
    }
    scope.pending = [];
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const prev = tokens[k - 1];
    const next = tokens[k + 1];
    if (t.kind === 'punct') {
      if (t.text === ';' || t.text === ',') {
        while (scopes.length > 1 && top().expression && top().depth === brackets.length) scopes.pop();
        if (t.text === ';' && top().depth === brackets.length) activatePending(t.end);
        if (t.text === ';' && nextBlock?.depth === brackets.length) nextBlock = null;
      } else if (t.text === '|' && !endsOperand(prev)) {
        const { names, end } = nameList(tokens, k, '|');
        if (tokens[end]?.text === '|') {
          const params = names.map((p) => declare(p, 'closure'));
          if (tokens[end + 1]?.text === '{') nextBlock = { depth: brackets.length, bindings: params, fn: null };
          else scopes.push({ bindings: new Map(params.map((b) => [b.name, b])), pending: [], depth: brackets.length, barrier: false, expression: true, fn: null });
          k = end;
        }
      } else if (OPENERS.has(t.text)) {
        const depthBefore = brackets.length;
        brackets.push(t.text);
        if (t.text === '{') {
          const block = nextBlock?.depth === depthBefore ? nextBlock : null;
          nextBlock = null;
          scopes.push({
            bindings: new Map(block?.bindings.map((b) => [b.name, b])), pending: [], depth: brackets.length,
            barrier: !!block?.fn, expression: false, fn: block?.fn ?? null,
          });
        }
      } else if (CLOSERS.has(t.text)) {
        brackets.pop();
        while (scopes.length > 1 && top().depth > brackets.length) {
          const closed = scopes.pop()!;
          if (closed.fn) closed.fn.end = t.end;
        }
      }
      continue;
    }
    if (t.kind !== 'name' || refs.has(k)) continue;

    if (KEYWORD_SET.has(t.text)) {
      refs.set(k, { kind: 'keyword' });
      if ((t.text === 'let' || t.text === 'const') && next?.kind === 'name' && !KEYWORD_SET.has(next.text)) {
        const b = declare(k + 1, t.text);
        b.statement = { start: t.start, end: next.end };
        top().pending.push(b);
      } else if (t.text === 'fn' && next?.kind === 'name' && tokens[k + 2]?.text === '(') {
        const isPrivate = prev?.text === 'private';
        const fn: FnDef = { name: next.text, token: k + 1, params: [], private: isPrivate, start: isPrivate ? prev.start : t.start, end: next.end };
        refs.set(k + 1, { kind: 'function', name: next.text, definition: true, arity: null });
        fn.params = nameList(tokens, k + 2, ')').names.map((p) => declare(p, 'param'));
        functions.push(fn);
        nextBlock = { depth: brackets.length, bindings: fn.params, fn };
      } else if (t.text === 'for' || t.text === 'catch') {
        const names = next?.text === '(' ? nameList(tokens, k + 1, ')').names : next?.kind === 'name' ? [k + 1] : [];
        nextBlock = { depth: brackets.length, bindings: names.map((p) => declare(p, t.text === 'for' ? 'loop' : 'catch')), fn: null };
      } else if (t.text === 'import' && next?.kind === 'string' && tokens[k + 2]?.text === 'as' && tokens[k + 3]?.kind === 'name') {
        const alias = tokens[k + 3];
        const end = tokens[k + 4]?.text === ';' ? tokens[k + 4].end : alias.end;
        imports.push({ alias: alias.text, token: k + 3, pathToken: k + 1, script: `${next.text.slice(1, -1)}.rhai`, start: t.start, end });
        refs.set(k + 3, { kind: 'alias', alias: alias.text, declaration: true });
      }
      continue;
    }
    if (prev && (prev.text === '.' || prev.text === '?.')) { refs.set(k, { kind: 'member' }); continue; }
    if (next?.text === '::') {
      refs.set(k, imports.some((i) => i.alias === t.text) ? { kind: 'alias', alias: t.text, declaration: false } : { kind: 'module' });
      continue;
    }
    if (prev?.text === '::') {
      const alias = tokens[k - 2];
      refs.set(k, { kind: 'qualified', alias: alias?.text ?? '', name: t.text, arity: arityAt(tokens, k + 1) });
      continue;
    }
    if (next?.text === ':' && brackets[brackets.length - 1] === '#{') { refs.set(k, { kind: 'key' }); continue; }
    const binding = lookup(t.text);
    if (next?.text === '(' && (definedFns.has(t.text) || !binding)) {
      refs.set(k, { kind: 'function', name: t.text, definition: false, arity: arityAt(tokens, k + 1) });
      continue;
    }
    refs.set(k, binding ? { kind: 'binding', binding } : { kind: 'free' });
  }
  return { tokens, functions, imports, bindings, refs };
}

/** The index of the name token at `offset` (the cursor may be just before or after it), or -1. */
export function nameAt(symbols: ScriptSymbols, offset: number): number {
  const { tokens } = symbols;
  // the first token that ends at or after the offset
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].end < offset) lo = mid + 1;
    else hi = mid;
  }
  const at = tokens[lo];
  if (!at) return -1;
  // the cursor just after a `.` or a bracket: the name that follows it
  if (at.end === offset && tokens[lo + 1]?.start === offset && tokens[lo + 1].kind === 'name') return lo + 1;
  return at.start <= offset && at.kind === 'name' ? lo : -1;
}
