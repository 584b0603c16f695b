// Problems: the conflict markers a merge left (they block a save) and the
// compile errors of the proposed set (from the last check).
import { RESOLVE_CONFLICT } from '../editor/conflicts';
import { Workspace } from '../editor/workspace';
import { fill, h, icon } from '../ui/dom';
import { Panel, PanelArea } from './panels';

export function problemsPanel(ws: Workspace, area: PanelArea): Panel {
  const list = h('div.problems', { 'data-testid': 'problems' });
  const el = h('div', {}, list);
  const render = () => {
    const errors = ws.errors;
    const conflicts = ws.conflicts();
    const count = errors.length + conflicts.length;
    area.setBadge('problems', count ? String(count) : null, 'error');
    const conflictRows = conflicts.map((c) => h('div.problem', {
      role: 'button', tabindex: '0', title: 'Go to the conflict marker', 'data-testid': 'problem-conflict',
      onclick: () => ws.reveal(c.script, c.line, 1),
    },
    icon('git-merge'),
    h('span.problem-message', {}, `Merge conflict marker ${c.text}: ${RESOLVE_CONFLICT}`),
    h('span.problem-where', {}, `${c.script}:${c.line}`)));
    if (ws.checkState === 'failed') {
      fill(list, conflictRows, h('div.empty', {}, icon('warning'), ` Could not check the scripts: ${ws.checkMessage}`));
      return;
    }
    if (!count) {
      fill(list, h('div.empty', {}, icon('pass'), ws.checkState === 'ok' ? ' No problems: the scripts compile.' : ' No problems found.'));
      return;
    }
    fill(list, conflictRows, errors.map((e) => h('div.problem', {
      role: 'button', tabindex: '0', title: 'Go to the error',
      onclick: () => { if (e.script && ws.has(e.script)) ws.reveal(e.script, e.line, e.column); },
    },
    icon('error'),
    h('span.problem-message', {}, e.message),
    h('span.problem-where', {}, `${e.script ?? 'script set'}${e.line != null ? `:${e.line}` : ''}${e.column != null ? `:${e.column}` : ''}`))));
  };
  let last = '';
  ws.onChange(() => {
    const key = `${ws.checkState}|${JSON.stringify(ws.errors)}|${JSON.stringify(ws.conflicts())}`;
    if (key !== last) { last = key; render(); }
  });
  render();
  return { id: 'problems', title: 'Problems', el };
}
