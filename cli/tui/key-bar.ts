// The key bar at the bottom: every key the screen answers to.
import type blessed from 'blessed';
import type { ColorMode } from './color-mode.ts';
import { keyBarLines } from './keys.ts';
import type { KeyDef } from './keys.ts';
import type { Rect } from './layout.ts';
import { TextPane } from './text-pane.ts';

export class KeyBar {
  private readonly pane: TextPane;

  constructor(
    screen: blessed.Widgets.Screen,
    mode: ColorMode,
    private readonly keys: readonly KeyDef[],
  ) {
    this.pane = new TextPane(screen, mode);
  }

  rows(width: number): number {
    return keyBarLines(this.keys, width).length;
  }

  place(rect: Rect): void {
    this.pane.place(rect);
  }

  draw(): boolean {
    return this.pane.draw(keyBarLines(this.keys, this.pane.width));
  }
}
