// What the map literal around the cursor stands for, so that completions and
// hovers offer only the keys that fit there: an entry point's decision (or a
// part of it), a child object a reconcile returns (or a part of it), or
// nothing known.
import { Frame, framesOf, MapEntry } from './analysis';
import { CHILD, childKindOf, childObject, ENTRIES, entryDoc, Field, OBJECT_KEYS } from './reference';

/** A map literal around the cursor whose keys are known. */
export interface MapLiteral {
  /** What it stands for: a map whose `fields` are the keys that fit. */
  field: Field;
  /** The keys written in it, before and after the cursor. */
  written: MapEntry[];
}

const DECISIONS = new Map<string, Field>();

/** The decision of a script (libraries get reconcile's, the decision they mostly build). */
function decisionOf(script: string | null): Field {
  const e = ENTRIES.find((x) => x.script === script) ?? ENTRIES[0];
  let f = DECISIONS.get(e.script);
  if (!f) {
    f = { ...e.decision, name: `${e.function} decision`, doc: entryDoc(e) };
    DECISIONS.set(e.script, f);
  }
  return f;
}

function valueOf(entries: MapEntry[], key: string): string | null {
  return entries.find((e) => e.key === key)?.value ?? null;
}

/**
 * What a map is by the keys written in it: a child object when it names a
 * child kind or has only object keys, the decision when it has only decision
 * keys. `CHILD` stands for any child object.
 */
function byKeys(entries: MapEntry[], decision: Field): Field | null {
  if (!entries.length) return null;
  if (childKindOf(valueOf(entries, 'kind'), valueOf(entries, 'apiVersion'))) return CHILD;
  if (entries.every((e) => OBJECT_KEYS.includes(e.key))) return CHILD;
  if (entries.every((e) => decision.fields?.some((f) => f.name === e.key))) return decision;
  return null;
}

/** Whether the `#{` at `stack[k]` is returned by the entry point `script` defines. */
function returnedByEntry(stack: Frame[], k: number, script: string | null): boolean {
  const entry = ENTRIES.find((e) => e.script === script);
  if (!entry || !stack[k].atStatement) return false;
  for (let j = k - 1; j >= 0; j--) {
    if (stack[j].open !== '{') return false;
    if (stack[j].defines) return stack[j].defines === entry.function;
  }
  return false;
}

function fits(field: Field, frame: Frame): boolean {
  return field.type === (frame.open === '#{' ? 'map' : 'array');
}

/** The part of `parent` that `frame` (`key: #{`, `key: [`, or an item of an array) is written as. */
function partOf(parent: Field, frame: Frame): Field | null {
  const part = frame.key !== null
    ? parent.type === 'map' ? parent.fields?.find((f) => f.name === frame.key) : undefined
    : parent.type === 'array' ? parent.items : undefined;
  return part && fits(part, frame) ? part : null;
}

/**
 * The map literal that the innermost open bracket of `stack` (the analysis
 * of `source` up to the cursor) is, when what it stands for is known.
 */
export function mapLiteralAt(stack: Frame[], source: string, script: string | null): MapLiteral | null {
  const inner = stack.length - 1;
  if (stack[inner]?.open !== '#{') return null;
  let start = inner;
  while (start > 0 && (stack[start - 1].open === '#{' || stack[start - 1].open === '[')) start--;
  const frames = framesOf(source);
  const writtenIn = (f: Frame) => (frames.get(f.at) ?? f).entries;
  const decision = decisionOf(script);
  let field: Field | null = null;
  for (let k = start; k <= inner; k++) {
    const frame = stack[k];
    const written = writtenIn(frame);
    if (k > start) {
      field = field ? partOf(field, frame) : null;
    } else if (frame.key !== null) {
      // `let status = #{`, `d.events = [`: a decision field by its name
      const named = decision.fields?.find((f) => f.name === frame.key);
      field = named && fits(named, frame) ? named : null;
    }
    // a map of unknown place (or bound to a variable) is known by its keys
    if (!field && frame.open === '#{' && (frame.key === null || k === start)) {
      field = byKeys(written, decision) ?? (k === start && returnedByEntry(stack, k, script) ? decision : null);
    }
    if (field === CHILD) field = childObject(childKindOf(valueOf(written, 'kind'), valueOf(written, 'apiVersion')));
  }
  return field?.type === 'map' ? { field, written: writtenIn(stack[inner]) } : null;
}
