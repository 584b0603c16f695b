// The Rhai language for Monaco: Monarch tokenizer, language configuration
// (brackets, auto-closing pairs, comment toggling, doc-comment continuation)
// and a dark theme that colours its tokens.
import { monaco } from '../monaco';
import { BUILTINS, CONTROL_KEYWORDS, HELPER_NAMES, KEYWORDS } from './reference';

export const RHAI = 'rhai';
export const THEME = 'streamspace-dark';

export const monarch: monaco.languages.IMonarchLanguage = {
  defaultToken: '',
  tokenPostfix: '.rhai',
  keywords: KEYWORDS.filter((k) => !CONTROL_KEYWORDS.includes(k) && k !== 'true' && k !== 'false'),
  controlKeywords: CONTROL_KEYWORDS,
  constants: ['true', 'false'],
  builtins: BUILTINS.map((b) => b.name),
  helpers: HELPER_NAMES,
  operators: [
    '=', '>', '<', '!', '?', ':', '==', '<=', '>=', '!=', '&&', '||', '+', '-', '*', '/', '&', '|', '^', '%',
    '<<', '>>', '**', '+=', '-=', '*=', '/=', '&=', '|=', '^=', '%=', '<<=', '>>=', '**=',
    '??', '?.', '..', '..=', '::', '=>',
  ],
  symbols: /[=><!?:&|+\-*\/^%.]+/,
  escapes: /\\(?:[nrt\\"'0$]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|\n)/,
  brackets: [
    { open: '{', close: '}', token: 'delimiter.curly' },
    { open: '[', close: ']', token: 'delimiter.square' },
    { open: '(', close: ')', token: 'delimiter.parenthesis' },
  ],
  tokenizer: {
    root: [{ include: '@common' }],

    common: [
      [/\s+/, 'white'],
      // comments: `///` and `//!` are doc comments, `/** */` a doc block
      [/\/\/[\/!].*$/, 'comment.doc'],
      [/\/\/.*$/, 'comment'],
      [/\/\*\*(?!\/)/, 'comment.doc', '@docblock'],
      [/\/\*/, 'comment', '@block'],

      // strings and characters
      [/"/, 'string', '@dstring'],
      [/`/, 'string', '@bstring'],
      [/'(?:[^'\\]|@escapes)'/, 'string.char'],
      [/'/, 'string.invalid'],

      // numbers
      [/0x[0-9a-fA-F_]+/, 'number.hex'],
      [/0o[0-7_]+/, 'number.octal'],
      [/0b[01_]+/, 'number.binary'],
      [/\d[\d_]*\.\d[\d_]*(?:[eE][-+]?\d+)?/, 'number.float'],
      [/\d[\d_]*[eE][-+]?\d+/, 'number.float'],
      [/\d[\d_]*/, 'number'],

      // map literal `#{`
      [/#\{/, { token: 'delimiter.curly', bracket: '@open' }],

      // `fn name`, `module::`, calls, identifiers
      [/(fn)(\s+)([a-zA-Z_]\w*)/, ['keyword', 'white', 'entity.name.function']],
      [/[a-zA-Z_]\w*(?=\s*::)/, 'namespace'],
      [/[a-zA-Z_]\w*(?=\s*\()/, {
        cases: {
          '@controlKeywords': 'keyword.control',
          '@keywords': 'keyword',
          '@helpers': 'predefined.helper',
          '@builtins': 'predefined',
          '@default': 'function',
        },
      }],
      [/[a-zA-Z_]\w*/, {
        cases: {
          '@controlKeywords': 'keyword.control',
          '@keywords': 'keyword',
          '@constants': 'constant',
          'ctx': 'variable.predefined',
          '@default': 'identifier',
        },
      }],

      [/[{}()\[\]]/, '@brackets'],
      [/@symbols/, { cases: { '@operators': 'operator', '@default': 'delimiter' } }],
      [/[;,]/, 'delimiter'],
    ],

    block: [
      [/[^/*]+/, 'comment'],
      [/\/\*/, 'comment', '@push'],
      [/\*\//, 'comment', '@pop'],
      [/[/*]/, 'comment'],
    ],
    docblock: [
      [/[^/*]+/, 'comment.doc'],
      [/\/\*/, 'comment.doc', '@push'],
      [/\*\//, 'comment.doc', '@pop'],
      [/[/*]/, 'comment.doc'],
    ],

    dstring: [
      [/[^\\"]+/, 'string'],
      [/@escapes/, 'string.escape'],
      [/\\./, 'string.escape.invalid'],
      [/"/, 'string', '@pop'],
    ],

    // back-tick strings: multi-line, no escapes except a doubled back-tick,
    // `${ expr }` interpolation
    bstring: [
      [/\$\{/, { token: 'delimiter.interpolation', next: '@interpolation' }],
      [/``/, 'string.escape'],
      [/[^`$]+/, 'string'],
      [/\$/, 'string'],
      [/`/, 'string', '@pop'],
    ],
    interpolation: [
      [/\}/, { token: 'delimiter.interpolation', next: '@pop' }],
      [/#?\{/, 'delimiter.curly', '@ibrace'],
      { include: '@common' },
    ],
    ibrace: [
      [/\}/, 'delimiter.curly', '@pop'],
      [/#?\{/, 'delimiter.curly', '@push'],
      { include: '@common' },
    ],
  },
} as monaco.languages.IMonarchLanguage;

export const configuration: monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '//', blockComment: ['/*', '*/'] },
  brackets: [['{', '}'], ['[', ']'], ['(', ')']],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string', 'comment'] },
    { open: '`', close: '`', notIn: ['string', 'comment'] },
    { open: "'", close: "'", notIn: ['string', 'comment'] },
    { open: '/**', close: ' */', notIn: ['string'] },
  ],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"' },
    { open: '`', close: '`' },
    { open: "'", close: "'" },
  ],
  autoCloseBefore: ';:.,=}])> \n\t',
  folding: { markers: { start: /^\s*\/\/\s*#?region\b/, end: /^\s*\/\/\s*#?endregion\b/ } },
  indentationRules: {
    increaseIndentPattern: /^((?!\/\/).)*(\{[^}"'`]*|\([^)"'`]*|\[[^\]"'`]*)$/,
    decreaseIndentPattern: /^\s*[}\])].*$/,
  },
  onEnterRules: [
    // continue `///` and `//!` doc comments
    { beforeText: /^\s*\/\/\/.*$/, action: { indentAction: monaco.languages.IndentAction.None, appendText: '/// ' } },
    { beforeText: /^\s*\/\/!.*$/, action: { indentAction: monaco.languages.IndentAction.None, appendText: '//! ' } },
    // inside /** */ blocks
    { beforeText: /^\s*\/\*\*(?!\/)([^*]|\*(?!\/))*$/, afterText: /^\s*\*\/$/, action: { indentAction: monaco.languages.IndentAction.IndentOutdent, appendText: ' * ' } },
    { beforeText: /^\s*\/\*\*(?!\/)([^*]|\*(?!\/))*$/, action: { indentAction: monaco.languages.IndentAction.None, appendText: ' * ' } },
    { beforeText: /^(\t|( {2})*) \*( ([^*]|\*(?!\/))*)?$/, action: { indentAction: monaco.languages.IndentAction.None, appendText: '* ' } },
  ],
};

export function registerRhaiLanguage(): void {
  monaco.languages.register({ id: RHAI, extensions: ['.rhai'], aliases: ['Rhai', 'rhai'] });
  monaco.languages.setMonarchTokensProvider(RHAI, monarch);
  monaco.languages.setLanguageConfiguration(RHAI, configuration);
  monaco.editor.defineTheme(THEME, {
    base: 'vs-dark',
    inherit: true,
    rules: [
      { token: 'keyword', foreground: '569CD6' },
      { token: 'keyword.control', foreground: 'C586C0' },
      { token: 'constant', foreground: '569CD6' },
      { token: 'entity.name.function', foreground: 'DCDCAA' },
      { token: 'function', foreground: 'DCDCAA' },
      { token: 'predefined.helper', foreground: 'DCDCAA', fontStyle: 'bold' },
      { token: 'predefined', foreground: '4FC1FF' },
      { token: 'namespace', foreground: '4EC9B0' },
      { token: 'variable.predefined', foreground: '4FC1FF' },
      { token: 'identifier', foreground: '9CDCFE' },
      { token: 'string', foreground: 'CE9178' },
      { token: 'string.char', foreground: 'CE9178' },
      { token: 'string.escape', foreground: 'D7BA7D' },
      { token: 'string.invalid', foreground: 'F44747' },
      { token: 'delimiter.interpolation', foreground: '569CD6' },
      { token: 'comment', foreground: '6A9955' },
      { token: 'comment.doc', foreground: '6A9955', fontStyle: 'italic' },
      { token: 'number', foreground: 'B5CEA8' },
      { token: 'operator', foreground: 'D4D4D4' },
      { token: 'delimiter', foreground: 'D4D4D4' },
    ],
    colors: {
      'editor.background': '#1e1e1e',
      'editorGutter.background': '#1e1e1e',
      'editor.lineHighlightBackground': '#2a2d2e',
      'editorLineNumber.foreground': '#6e7681',
      'editorLineNumber.activeForeground': '#c6c6c6',
      'editorWidget.background': '#252526',
      'menu.background': '#252526',
      'menu.foreground': '#cccccc',
      'menu.border': '#454545',
      'menu.separatorBackground': '#454545',
      'diffEditor.insertedTextBackground': '#9ccc2c26',
      'diffEditor.removedTextBackground': '#ff000026',
    },
  });
}
