// Opens another script where Monaco asks for it (go to definition or a
// reference in a library): Monaco's standalone editor can only move within
// the model it shows, so the workspace switches to that script's tab.
import { monaco } from '../monaco';
import { scriptOfUri, Workspace } from './workspace';

/** Lets go to definition and the references peek open scripts in the workspace's tabs. */
export function registerScriptOpener(ws: Workspace): void {
  monaco.editor.registerEditorOpener({
    openCodeEditor(_source, resource, selectionOrPosition) {
      const script = scriptOfUri(resource);
      if (!script || !ws.has(script)) return false;
      const range = selectionOrPosition && 'startLineNumber' in selectionOrPosition
        ? selectionOrPosition
        : monaco.Range.fromPositions(selectionOrPosition ?? { lineNumber: 1, column: 1 });
      ws.reveal(script, range.startLineNumber, range.startColumn);
      ws.editor.setSelection(range);
      return true;
    },
  });
}
