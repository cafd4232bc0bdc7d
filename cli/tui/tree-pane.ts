// The process/thread tree pane: a heading that names the columns, then the rows, folded or
// scrolled to fit.
import type blessed from 'blessed';
import type { ColorMode } from './color-mode.ts';
import type { Rect } from './layout.ts';
import { TextPane } from './text-pane.ts';
import { layoutTree, treeHeading } from './tree-lines.ts';
import type { TreeRow } from './tree-model.ts';

export class TreePane {
  private readonly pane: TextPane;
  private offset = 0;

  constructor(screen: blessed.Widgets.Screen, mode: ColorMode) {
    this.pane = new TextPane(screen, mode);
  }

  place(rect: Rect): void {
    this.pane.place(rect);
  }

  scroll(delta: number): void {
    this.offset = Math.max(0, this.offset + delta);
  }

  draw(rows: readonly TreeRow[]): boolean {
    const view = layoutTree(rows, this.pane.width, this.pane.height - 1, this.offset);
    this.offset = view.offset;
    return this.pane.draw([treeHeading(this.pane.width), ...view.lines]);
  }
}
