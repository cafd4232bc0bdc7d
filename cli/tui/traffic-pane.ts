// The traffic pane: requests per second, failures and latency of the load this UI sent.
import type blessed from 'blessed';
import type { TrafficRecorder } from '../../labs/operations/traffic-recorder.ts';
import type { ColorMode } from './color-mode.ts';
import type { Rect } from './layout.ts';
import { TextPane } from './text-pane.ts';
import { trafficLines } from './traffic-model.ts';
import type { TrafficState } from './traffic-model.ts';

export class TrafficPane {
  private readonly pane: TextPane;

  constructor(screen: blessed.Widgets.Screen, mode: ColorMode) {
    this.pane = new TextPane(screen, mode);
  }

  place(rect: Rect): void {
    this.pane.place(rect);
  }

  draw(recorder: TrafficRecorder, state: TrafficState): boolean {
    return this.pane.draw(trafficLines(recorder, state, this.pane.width, this.pane.height));
  }
}
