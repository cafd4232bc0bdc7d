// When to log the connections closed because the backlog was full: the first of a spell at
// once, with the reason; then, about once a second, how many more; a second with none ends
// the spell. Pure: the clock is given.
import { backlogClosedLine, backlogFullLine } from './connection-words.ts';

const REPORT_MS = 900; // ticks come about once a second, a little late or early

export class BacklogRefusals {
  private spell = false;
  private since = 0; // refused since the last line
  private lastLineAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** A spell of refusals is under way: ticks are needed to end it. */
  get active(): boolean {
    return this.spell;
  }

  /** One more connection closed; the line to log now, if any. */
  refused(listenBacklog: number): string | null {
    if (this.spell) {
      this.since++;
      return null;
    }
    this.spell = true;
    this.lastLineAt = this.now();
    return backlogFullLine(listenBacklog);
  }

  /** About once a second; the line to log now, if any. */
  tick(listenBacklog: number): string | null {
    if (!this.spell || this.now() - this.lastLineAt < REPORT_MS) return null;
    if (this.since === 0) {
      this.spell = false;
      return null;
    }
    const line = backlogClosedLine(this.since, listenBacklog);
    this.since = 0;
    this.lastLineAt = this.now();
    return line;
  }
}
