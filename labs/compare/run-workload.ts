// Runs one workload plan against a running lab with the lab operations (bursts, idle
// keep-alive clients, slow clients, a crash) and counts what really happened to the requests.
import type { Mpm, StartedLab } from '../mpm.ts';
import { PATHS, crashThread, holdKeepAliveClients, sendBurst, startSlowClients } from '../operations/index.ts';
import { busySlotsByPid, keepAliveCounts, slowAnswers, tallyRequests } from './tally.ts';
import type { CrashFacts, HeldFacts, RequestTally, SlowFacts } from './types.ts';
import { planCapMs } from './workloads.ts';
import type { CrashPlan, KeepAlivePlan, SlowClientsPlan, WorkloadPlan } from './workloads.ts';

export interface WorkloadOutcome {
  requests: RequestTally;
  crash?: CrashFacts;
  held?: HeldFacts;
  slow?: SlowFacts;
}

export interface RunningLab {
  mpm: Pick<Mpm, 'onEvent' | 'scoreboard'>;
  started: StartedLab;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runWorkload(plan: WorkloadPlan, lab: RunningLab, signal: AbortSignal): Promise<WorkloadOutcome> {
  const cap = planCapMs(plan);
  switch (plan.kind) {
    case 'fast':
    case 'slow': {
      const path = plan.kind === 'slow' ? PATHS.sleep(plan.sleepMs) : PATHS.home;
      const result = await sendBurst({ lab: lab.started, count: plan.requests, concurrency: plan.concurrency, path, timeoutMs: plan.timeoutMs, maxDurationMs: cap, signal });
      return { requests: tallyRequests(result.requests, result.durationMs) };
    }
    case 'keepalive':
      return keepAlive(plan, lab, cap, signal);
    case 'slow-clients':
      return slowClients(plan, lab, cap, signal);
    case 'crash':
      return crash(plan, lab);
  }
}

async function keepAlive(plan: KeepAlivePlan, lab: RunningLab, cap: number, signal: AbortSignal): Promise<WorkloadOutcome> {
  const held = await holdKeepAliveClients({ lab: lab.started, count: plan.idle, holdMs: cap });
  // Where the idle connections are while the others' requests run: the scoreboard says.
  const most = { slots: 0, parked: 0 };
  const read = () => {
    const now = keepAliveCounts(lab.mpm.scoreboard());
    most.slots = Math.max(most.slots, now.slots);
    most.parked = Math.max(most.parked, now.parked);
  };
  read();
  const poll = setInterval(read, 50);
  try {
    const result = await sendBurst({ lab: lab.started, count: plan.requests, concurrency: plan.concurrency, timeoutMs: plan.timeoutMs, maxDurationMs: cap, signal });
    const facts: HeldFacts = { held: held.hold.responses.filter((r) => r !== null).length, heldBySlots: most.slots, parked: most.parked };
    return { requests: tallyRequests(result.requests, result.durationMs), held: facts };
  } finally {
    clearInterval(poll);
    held.release();
  }
}

async function slowClients(plan: SlowClientsPlan, lab: RunningLab, cap: number, signal: AbortSignal): Promise<WorkloadOutcome> {
  const slow = startSlowClients({ lab: lab.started, count: plan.slow, lines: plan.lines, everyMs: plan.everyMs });
  try {
    await sleep(plan.startAfterMs);
    const result = await sendBurst({ lab: lab.started, count: plan.requests, concurrency: plan.concurrency, timeoutMs: plan.timeoutMs, maxDurationMs: cap, signal });
    // The slow clients' answers come once their last line is in; wait for them, a little.
    const waitMs = Math.max(0, plan.lines * plan.everyMs + 3000 - result.durationMs - plan.startAfterMs);
    await Promise.race([slow.done, sleep(waitMs)]);
    const facts: SlowFacts = { clients: plan.slow, answers: slowAnswers(slow.clients) };
    return { requests: tallyRequests(result.requests, result.durationMs), slow: facts };
  } finally {
    slow.release();
  }
}

async function crash(plan: CrashPlan, lab: RunningLab): Promise<WorkloadOutcome> {
  // The scoreboard, read until the crash: the last reading says what was in flight where.
  let busy = new Map<number, number>();
  let crashed = false;
  const off = lab.mpm.onEvent((e) => {
    if (e.type === 'exit' && e.crashed) crashed = true;
  });
  const poll = setInterval(() => {
    if (!crashed) busy = busySlotsByPid(lab.mpm.scoreboard());
  }, 25);
  const t0 = performance.now();
  try {
    const result = await crashThread({ lab: lab.started, afterMs: plan.afterMs, siblings: plan.inFlight - 1, siblingMs: plan.siblingMs, mpm: lab.mpm });
    const outcomes = [result.crash, ...(result.siblings?.requests ?? [])];
    const requests = tallyRequests(outcomes, performance.now() - t0);
    const pid = result.crashed?.pid ?? 0;
    const facts: CrashFacts = {
      inFlight: outcomes.length,
      lost: requests.failed,
      crashedPid: pid,
      busyInCrashed: busy.get(pid) ?? 0,
      parentCountedLost: result.crashed?.lostConnections ?? 0,
    };
    return { requests, crash: facts };
  } finally {
    clearInterval(poll);
    off();
  }
}
