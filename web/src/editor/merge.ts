// Three-way merge of two edits of one script set, for rebasing unsaved edits
// on a version someone else saved: script by script, line by line
// (node-diff3). Changes of both sides are combined; overlapping changes are
// left in the text between git-style conflict markers for the user to resolve.
import { merge } from 'node-diff3';
import type { Scripts } from '../api';

/** What merging two edits of a script set gives. */
export interface SetMerge {
  /** The merged set: what the editor holds afterwards. */
  scripts: Scripts;
  /** Scripts left with conflict markers. */
  conflicted: string[];
  /** Scripts one side removed while the other changed them: kept, with the change. */
  kept: string[];
}

/**
 * Merges one script: `mine` and `theirs` are both edits of `base`. Hunks both
 * changed differently become `<<<<<<< yours` / `=======` /
 * `>>>>>>> theirs <theirLabel>` blocks.
 */
export function mergeScript(base: string, mine: string, theirs: string, theirLabel: string): { text: string; conflict: boolean } {
  const r = merge(mine.split('\n'), base.split('\n'), theirs.split('\n'), { label: { a: 'yours', b: `theirs ${theirLabel}` } });
  return { text: r.result.join('\n'), conflict: r.conflict };
}

/**
 * Merges the sets `mine` and `theirs`, both edits of `base`: a script only one
 * side changed, added or removed takes that side; one both changed is merged
 * line by line (`mergeScript`).
 */
export function mergeScripts(base: Scripts, mine: Scripts, theirs: Scripts, theirLabel: string): SetMerge {
  const out: SetMerge = { scripts: {}, conflicted: [], kept: [] };
  for (const name of new Set([...Object.keys(base), ...Object.keys(mine), ...Object.keys(theirs)])) {
    const o = base[name] ?? null;
    const m = mine[name] ?? null;
    const t = theirs[name] ?? null;
    let text: string | null;
    if (m === o || m === t) text = t;
    else if (t === o) text = m;
    else if (m === null || t === null) {
      text = m ?? t;
      out.kept.push(name);
    } else {
      const r = mergeScript(o ?? '', m, t, theirLabel);
      text = r.text;
      if (r.conflict) out.conflicted.push(name);
    }
    if (text !== null) out.scripts[name] = text;
  }
  return out;
}
