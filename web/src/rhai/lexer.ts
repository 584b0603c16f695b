// Splits Rhai source into tokens with their offsets, the way Rhai reads it:
// nested block comments, escapes in "..." strings, multi-line back-tick
// strings (a doubled back-tick is a back-tick) whose `${ ... }`
// interpolations hold code that is split into tokens like any other.
// Completions, hovers, navigation and the formatter work on these tokens, so
// they never mistake the inside of a string or a comment for code.

export type TokenKind = 'name' | 'number' | 'string' | 'comment' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset of the first character. */
  start: number;
  /** Offset after the last character. */
  end: number;
}

export interface Lexed {
  tokens: Token[];
  /** False when the source ends inside a string, a comment or an interpolation. */
  complete: boolean;
  /**
   * The string or comment the source ends inside of (a line comment too),
   * null when it ends in code (an interpolation's included). For a source
   * cut at a cursor: where the cursor is.
   */
  endsInside: Inside | null;
}

export interface Inside {
  kind: 'string' | 'comment';
  /** Offset of its opening quote, `//` or `/*`; of a back-tick string's first back-tick even past its `${ }`s. */
  start: number;
}

const NAME = /[A-Za-z_]\w*/y;
const NUMBER = /0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][-+]?\d+)?/y;
// `?[` stays two tokens so that `[` is seen as the bracket it opens
const OPERATOR = /<<=|>>=|\*\*=|\.\.=|::|\?\.|\?\?|\.\.|=>|->|==|!=|<=|>=|&&|\|\||\+=|-=|\*=|\/=|%=|&=|\|=|\^=|<<|>>|\*\*|#\{/y;

function match(re: RegExp, source: string, at: number): number {
  re.lastIndex = at;
  return re.test(source) ? re.lastIndex : at;
}

/** The tokens of `source`, comments and strings included, in order. */
export function lex(source: string): Lexed {
  const tokens: Token[] = [];
  const n = source.length;
  // each open `${ ... }`, innermost last: the brace depth inside it and
  // where its back-tick string opens
  const interpolations: { depth: number; opening: number }[] = [];
  let complete = true;
  let endsInside: Inside | null = null;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number) => tokens.push({ kind, text: source.slice(start, end), start, end });

  // Back-tick string text from `start` up to its closing back-tick or its
  // next `${`; the string opens at `opening`.
  const backtick = (start: number, from: number, opening: number) => {
    for (let j = from; j < n; j++) {
      if (source[j] === '`') {
        if (source[j + 1] === '`') { j++; continue; }
        push('string', start, j + 1);
        i = j + 1;
        return;
      }
      if (source[j] === '$' && source[j + 1] === '{') {
        if (j > start) push('string', start, j);
        push('punct', j, j + 2);
        interpolations.push({ depth: 0, opening });
        i = j + 2;
        return;
      }
    }
    push('string', start, n);
    complete = false;
    endsInside = { kind: 'string', start: opening };
    i = n;
  };

  while (i < n) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '/' && source[i + 1] === '/') {
      const nl = source.indexOf('\n', i);
      const end = nl < 0 ? n : nl;
      if (nl < 0) endsInside = { kind: 'comment', start: i };
      push('comment', i, end);
      i = end;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (source[j] === '/' && source[j + 1] === '*') { depth++; j += 2; } else if (source[j] === '*' && source[j + 1] === '/') { depth--; j += 2; } else j++;
      }
      if (depth > 0) {
        complete = false;
        endsInside = { kind: 'comment', start: i };
      }
      push('comment', i, j);
      i = j;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && source[j] !== c && !(c === "'" && source[j] === '\n')) j += source[j] === '\\' ? 2 : 1;
      if (j >= n || source[j] !== c) complete = false;
      if (j >= n) endsInside = { kind: 'string', start: i };
      const end = Math.min(j + 1, n);
      push('string', i, end);
      i = end;
      continue;
    }
    if (c === '`') { backtick(i, i + 1, i); continue; }
    if (interpolations.length) {
      const top = interpolations[interpolations.length - 1];
      if (c === '}' && top.depth === 0) {
        interpolations.pop();
        push('punct', i, i + 1);
        backtick(i + 1, i + 1, top.opening);
        continue;
      }
      if (c === '{' || (c === '#' && source[i + 1] === '{')) top.depth++;
      else if (c === '}') top.depth--;
    }
    let end = match(NAME, source, i);
    if (end > i) { push('name', i, end); i = end; continue; }
    end = match(NUMBER, source, i);
    if (end > i) { push('number', i, end); i = end; continue; }
    end = match(OPERATOR, source, i);
    push('punct', i, end > i ? end : i + 1);
    i = end > i ? end : i + 1;
  }
  if (interpolations.length) complete = false;
  return { tokens, complete, endsInside };
}
