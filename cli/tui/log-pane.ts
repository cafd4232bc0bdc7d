// The log pane: the parent's error_log lines in httpd's words (or, for `watch`, what the
// watcher noticed), newest at the bottom.
import type blessed from 'blessed';
import type { ColorMode } from './color-mode.ts';
import type { Rect } from './layout.ts';
import { logLines } from './log-model.ts';
import type { LogBuffer } from './log-model.ts';
import { TextPane } from './text-pane.ts';

export class LogPane {
  private readonly pane: TextPane;

  constructor(
    screen: blessed.Widgets.Screen,
    mode: ColorMode,
    private title: string,
  ) {
    this.pane = new TextPane(screen, mode);
  }

  /** A lesson's lab changed: the title names the new parent. */
  setTitle(title: string): void {
    this.title = title;
  }

  place(rect: Rect): void {
    this.pane.place(rect);
  }

  draw(buffer: LogBuffer): boolean {
    return this.pane.draw(logLines(buffer, this.title, this.pane.width, this.pane.height));
  }
}
