// The bottom panel area: a tab strip (Problems, Dry run, Impact, Tests,
// History, Rollout, Live logs) and a resizable body.
import { fill, h } from '../ui/dom';

export interface Panel {
  id: string;
  title: string;
  el: HTMLElement;
  /** Called each time the panel becomes visible. */
  onShow?: () => void;
}

export class PanelArea {
  readonly el: HTMLElement;
  private readonly strip: HTMLElement;
  private readonly body: HTMLElement;
  private readonly panels: Panel[] = [];
  private readonly badges = new Map<string, string>();
  active: string | null = null;

  constructor() {
    this.strip = h('div.panel-tabs', { role: 'tablist' });
    this.body = h('div.panel-body');
    this.el = h('section.panel-area', { 'data-testid': 'panels' }, this.strip, this.body);
  }

  add(panel: Panel): void {
    this.panels.push(panel);
    panel.el.classList.add('panel');
    panel.el.dataset.panel = panel.id;
    panel.el.hidden = true;
    this.body.appendChild(panel.el);
    this.render();
  }

  show(id: string): void {
    const p = this.panels.find((x) => x.id === id);
    if (!p) return;
    const changed = this.active !== id;
    this.active = id;
    for (const x of this.panels) x.el.hidden = x.id !== id;
    this.render();
    if (changed) p.onShow?.();
  }

  isVisible(id: string): boolean {
    return this.active === id;
  }

  setBadge(id: string, text: string | null, kind: 'info' | 'error' | 'warn' = 'info'): void {
    if (text) this.badges.set(id, `${kind}:${text}`);
    else this.badges.delete(id);
    this.render();
  }

  private render(): void {
    fill(this.strip, this.panels.map((p) => {
      const badge = this.badges.get(p.id);
      const [kind, text] = badge ? [badge.slice(0, badge.indexOf(':')), badge.slice(badge.indexOf(':') + 1)] : ['', ''];
      return h('button.panel-tab', {
        type: 'button', role: 'tab', 'aria-selected': String(p.id === this.active), 'data-testid': `panel-tab-${p.id}`,
        class: p.id === this.active ? 'active' : undefined, onclick: () => this.show(p.id),
      }, p.title, badge ? h('span.badge', { class: `badge-${kind}` }, text) : null);
    }));
  }
}
