// Impact: how many Sessions a change to the scripts alters, and how.
import { AdmissionImpact, api, Change, Impact, ScriptImpact, Scripts } from '../api';
import { Workspace } from '../editor/workspace';
import { fill, h, icon, diffView, shortVersion } from '../ui/dom';
import { setStatus } from '../ui/status';
import { Panel, PanelArea } from './panels';

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Evaluations the edited scripts fail on, over every script. */
function errorCount(r: Impact): number {
  return r.scripts.reduce((n, s) => n + s.errors.length, 0) + (r.admission?.errors.length ?? 0);
}

const changeList = (changes: Change[]) => changes.map((c) => `${c.kind} ${c.field} on ${c.count}`).join(', ');

/**
 * "This change alters 37 of 120 sessions: Deployment spec.template.spec.containers[0].image on 37;
 * idle action on 12 — and 1 of 5 templates: Template message on 1"
 */
export function impactSummaryText(r: Impact): string {
  const templates = r.scripts.find((s) => s.subjects === 'templates');
  const sessionParts = r.scripts.filter((s) => s !== templates && s.changes.length).map((s) => changeList(s.changes));
  let text = r.changed
    ? `This change alters ${r.changed} of ${plural(r.total, 'session')}`
    : `This change alters none of the ${plural(r.total, 'session')}`;
  if (sessionParts.length) text += `: ${sessionParts.join('; ')}`;
  if (templates?.changed) text += ` — and ${templates.changed} of ${plural(templates.total, 'template')}: ${changeList(templates.changes)}`;
  const refused = r.admission?.refused.length ?? 0;
  if (refused) text += ` — ${r.admission?.script} would refuse ${refused} of them as they are`;
  const errs = errorCount(r);
  if (errs) text += ` — the new scripts fail ${plural(errs, 'evaluation')}`;
  return text;
}

/** One script's part: what it decides for, its errors, one sample diff per kind of change. */
function renderScript(s: ScriptImpact, open: boolean): HTMLElement | null {
  if (!s.changes.length && !s.errors.length) return null;
  return h('section.impact-script', { 'data-testid': `impact-script-${s.script}` },
    h('h3.impact-script-title', {}, h('code', {}, s.script), ` alters ${s.changed} of ${s.total} ${s.subjects}`),
    s.errors.length ? h('ul.impact-errors', {}, s.errors.slice(0, 10).map((e) => h('li', {}, e))) : null,
    s.changes.map((c) => h('details.impact-change', { open },
      h('summary', {}, h('span.kind', {}, c.kind), ' ', h('code', {}, c.field), h('span.count', {}, ` on ${c.count}`)),
      c.sampleDiff ? diffView(c.sampleDiff) : h('div.muted', {}, 'no sample'))));
}

/** The Sessions the edited admit.rhai would refuse to create as they are, with why. */
function renderAdmission(a: AdmissionImpact | null): HTMLElement | null {
  if (!a || (!a.refused.length && !a.errors.length)) return null;
  return h('section.impact-script', { 'data-testid': `impact-script-${a.script}` },
    h('h3.impact-script-title', {}, h('code', {}, a.script), ` would refuse ${a.refused.length} of ${a.total} sessions as they are`),
    a.errors.length ? h('ul.impact-errors', {}, a.errors.slice(0, 10).map((e) => h('li', {}, e))) : null,
    h('ul.impact-refused', {}, a.refused.slice(0, 20).map((x) => h('li', {}, h('code', {}, x.session), `: ${x.message}`))));
}

/** The summary line and, per script, one sample diff per kind of change. */
export function renderImpact(r: Impact, summaryTestid: string | null): HTMLElement {
  const errs = errorCount(r);
  const kinds = r.scripts.reduce((n, s) => n + s.changes.length, 0);
  return h('div.impact', {},
    h('div.impact-summary', { 'data-testid': summaryTestid, class: errs ? 'has-errors' : r.changed ? 'has-changes' : 'no-changes' },
      icon(errs ? 'warning' : r.changed ? 'info' : 'pass'), ' ', impactSummaryText(r)),
    r.total ? h('div.impact-bar', { title: `${r.changed} of ${r.total} sessions change` },
      h('div.impact-bar-fill', { style: `width:${Math.round((100 * r.changed) / Math.max(1, r.total))}%` })) : null,
    r.scripts.map((s) => renderScript(s, kinds <= 2)),
    renderAdmission(r.admission));
}

export class ImpactPanel implements Panel {
  readonly id = 'impact';
  readonly title = 'Impact';
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private readonly runBtn: HTMLButtonElement;
  private summaryTestid: string | null = 'impact-summary';
  /** The editor's base version when what is shown was computed; null when nothing is. */
  private shownOn: string | null = null;

  constructor(private ws: Workspace, private area: PanelArea) {
    this.runBtn = h('button.btn.primary', { type: 'button', 'data-testid': 'impact-run', onclick: () => this.compute() }, icon('graph'), ' Compute impact');
    this.body = h('div.impact-body', {}, h('div.empty', {}, 'Compute which Sessions the scripts in the editor would change. A save always computes it first.'));
    this.el = h('div.panel-scroll', {}, h('div.toolbar', {}, this.runBtn, h('span.hint', {}, 'Runs reconcile.rhai for every Session, idle.rhai for the running ones and template.rhai for every Template with the edited scripts, and compares with what the running version decides; admit.rhai says which Sessions it would refuse to create as they are.')), this.body);
    // A save, rollback, rebase or reload moves the base: the result shown
    // describes a change that is now saved or gone.
    ws.onChange(() => { if (this.shownOn !== null && this.shownOn !== ws.baseVersion) this.clear(); });
  }

  private clear(): void {
    this.shownOn = null;
    fill(this.body, h('div.empty', { 'data-testid': 'impact-cleared' }, `The editor now starts from version ${shortVersion(this.ws.baseVersion)}: the impact computed before no longer applies. Compute it again for new edits.`));
    this.area.setBadge('impact', null);
  }

  async compute(scripts: Scripts = this.ws.current()): Promise<Impact> {
    this.runBtn.disabled = true;
    this.shownOn = this.ws.baseVersion;
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

  show(r: Impact): void {
    fill(this.body, renderImpact(r, this.summaryTestid));
    this.area.setBadge('impact', r.changed ? String(r.changed) : null, errorCount(r) ? 'warn' : 'info');
  }

  /** The save dialog shows its own summary with data-testid="impact-summary" while it is open. */
  yieldTestid(yieldIt: boolean): void {
    this.summaryTestid = yieldIt ? 'impact-panel-summary' : 'impact-summary';
    this.el.querySelectorAll('.impact-summary').forEach((e) => e.setAttribute('data-testid', this.summaryTestid!));
  }
}
