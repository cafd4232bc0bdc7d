// The help (?): every key, the marks and mod_status' key, over the panes. It is laid out for
// the terminal's width when it opens, scrolls with the arrow keys, and ? or Esc closes it.
import blessed from 'blessed';
import type { ColorMode } from './color-mode.ts';
import { helpLines } from './keys.ts';
import type { KeyDef } from './keys.ts';
import { clipLine, fit, seg, toMarkup } from './line.ts';
import { STRINGS as S } from './strings.ts';

export class HelpOverlay {
  private readonly box: blessed.Widgets.BoxElement;
  visible = false;

  constructor(
    private readonly screen: blessed.Widgets.Screen,
    private readonly mode: ColorMode,
    private readonly keys: readonly KeyDef[],
    private readonly intro: string,
  ) {
    this.box = blessed.box({ parent: screen, tags: true, hidden: true, top: 1, left: 0, width: '100%', height: '100%-1', wrap: false, scrollable: true, alwaysScroll: true, keys: true });
  }

  toggle(): void {
    if (this.visible) this.hide();
    else this.show();
  }

  show(): void {
    const cols = Math.max(20, Number(this.screen.width) || 80);
    const w = cols - 2;
    const title = [seg(fit(S.helpTitle, cols), 'inverse')];
    const body = helpLines(this.keys, this.intro, w).map((l) => [seg(' '), ...clipLine(l, w)]);
    this.box.setContent([title, ...body].map((l) => toMarkup(l, this.mode === 'color' ? 'color' : 'mono')).join('\n'));
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
