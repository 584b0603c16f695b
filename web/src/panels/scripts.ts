// The sidebar: the scripts of the set (dirty markers, error counts, adding
// and removing library scripts) and the load status of the running set.
import { Workspace } from '../editor/workspace';
import { ENTRY_SCRIPTS } from '../rhai/reference';
import { confirmDialog, openDialog } from '../ui/dialog';
import { fill, h, icon, shortVersion } from '../ui/dom';
import { setStatus } from '../ui/status';

const LIB_NAME = /^lib\.[A-Za-z0-9_][A-Za-z0-9_.-]*\.rhai$/;

export function normalizeLibName(input: string): string {
  let n = input.trim();
  if (!n.endsWith('.rhai')) n = `${n}.rhai`;
  if (!n.startsWith('lib.')) n = `lib.${n}`;
  return n;
}

function libTemplate(name: string): string {
  const module = name.replace(/\.rhai$/, '');
  const alias = module.replace(/^lib\./, '').replace(/\W+/g, '_');
  return `// Library script: import it from another script with\n//     import "${module}" as ${alias};\n// and call its functions as ${alias}::example(...).\n\n/// What this function does.\nfn example(value) {\n    value\n}\n`;
}

export function addLibraryDialog(ws: Workspace): void {
  const input = h('input.input.mono', { 'data-testid': 'new-script-name', value: 'lib.', spellcheck: 'false', autocomplete: 'off' });
  const error = h('p.dialog-error', { hidden: true });
  const d = openDialog({
    title: 'Add a library script',
    testid: 'new-script',
    body: [
      h('p', {}, 'Library scripts are imported by the entry scripts (', h('code', {}, 'import "lib.naming" as naming;'), '). Their names start with ', h('code', {}, 'lib.'), ' and end with ', h('code', {}, '.rhai'), '.'),
      h('label.field', {}, h('span', {}, 'Name'), input),
      error,
    ],
    buttons: [
      { label: 'Cancel', testid: 'new-script-cancel', run: () => true },
      {
        label: 'Add', testid: 'new-script-confirm', kind: 'primary', run: () => {
          const name = normalizeLibName(input.value);
          const problem = !LIB_NAME.test(name) ? `"${name}" is not a library script name: use lib.<name>.rhai with letters, digits, "_", "-" or "."`
            : ws.has(name) ? `${name} already exists` : null;
          if (problem) { error.textContent = problem; error.hidden = false; input.focus(); return false; }
          ws.addScript(name, libTemplate(name));
          setStatus(`Added ${name} (not saved yet)`, 'info');
          return true;
        },
      },
    ],
  });
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') d.buttons.get('new-script-confirm')?.click(); });
  setTimeout(() => { input.focus(); input.setSelectionRange(input.value.length, input.value.length); }, 0);
}

export function scriptsSidebar(ws: Workspace): HTMLElement {
  const list = h('ul.script-list', { role: 'listbox', 'aria-label': 'Scripts', 'data-testid': 'script-list' });
  const load = h('div.side-section-body', { 'data-testid': 'load-status' });
  const editing = h('div.side-section-body', { 'data-testid': 'editing-status' });
  const add = h('button.icon-btn', { type: 'button', title: 'Add a library script (lib.*.rhai)', 'data-testid': 'add-script', onclick: () => addLibraryDialog(ws) }, icon('new-file'));

  const render = () => {
    const items: HTMLElement[] = ws.names().map((name) => {
      const errs = ws.errors.filter((e) => e.script === name).length;
      const conflicts = ws.conflicts().filter((c) => c.script === name).length;
      const loadErrs = (ws.loadStatus?.errors ?? []).filter((e) => e.script === name).length;
      const dirty = ws.isDirty(name);
      const isNew = ws.isNew(name);
      const entry = ENTRY_SCRIPTS.includes(name);
      return h('li.script-item', {
        role: 'option', 'aria-selected': String(ws.active === name), tabindex: '0',
        'data-testid': `script-item-${name}`, 'data-dirty': String(dirty), 'data-errors': String(errs), 'data-conflicts': String(conflicts),
        class: `${ws.active === name ? 'active' : ''} ${dirty ? 'dirty' : ''}`,
        title: `${name}${entry ? ' (entry script)' : ' (library)'}${dirty ? ' — modified' : ''}`,
        onclick: () => ws.open(name),
        onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') ws.open(name); },
      },
      icon(entry ? 'symbol-method' : 'library'),
      h('span.script-name', {}, name),
      isNew ? h('span.tag.tag-new', { title: 'new, not saved yet' }, 'new') : null,
      conflicts ? h('span.badge.badge-error', { title: `${conflicts} conflict marker line(s) left by a merge` }, icon('git-merge')) : null,
      errs ? h('span.badge.badge-error', { title: `${errs} compile error(s)` }, String(errs)) : null,
      !errs && loadErrs ? h('span.badge.badge-warn', { title: 'failed in the last load' }, '!') : null,
      dirty ? h('span.dirty-dot', { title: 'unsaved changes', 'data-testid': `dirty-${name}` }, '●') : null,
      !entry ? h('button.icon-btn.item-action', {
        type: 'button', title: `Remove ${name}`, 'data-testid': `remove-${name}`,
        onclick: async (e: Event) => {
          e.stopPropagation();
          if (await confirmDialog(`Remove ${name}?`, `${name} is removed from the set when you save. Scripts that import it will fail to compile.`, 'Remove', 'danger', 'remove-script')) {
            ws.removeScript(name);
            setStatus(`Removed ${name} (not saved yet)`, 'info');
          }
        },
      }, icon('trash')) : null);
    });
    for (const name of ws.deleted()) {
      items.push(h('li.script-item.deleted', { 'data-testid': `script-item-${name}`, title: `${name} — removed, not saved yet` },
        icon('library'), h('span.script-name', {}, name), h('span.tag', {}, 'removed'),
        h('button.icon-btn.item-action', { type: 'button', title: 'Restore', onclick: () => ws.addScript(name, ws.baseSources[name]) }, icon('discard'))));
    }
    fill(list, items);

    const st = ws.loadStatus;
    fill(load,
      !st ? h('div.muted', {}, 'unknown')
        : st.loaded && !st.error
          ? h('div.load-ok', {}, icon('pass-filled'), ' Loaded ', h('code', { title: ws.baseVersion }, shortVersion(ws.baseVersion)))
          : h('div.load-failed', { 'data-testid': 'load-error' }, icon('error'), ' ', st.loaded ? 'The last change failed to load; the previous set keeps running: ' : 'Not loaded: ', h('span', {}, st.error ?? 'see the errors below')),
      (st?.errors ?? []).map((e) => h('div.load-error-item', {
        role: 'button', title: 'Go to the error',
        onclick: () => { if (e.script && ws.has(e.script)) ws.reveal(e.script, e.line, e.column); },
      }, `${e.script ?? ''}${e.line != null ? `:${e.line}` : ''}${e.column != null ? `:${e.column}` : ''} ${e.message}`)));

    const dirtyCount = ws.dirtyNames().length;
    const checkText: Record<string, string> = {
      idle: '', pending: 'checking…', checking: 'checking…', ok: 'compiles', errors: `${ws.errors.length} error(s)`, failed: 'check unavailable',
    };
    fill(editing,
      h('div.kv', {}, h('span', {}, 'Started from'), h('code', { title: ws.baseVersion }, shortVersion(ws.baseVersion))),
      h('div.kv', {}, h('span', {}, 'Unsaved'), h('span', {}, dirtyCount ? `${dirtyCount} script(s)` : 'none')),
      h('div.kv', {}, h('span', {}, 'Proposed'), h('span', { class: `check-${ws.checkState}` }, ws.proposedVersion && ws.anyDirty() ? h('code', { title: ws.proposedVersion }, shortVersion(ws.proposedVersion)) : '—', ' ', checkText[ws.checkState])));
  };
  ws.onChange(render);
  render();

  return h('aside.sidebar', { 'aria-label': 'Scripts' },
    h('div.side-header', {}, h('span', {}, 'Scripts'), add),
    list,
    h('div.side-section', {}, h('div.side-header', {}, h('span', {}, 'Running set')), load),
    h('div.side-section', {}, h('div.side-header', {}, h('span', {}, 'This editor')), editing));
}
