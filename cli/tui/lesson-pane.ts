// The lesson pane: the lesson's current step, its question with the answer being typed, and
// what the lab measured, scrolled with PgUp/PgDn. Beside the lab's panes or above them.
import type blessed from 'blessed';
import type { ColorMode } from './color-mode.ts';
import type { Rect } from './layout.ts';
import { lessonLines } from './lesson-model.ts';
import type { LessonInput, LessonTranscript } from './lesson-model.ts';
import { TextPane } from './text-pane.ts';

export class LessonPane {
  private readonly pane: TextPane;
  private scroll: number | null = 0; // null: follow the newest results
  private seenStep = -1;
  private seenVersion = -1;
  private maxScroll = 0;

  constructor(screen: blessed.Widgets.Screen, mode: ColorMode) {
    this.pane = new TextPane(screen, mode);
  }

  place(rect: Rect): void {
    this.pane.place(rect);
  }

  /** PgUp/PgDn: most of a page at a time. */
  page(direction: -1 | 1): void {
    const step = Math.max(1, this.pane.height - 4);
    const from = this.scroll ?? this.maxScroll;
    const next = Math.max(0, from + direction * step);
    this.scroll = next >= this.maxScroll ? null : next;
  }

  draw(t: LessonTranscript, input: LessonInput): boolean {
    // A new step starts at its top; results of the step follow at the end as they come.
    if (t.stepVersion !== this.seenStep) {
      this.seenStep = t.stepVersion;
      this.scroll = 0;
    } else if (t.version !== this.seenVersion) this.scroll = null;
    this.seenVersion = t.version;
    const view = lessonLines(t, input, this.pane.width, this.pane.height, this.scroll);
    this.maxScroll = view.maxScroll;
    return this.pane.draw(view.lines);
  }
}
