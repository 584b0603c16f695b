// Completions, hovers and signature help for Rhai, driven by reference.ts
// (and through it by the generated script contract, contract.ts).
import { monaco } from '../monaco';
import { analyze, Analysis, expressionBefore, functionsOf, importsOf, readsContext, resolve, ScriptFn } from './analysis';
import { lex } from './lexer';
import { mapLiteralAt, MapLiteral } from './literals';
import {
  BUILTINS, CTX_TYPE, ENTRIES, entryDoc, entrySignature, Field, HELPERS, helperMarkdown, helperSignature, isCtx, KEYWORDS, METHODS, Method, rootsOf, VALUES_BY_KEY,
} from './reference';
import { RHAI } from './language';

type Model = monaco.editor.ITextModel;
type Item = monaco.languages.CompletionItem;

export interface ScriptLookup {
  /** The script name of a model (e.g. `reconcile.rhai`), or null. */
  scriptOf(model: Model): string | null;
  /** The model of a script. */
  modelOf(script: string): Model | null;
  /** Every script name. */
  scripts(): string[];
}

const K = monaco.languages.CompletionItemKind;
const SNIPPET = monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet;

function md(value: string): monaco.IMarkdownString {
  return { value, isTrusted: false };
}

function typeLabel(f: Field): string {
  if (isCtx(f)) return CTX_TYPE;
  if (f.type === 'array') return f.items ? `array of ${f.items.type === 'map' ? f.items.name : f.items.type}` : 'array';
  return f.type;
}

/** What a field holds, its values and keys (ctx has fields, not keys). */
function fieldBody(f: Field): string {
  const values = f.values ? `\n\nValues: ${f.values.map((v) => `\`${v}\``).join(', ')}` : '';
  const keys = f.fields?.length ? `\n\n${isCtx(f) ? 'Fields' : 'Keys'}: ${f.fields.map((x) => `\`${x.name}\``).join(', ')}` : '';
  return `${f.doc}${values}${keys}`;
}

/** A hover of the value at `path`; `readOnly` when it is read through ctx. */
function fieldDoc(f: Field, path: string, readOnly = false): string {
  const type = readOnly && !isCtx(f) ? `${typeLabel(f)}, read-only` : typeLabel(f);
  return `\`${path}\`: ${type}\n\n${fieldBody(f)}`;
}

function fieldItems(fields: Field[], range: monaco.IRange, sortPrefix: string, asKey: boolean): Item[] {
  return fields.map((f) => ({
    label: { label: f.name, description: typeLabel(f) },
    kind: f.type === 'map' ? K.Struct : f.type === 'array' ? K.Field : K.Property,
    detail: typeLabel(f),
    documentation: md(fieldBody(f)),
    insertText: asKey ? keyInsert(f) : f.name,
    insertTextRules: asKey ? SNIPPET : undefined,
    range,
    sortText: `${sortPrefix}${f.name}`,
  }));
}

function keyInsert(f: Field): string {
  if (f.type === 'map') return `${f.name}: #{ $0 }`;
  if (f.type === 'array') return `${f.name}: [$0]`;
  if (f.type === 'bool') return `${f.name}: \${1|true,false|}`;
  if (f.values) return `${f.name}: "\${1|${f.values.join(',')}|}"`;
  if (f.type === 'string') return `${f.name}: "$1"`;
  return `${f.name}: $1`;
}

/** Methods of a value; a read-only one is offered only those that leave it unchanged. */
function methodItems(methods: Method[], range: monaco.IRange, readOnly: boolean): Item[] {
  return methods.filter((x) => !readOnly || !x.changes).map((x) => ({
    label: x.name,
    kind: K.Method,
    documentation: md(x.doc),
    insertText: x.insert ?? x.name,
    insertTextRules: x.insert ? SNIPPET : undefined,
    range,
    sortText: `9${x.name}`,
  }));
}

function helperItems(range: monaco.IRange): Item[] {
  return HELPERS.map((h) => ({
    label: { label: h.name, detail: `(${h.params.map((p) => p.name).join(', ')})`, description: h.returns },
    kind: K.Function,
    detail: helperSignature(h),
    documentation: md(helperMarkdown(h)),
    insertText: h.params.length ? `${h.name}(${h.params.map((p, i) => `\${${i + 1}:${p.name}}`).join(', ')})` : `${h.name}()`,
    insertTextRules: SNIPPET,
    range,
    sortText: `2${h.name}`,
  }));
}

function scriptFnItems(fns: ScriptFn[], range: monaco.IRange, prefix: string, sort: string): Item[] {
  return fns.filter((f) => !f.private || !prefix).map((f) => ({
    label: { label: `${prefix}${f.name}`, detail: `(${f.params.join(', ')})` },
    kind: K.Function,
    detail: `fn ${prefix}${f.name}(${f.params.join(', ')})`,
    documentation: f.doc ? md(f.doc) : undefined,
    insertText: `${f.name}(${f.params.map((p, i) => `\${${i + 1}:${p}}`).join(', ')})`,
    insertTextRules: SNIPPET,
    range,
    sortText: `${sort}${f.name}`,
  }));
}

const KEYWORD_SNIPPETS: { label: string; insert: string; doc: string }[] = [
  { label: 'fn', insert: 'fn ${1:name}(${2:ctx}) {\n\t$0\n}', doc: 'Function definition' },
  { label: 'if', insert: 'if ${1:condition} {\n\t$0\n}', doc: 'if statement' },
  { label: 'ifelse', insert: 'if ${1:condition} {\n\t$2\n} else {\n\t$0\n}', doc: 'if / else' },
  { label: 'for', insert: 'for ${1:item} in ${2:items} {\n\t$0\n}', doc: 'for loop' },
  { label: 'switch', insert: 'switch ${1:value} {\n\t${2:"a"} => ${3:1},\n\t_ => ${0:()}\n}', doc: 'switch expression' },
  { label: 'let', insert: 'let ${1:name} = ${0:value};', doc: 'Variable' },
  { label: 'import', insert: 'import "${1:lib.name}" as ${2:name};', doc: 'Import a library script of the same set' },
  { label: 'try', insert: 'try {\n\t$1\n} catch (${2:err}) {\n\t$0\n}', doc: 'try / catch' },
];

function generalItems(model: Model, lookup: ScriptLookup, range: monaco.IRange): Item[] {
  const items: Item[] = [];
  for (const k of KEYWORDS) items.push({ label: k, kind: K.Keyword, insertText: k, range, sortText: `5${k}` });
  for (const s of KEYWORD_SNIPPETS) {
    items.push({ label: { label: s.label, description: 'snippet' }, kind: K.Snippet, documentation: s.doc, insertText: s.insert, insertTextRules: SNIPPET, range, sortText: `6${s.label}` });
  }
  items.push(...helperItems(range));
  for (const b of BUILTINS) {
    items.push({ label: b.name, kind: K.Function, detail: 'Rhai built-in', documentation: md(b.doc), insertText: b.insert, insertTextRules: SNIPPET, range, sortText: `7${b.name}` });
  }
  const ctx = rootsOf(lookup.scriptOf(model)).ctx;
  items.push({ label: { label: 'ctx', description: CTX_TYPE }, kind: K.Variable, detail: 'the evaluation context', documentation: md(fieldBody(ctx)), insertText: 'ctx', range, sortText: '1ctx' });
  items.push(...scriptFnItems(functionsOf(model.getValue()), range, '', '3'));
  for (const [alias] of importsOf(model.getValue())) {
    items.push({ label: { label: alias, description: 'module' }, kind: K.Module, insertText: alias, range, sortText: `4${alias}` });
  }
  const script = lookup.scriptOf(model);
  const e = ENTRIES.find((x) => x.script === script);
  // offered until the script has a function, or one begun (`fn` alone)
  if (e && !lex(model.getValue()).tokens.some((t) => t.kind === 'name' && t.text === 'fn')) {
    items.push({ label: { label: e.function, description: 'entry point' }, kind: K.Snippet, documentation: md(entryDoc(e)), insertText: `${entrySignature(e)} {\n\t$0\n}`, insertTextRules: SNIPPET, range, sortText: '0' });
  }
  return items;
}

function valueItems(values: string[], range: monaco.IRange, quote: string): Item[] {
  return values.map((v, i) => ({
    label: quote ? `"${v}"` : v,
    kind: K.EnumMember,
    insertText: quote ? `${quote}${v}${quote}` : v,
    range,
    sortText: `0${String(i).padStart(2, '0')}`,
  }));
}

/** Key completions of a map literal: the keys that fit there and are not written yet. */
function keyItems(literal: MapLiteral, range: monaco.IRange): Item[] {
  const unwritten = (literal.field.fields ?? []).filter((f) => !literal.written.some((e) => e.key === f.name));
  return fieldItems(unwritten, range, '0', true);
}

/** Whether `word`, being typed at the end of the analysed text, begins an entry of the map literal open there. */
function startsMapEntry(a: Analysis, word: string): boolean {
  const before = a.code[a.code.length - (word ? 2 : 1)];
  return a.stack[a.stack.length - 1]?.open === '#{' && (before?.text === '#{' || before?.text === ',');
}

function provideCompletions(model: Model, position: monaco.Position, lookup: ScriptLookup, trigger: string | undefined): monaco.languages.CompletionList {
  const text = model.getValueInRange({ startLineNumber: 1, startColumn: 1, endLineNumber: position.lineNumber, endColumn: position.column });
  const line = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
  const word = model.getWordUntilPosition(position);
  const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
  const a = analyze(text);
  if (a.inComment) return { suggestions: [] };
  const literal = mapLiteralAt(a.stack, model.getValue(), lookup.scriptOf(model));

  if (a.inString) {
    if (/\bimport\s*$/.test(a.inString.before)) {
      const libs = lookup.scripts().filter((s) => s.startsWith('lib.')).map((s) => s.replace(/\.rhai$/, ''));
      return { suggestions: libs.map((l) => ({ label: l, kind: K.Module, insertText: l, range })) };
    }
    const key = a.inString.keyBefore;
    const values = key ? literal?.field.fields?.find((f) => f.name === key)?.values ?? VALUES_BY_KEY[key] : undefined;
    return { suggestions: values ? valueItems(values, range, '') : [] };
  }

  // module::function
  const mod = /([A-Za-z_]\w*)\s*::\s*\w*$/.exec(line);
  if (mod) {
    const script = importsOf(model.getValue()).get(mod[1]);
    const target = script ? lookup.modelOf(script) : null;
    return { suggestions: target ? scriptFnItems(functionsOf(target.getValue()).filter((f) => !f.private), range, '', '0') : [] };
  }

  // member access: expr.  / expr?.
  const member = /\??\.\s*\w*$/.exec(line);
  if (member && !/\.\.\s*\w*$/.test(line) && !/\d\.\w*$/.test(line)) {
    const steps = expressionBefore(line.slice(0, member.index));
    if (steps) {
      const roots = rootsOf(lookup.scriptOf(model));
      const value = steps[0].kind === 'call' ? null : resolve(steps, text, roots);
      const readOnly = steps[0].kind !== 'call' && readsContext(steps, text, roots);
      // ctx is an object with fields only, not a map
      if (value && isCtx(value)) return { suggestions: fieldItems(value.fields ?? [], range, '0', false) };
      if (value?.type === 'map') {
        return { suggestions: [...fieldItems(value.fields ?? [], range, '0', false), ...methodItems(METHODS.map, range, readOnly)] };
      }
      if (value?.type === 'array') return { suggestions: methodItems(METHODS.array, range, readOnly) };
      if (value?.type === 'string') return { suggestions: methodItems(METHODS.string, range, readOnly) };
      if (value?.type === 'int') return { suggestions: methodItems(METHODS.int, range, readOnly) };
      return { suggestions: methodItems(METHODS.any, range, readOnly) };
    }
  }

  // a key of a map literal: only the keys that fit there, or nothing
  if (startsMapEntry(a, word.word)) {
    return { suggestions: literal ? keyItems(literal, range) : [] };
  }

  const items: Item[] = [];
  // `key: ` in a map literal, or `x == ` after a known key: offer its values
  const valueKey = /([A-Za-z_]\w*)\s*(?::|==|!=)\s*\w*$/.exec(line);
  if (valueKey) {
    const field = literal?.field.fields?.find((f) => f.name === valueKey[1]);
    const values = field?.values ?? (valueKey[1] !== 'status' ? VALUES_BY_KEY[valueKey[1]] : undefined);
    if (values) items.push(...valueItems(values, range, '"'));
    if (field?.type === 'bool') items.push(...valueItems(['true', 'false'], range, ''));
  }
  // typing `:` or `"` only opens the list when there is something specific to offer
  if (trigger && trigger !== '.') return { suggestions: items };
  items.push(...generalItems(model, lookup, range));
  return { suggestions: items };
}

function provideHover(model: Model, position: monaco.Position, lookup: ScriptLookup): monaco.languages.Hover | null {
  const word = model.getWordAtPosition(position);
  if (!word) return null;
  const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
  const line = model.getLineContent(position.lineNumber);
  const before = line.slice(0, word.startColumn - 1);
  const after = line.slice(word.endColumn - 1);
  const isCall = /^\s*\(/.test(after);
  const isMember = /\??\.\s*$/.test(before);

  const helper = HELPERS.find((h) => h.name === word.word);
  if (helper && isCall && !isMember && !/::\s*$/.test(before)) {
    return { range, contents: [md(`\`\`\`rhai\n${helperSignature(helper)}\n\`\`\``), md(helperMarkdown(helper))] };
  }
  const builtin = BUILTINS.find((b) => b.name === word.word);
  if (builtin && isCall && !isMember) return { range, contents: [md(`**${builtin.name}** (Rhai built-in)`), md(builtin.doc)] };

  const mod = /([A-Za-z_]\w*)\s*::\s*$/.exec(before);
  if (mod) {
    const script = importsOf(model.getValue()).get(mod[1]);
    const target = script ? lookup.modelOf(script) : null;
    const fn = target ? functionsOf(target.getValue()).find((f) => f.name === word.word) : null;
    if (fn) return { range, contents: [md(`\`\`\`rhai\nfn ${mod[1]}::${fn.name}(${fn.params.join(', ')})\n\`\`\``), md(`${fn.doc || ''}\n\nDefined in \`${script}\` line ${fn.line}.`)] };
    if (script) return { range, contents: [md(`Module \`${mod[1]}\`: \`${script}\``)] };
  }

  const e = ENTRIES.find((x) => x.script === lookup.scriptOf(model) && x.function === word.word);
  if (e && /\bfn\s+$/.test(before)) {
    const fields = (e.decision.fields ?? []).map((f) => `- \`${f.name}\`: ${f.doc}`).join('\n');
    return { range, contents: [md(`\`\`\`rhai\n${entrySignature(e)}\n\`\`\``), md(`${entryDoc(e)}\n\nReturns a map:\n\n${fields}`)] };
  }

  // a key of a map literal: its doc when the map is known, never a variable's
  if (/^\s*:(?!:)/.test(after)) {
    const text = model.getValueInRange({ startLineNumber: 1, startColumn: 1, endLineNumber: position.lineNumber, endColumn: word.startColumn });
    const literal = mapLiteralAt(analyze(text).stack, model.getValue(), lookup.scriptOf(model));
    const f = literal?.field.fields?.find((x) => x.name === word.word);
    return f ? { range, contents: [md(fieldDoc(f, f.name))] } : null;
  }
  const steps = expressionBefore(before + word.word);
  if (steps && steps[0].kind === 'name') {
    const text = model.getValueInRange({ startLineNumber: 1, startColumn: 1, endLineNumber: position.lineNumber, endColumn: word.endColumn });
    const roots = rootsOf(lookup.scriptOf(model));
    const f = resolve(steps, text, roots);
    if (f) {
      const path = steps.map((s) => (s.kind === 'name' ? s.name : '[]')).join('.').replace(/\.\[\]/g, '[]');
      return { range, contents: [md(fieldDoc(f, path, readsContext(steps, text, roots)))] };
    }
  }
  return null;
}

function provideSignatureHelp(model: Model, position: monaco.Position, lookup: ScriptLookup): monaco.languages.SignatureHelpResult | null {
  const text = model.getValueInRange({ startLineNumber: 1, startColumn: 1, endLineNumber: position.lineNumber, endColumn: position.column });
  const a = analyze(text);
  if (a.inComment) return null;
  for (let k = a.stack.length - 1; k >= 0; k--) {
    const f = a.stack[k];
    if (f.open !== '(') continue;
    if (!f.fn) return null;
    const helper = HELPERS.find((h) => h.name === f.fn);
    let sig: monaco.languages.SignatureInformation | null = null;
    if (helper) {
      sig = {
        label: helperSignature(helper),
        documentation: md(`${helper.doc}\n\n\`${helper.example}\``),
        parameters: helper.params.map((p) => ({ label: `${p.name}: ${p.type}`, documentation: md(p.doc) })),
      };
    } else {
      const local = functionsOf(model.getValue()).find((x) => x.name === f.fn);
      let fn = local;
      if (!fn) {
        for (const [, script] of importsOf(model.getValue())) {
          const target = lookup.modelOf(script);
          fn = target ? functionsOf(target.getValue()).find((x) => x.name === f.fn && !x.private) : undefined;
          if (fn) break;
        }
      }
      if (fn) sig = { label: `${fn.name}(${fn.params.join(', ')})`, documentation: fn.doc ? md(fn.doc) : undefined, parameters: fn.params.map((p) => ({ label: p })) };
    }
    if (!sig) return null;
    return { value: { signatures: [sig], activeSignature: 0, activeParameter: Math.min(f.commas, Math.max(0, sig.parameters.length - 1)) }, dispose() {} };
  }
  return null;
}

export function registerRhaiProviders(lookup: ScriptLookup): void {
  monaco.languages.registerCompletionItemProvider(RHAI, {
    // Not `,` or `{`: keys are offered once one is begun, so Enter after a
    // comma or brace is a new line. The lists these open have nothing
    // selected (the editor's suggest.selectionMode), so Enter after them is too.
    triggerCharacters: ['.', ':', '"'],
    provideCompletionItems: (model, position, context) =>
      provideCompletions(model, position, lookup, context.triggerKind === monaco.languages.CompletionTriggerKind.TriggerCharacter ? context.triggerCharacter : undefined),
  });
  monaco.languages.registerHoverProvider(RHAI, {
    provideHover: (model, position) => provideHover(model, position, lookup),
  });
  monaco.languages.registerSignatureHelpProvider(RHAI, {
    signatureHelpTriggerCharacters: ['(', ','],
    signatureHelpRetriggerCharacters: [','],
    provideSignatureHelp: (model, position) => provideSignatureHelp(model, position, lookup),
  });
}
