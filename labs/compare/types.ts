// What `mpm-lab compare` runs and what it reports, model by model: the stable shape of
// `compare --json` too.
import type { ModelName } from '../config/types.ts';
import type { WorkloadName, WorkloadPlan } from './workloads.ts';

/** Processes, threads and memory of a lab's children, read from /proc and the scoreboard. */
export interface Footprint {
  processes: number; // child processes (the parent is the compare command itself: not counted)
  threads: number; // every OS thread of those children, the runtime's own included
  servingThreads: number; // threads that hold a scoreboard slot (prefork: the child itself)
  rssBytes: number; // the children's resident memory, added up
}

/** How the requests the workload measures ended. */
export interface RequestTally {
  sent: number;
  ok: number;
  failed: number;
  errors: Record<string, number>; // failures by kind, as the client saw them: ECONNRESET, timeout, HTTP 503...
  requestsPerSecond: number; // successful requests per second of the run
  p50Ms: number; // latency of the successful requests; 0 when none succeeded
  p99Ms: number;
  durationMs: number;
}

/** The crash workload: who died and what went with it. */
export interface CrashFacts {
  inFlight: number; // requests in flight when the crash came, the crashing one included
  lost: number; // of those, the ones whose client got no answer
  crashedPid: number; // 0 when no crash was seen
  busyInCrashed: number; // slots of that process busy just before the crash (scoreboard)
  parentCountedLost: number; // connections the parent had handed to the dead child (its own count)
}

/** The keep-alive workload: the idle clients that held connections while others sent requests. */
export interface HeldFacts {
  held: number; // idle kept-alive connections opened
  heldBySlots: number; // the most worker slots seen holding one (state K) while the fast requests ran
  parked: number; // the most seen parked in a listener instead (event), from the scoreboard
}

/** The slow-clients workload: the clients that trickled their request, and how each ended. */
export interface SlowFacts {
  clients: number;
  answers: Record<string, number>; // by status code ("200", "408"), "none" when the connection closed without one
}

export interface ModelRun {
  model: ModelName;
  requests: RequestTally;
  footprint: Footprint; // the peak of each figure while the workload ran
  crash?: CrashFacts;
  held?: HeldFacts;
  slow?: SlowFacts;
  log: string[]; // the parent's log lines with an AH code while the workload ran
}

/** The settings each model ran with, after httpd's corrections (what `mpm-lab config` shows). */
export interface ModelSettings {
  model: ModelName;
  values: Record<string, number | string | boolean>;
  warnings: string[]; // httpd's own, as it prints them
}

/** What is known before any lab starts: printed above the table. */
export interface CompareHeader {
  workload: WorkloadName;
  plan: WorkloadPlan;
  description: string;
  maxRequestWorkers: number;
  settings: ModelSettings[];
  partial: { set: string; models: ModelName[] }[]; // the learner's --set that only some models have
}

export interface CompareReport extends CompareHeader {
  runs: ModelRun[];
}
