// A rectangle of text lines on the screen: every pane is one. It redraws only when its
// lines changed, and never draws past its width.
import blessed from 'blessed';
import type { ColorMode } from './color-mode.ts';
import { clipLine, toMarkup } from './line.ts';
import type { Line } from './line.ts';
import type { Rect } from './layout.ts';

export class TextPane {
  readonly box: blessed.Widgets.BoxElement;
  private shown = '';
  private rect: Rect = { left: 0, top: 0, width: 0, height: 0 };

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly mode: ColorMode,
  ) {
    this.box = blessed.box({ parent: screen, tags: true, wrap: false, scrollable: false, left: 0, top: 0, width: 1, height: 1 });
  }

  get width(): number {
    return this.rect.width;
  }

  get height(): number {
    return this.rect.height;
  }

  place(rect: Rect): void {
    this.rect = rect;
    this.box.left = rect.left;
    this.box.top = rect.top;
    this.box.width = Math.max(1, rect.width);
    this.box.height = Math.max(1, rect.height);
    if (rect.height <= 0 || rect.width <= 0) this.box.hide();
    else this.box.show();
    this.shown = ''; // a new size: draw again
  }

  /** Sets the lines; returns whether anything changed on screen. */
  draw(lines: readonly Line[]): boolean {
    const text = lines
      .slice(0, this.rect.height)
      .map((l) => toMarkup(clipLine(l, this.rect.width), this.mode === 'color' ? 'color' : 'mono'))
      .join('\n');
    if (text === this.shown) return false;
    this.shown = text;
    this.box.setContent(text);
    return true;
  }
}
