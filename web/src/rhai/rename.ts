// Rename symbol (F2): functions, with their `alias::name` calls in the scripts
// that import them, variables, parameters and import aliases. What the
// script does not own is refused with the reason: keywords, the script
// contract (`ctx`, its fields, the entry points), the operator's helpers,
// Rhai's built-ins, map fields and keys; and a function that a string names
// (`Fn("name")`, `is_def_fn("name", 1)`), which renaming cannot follow. So is
// a new name that would change what a name refers to.
import { monaco } from '../monaco';
import { CONTRACT } from './contract';
import type { ScriptLookup } from './providers';
import { BUILTINS, ENTRIES, HELPER_NAMES, KEYWORDS } from './reference';
import { functionsNamed, NameAt, nameAtPosition, rangeOf, symbolsOfModel, Target, targetOf, usesOf } from './references';
import type { ScriptSymbols } from './symbols';

/** The inputs the operator passes to the entry points: `ctx`, `event`, `template`. */
const INPUTS = new Set(CONTRACT.inputs.map((i) => i.name));
const BUILTIN_NAMES = new Set(BUILTINS.map((b) => b.name));
// Rhai's reserved words and the functions it will not let a script redefine
const RESERVED = new Set([
  ...KEYWORDS, 'var', 'static', 'shared', 'goto', 'exit', 'match', 'case', 'public', 'protected', 'new', 'use', 'with',
  'module', 'package', 'super', 'spawn', 'thread', 'go', 'sync', 'async', 'await', 'yield', 'default', 'void', 'null',
  'nil', 'global', 'call', 'curry', 'eval', 'is_shared', ...BUILTIN_NAMES,
]);
// built-ins whose first argument is the name of a script function
const FUNCTION_NAMING = new Set(['Fn', 'is_def_fn']);
const NOTHING = 'Nothing to rename here: put the cursor on a function, a variable, a parameter or an import alias.';

const code = (name: string) => `\`${name}\``;

/** The first name of the `a.b.c` chain that ends at token `k`. */
function chainRoot(symbols: ScriptSymbols, k: number): string | null {
  const { tokens } = symbols;
  let j = k;
  while (j >= 2 && (tokens[j - 1].text === '.' || tokens[j - 1].text === '?.') && tokens[j - 2].kind === 'name') j -= 2;
  return j === k ? null : tokens[j].text;
}

/** The first script that can call the function and names it in `Fn("name")` or `is_def_fn("name", n)`, or null. */
function quotedIn(target: Extract<Target, { kind: 'function' }>, lookup: ScriptLookup): string | null {
  for (const script of lookup.scripts()) {
    const model = lookup.modelOf(script);
    if (!model) continue;
    const { tokens, imports } = symbolsOfModel(model);
    if (script !== target.script && !imports.some((i) => i.script === target.script)) continue;
    const quotes = (k: number) => tokens[k].kind === 'string' && tokens[k].text.slice(1, -1) === target.name
      && tokens[k - 1]?.text === '(' && FUNCTION_NAMING.has(tokens[k - 2]?.text);
    if (tokens.some((_, k) => quotes(k))) return script;
  }
  return null;
}

/** Why the name under the cursor cannot be renamed, or null when it can. */
function refusal(at: NameAt, lookup: ScriptLookup): string | null {
  const { ref, symbols } = at;
  const name = symbols.tokens[at.token].text;
  const contract = `${code(name)} is part of the script contract (the operator passes it): it cannot be renamed.`;
  switch (ref.kind) {
    case 'keyword':
      return `${code(name)} is a Rhai keyword.`;
    case 'member': {
      const root = chainRoot(symbols, at.token);
      return root && INPUTS.has(root)
        ? `${code(name)} is a field of ${code(root)}, which the script contract defines: it cannot be renamed.`
        : `${code(name)} is a map field or a method, not a name the script declares: it cannot be renamed.`;
    }
    case 'key':
      return `${code(name)} is a map key, not a name the script declares: it cannot be renamed.`;
    case 'module':
      return `${code(name)} is a Rhai module, not an import of this script.`;
    case 'free':
      return INPUTS.has(name) ? contract : `${code(name)} is not declared here.`;
    case 'binding':
      return INPUTS.has(name) && ref.binding.kind === 'param' ? contract : null;
    case 'alias':
      return null;
    case 'function':
    case 'qualified': {
      const target = targetOf(at, lookup);
      if (target?.kind === 'function') {
        const entry = ENTRIES.find((e) => e.script === target.script && e.function === target.name);
        if (entry) return `${code(name)} is the entry point the operator calls in ${entry.script}: it cannot be renamed.`;
        const quoted = quotedIn(target, lookup);
        return quoted ? `${quoted} names ${code(name)} in a string (\`Fn("${name}")\` or \`is_def_fn\`), which renaming cannot follow: rename it by hand.` : null;
      }
      if (ref.kind === 'function' && HELPER_NAMES.includes(name)) return `${code(name)} is a helper function of the operator: it cannot be renamed.`;
      if (ref.kind === 'function' && BUILTIN_NAMES.has(name)) return `${code(name)} is built into Rhai: it cannot be renamed.`;
      return `${code(name)} is not a function of this script set.`;
    }
  }
}

/** Why `name` cannot be the new name of `target`, or null when it can. */
function invalidName(name: string, target: Target, lookup: ScriptLookup): string | null {
  if (!/^[A-Za-z_]\w*$/.test(name)) return `${code(name)} is not a valid Rhai name.`;
  if (RESERVED.has(name)) return `${code(name)} is reserved in Rhai.`;
  if (target.kind === 'function') {
    if (HELPER_NAMES.includes(name)) return `${code(name)} is a helper function of the operator: a function of that name would hide it.`;
    const model = lookup.modelOf(target.script);
    if (model && functionsNamed(symbolsOfModel(model), name).length) return `${target.script} already has a function ${code(name)}.`;
    return null;
  }
  const symbols = symbolsOfModel(target.model);
  if (target.kind === 'alias') {
    return symbols.imports.some((i) => i.alias === name) ? `${code(name)} is already an import alias of this script.` : null;
  }
  // a variable may not take a name already used where it lives: one of them
  // would then refer to the other
  const at = symbols.tokens[target.binding.token].start;
  const fn = symbols.functions.find((f) => f.start <= at && at < f.end) ?? null;
  const inRegion = (offset: number) => (fn ? fn.start <= offset && offset < fn.end : !symbols.functions.some((f) => f.start <= offset && offset < f.end));
  for (const [token, ref] of symbols.refs) {
    const t = symbols.tokens[token];
    if (t.text === name && (ref.kind === 'binding' || ref.kind === 'free') && inRegion(t.start)) {
      return `${code(name)} is already used in ${fn ? `function ${code(fn.name)}` : 'the top-level code'}: renaming would change what a name refers to.`;
    }
  }
  return null;
}

/**
 * The rename provider. `refuse` shows why a new name was refused: Monaco
 * shows its reason for refusing a symbol, but not for refusing a new name.
 */
export function renameProvider(lookup: ScriptLookup, refuse: (message: string) => void): monaco.languages.RenameProvider {
  return {
    resolveRenameLocation(model, position) {
      const at = nameAtPosition(model, position);
      const why = at ? refusal(at, lookup) : NOTHING;
      if (why || !at) return { range: monaco.Range.fromPositions(position), text: '', rejectReason: why ?? NOTHING };
      const token = at.symbols.tokens[at.token];
      return { range: rangeOf(model, token), text: token.text };
    },
    provideRenameEdits(model, position, newName) {
      const at = nameAtPosition(model, position);
      const target = at && !refusal(at, lookup) ? targetOf(at, lookup) : null;
      if (!target) return { edits: [], rejectReason: NOTHING };
      const why = invalidName(newName, target, lookup);
      if (why) {
        refuse(why);
        return { edits: [], rejectReason: why };
      }
      return {
        edits: usesOf(target, lookup).map((use) => ({
          resource: use.model.uri,
          versionId: use.model.getVersionId(),
          textEdit: { range: use.range, text: newName },
        })),
      };
    },
  };
}
