// What a lesson's steps.ts exports: its labs and its steps, in typed code. The words are in
// lesson.md beside it; a step returns facts and the Markdown formats them.
import type { ModelName } from '../labs/config/types.ts';
import type { Mpm, StartedLab } from '../labs/mpm.ts';

/** What a step measured: numbers, words (pids as numbers, scoreboard lines as text), flags. */
export type FactValue = number | string | boolean;
export type Facts = Readonly<Record<string, FactValue>>;

/** A lab a lesson runs: a model and its directives (`--set` style), always on 127.0.0.1:0. */
export interface LabSpec {
  model: ModelName;
  sets: readonly string[]; // "StartServers=2"
}

export interface LabHandle {
  name: string;
  mpm: Mpm;
  started: StartedLab;
}

/** What a step may use: the lesson's running labs and a few bounded helpers. */
export interface StepContext {
  /** A lab this step declared in `labs` (the first one without a name). */
  lab(name?: string): LabHandle;
  /** Facts of the steps before this one, in this run (e.g. a pid to compare with). */
  earlier: Facts;
  /** True when the learner acts by hand (watch()): wait for the effect instead of causing it. */
  byHand: boolean;
  /** The learner's answer to this step's question, as typed ('' when none: plain mode without a terminal). */
  given: string;
  /** Aborted when the step is left or the session closes: stop waiting. */
  signal: AbortSignal;
  sleep(ms: number): Promise<void>;
  /** Polls `check` every `stepMs` until it returns a value other than undefined, or the time is up (undefined). */
  poll<T>(check: () => T | undefined, timeoutMs: number, stepMs?: number): Promise<T | undefined>;
  /**
   * For a step that owns its labs: draws `lab` (one the step started) in the view until the
   * returned function is called; the step still stops it.
   */
  show(lab: LabHandle): () => void;
  /** Sends a signal to one child process of a lab (refuses any other pid), as `kill -SIG PID` would. */
  signalChild(lab: LabHandle, pid: number, signal: NodeJS.Signals): void;
}

/**
 * A prediction is compared with a fact of this run, never with a constant. With `decides`, the
 * answer is the learner's decision, which the step acts on (the capstone's model and size):
 * shown as a choice, with nothing to compare; the fact says what ran.
 */
export type Prediction =
  | { kind: 'number'; fact: string; tolerance?: number; decides?: boolean } // matched when |given - fact| <= tolerance (default 0)
  | { kind: 'choice'; fact: string; choices: number; decides?: boolean }; // the fact is the number (1..choices) of what happened

export interface ClaimDef {
  id: string; // its text is lesson.md's "### claim ID" section
  facts: readonly string[]; // what it reads, shown when it fails
  holds(facts: Facts): boolean;
}

export interface StepDef {
  id: string; // its text is lesson.md's "## ID: Title" section
  labs: readonly string[]; // names from the lesson's `labs`; the first is drawn
  /**
   * The step starts and stops its own lab in run() (the capstone: a lab made from the learner's
   * answers); then `labs` may be empty, and the view has no lab of the lesson's to draw.
   */
  ownsLabs?: boolean;
  /** Start the step's labs afresh when the step is entered or run again (a known starting state). */
  fresh?: boolean;
  /** Facts read before the question (pids to name in the "try" text); listed in `prepares`. */
  prepares?: readonly string[];
  prepare?(ctx: StepContext): Promise<Record<string, FactValue>>;
  /** The facts run() returns, all of them, every time. */
  facts: readonly string[];
  predict?: Prediction;
  hints: number; // lesson.md has "### hint 1" .. "### hint N"
  /** True when the step can watch for the learner's own action (lesson.md has "### try"). */
  byHand?: boolean;
  run(ctx: StepContext, prepared: Facts): Promise<Record<string, FactValue>>;
  claims: readonly ClaimDef[];
}

export interface LessonDef {
  labs: Readonly<Record<string, LabSpec>>;
  steps: readonly StepDef[];
}
