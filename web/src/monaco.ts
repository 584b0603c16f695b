// Monaco, trimmed to what the editor uses: the core editor API, its standard
// contributions (find, folding, suggest, hover, diff editor...) and the YAML
// tokenizer. The editor worker is a separate bundle (dist/editor.worker.js)
// loaded from beside app.js, so the page works behind any path prefix.
import 'monaco-editor/features/register.all.js';
import 'monaco-editor/languages/definitions/yaml/register.js';
import * as monaco from 'monaco-editor/editor/editor.api.js';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_moduleId: string, label: string): Worker {
    return new Worker(new URL('./editor.worker.js', import.meta.url), { name: label });
  },
};

// Monaco draws context menus in a shadow root hosted beside the editor, outside
// `.monaco-editor` where the theme defines its colour variables, so the menus
// came out transparent. The theme defines them on `.monaco-component` too:
// marking every editor's host as one lets the menu inherit the colours.
monaco.editor.onDidCreateEditor((editor) => editor.getContainerDomNode().classList.add('monaco-component'));

export { monaco };
export type Monaco = typeof monaco;
