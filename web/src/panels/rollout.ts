// Rollout: how many Sessions were last reconciled by the current version of
// the scripts and how many by older ones.
import { api, Rollout } from '../api';
import { fill, h, icon, shortVersion } from '../ui/dom';
import { Panel, PanelArea } from './panels';

export class RolloutPanel implements Panel {
  readonly id = 'rollout';
  readonly title = 'Rollout';
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private timer: number | undefined;

  constructor(private area: PanelArea) {
    this.body = h('div.rollout', { 'data-testid': 'rollout' }, h('div.empty', {}, 'Loading…'));
    this.el = h('div.panel-scroll', {},
      h('div.toolbar', {}, h('span.toolbar-title', {}, 'Sessions by script version'), h('button.icon-btn', { type: 'button', title: 'Reload', 'data-testid': 'rollout-refresh', onclick: () => void this.refresh() }, icon('refresh')), h('span.hint', {}, 'refreshes every 5 s while shown')),
      this.body);
  }

  onShow(): void {
    void this.refresh();
    window.clearInterval(this.timer);
    this.timer = window.setInterval(() => {
      if (this.area.isVisible(this.id) && !document.hidden) void this.refresh();
      else window.clearInterval(this.timer);
    }, 5000);
  }

  async refresh(): Promise<void> {
    let r: Rollout;
    try {
      r = await api.rollout();
    } catch (e) {
      fill(this.body, h('div.error-box', {}, icon('error'), ` Could not load the rollout: ${(e as Error).message}`));
      return;
    }
    const total = Math.max(1, r.total);
    const cur = r.versions.find((v) => v.version === r.current)?.sessions ?? 0;
    const versions = [...r.versions].sort((a, b) => (a.version === r.current ? -1 : b.version === r.current ? 1 : b.sessions - a.sessions));
    fill(this.body,
      h('div.rollout-summary', { 'data-testid': 'rollout-summary' },
        `${cur} of ${r.total} session${r.total === 1 ? '' : 's'} run the current version `, h('code', { title: r.current }, shortVersion(r.current)),
        r.total - cur ? h('span.muted', {}, ` — ${r.total - cur} on older versions`) : h('span.ok', {}, ' — fully rolled out')),
      versions.map((v) => h('div.rollout-row', { class: v.version === r.current ? 'current' : 'older', 'data-testid': `rollout-${v.version || 'none'}` },
        h('span.rollout-version', { title: v.version || 'not reconciled yet' }, v.version ? shortVersion(v.version) : '(none yet)', v.version === r.current ? h('span.tag.tag-current', {}, 'current') : null),
        h('div.rollout-bar', {}, h('div.rollout-fill', { style: `width:${(100 * v.sessions) / total}%` })),
        h('span.rollout-count', {}, `${v.sessions} (${Math.round((100 * v.sessions) / total)}%)`))));
  }
}
