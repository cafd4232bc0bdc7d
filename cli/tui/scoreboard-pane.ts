// The scoreboard pane: mod_status' grid and key, BusyWorkers/IdleWorkers, event's parked
// connections.
import type blessed from 'blessed';
import type { ColorMode } from './color-mode.ts';
import type { Rect } from './layout.ts';
import { scoreboardLines } from './scoreboard-model.ts';
import type { ScoreboardModel } from './scoreboard-model.ts';
import { TextPane } from './text-pane.ts';

export class ScoreboardPane {
  private readonly pane: TextPane;

  constructor(screen: blessed.Widgets.Screen, mode: ColorMode) {
    this.pane = new TextPane(screen, mode);
  }

  place(rect: Rect): void {
    this.pane.place(rect);
  }

  draw(model: ScoreboardModel): boolean {
    return this.pane.draw(scoreboardLines(model, this.pane.width, this.pane.height));
  }
}
