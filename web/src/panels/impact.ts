// Impact: how many Sessions a change to the scripts alters, and how.
import { api, ImpactResponse, Scripts } from '../api';
import { Workspace } from '../editor/workspace';
import { fill, h, icon, diffView } from '../ui/dom';
import { setStatus } from '../ui/status';
import { Panel, PanelArea } from './panels';

function errorCount(r: ImpactResponse): number {
  return Array.isArray(r.errors) ? r.errors.length : Number(r.errors ?? 0);
}

/** "this change alters 37 of 120 sessions: Deployment spec.template.spec.containers[0].image on 37" */
export function impactSummaryText(r: ImpactResponse): string {
  const sessions = (n: number) => `${n} session${n === 1 ? '' : 's'}`;
  let text = r.changed
    ? `This change alters ${r.changed} of ${sessions(r.total)}`
    : `This change alters none of the ${sessions(r.total)}`;
  if (r.changes?.length) text += `: ${r.changes.map((c) => `${c.kind} ${c.field} on ${c.count}`).join(', ')}`;
  const errs = errorCount(r);
  if (errs) text += ` — ${sessions(errs)} fail to evaluate with the new scripts`;
  return text;
}

/** The summary line and one sample diff per kind of change. */
export function renderImpact(r: ImpactResponse, summaryTestid: string | null): HTMLElement {
  const errs = errorCount(r);
  return h('div.impact', {},
    h('div.impact-summary', { 'data-testid': summaryTestid, class: errs ? 'has-errors' : r.changed ? 'has-changes' : 'no-changes' },
      icon(errs ? 'warning' : r.changed ? 'info' : 'pass'), ' ', impactSummaryText(r)),
    r.total ? h('div.impact-bar', { title: `${r.changed} of ${r.total} sessions change` },
      h('div.impact-bar-fill', { style: `width:${Math.round((100 * r.changed) / Math.max(1, r.total))}%` })) : null,
    Array.isArray(r.errors) && r.errors.length ? h('ul.impact-errors', {}, r.errors.slice(0, 10).map((e) => h('li', {}, typeof e === 'string' ? e : JSON.stringify(e)))) : null,
    (r.changes ?? []).map((c) => h('details.impact-change', { open: (r.changes?.length ?? 0) <= 2 },
      h('summary', {}, h('span.kind', {}, c.kind), ' ', h('code', {}, c.field), h('span.count', {}, ` on ${c.count} session${c.count === 1 ? '' : 's'}`)),
      c.sampleDiff ? diffView(c.sampleDiff) : h('div.muted', {}, 'no sample'))));
}

export class ImpactPanel implements Panel {
  readonly id = 'impact';
  readonly title = 'Impact';
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private readonly runBtn: HTMLButtonElement;
  private summaryTestid: string | null = 'impact-summary';
  private last: ImpactResponse | null = null;

  constructor(private ws: Workspace, private area: PanelArea) {
    this.runBtn = h('button.btn.primary', { type: 'button', 'data-testid': 'impact-run', onclick: () => this.compute() }, icon('graph'), ' Compute impact');
    this.body = h('div.impact-body', {}, h('div.empty', {}, 'Compute which Sessions the scripts in the editor would change. A save always computes it first.'));
    this.el = h('div.panel-scroll', {}, h('div.toolbar', {}, this.runBtn, h('span.hint', {}, 'Evaluates reconcile for every Session with the edited scripts and compares with what the running version produces.')), this.body);
  }

  async compute(scripts: Scripts = this.ws.current()): Promise<ImpactResponse> {
    this.runBtn.disabled = true;
    fill(this.body, h('div.empty', {}, 'Computing impact…'));
    try {
      const r = await api.impact(scripts);
      this.show(r);
      return r;
    } catch (e) {
      fill(this.body, h('div.error-box', {}, icon('error'), ` Impact could not be computed: ${(e as Error).message}`));
      setStatus(`Impact could not be computed: ${(e as Error).message}`, 'error');
      throw e;
    } finally {
      this.runBtn.disabled = false;
    }
  }

  show(r: ImpactResponse): void {
    this.last = r;
    fill(this.body, renderImpact(r, this.summaryTestid));
    this.area.setBadge('impact', r.changed ? String(r.changed) : null, errorCount(r) ? 'warn' : 'info');
  }

  /** The save dialog shows its own summary with data-testid="impact-summary" while it is open. */
  yieldTestid(yieldIt: boolean): void {
    this.summaryTestid = yieldIt ? 'impact-panel-summary' : 'impact-summary';
    this.el.querySelectorAll('.impact-summary').forEach((e) => e.setAttribute('data-testid', this.summaryTestid!));
  }
}
