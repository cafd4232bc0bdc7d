// Drives a lesson session (cli/lesson/session.ts) from the live view: its events into the
// lesson pane's transcript, the lesson's keys and the typed answer into session calls, and
// the lab to show from the step. No drawing here: the dashboard draws from `transcript`.
import type { LabEvent } from '../../labs/mpm.ts';
import type { LessonEvent, LessonSession } from '../lesson/session.ts';
import type { LessonAction } from './keys.ts';
import { lessonCall, typeInto } from './lesson-keys.ts';
import type { KeyPress } from './lesson-keys.ts';
import { LessonTranscript } from './lesson-model.ts';

export interface LessonDriverHooks {
  changed(): void; // something to draw
  labEvent(name: string, event: LabEvent): void; // a lab's own event (log lines, spawns, exits)
  labsChanged(): void; // a lab started or stopped, or the step names another
  labStopped(name: string): void;
  page(direction: -1 | 1): void; // PgUp / PgDn in the lesson pane
}

export class LessonDriver {
  readonly transcript = new LessonTranscript();
  input = '';
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  constructor(
    readonly session: LessonSession,
    private readonly hooks: LessonDriverHooks,
  ) {}

  /** Listens, then starts the session (its first events come from start()). */
  start(): void {
    this.unsubscribe = this.session.onEvent((e) => this.onEvent(e));
    void this.session.start().catch((error) => this.failed(error));
  }

  /** The step asks a question now: digits go to the answer line. */
  get inputActive(): boolean {
    return this.transcript.phase === 'question';
  }

  /** The lab the step draws first (its name in the lesson). */
  wantedLab(): string | undefined {
    return this.session.current().step.labs[0];
  }

  private onEvent(e: LessonEvent): void {
    if (this.closed) return;
    if (e.type === 'lab-event') return this.hooks.labEvent(e.name, e.event);
    this.transcript.apply(e);
    if (e.type === 'step') this.input = '';
    if (e.type === 'step' || e.type === 'lab-started' || e.type === 'lab-stopped') this.hooks.labsChanged();
    if (e.type === 'lab-stopped') this.hooks.labStopped(e.name);
    // A step the learner may do by hand: the lab watches for it until Enter runs it instead
    // (after this event: the session moves to 'ready' once its listeners have heard it).
    if ((e.type === 'step' && e.phase === 'ready') || e.type === 'answered') queueMicrotask(() => this.watchIfByHand());
    this.hooks.changed();
  }

  private watchIfByHand(): void {
    if (this.closed || this.transcript.phase !== 'ready') return;
    const { step, phase } = this.session.current();
    if (phase === 'ready' && step.byHand) void this.session.watch().catch((error) => this.failed(error));
  }

  private failed(error: unknown): void {
    if (this.closed) return;
    this.transcript.apply({ type: 'error', time: Date.now(), index: this.transcript.stepIndex, text: error instanceof Error ? error.message : String(error) });
    this.hooks.changed();
  }

  /** A key typed while a question waits: true when it went into the answer line. */
  type(ch: string | undefined, key: KeyPress): boolean {
    if (!this.inputActive) return false;
    const next = typeInto(this.input, ch, key, this.transcript.question);
    if (next === null) return false;
    this.input = next;
    this.hooks.changed();
    return true;
  }

  key(action: LessonAction): void {
    const s = this.session;
    const call = lessonCall(action, this.transcript.phase, this.transcript.watching);
    const later = (work: Promise<void>) => void work.catch((error) => this.failed(error));
    switch (call) {
      case 'answer':
        s.answer(this.input);
        this.input = '';
        break;
      case 'run':
        later(s.run());
        break;
      case 'next':
        later(s.next());
        break;
      case 'back':
        later(s.back());
        break;
      case 'hint':
        s.hint();
        break;
      case 'showAnswer':
        s.showAnswer();
        break;
      case 'reset':
        later(s.reset());
        break;
      case 'page-up':
        this.hooks.page(-1);
        break;
      case 'page-down':
        this.hooks.page(1);
        break;
      default:
        break;
    }
    this.hooks.changed();
  }

  /** Stops listening and closes the session (its labs stop; progress is kept). */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    await this.session.close();
  }
}
