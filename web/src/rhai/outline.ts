// The outline of a script (Ctrl+Shift+O, "Go to Symbol"; sticky scroll
// follows it too): its imports, its functions with their parameters, and
// its top-level constants and variables, in the order they are written.
// Parameters are part of a function's name rather than symbols of their
// own: Rhai tells overloads apart by their parameters, and a list of every
// parameter would bury the functions.
import { monaco } from '../monaco';
import { rangeOf, symbolsOfModel } from './references';

type Model = monaco.editor.ITextModel;
type DocumentSymbol = monaco.languages.DocumentSymbol;

const K = monaco.languages.SymbolKind;

function span(model: Model, start: number, end: number): monaco.Range {
  return monaco.Range.fromPositions(model.getPositionAt(start), model.getPositionAt(end));
}

/** The document symbols of a script. */
export function outlineOf(model: Model): DocumentSymbol[] {
  const symbols = symbolsOfModel(model);
  const out: { at: number; symbol: DocumentSymbol }[] = [];
  for (const imp of symbols.imports) {
    out.push({
      at: imp.start,
      symbol: { name: imp.alias, detail: imp.script, kind: K.Module, tags: [], range: span(model, imp.start, imp.end), selectionRange: rangeOf(model, symbols.tokens[imp.token]) },
    });
  }
  for (const fn of symbols.functions) {
    out.push({
      at: fn.start,
      symbol: {
        name: `${fn.name}(${fn.params.map((p) => p.name).join(', ')})`, detail: fn.private ? 'private' : '', kind: K.Function, tags: [],
        range: span(model, fn.start, fn.end), selectionRange: rangeOf(model, symbols.tokens[fn.token]),
      },
    });
  }
  for (const b of symbols.bindings) {
    if (!b.topLevel || !b.statement) continue;
    out.push({
      at: b.statement.start,
      symbol: {
        name: b.name, detail: b.kind, kind: b.kind === 'const' ? K.Constant : K.Variable, tags: [],
        range: span(model, b.statement.start, b.statement.end), selectionRange: rangeOf(model, symbols.tokens[b.token]),
      },
    });
  }
  return out.sort((a, b) => a.at - b.at).map((o) => o.symbol);
}
