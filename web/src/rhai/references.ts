// The symbols of the script set seen from a cursor: what the name under it
// stands for, where that is defined, and every place that uses it, across the
// scripts that import a library. Go to definition, find references, rename
// and the outline are built on this.
import { monaco } from '../monaco';
import type { ScriptLookup } from './providers';
import { Binding, FnDef, nameAt, Ref, ScriptSymbols, symbolsOf } from './symbols';
import type { Token } from './lexer';

type Model = monaco.editor.ITextModel;

const cache = new WeakMap<Model, { version: number; symbols: ScriptSymbols }>();

/** The symbols of a model's current text, read once per version. */
export function symbolsOfModel(model: Model): ScriptSymbols {
  const version = model.getVersionId();
  const hit = cache.get(model);
  if (hit?.version === version) return hit.symbols;
  const symbols = symbolsOf(model.getValue());
  cache.set(model, { version, symbols });
  return symbols;
}

/** The range of a token of `model`. */
export function rangeOf(model: Model, token: Token): monaco.Range {
  return monaco.Range.fromPositions(model.getPositionAt(token.start), model.getPositionAt(token.end));
}

/** A name under the cursor and what it refers to. */
export interface NameAt {
  model: Model;
  symbols: ScriptSymbols;
  /** Index of the name in `symbols.tokens`. */
  token: number;
  ref: Ref;
}

export function nameAtPosition(model: Model, position: monaco.IPosition): NameAt | null {
  const symbols = symbolsOfModel(model);
  const token = nameAt(symbols, model.getOffsetAt(position));
  const ref = symbols.refs.get(token);
  return ref ? { model, symbols, token, ref } : null;
}

/** Something of the script set that has a definition and uses. */
export type Target =
  | { kind: 'binding'; model: Model; binding: Binding }
  /** A function of `script`, all its overloads (Rhai tells them apart by their number of parameters). */
  | { kind: 'function'; script: string; name: string }
  | { kind: 'alias'; model: Model; alias: string };

/** The functions named `name` a script defines; those of `arity` parameters first when there are any. */
export function functionsNamed(symbols: ScriptSymbols, name: string, arity: number | null = null): FnDef[] {
  const named = symbols.functions.filter((f) => f.name === name);
  const same = named.filter((f) => f.params.length === arity);
  return same.length ? same : named;
}

/** The library model an alias of `symbols` imports, if it is open in the set. */
export function importedModel(symbols: ScriptSymbols, alias: string, lookup: ScriptLookup): { script: string; model: Model } | null {
  const imp = symbols.imports.find((i) => i.alias === alias);
  const model = imp ? lookup.modelOf(imp.script) : null;
  return imp && model ? { script: imp.script, model } : null;
}

/** What the name stands for; null for keywords, fields, keys and calls of helpers or built-ins. */
export function targetOf(at: NameAt, lookup: ScriptLookup): Target | null {
  const { ref } = at;
  switch (ref.kind) {
    case 'binding':
      return { kind: 'binding', model: at.model, binding: ref.binding };
    case 'function': {
      const script = lookup.scriptOf(at.model);
      return script && functionsNamed(at.symbols, ref.name).length ? { kind: 'function', script, name: ref.name } : null;
    }
    case 'qualified': {
      const lib = importedModel(at.symbols, ref.alias, lookup);
      return lib && functionsNamed(symbolsOfModel(lib.model), ref.name).length ? { kind: 'function', script: lib.script, name: ref.name } : null;
    }
    case 'alias':
      return { kind: 'alias', model: at.model, alias: ref.alias };
    default:
      return null;
  }
}

/** Where the name under the cursor is defined: a function (the overloads that fit the call first), a variable's declaration, an import. */
export function definitionsAt(at: NameAt, lookup: ScriptLookup): monaco.languages.Location[] {
  const { ref, model, symbols } = at;
  const locate = (m: Model, token: Token) => ({ uri: m.uri, range: rangeOf(m, token) });
  switch (ref.kind) {
    case 'binding':
      return [locate(model, symbols.tokens[ref.binding.token])];
    case 'function':
      return functionsNamed(symbols, ref.name, ref.arity).map((f) => locate(model, symbols.tokens[f.token]));
    case 'qualified': {
      const lib = importedModel(symbols, ref.alias, lookup);
      if (!lib) return [];
      const libSymbols = symbolsOfModel(lib.model);
      return functionsNamed(libSymbols, ref.name, ref.arity).filter((f) => !f.private).map((f) => locate(lib.model, libSymbols.tokens[f.token]));
    }
    case 'alias': {
      if (ref.declaration) return libraryStart(symbols, ref.alias, lookup);
      const imp = symbols.imports.find((i) => i.alias === ref.alias);
      return imp ? [locate(model, symbols.tokens[imp.token])] : [];
    }
    default:
      return [];
  }
}

/** The top of the library an import names, when `offset` is on its `"lib.x"`. */
export function importPathAt(model: Model, offset: number, lookup: ScriptLookup): monaco.languages.Location[] {
  const symbols = symbolsOfModel(model);
  const imp = symbols.imports.find((i) => symbols.tokens[i.pathToken].start <= offset && offset <= symbols.tokens[i.pathToken].end);
  return imp ? libraryStart(symbols, imp.alias, lookup) : [];
}

function libraryStart(symbols: ScriptSymbols, alias: string, lookup: ScriptLookup): monaco.languages.Location[] {
  const lib = importedModel(symbols, alias, lookup);
  return lib ? [{ uri: lib.model.uri, range: new monaco.Range(1, 1, 1, 1) }] : [];
}

/** One use of a target. */
export interface Use {
  model: Model;
  range: monaco.Range;
  /** Where it is declared (a function's definition, a `let`, a parameter, an import's alias). */
  declaration: boolean;
}

/** Every use of `target` in the set, declarations included, in script order. */
export function usesOf(target: Target, lookup: ScriptLookup): Use[] {
  const uses: Use[] = [];
  const collect = (model: Model, pick: (ref: Ref, token: number) => boolean | 'declaration') => {
    const symbols = symbolsOfModel(model);
    for (const [token, ref] of symbols.refs) {
      const picked = pick(ref, token);
      if (picked) uses.push({ model, range: rangeOf(model, symbols.tokens[token]), declaration: picked === 'declaration' });
    }
  };
  if (target.kind === 'binding') {
    collect(target.model, (ref, token) => ref.kind === 'binding' && ref.binding === target.binding && (token === target.binding.token ? 'declaration' : true));
  } else if (target.kind === 'alias') {
    collect(target.model, (ref) => ref.kind === 'alias' && ref.alias === target.alias && (ref.declaration ? 'declaration' : true));
  } else {
    for (const script of lookup.scripts()) {
      const model = lookup.modelOf(script);
      if (!model) continue;
      if (script === target.script) {
        collect(model, (ref) => ref.kind === 'function' && ref.name === target.name && (ref.definition ? 'declaration' : true));
        continue;
      }
      const aliases = symbolsOfModel(model).imports.filter((i) => i.script === target.script).map((i) => i.alias);
      if (aliases.length) collect(model, (ref) => ref.kind === 'qualified' && ref.name === target.name && aliases.includes(ref.alias));
    }
  }
  return uses.sort((a, b) => (a.model === b.model ? monaco.Range.compareRangesUsingStarts(a.range, b.range) : 0));
}
