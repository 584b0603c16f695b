// Conflict markers left in a script by a merge (git's `<<<<<<<`, `=======`,
// `>>>>>>>` lines): found line by line, shown on the script's model as error
// markers and coloured blocks, and listed so a save can be refused while any
// is left.
import { monaco } from '../monaco';

const MARKER_LINE = /^(?:<{7}|>{7})(?: .*)?$|^={7}$/;
const MARKER_OWNER = 'merge-conflict';

/** What to do about a conflict marker, as every view of one says it. */
export const RESOLVE_CONFLICT = 'keep the lines you want, then delete the marker lines';

/** One marker line (1-based) and its text. */
export interface ConflictMarker {
  line: number;
  text: string;
}

/** A complete conflict: the lines of its `<<<<<<<`, `=======` and `>>>>>>>` markers. */
interface ConflictBlock {
  start: number;
  middle: number;
  end: number;
}

/** Every marker line of `text`, complete blocks or not: each one blocks a save. */
function conflictMarkers(text: string): ConflictMarker[] {
  const out: ConflictMarker[] = [];
  text.split('\n').forEach((line, i) => { if (MARKER_LINE.test(line)) out.push({ line: i + 1, text: line }); });
  return out;
}

/** The complete `<<<<<<<` … `=======` … `>>>>>>>` blocks among `markers`. */
function conflictBlocks(markers: ConflictMarker[]): ConflictBlock[] {
  const blocks: ConflictBlock[] = [];
  let start: number | null = null;
  let middle: number | null = null;
  for (const m of markers) {
    if (m.text.startsWith('<')) { start = m.line; middle = null; }
    else if (m.text.startsWith('=')) middle = start === null ? null : m.line;
    else if (start !== null && middle !== null) { blocks.push({ start, middle, end: m.line }); start = middle = null; }
  }
  return blocks;
}

function lineDecoration(line: number, className: string, ruler: string): monaco.editor.IModelDeltaDecoration {
  return {
    range: new monaco.Range(line, 1, line, 1),
    options: { isWholeLine: true, className, overviewRuler: { color: ruler, position: monaco.editor.OverviewRulerLane.Full } },
  };
}

function blockDecorations(b: ConflictBlock): monaco.editor.IModelDeltaDecoration[] {
  const out: monaco.editor.IModelDeltaDecoration[] = [];
  for (let l = b.start + 1; l < b.middle; l++) out.push(lineDecoration(l, 'conflict-yours', '#2ea04380'));
  for (let l = b.middle + 1; l < b.end; l++) out.push(lineDecoration(l, 'conflict-theirs', '#3b82f680'));
  return out;
}

/**
 * Shows the conflict markers of `model`: an error on each marker line, the
 * marker lines highlighted, "yours" and "theirs" blocks coloured. Returns the
 * markers and the decoration ids to pass as `previous` next time.
 */
export function markConflicts(model: monaco.editor.ITextModel, previous: string[]): { markers: ConflictMarker[]; decorations: string[] } {
  const markers = conflictMarkers(model.getValue());
  monaco.editor.setModelMarkers(model, MARKER_OWNER, markers.map((m) => ({
    severity: monaco.MarkerSeverity.Error,
    message: `Merge conflict marker: ${RESOLVE_CONFLICT}.`,
    startLineNumber: m.line, startColumn: 1, endLineNumber: m.line, endColumn: m.text.length + 1,
    source: 'merge',
  })));
  const decorations = [
    ...markers.map((m) => lineDecoration(m.line, 'conflict-marker', '#f1484880')),
    ...conflictBlocks(markers).flatMap(blockDecorations),
  ];
  return { markers, decorations: model.deltaDecorations(previous, decorations) };
}
