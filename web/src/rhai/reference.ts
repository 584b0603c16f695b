// What the editor knows about scripts. The script contract — the `ctx`,
// `event` and `template` inputs (and `admit.rhai`'s own `ctx`), the decision maps of the entry points, enum
// values, child kinds and the host's helper functions — comes from
// `contract.ts`, generated from the operator's Rust declarations (`make
// contract`). What describes Rhai itself (keywords, built-in functions,
// methods of strings, arrays and maps) is written here. Completions, hovers
// and signature help are all derived from these.
import { CONTRACT, EntryPoint, Field, Helper } from './contract';

export type { EntryPoint, Field, Helper };

// ---- the script contract ----------------------------------------------------------

function named(fields: Field[] | undefined, name: string, where: string): Field {
  const field = fields?.find((f) => f.name === name);
  if (!field) throw new Error(`the script contract has no ${where}${name}`);
  return field;
}

/** The evaluation context of `reconcile`, `idle` and `autostart`. */
export const CTX = named(CONTRACT.inputs, 'ctx', 'input ');

/**
 * What `ctx` is, where a type is shown. The contract lists its fields as a
 * map's keys, but it is an object with only those fields (no map methods),
 * and neither it nor anything read through it can be changed.
 */
export const CTX_TYPE = 'read-only context';

/** The entry points, in the order they are documented. */
export const ENTRIES: EntryPoint[] = CONTRACT.entries;

export const ENTRY_SCRIPTS = ENTRIES.map((e) => e.script);

/** Every `ctx` there is: the Session scripts' and those entry points describe themselves (`admit.rhai`'s). */
const CTXS: Field[] = [CTX, ...ENTRIES.flatMap((e) => e.ownInputs ?? []).filter((i) => i.name === 'ctx')];

/** Whether `f` is a `ctx` (an object with fields, not a map). */
export function isCtx(f: Field): boolean {
  return CTXS.includes(f);
}

const ROOTS = new Map<string | null, Record<string, Field>>();

/**
 * Variables that mean a known map in `script`: its entry point's
 * parameters (those it describes itself, else the contract's), and
 * `session`. Libraries and other scripts get the Session scripts' `ctx`.
 */
export function rootsOf(script: string | null): Record<string, Field> {
  const cached = ROOTS.get(script);
  if (cached) return cached;
  const own = ENTRIES.find((e) => e.script === script)?.ownInputs ?? [];
  const inputs = Object.fromEntries([...CONTRACT.inputs, ...own].map((i) => [i.name, i]));
  const roots = { ...inputs, session: named(inputs.ctx.fields, 'session', 'ctx.') };
  ROOTS.set(script, roots);
  return roots;
}

/** `fn reconcile(ctx)`. */
export function entrySignature(e: EntryPoint): string {
  return `fn ${e.function}(${e.params.join(', ')})`;
}

/** When an entry point is called and what it returns. */
export function entryDoc(e: EntryPoint): string {
  return `Called on ${e.called}. ${e.decision.doc}`;
}

const { enums } = CONTRACT;

// ---- child objects --------------------------------------------------------------

const CHILDREN = named(ENTRIES.find((e) => e.function === 'reconcile')?.decision.fields, 'children', 'reconcile decision field ');
if (!CHILDREN.items) throw new Error('the script contract has no items of the reconcile decision field children');

/** One of a reconcile decision's `children`: an object a Session should own. */
export const CHILD: Field = CHILDREN.items;

const CHILD_OBJECTS = new Map<string | null, Field>();

/**
 * What a script writes for a child object of `kind` (null: not known yet):
 * the decision's keys of a child, `apiVersion` and `kind` narrowed to the
 * kind, and the kind's `spec` as `ctx.children` describes it.
 */
export function childObject(kind: string | null): Field {
  const cached = CHILD_OBJECTS.get(kind);
  if (cached) return cached;
  const known = CONTRACT.childKinds.find((k) => k.kind === kind);
  const observed = known ? CTX.fields?.find((f) => f.name === 'children')?.fields?.find((f) => f.name === known.kind)?.items : undefined;
  const narrowed = (f: Field): Field => {
    if (known && f.name === 'kind') return { ...f, values: [known.kind] };
    if (known && f.name === 'apiVersion') return { ...f, values: [known.apiVersion] };
    return f;
  };
  const spec = observed?.fields?.find((f) => f.name === 'spec') ?? { name: 'spec', type: 'map', doc: 'What the object should be; its keys depend on its kind.' };
  const object: Field = {
    ...CHILD,
    name: known?.kind ?? CHILD.name,
    doc: known ? `A ${known.kind} (\`${known.apiVersion}\`) the Session should own.` : CHILD.doc,
    fields: [...(CHILD.fields ?? []).map(narrowed), spec],
  };
  CHILD_OBJECTS.set(kind, object);
  return object;
}

/** The keys of any child object: `apiVersion`, `kind`, `metadata`, `spec`. */
export const OBJECT_KEYS = (childObject(null).fields ?? []).map((f) => f.name);

/** The child kind a map's `kind` or `apiVersion` names, when only one fits. */
export function childKindOf(kind: string | null, apiVersion: string | null): string | null {
  const kinds = CONTRACT.childKinds;
  if (kind !== null) return kinds.some((k) => k.kind === kind) ? kind : null;
  const versions = kinds.filter((k) => k.apiVersion === apiVersion);
  return versions.length === 1 ? versions[0].kind : null;
}

/** Examples of the duration format (whole numbers with units `h`, `m`, `s`). */
const DURATION_EXAMPLES = ['30s', '1m', '5m', '30m', '1h', '8h', '1h30m'];

/** Enum values offered inside a string literal, by the key or field it belongs to. */
export const VALUES_BY_KEY: Record<string, string[]> = {
  phase: enums.phases,
  action: enums.idleActions,
  state: enums.states,
  status: enums.conditionStatuses,
  type: enums.eventTypes,
  event: enums.connectionEvents,
  kind: CONTRACT.childKinds.map((k) => k.kind),
  requeue_after: DURATION_EXAMPLES,
  check_after: DURATION_EXAMPLES,
  idleTimeout: DURATION_EXAMPLES,
  maxSessionDuration: DURATION_EXAMPLES,
  // the reasons the default scripts give
  reason: ['idle', 'max-duration', 'active', 'connect', 'disconnect'],
};

/** The host's helper functions. */
export const HELPERS: Helper[] = CONTRACT.helpers;

export const HELPER_NAMES = HELPERS.map((h) => h.name);

export function helperSignature(h: Helper): string {
  return `${h.name}(${h.params.map((p) => `${p.name}: ${p.type}`).join(', ')}) -> ${h.returns}`;
}

export function helperMarkdown(h: Helper): string {
  const params = h.params.map((p) => `- \`${p.name}\`: ${p.doc}`).join('\n');
  const errors = h.errors ? `\n\nFails: ${h.errors}` : '';
  return `${h.doc}${params ? `\n\n${params}` : ''}\n\nReturns \`${h.returns}\`.${errors}\n\n\`\`\`rhai\n${h.example}\n\`\`\``;
}

// ---- the language -------------------------------------------------------------

export const KEYWORDS = [
  'fn', 'let', 'const', 'if', 'else', 'switch', 'while', 'loop', 'for', 'in', 'do', 'until', 'break', 'continue',
  'return', 'throw', 'try', 'catch', 'import', 'export', 'as', 'private', 'this', 'true', 'false',
];

export const CONTROL_KEYWORDS = ['if', 'else', 'switch', 'while', 'loop', 'for', 'in', 'do', 'until', 'break', 'continue', 'return', 'throw', 'try', 'catch'];

/** Functions built into Rhai itself. */
export const BUILTINS: { name: string; doc: string; insert: string }[] = [
  { name: 'type_of', doc: 'The type name of a value, e.g. `type_of(42) == "i64"`.', insert: 'type_of(${1:value})' },
  { name: 'print', doc: 'Prints a value (to the operator\'s debug output).', insert: 'print(${1:value})' },
  { name: 'debug', doc: 'Prints the debug form of a value.', insert: 'debug(${1:value})' },
  { name: 'is_def_fn', doc: 'Whether a function with the name and number of parameters exists.', insert: 'is_def_fn("${1:name}", ${2:0})' },
  { name: 'is_def_var', doc: 'Whether a variable is defined.', insert: 'is_def_var("${1:name}")' },
  { name: 'Fn', doc: 'A function pointer from a function name.', insert: 'Fn("${1:name}")' },
  { name: 'range', doc: 'An iterator over a range of numbers.', insert: 'range(${1:from}, ${2:to})' },
];

export interface Method {
  name: string;
  doc: string;
  insert?: string;
  /** It changes the value it is called on, which a read-only value refuses. */
  changes?: boolean;
}

const m = (name: string, doc: string, insert?: string): Method => ({ name, doc, insert });
const changing = (name: string, doc: string, insert?: string): Method => ({ name, doc, insert, changes: true });

export const METHODS: Record<'string' | 'array' | 'map' | 'int' | 'any', Method[]> = {
  string: [
    m('len', 'Number of characters.', 'len()'), m('is_empty', 'Whether the string is empty.', 'is_empty()'),
    m('contains', 'Whether it contains a substring or character.', 'contains(${1:s})'),
    m('starts_with', 'Whether it starts with a prefix.', 'starts_with(${1:prefix})'),
    m('ends_with', 'Whether it ends with a suffix.', 'ends_with(${1:suffix})'),
    m('index_of', 'Position of a substring, or -1.', 'index_of(${1:s})'),
    m('sub_string', 'A part of the string.', 'sub_string(${1:start}, ${2:len})'),
    m('split', 'Splits at a separator into an array.', 'split(${1:sep})'),
    changing('replace', 'Replaces every match in place.', 'replace(${1:find}, ${2:with})'),
    changing('trim', 'Removes surrounding whitespace in place.', 'trim()'),
    m('to_upper', 'Upper-case copy.', 'to_upper()'), m('to_lower', 'Lower-case copy.', 'to_lower()'),
    m('chars', 'Iterator over the characters.', 'chars()'),
    m('parse_int', 'Parses an integer (`parse_int(s)`).'),
    m('to_string', 'String form.', 'to_string()'),
  ],
  array: [
    m('len', 'Number of items.', 'len()'), m('is_empty', 'Whether the array is empty.', 'is_empty()'),
    changing('push', 'Appends an item.', 'push(${1:item})'), changing('pop', 'Removes and returns the last item.', 'pop()'),
    m('contains', 'Whether an item is in the array.', 'contains(${1:item})'),
    m('filter', 'Items for which the closure returns true.', 'filter(|${1:x}| ${2:true})'),
    m('map', 'The closure applied to each item.', 'map(|${1:x}| ${2:x})'),
    m('find', 'The first item for which the closure returns true, or `()`.', 'find(|${1:x}| ${2:true})'),
    m('some', 'Whether the closure returns true for any item.', 'some(|${1:x}| ${2:true})'),
    m('all', 'Whether the closure returns true for every item.', 'all(|${1:x}| ${2:true})'),
    m('reduce', 'Folds the items with a closure.', 'reduce(|${1:acc}, ${2:x}| ${3:acc + x}, ${4:0})'),
    m('index_of', 'Position of an item, or -1.', 'index_of(${1:item})'),
    changing('sort', 'Sorts in place.', 'sort()'), changing('reverse', 'Reverses in place.', 'reverse()'),
    changing('append', 'Appends another array.', 'append(${1:other})'),
    m('extract', 'A slice of the array.', 'extract(${1:start}, ${2:len})'),
  ],
  map: [
    m('len', 'Number of entries.', 'len()'), m('is_empty', 'Whether the map is empty.', 'is_empty()'),
    m('keys', 'The keys as an array.', 'keys()'), m('values', 'The values as an array.', 'values()'),
    m('contains', 'Whether a key exists.', 'contains(${1:"key"})'),
    m('get', 'The value of a key, or `()`.', 'get(${1:"key"})'),
    changing('remove', 'Removes a key and returns its value.', 'remove(${1:"key"})'),
    changing('mixin', 'Adds the entries of another map.', 'mixin(${1:other})'),
    m('to_json', 'JSON text of the map.', 'to_json()'),
  ],
  int: [m('to_string', 'String form.', 'to_string()'), m('abs', 'Absolute value.', 'abs()'), m('to_float', 'As a float.', 'to_float()')],
  any: [m('to_string', 'String form.', 'to_string()'), m('is_empty', 'Whether it is empty.', 'is_empty()'), m('len', 'Length.', 'len()'), m('contains', 'Whether it contains an item.', 'contains(${1:x})')],
};
