// One model's turn: start its lab on a free port of 127.0.0.1 in this process (which is its
// parent), wait until every child is ready, run the workload while sampling the children,
// and stop the lab, however the turn ends (an error, Ctrl-C).
import type { ModelName, ResolvedConfig } from '../config/types.ts';
import { createMpm } from '../models.ts';
import type { Mpm } from '../mpm.ts';
import { formatLogEntry } from '../log/error-log.ts';
import { runWorkload } from './run-workload.ts';
import type { WorkloadOutcome } from './run-workload.ts';
import { sampleFootprint } from './sample-footprint.ts';
import type { Footprint, ModelRun } from './types.ts';
import type { WorkloadPlan } from './workloads.ts';

const READY_WITHIN_MS = 30_000;

/** A lab whose children did not all come up: the comparison cannot be fair, so it stops. */
export class LabNotReady extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabNotReady';
  }
}

export class CompareAborted extends Error {
  constructor() {
    super('the comparison was interrupted');
    this.name = 'CompareAborted';
  }
}

export interface ModelTurn {
  resolved: ResolvedConfig;
  plan: WorkloadPlan;
  signal: AbortSignal;
  /** The lab that runs now (null once stopped): whoever must kill its children at exit needs it. */
  onLab?: (mpm: Mpm | null) => void;
  onStep?: (text: string) => void;
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new CompareAborted());
    signal.addEventListener('abort', () => reject(new CompareAborted()), { once: true });
  });
}

/** Until every process the lab starts with is up and each of its slots waits for a connection. */
async function ready(mpm: Mpm, signal: AbortSignal): Promise<void> {
  const q = mpm.query();
  const want = Math.min(mpm.config().StartServers, q.maxDaemons);
  const until = Date.now() + READY_WITHIN_MS;
  let seen = '';
  while (Date.now() < until && !signal.aborted) {
    const snap = mpm.scoreboard();
    const live = snap.processes.filter((p) => p.pid > 0);
    const states = live.map((p) => (snap.slots[p.slot] ?? []).map((s) => s.status).join(''));
    seen = states.join(' ');
    if (live.length >= want && states.every((s) => /^_+$/.test(s))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (signal.aborted) throw new CompareAborted();
  throw new LabNotReady(`the ${mpm.name} lab did not get its ${want} processes ready within ${READY_WITHIN_MS / 1000} s (scoreboard: ${seen || 'no children'}).\n  The machine may be busy: run it again, or with fewer workers (--set MaxRequestWorkers=8).`);
}

export async function runModel(turn: ModelTurn): Promise<ModelRun> {
  const model: ModelName = turn.resolved.config.model;
  if (turn.signal.aborted) throw new CompareAborted();
  // Quiet: the table says what happened; the log lines of the workload go into the result.
  const mpm = createMpm(turn.resolved, { echo: null, childOutput: 'log' });
  const log: string[] = [];
  let recording = false;
  const off = mpm.onEvent((e) => {
    if (recording && e.type === 'log' && e.entry.code) log.push(formatLogEntry(e.entry));
  });
  const interrupt = aborted(turn.signal);
  interrupt.catch(() => {});
  turn.onStep?.(`${model}: starting`);
  // Not cut short: a stop in the middle of a start would leave half a lab. A start that fails
  // takes down what it had made itself.
  const started = await mpm.start().catch((error: unknown) => {
    off();
    throw error;
  });
  turn.onLab?.(mpm);
  try {
    await Promise.race([ready(mpm, turn.signal), interrupt]);
    turn.onStep?.(`${model}: running the workload`);
    recording = true;
    const sampler = sampleFootprint(mpm);
    const work = runWorkload(turn.plan, { mpm, started }, turn.signal);
    work.catch(() => {}); // when interrupted, it ends as the lab stops; nobody waits for it then
    let outcome: WorkloadOutcome;
    let footprint: Footprint;
    try {
      outcome = await Promise.race([work, interrupt]);
    } finally {
      recording = false;
      footprint = sampler.stop();
    }
    return { model, requests: outcome.requests, footprint, ...(outcome.crash ? { crash: outcome.crash } : {}), ...(outcome.held ? { held: outcome.held } : {}), ...(outcome.slow ? { slow: outcome.slow } : {}), log };
  } finally {
    turn.onStep?.(`${model}: stopping`);
    off();
    await mpm.stop();
    turn.onLab?.(null);
  }
}
