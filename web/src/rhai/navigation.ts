// Code navigation for Rhai, as in VS Code: go to definition (F12, also
// across imports into the library's tab), find references (Shift+F12),
// rename symbol (F2) and the outline (Ctrl+Shift+O).
import { monaco } from '../monaco';
import { RHAI } from './language';
import { outlineOf } from './outline';
import type { ScriptLookup } from './providers';
import { definitionsAt, importPathAt, nameAtPosition, targetOf, usesOf } from './references';
import { renameProvider } from './rename';

/**
 * Registers the navigation providers. Definitions in another script open
 * through the editor opener (see `editor/opener.ts`); `refuse` shows why a
 * new name given to F2 was refused.
 */
export function registerRhaiNavigation(lookup: ScriptLookup, refuse: (message: string) => void): void {
  monaco.languages.registerDefinitionProvider(RHAI, {
    provideDefinition(model, position) {
      const at = nameAtPosition(model, position);
      return at ? definitionsAt(at, lookup) : importPathAt(model, model.getOffsetAt(position), lookup);
    },
  });
  monaco.languages.registerReferenceProvider(RHAI, {
    provideReferences(model, position, context) {
      const at = nameAtPosition(model, position);
      const target = at && targetOf(at, lookup);
      if (!target) return [];
      return usesOf(target, lookup).filter((u) => context.includeDeclaration || !u.declaration).map((u) => ({ uri: u.model.uri, range: u.range }));
    },
  });
  monaco.languages.registerRenameProvider(RHAI, renameProvider(lookup, refuse));
  monaco.languages.registerDocumentSymbolProvider(RHAI, {
    displayName: 'Rhai',
    provideDocumentSymbols: (model) => outlineOf(model),
  });
}
