// The shapes of a classroom exercise: a workload with numbers, a goal with numbers, and what a
// verify run measured. The words (title, goal, reasons) are in fixtures/exercises/NN-name/exercise.md.
import type { FactValue } from '../step-types.ts';

export type { FactValue };

/** What the lab is made to serve, bounded in count and time. */
export type Workload =
  /** `clients` requests at once, each for a page that takes `ms` to serve (/sleep?ms=). */
  | { kind: 'slow-requests'; clients: number; ms: number }
  /** `held` idle keep-alive clients connect first; then `fresh` new clients ask for /. */
  | { kind: 'keep-alive-then-fresh'; held: number; fresh: number }
  /** `slow` clients send a header line every `everyMs` (`lines` of them); then `fresh` new clients ask for /. */
  | { kind: 'slow-headers-then-fresh'; slow: number; lines: number; everyMs: number; fresh: number }
  /** The capstone's mix: `keepAlive` idle keep-alive clients and `slow` header tricklers, then `clients` at once for an `ms` page. */
  | { kind: 'mixed'; keepAlive: number; slow: number; lines: number; everyMs: number; clients: number; ms: number };

/** What must hold for the exercise to pass. */
export interface Goal {
  /** Every measured client (the slow ones, or the fresh ones) answered within this, in ms. */
  limitMs: number;
  /** At most this many child processes at any moment of the run (a memory budget). */
  maxProcesses?: number;
  /** ThreadsPerChild must stay this (the exercise is about the other directives). */
  threadsPerChild?: number;
}

export interface ExerciseDef {
  number: number;
  folder: string; // under fixtures/exercises/
  workload: Workload;
  goal: Goal;
}

/** What one verify run measured: the clients the goal is about, the processes, the memory. */
export interface Measured {
  clients: number; // how many the goal is about
  answered: number; // of them, answered with a 2xx/3xx
  late: number; // of them, answered after limitMs or not at all
  longestMs: number; // the slowest answer of them (or the time it failed)
  peakProcesses: number; // child processes at the busiest moment (the scoreboard, sampled)
  peakRssMb: number; // the children's resident memory together at its largest (/proc; the runtime's figures)
  held: number; // keep-alive or slow clients that held connections meanwhile (0 for none)
  heldAnswered408: number; // slow clients answered 408 by RequestReadTimeout
}

/** The settings a judgement reads, after httpd's corrections. */
export interface JudgedConfig {
  model: string;
  maxRequestWorkers: number;
  threadsPerChild: number; // 1 on prefork
  startServers: number;
  keepAlive: boolean;
  keepAliveTimeoutMs: number;
  requestReadTimeout: string | null;
  /** httpd's warning that changed MaxRequestWorkers ("AH00318: WARNING: ..."), if any. */
  workersWarning: string | null;
  workersWritten: number | null; // what the file said, when httpd changed it
}

/**
 * A judgement: which of exercise.md's sections say it ("pass", or the "fail ID" ones, most
 * important first) and the facts they are filled from (the same facts for every section).
 */
export interface Verdict {
  passed: boolean;
  findings: string[]; // ['pass'] or e.g. ['late', 'workers-below', 'too-many-processes']
  facts: Record<string, FactValue>;
}
