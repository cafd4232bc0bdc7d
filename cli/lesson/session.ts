/**
 * A lesson session: one lesson being taken, UI-agnostic. The plain transcript
 * (cli/lesson/plain-*.ts) and the TUI's lesson pane (cli/tui/) both drive this and draw
 * only what its event stream says; a recording of the stream replays a run.
 *
 * Every word a learner reads arrives here already formatted: the lesson's Markdown with
 * the step's facts filled in (lessons/NN-name/lesson.md), or a string from
 * cli/lesson/strings.ts. A view adds layout and colour, never words of its own.
 *
 * A step goes through these phases:
 *   'question' the step's text and its question are shown; answer(text) records a prediction
 *              (a step without a question starts in 'ready')
 *   'ready'    waiting for the experiment: run() lets the lab do it (the key; plain mode
 *              without a terminal), watch() waits for the learner to do it by hand in another
 *              terminal (curl, kill -TERM PID...) and observes the effect
 *   'running'  the experiment runs; the labs are live (labs() gives their Mpm for the view)
 *   'observed' the facts are in: 'observed', 'prediction', 'explain' and one 'claim' event
 *              per claim were emitted; next() moves on, run() runs it again
 * hint() gives the next hint tier and showAnswer() the answer text, in any phase.
 *
 * The session owns the labs (in-process Mpm instances on 127.0.0.1, port 0): it starts the
 * ones a step needs when the step is entered and stops them when no later step needs them,
 * and close() stops all of them. Call close() however the view ends (q, Ctrl-C, SIGTERM, the
 * terminal closing, an error); createLessonSession() also installs exit hooks as a backstop.
 *
 * Usage:
 *   const session = await createLessonSession({ number: 3 });   // cli/lesson/lesson-session.ts
 *   session.onEvent((e) => view.render(e));
 *   await session.start();            // emits 'lesson', starts step 0's labs, emits 'step'
 *   session.answer('4'); await session.run(); session.next(); ...
 *   await session.close();
 */
import type { LabEvent, Mpm } from '../../labs/mpm.ts';
import type { StartedLab } from '../../labs/mpm.ts';
import type { FactValue, Facts } from '../../lessons/step-types.ts';

export type { FactValue, Facts };

export type StepPhase = 'question' | 'ready' | 'running' | 'observed';

/** A question, as a view shows it: free number, or numbered choices (answer with the number). */
export interface QuestionView {
  text: string; // formatted Markdown, choices included as "1) ..." lines
  kind: 'number' | 'choice';
  choices: string[]; // for 'choice': the choices' texts, numbered from 1 in this order
  decides?: boolean; // the answer is a decision the step acts on, not a prediction
}

export interface StepView {
  index: number; // from 0
  id: string; // the step's id in steps.ts and lesson.md
  title: string;
  text: string; // what to read first (formatted: prepared facts filled in)
  question: QuestionView | null;
  tryText: string | null; // what to do by hand in another terminal
  byHand: boolean; // watch() can see the learner do it (else tryText is only a suggestion)
  hints: number; // hint tiers available
  labs: string[]; // names of the labs this step runs (the first is the one to draw)
}

export interface ClaimResult {
  id: string;
  ok: boolean;
  text: string; // the claim in words, facts filled in
  measured: string; // "children=3 processes=4": what the check read, for a failure message
}

export interface PredictionResult {
  given: string; // what the learner said ('' when nobody answered)
  actual: string; // what this run measured, as the question asks it (a number, a choice's text)
  matched: boolean | null; // null: no prediction was given
  text: string; // the comparison in words; a wrong prediction is shown, never failed
}

export interface RunningLabView {
  name: string; // the lesson's name for it: 'worker', 'prefork'
  model: string;
  url: string;
  port: number;
  pid: number; // the parent's pid (this process: the lesson is the lab's parent)
  token: string;
}

/** The event stream. A view renders these in order; a recording of them replays the run. */
export type LessonEvent =
  | { type: 'lesson'; time: number; number: number; title: string; goal: string; intro: string; steps: { id: string; title: string }[] }
  | { type: 'step'; time: number; step: StepView; of: number; phase: StepPhase }
  | { type: 'lab-started'; time: number; lab: RunningLabView }
  | { type: 'lab-stopped'; time: number; name: string }
  | { type: 'lab-event'; time: number; name: string; event: LabEvent } // the lab's own events (spawn, exit, log lines)
  | { type: 'answered'; time: number; index: number; given: string }
  | { type: 'running'; time: number; index: number; byHand: boolean; text: string }
  | { type: 'observed'; time: number; index: number; facts: Facts; text: string }
  | { type: 'prediction'; time: number; index: number; result: PredictionResult }
  | { type: 'explain'; time: number; index: number; text: string }
  | { type: 'claim'; time: number; index: number; result: ClaimResult }
  | { type: 'hint'; time: number; index: number; tier: number; of: number; text: string }
  | { type: 'answer'; time: number; index: number; text: string }
  | { type: 'notice'; time: number; text: string } // a one-line message from the session (strings.ts)
  | { type: 'error'; time: number; index: number; text: string } // an experiment failed to run
  | { type: 'finished'; time: number; ok: boolean; text: string } // the last step was left with next()
  | { type: 'closed'; time: number };

export interface LessonSession {
  readonly number: number;
  readonly title: string;
  readonly steps: readonly StepView[];
  /** The current step and its phase. */
  current(): { step: StepView; phase: StepPhase };
  /** Emits 'lesson', enters the step progress says (or 0), starting its labs. */
  start(): Promise<void>;
  /** Records a prediction for the current step's question; ignored after the run. */
  answer(text: string): void;
  /** The lab does the experiment (the step's key; plain mode without a terminal). */
  run(): Promise<void>;
  /** Waits for the learner to do it by hand and observes the effect; resolves when seen or cancelled. */
  watch(): Promise<void>;
  /** Cancels a watch() in progress (the learner pressed the key instead). */
  cancelWatch(): void;
  /** The next hint tier (emits 'hint'); after the last tier it repeats the last. */
  hint(): void;
  showAnswer(): void;
  /** Moves on (emits 'step' or, after the last step, 'finished'). */
  next(): Promise<void>;
  back(): Promise<void>;
  /** Starts the lesson over: progress cleared, first step, labs restarted. */
  reset(): Promise<void>;
  /** The labs running now, for a view that draws them (scoreboard, tree, log). */
  labs(): { name: string; mpm: Mpm; started: StartedLab }[];
  /** Every claim checked in this session so far, in order (plain mode exits non-zero on a false one). */
  claimResults(): ClaimResult[];
  onEvent(listener: (event: LessonEvent) => void): () => void;
  /** Stops every lab and the watchers; safe to call more than once. */
  close(): Promise<void>;
  /** True once close() was called: every other method then does nothing. */
  isClosed(): boolean;
}
