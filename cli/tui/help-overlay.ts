// The help (?): every key, the marks and mod_status' key, over the panes; it scrolls with the
// arrow keys when the terminal is short, and ? or Esc closes it.
import blessed from 'blessed';
import type { ColorMode } from './color-mode.ts';
import { toMarkup } from './line.ts';
import type { Line } from './line.ts';

export class HelpOverlay {
  private readonly box: blessed.Widgets.BoxElement;
  visible = false;

  constructor(
    private readonly screen: blessed.Widgets.Screen,
    mode: ColorMode,
    lines: readonly Line[],
  ) {
    this.box = blessed.box({
      parent: screen,
      tags: true,
      hidden: true,
      top: 'center',
      left: 'center',
      width: '90%',
      height: '90%',
      border: { type: 'line' },
      label: ' Help: ? or Esc closes, ↑ ↓ scroll ',
      scrollable: true,
      alwaysScroll: true,
      keys: true,
      content: lines.map((l) => toMarkup(l, mode === 'color' ? 'color' : 'mono')).join('\n'),
    });
  }

  toggle(): void {
    if (this.visible) this.hide();
    else this.show();
  }

  show(): void {
    this.visible = true;
    this.box.setScroll(0);
    this.box.show();
    this.box.setFront();
    this.box.focus();
    this.screen.render();
  }

  hide(): void {
    this.visible = false;
    this.box.hide();
    this.screen.render();
  }
}
