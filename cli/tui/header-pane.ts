// The top line: what is shown, and the view's state (running, paused, stopping...).
import type blessed from 'blessed';
import type { ColorMode } from './color-mode.ts';
import { headerLine } from './header-model.ts';
import type { Rect } from './layout.ts';
import { TextPane } from './text-pane.ts';

export class HeaderPane {
  private readonly pane: TextPane;

  constructor(screen: blessed.Widgets.Screen, mode: ColorMode) {
    this.pane = new TextPane(screen, mode);
  }

  place(rect: Rect): void {
    this.pane.place(rect);
  }

  draw(left: string, right: string): boolean {
    return this.pane.draw([headerLine(left, right, this.pane.width)]);
  }
}
