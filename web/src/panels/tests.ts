// Tests: run the fixtures of scripts/tests/ against the scripts in the editor.
import { api, TestReport } from '../api';
import { Workspace } from '../editor/workspace';
import { diffView, fill, h, icon } from '../ui/dom';
import { setStatus } from '../ui/status';
import { Panel, PanelArea } from './panels';

export class TestsPanel implements Panel {
  readonly id = 'tests';
  readonly title = 'Tests';
  readonly el: HTMLElement;
  private readonly results: HTMLElement;
  private readonly runBtn: HTMLButtonElement;
  private readonly onlyFailures: HTMLInputElement;
  private last: TestReport | null = null;

  constructor(private ws: Workspace, private area: PanelArea) {
    this.runBtn = h('button.btn.primary', { type: 'button', 'data-testid': 'tests-run', onclick: () => void this.run() }, icon('beaker'), ' Run tests');
    this.onlyFailures = h('input', { type: 'checkbox', 'data-testid': 'tests-only-failures', onchange: () => this.render() });
    this.results = h('div.test-results', { 'data-testid': 'test-results', 'data-state': 'empty' }, h('div.empty', {}, 'Run the fixtures (scripts/tests/*.yaml) against the scripts in the editor.'));
    this.el = h('div.panel-scroll', {},
      h('div.toolbar', {}, this.runBtn, h('label.check', {}, this.onlyFailures, ' only failures')),
      this.results);
  }

  async run(): Promise<void> {
    this.runBtn.disabled = true;
    this.results.dataset.state = 'running';
    fill(this.results, h('div.empty', {}, 'Running tests…'));
    try {
      const r = await api.test(this.ws.current());
      this.show(r);
      setStatus(`Tests: ${r.summary}`, r.ok ? 'ok' : 'error');
    } catch (e) {
      this.results.dataset.state = 'error';
      fill(this.results, h('div.error-box', {}, icon('error'), ` Tests could not run: ${(e as Error).message}`));
      setStatus(`Tests could not run: ${(e as Error).message}`, 'error');
    } finally {
      this.runBtn.disabled = false;
    }
  }

  show(r: { ok?: boolean; summary: string; cases: TestReport['cases'] }): void {
    const failed = (r.cases ?? []).filter((c) => c.outcome !== 'passed').length;
    this.last = { ok: r.ok ?? failed === 0, summary: r.summary, cases: r.cases ?? [] };
    this.area.setBadge('tests', failed ? String(failed) : null, 'error');
    this.render();
  }

  private render(): void {
    const r = this.last;
    if (!r) return;
    const failed = r.cases.filter((c) => c.outcome !== 'passed');
    this.results.dataset.state = failed.length ? 'failed' : 'passed';
    const cases = this.onlyFailures.checked ? failed : r.cases;
    fill(this.results,
      h('div.test-summary', { 'data-testid': 'test-summary', class: failed.length ? 'failed' : 'passed' }, icon(failed.length ? 'error' : 'pass-filled'), ` ${r.summary}`),
      cases.map((c) => {
        const ok = c.outcome === 'passed';
        const row = h('div.test-case', { class: `outcome-${c.outcome}`, 'data-outcome': c.outcome, 'data-testid': 'test-case' },
          icon(ok ? 'pass' : c.outcome === 'error' ? 'warning' : 'error'),
          h('span.test-file', {}, c.file),
          h('span.test-name', {}, c.name),
          h('span.test-outcome', {}, c.outcome));
        if (ok) return row;
        return h('div.test-case-block', {}, row,
          h('div.test-details', {},
            c.error ? h('pre.error-text', {}, c.error) : null,
            c.mismatches?.length ? h('ul.mismatches', {}, c.mismatches.map((m) => h('li', {}, m))) : null,
            c.diff ? diffView(c.diff) : null));
      }));
  }
}
