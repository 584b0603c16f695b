// Format Document for Rhai: a conservative formatter that only re-indents
// lines by bracket depth and trims trailing whitespace. It reads the script
// with the lexer, so the inside of a string (multi-line back-tick strings and
// their `${ }` included) and of a block comment is never touched: a line that
// starts inside one keeps its indentation, and a line that ends inside a
// string keeps its trailing spaces. Everything else (line breaks, spacing
// within a line, comments) stays as written. A script whose brackets do not
// balance, or that ends inside a string or a comment, is left as it is; and
// the result is read again and must hold the very same tokens, or nothing is
// changed.
import { monaco } from '../monaco';
import { RHAI } from './language';
import { lex, Token } from './lexer';

/** The new text of one line (1-based). */
export interface LineFix {
  line: number;
  text: string;
}

const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '#{': '}', '${': '}' };
const CLOSERS = new Set([')', ']', '}']);
// After a line ending with one of these the next line starts a statement or an
// item; after anything else it continues an expression, one level deeper.
const ENDS_ITEM = new Set([';', ',', '{', '}', '(', '[', '#{', '${']);

/** Comments compare without the trailing whitespace formatting trims from their lines. */
function comparable(t: Token): string {
  return t.kind === 'comment' ? t.text.replace(/[ \t]+$/gm, '') : t.text;
}

/** Whether two scripts read as the same tokens: the same program with the same comments. */
function sameTokens(a: Token[], b: Token[]): boolean {
  return a.length === b.length && a.every((t, i) => t.kind === b[i].kind && comparable(t) === comparable(b[i]));
}

function widthOf(whitespace: string, tabSize: number): number {
  let width = 0;
  for (const c of whitespace) width += c === '\t' ? tabSize - (width % tabSize) : 1;
  return width;
}

/**
 * The lines of a script that formatting changes, indented with `unit` per
 * level (four spaces, or a tab as wide as `tabSize`); none when the script
 * cannot be formatted safely.
 */
export function formatLines(lines: string[], unit: string, tabSize: number): LineFix[] {
  const { tokens, complete } = lex(lines.join('\n'));
  if (!complete) return [];
  const unitWidth = Math.max(1, widthOf(unit, tabSize));
  const fixes: LineFix[] = [];
  // the open brackets, each with the level of the line that opened it
  const open: { text: string; level: number }[] = [];
  let next = 0;
  let lastCode: Token | null = null;
  let lineStart = 0;
  for (let l = 0; l < lines.length; l++) {
    const text = lines[l];
    const lineEnd = lineStart + text.length;
    const spanning = tokens[next - 1];
    // inside a string, a block comment or a back-tick string's `${ }`
    const startsInside = (!!spanning && spanning.end > lineStart) || open.some((b) => b.text === '${');
    const first = next;
    while (next < tokens.length && tokens[next].start <= lineEnd) next++;
    const onLine = tokens.slice(first, next);
    const last = tokens[next - 1];
    const endsInString = !!last && last.kind === 'string' && last.end > lineEnd;

    const leading = /^[ \t]*/.exec(text)![0];
    const body = endsInString ? text.slice(leading.length) : text.slice(leading.length).trimEnd();
    const head = onLine[0];
    const top = open[open.length - 1];
    let level: number;
    if (startsInside) level = Math.round(widthOf(leading, tabSize) / unitWidth);
    else if (head?.kind === 'punct' && CLOSERS.has(head.text)) level = top ? top.level : 0;
    else {
      const continues = !!head && !!lastCode && !ENDS_ITEM.has(lastCode.text) && head.kind !== 'comment' && head.text !== '{';
      level = (top ? top.level + 1 : 0) + (continues ? 1 : 0);
    }
    const indent = startsInside ? leading : body ? unit.repeat(level) : '';
    if (indent + body !== text) fixes.push({ line: l + 1, text: indent + body });

    for (const t of onLine) {
      if (t.kind === 'comment') continue;
      lastCode = t;
      if (t.kind !== 'punct') continue;
      if (PAIRS[t.text]) open.push({ text: t.text, level });
      else if (CLOSERS.has(t.text) && PAIRS[open.pop()?.text ?? ''] !== t.text) return [];
    }
    lineStart = lineEnd + 1;
  }
  if (open.length) return [];
  const formatted = [...lines];
  for (const fix of fixes) formatted[fix.line - 1] = fix.text;
  return sameTokens(tokens, lex(formatted.join('\n')).tokens) ? fixes : [];
}

/** Registers the formatter, and Shift+Alt+F for Format Document on every platform (Linux's default is Ctrl+Shift+I). */
export function registerRhaiFormatter(): void {
  monaco.languages.registerDocumentFormattingEditProvider(RHAI, {
    displayName: 'Rhai (indentation)',
    provideDocumentFormattingEdits(model, options) {
      const unit = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
      return formatLines(model.getLinesContent(), unit, options.tabSize).map((fix) => ({
        range: new monaco.Range(fix.line, 1, fix.line, model.getLineMaxColumn(fix.line)),
        text: fix.text,
      }));
    },
  });
  monaco.editor.addKeybindingRule({
    keybinding: monaco.KeyMod.Shift | monaco.KeyMod.Alt | monaco.KeyCode.KeyF,
    command: 'editor.action.formatDocument',
    when: 'editorHasDocumentFormattingProvider && editorTextFocus && !editorReadonly',
  });
}
