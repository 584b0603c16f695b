// Code navigation for Rhai, as in VS Code: go to definition (F12, also
// across imports into the library's tab) and find references (Shift+F12).
import { monaco } from '../monaco';
import { RHAI } from './language';
import type { ScriptLookup } from './providers';
import { definitionsAt, importPathAt, nameAtPosition, targetOf, usesOf } from './references';

/**
 * Registers the navigation providers. Definitions in another script open
 * through the editor opener (see `editor/opener.ts`).
 */
export function registerRhaiNavigation(lookup: ScriptLookup): void {
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
}
