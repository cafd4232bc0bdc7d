// Lesson 7: recycling children, and restarts (MaxConnectionsPerChild, graceful restart,
// restart). The words are in lesson.md.
import { gracefulRestart, PATHS, sendBurst } from '../../labs/operations/index.ts';
import type { LabEvent } from '../../labs/mpm.ts';
import type { LoadResult } from '../../labs/client/types.ts';
import { within } from '../margins.ts';
import { liveChildren, serverStatusAuto, settled } from '../lab-reads.ts';
import type { LabHandle, LessonDef, StepContext } from '../step-types.ts';
import { answerGracefulSignal } from './parent-signal.ts';

const CHILDREN = 2; // StartServers
const PER_CHILD = 5; // MaxConnectionsPerChild in the recycling step
const REQUESTS = 20;
const PACE_MS = 200; // one request after another, each on a new connection
const IN_FLIGHT = 8;
const SLOW_MS = 6000; // the slow requests' length when the lab restarts (the key)
const BY_HAND_SLOW_MS = 20_000; // by hand, a wave lasts long enough to switch terminals; a new one follows
const LOOK_AFTER_MS = 700; // when the scoreboard is read after the signal, as httpd was measured

type ExitEvent = Extract<LabEvent, { type: 'exit' }>;
type SpawnEvent = Extract<LabEvent, { type: 'spawn' }>;

function listen(lab: LabHandle): { events: LabEvent[]; off(): void } {
  const events: LabEvent[] = [];
  const off = lab.mpm.onEvent((e) => events.push(e));
  return { events, off };
}

// ---- MaxConnectionsPerChild ------------------------------------------------------------------

async function recycle(ctx: StepContext) {
  const lab = ctx.lab();
  await settled(ctx, lab, CHILDREN);
  const { events, off } = listen(lab);
  try {
    const served: number[] = [];
    let ok = 0;
    for (let i = 0; i < REQUESTS && !ctx.signal.aborted; i++) {
      const r = (await sendBurst({ lab: lab.started, count: 1, concurrency: 1, path: PATHS.home, timeoutMs: 10_000 })).requests[0]!;
      if (r.ok) ok++;
      served.push(r.servedBy?.pid ?? 0);
      await ctx.sleep(PACE_MS);
    }
    const perPid = new Map<number, number>();
    for (const pid of served) if (pid > 0) perPid.set(pid, (perPid.get(pid) ?? 0) + 1);
    const full = [...perPid].filter(([, n]) => n === PER_CHILD).map(([pid]) => pid);
    // A child leaves right after its last connection: wait until the parent has reaped each.
    await ctx.poll(() => (full.every((pid) => events.some((e) => e.type === 'exit' && e.pid === pid)) ? true : undefined), 5000, 50);
    const exits = events.filter((e): e is ExitEvent => e.type === 'exit');
    const spawns = events.filter((e): e is SpawnEvent => e.type === 'spawn');
    // Its slot goes to a new process: the parent's maintenance starts one when too few are idle.
    const first = exits[0];
    const heir = first ? await ctx.poll(() => events.find((e): e is SpawnEvent => e.type === 'spawn' && e.slot === first.slot && e.time >= first.time), 5000, 50) : undefined;
    return {
      requests: REQUESTS,
      ok,
      distinctPids: perPid.size,
      perPid: [...perPid].map(([pid, n]) => `${pid} (${n})`).join(', '),
      maxPerPid: Math.max(0, ...perPid.values()),
      exited: exits.length,
      exitedAfterFive: exits.filter((e) => perPid.get(e.pid) === PER_CHILD).length,
      crashed: exits.filter((e) => e.crashed || e.signal !== null).length,
      spawned: spawns.length,
      firstExitPid: first?.pid ?? 0,
      firstExitSlot: first?.slot ?? -1,
      heirPid: heir?.pid ?? 0,
      heirMs: heir && first ? heir.time - first.time : -1,
    };
  } finally {
    off();
  }
}

// ---- restarts with requests in flight ----------------------------------------------------------

/** Slots of these processes that show `letter`, and their letters grouped per process. */
function lettersOf(lab: LabHandle, pids: ReadonlySet<number>): { groups: string; busy: number; letters: string } {
  const mine = liveChildren(lab.mpm.scoreboard()).filter((c) => pids.has(c.pid));
  const letters = mine.map((c) => c.states).join('');
  return { groups: mine.map((c) => c.states).join(' '), busy: letters.replace(/[_.]/g, '').length, letters };
}

function countBusy(lab: LabHandle): number {
  return liveChildren(lab.mpm.scoreboard())
    .map((c) => c.states.replace(/[^W]/g, '').length)
    .reduce((a, b) => a + b, 0);
}

interface InFlightRestart {
  oldPids: Set<number>;
  burst: Promise<LoadResult>;
  signalledAt: number;
}

/**
 * 8 slow requests in flight, then the restart: by the lab (the key) or, by hand, the learner's
 * SIGUSR1 (`kill -USR1` or `mpm-lab ctl graceful`), while waves of slow requests keep 8 in flight.
 */
async function restartInFlight(ctx: StepContext, lab: LabHandle, graceful: boolean): Promise<InFlightRestart> {
  const signal = ctx.byHand && graceful ? answerGracefulSignal(lab) : null;
  try {
    const until = Date.now() + 600_000;
    while (Date.now() < until) {
      const slowMs = signal ? BY_HAND_SLOW_MS : SLOW_MS;
      const burst = sendBurst({ lab: lab.started, count: IN_FLIGHT, concurrency: IN_FLIGHT, path: PATHS.sleep(slowMs), timeoutMs: slowMs + 20_000 });
      let waveDone = false;
      void burst.then(() => (waveDone = true), () => (waveDone = true));
      const busy = await ctx.poll(() => (countBusy(lab) >= IN_FLIGHT ? true : undefined), 5000, 25);
      if (!busy) throw new Error(`the ${lab.name} lab did not show ${IN_FLIGHT} requests in flight within 5 s`);
      const oldPids = new Set(liveChildren(lab.mpm.scoreboard()).map((c) => c.pid));
      if (!signal) {
        await ctx.sleep(500);
        const signalledAt = Date.now();
        if (graceful) await gracefulRestart(lab.mpm);
        else await lab.mpm.restart({ graceful: false });
        return { oldPids, burst, signalledAt };
      }
      const at = await ctx.poll(() => signal.at() ?? (waveDone ? null : undefined), Math.max(0, until - Date.now()), 50);
      if (at === undefined) break;
      if (at !== null) return { oldPids, burst, signalledAt: at };
      // The wave ended before the signal came: the next one.
    }
    throw new Error('no SIGUSR1 reached the lab while the step watched');
  } finally {
    signal?.off();
  }
}

async function gracefulIn(ctx: StepContext, lab: LabHandle) {
  await settled(ctx, lab, CHILDREN);
  const genBefore = Number((await serverStatusAuto(lab)).fields.ParentServerConfigGeneration ?? -1);
  const { events, off } = listen(lab);
  try {
    const { oldPids, burst, signalledAt } = await restartInFlight(ctx, lab, true);
    await ctx.sleep(Math.max(0, signalledAt + LOOK_AFTER_MS - Date.now()));
    const old = lettersOf(lab, oldPids);
    // As a monitoring tool reads it; a child of the new generation serves this request.
    const status = await serverStatusAuto(lab);
    const result = await burst;
    const servedByOld = result.requests.filter((r) => r.ok && r.servedBy && oldPids.has(r.servedBy.pid)).length;
    const gone = await ctx.poll(() => ([...oldPids].every((pid) => events.some((e) => e.type === 'exit' && e.pid === pid)) ? true : undefined), 10_000, 50);
    const newChildren = events.filter((e): e is SpawnEvent => e.type === 'spawn' && e.generation >= 1).length;
    return {
      inFlight: IN_FLIGHT,
      oldGroups: old.groups,
      oldG: old.letters.replace(/[^G]/g, '').length,
      oldW: old.letters.replace(/[^W]/g, '').length,
      board: status.scoreboard,
      genBefore,
      genAfter: Number(status.fields.ParentServerConfigGeneration ?? -1),
      ok: result.ok,
      lost: result.failed,
      servedByOld,
      oldGone: gone === true,
      newChildren,
      logLine: events.some((e) => e.type === 'log' && e.entry.code === 'AH00171') ? 'AH00171: Graceful restart requested, doing restart' : '',
    };
  } finally {
    off();
  }
}

async function gracefulEvent(ctx: StepContext) {
  const facts = await gracefulIn(ctx, ctx.lab('event'));
  return { ...facts, lostEvent: facts.lost };
}

async function gracefulWorker(ctx: StepContext) {
  const f = await gracefulIn(ctx, ctx.lab('worker'));
  return {
    workerOldGroups: f.oldGroups,
    workerOldG: f.oldG,
    workerOldW: f.oldW,
    workerBoard: f.board,
    workerGenAfter: f.genAfter,
    workerOk: f.ok,
    workerLost: f.lost,
    workerServedByOld: f.servedByOld,
    eventOldGroups: String(ctx.earlier.oldGroups ?? ''),
    // 1 G, as event's; 2 W, still sending; 3 _ (free)
    workerLetter: f.oldG === IN_FLIGHT ? 1 : f.oldW === IN_FLIGHT ? 2 : 3,
  };
}

async function restart(ctx: StepContext) {
  const lab = ctx.lab('event');
  await settled(ctx, lab, CHILDREN);
  const genBefore = Number((await serverStatusAuto(lab)).fields.ParentServerConfigGeneration ?? -1);
  const { events, off } = listen(lab);
  try {
    const { oldPids, burst, signalledAt } = await restartInFlight(ctx, lab, false);
    const result = await burst;
    const ends = result.requests.filter((r) => !r.ok).map((r) => r.startedAt + r.latencyMs - signalledAt);
    const status = await serverStatusAuto(lab);
    const after = await sendBurst({ lab: lab.started, count: 1, concurrency: 1, path: PATHS.home, timeoutMs: 10_000 });
    const newPid = after.requests[0]?.servedBy?.pid ?? 0;
    const logged = events.find((e) => e.type === 'log' && e.entry.code === 'AH00172');
    return {
      inFlight: IN_FLIGHT,
      restartLost: result.failed,
      restartOk: result.ok,
      errors: Object.entries(result.errors).map(([kind, n]) => `${kind} (${n})`).join(', '),
      cutWithinMs: ends.length ? Math.round(Math.max(...ends)) : -1,
      restartGenBefore: genBefore,
      restartGenAfter: Number(status.fields.ParentServerConfigGeneration ?? -1),
      restartLog: logged && logged.type === 'log' ? `AH00172: ${logged.entry.text}` : '',
      newPid,
      servedByNew: newPid > 0 && !oldPids.has(newPid),
      gracefulLost: Number(ctx.earlier.lostEvent ?? -1),
    };
  } finally {
    off();
  }
}

// The lessons' settings; MaxConnectionsPerChild 5 only where the recycling is shown.
const PREFORK = ['StartServers=2', 'MinSpareServers=2', 'MaxSpareServers=4', 'MaxRequestWorkers=8', 'KeepAliveTimeout=5', `MaxConnectionsPerChild=${PER_CHILD}`];
const THREADED = ['StartServers=2', 'ServerLimit=4', 'ThreadsPerChild=4', 'MaxRequestWorkers=16', 'MinSpareThreads=4', 'MaxSpareThreads=8', 'KeepAliveTimeout=5'];

export const lesson: LessonDef = {
  labs: {
    prefork: { model: 'prefork', sets: PREFORK },
    event: { model: 'event', sets: THREADED },
    worker: { model: 'worker', sets: THREADED },
  },
  steps: [
    {
      id: 'recycle',
      labs: ['prefork'],
      fresh: true, // two children that have served nothing yet
      facts: ['requests', 'ok', 'distinctPids', 'perPid', 'maxPerPid', 'exited', 'exitedAfterFive', 'crashed', 'spawned', 'firstExitPid', 'firstExitSlot', 'heirPid', 'heirMs'],
      predict: { kind: 'number', fact: 'distinctPids', tolerance: 1 },
      hints: 2,
      run: recycle,
      claims: [
        { id: 'all-served', facts: ['ok', 'requests'], holds: (f) => f.ok === f.requests },
        { id: 'at-most-five', facts: ['maxPerPid'], holds: (f) => f.maxPerPid === PER_CHILD },
        // 20 connections, 5 each: at least 3 children reach their 5 and leave, none by a signal
        { id: 'left-after-five', facts: ['exited', 'exitedAfterFive', 'crashed'], holds: (f) => Number(f.exited) >= 3 && f.exitedAfterFive === f.exited && f.crashed === 0 },
        { id: 'new-pid-same-slot', facts: ['heirPid', 'firstExitPid', 'heirMs'], holds: (f) => Number(f.heirPid) > 0 && f.heirPid !== f.firstExitPid && within(f.heirMs, 0, 2500) },
      ],
    },
    {
      id: 'graceful',
      labs: ['event'],
      fresh: true, // two idle processes, generation 1
      prepares: ['port', 'parentPid'],
      prepare: async (ctx) => ({ port: ctx.lab('event').started.port, parentPid: ctx.lab('event').started.pid }),
      facts: ['inFlight', 'oldGroups', 'oldG', 'oldW', 'board', 'genBefore', 'genAfter', 'ok', 'lost', 'servedByOld', 'oldGone', 'newChildren', 'logLine', 'lostEvent'],
      predict: { kind: 'number', fact: 'lostEvent' },
      hints: 2,
      byHand: true,
      run: gracefulEvent,
      claims: [
        { id: 'none-lost', facts: ['ok', 'lost', 'servedByOld', 'inFlight'], holds: (f) => f.ok === f.inFlight && f.lost === 0 && f.servedByOld === f.inFlight },
        { id: 'old-show-g', facts: ['oldG', 'inFlight'], holds: (f) => f.oldG === f.inFlight },
        { id: 'generation', facts: ['genBefore', 'genAfter'], holds: (f) => f.genBefore === 1 && f.genAfter === 2 },
        { id: 'old-leave', facts: ['oldGone', 'newChildren'], holds: (f) => f.oldGone === true && Number(f.newChildren) >= 1 },
      ],
    },
    {
      id: 'graceful-worker',
      labs: ['worker'],
      fresh: true,
      facts: ['workerOldGroups', 'workerOldG', 'workerOldW', 'workerBoard', 'workerGenAfter', 'workerOk', 'workerLost', 'workerServedByOld', 'eventOldGroups', 'workerLetter'],
      predict: { kind: 'choice', fact: 'workerLetter', choices: 3 },
      hints: 1,
      run: gracefulWorker,
      claims: [
        { id: 'worker-w', facts: ['workerOldW'], holds: (f) => f.workerOldW === IN_FLIGHT },
        { id: 'worker-none-lost', facts: ['workerOk', 'workerLost', 'workerServedByOld'], holds: (f) => f.workerOk === IN_FLIGHT && f.workerLost === 0 && f.workerServedByOld === IN_FLIGHT },
        { id: 'worker-generation', facts: ['workerGenAfter'], holds: (f) => f.workerGenAfter === 2 },
      ],
    },
    {
      id: 'restart',
      labs: ['event'],
      fresh: true,
      facts: ['inFlight', 'restartLost', 'restartOk', 'errors', 'cutWithinMs', 'restartGenBefore', 'restartGenAfter', 'restartLog', 'newPid', 'servedByNew', 'gracefulLost'],
      predict: { kind: 'number', fact: 'restartLost' },
      hints: 2,
      run: restart,
      claims: [
        { id: 'all-cut', facts: ['restartLost', 'inFlight'], holds: (f) => f.restartLost === f.inFlight },
        // cut when the children were stopped, long before their 6 s were up
        { id: 'cut-at-once', facts: ['cutWithinMs'], holds: (f) => within(f.cutWithinMs, 0, 3000) },
        { id: 'restart-logged', facts: ['restartLog', 'restartGenAfter'], holds: (f) => String(f.restartLog).includes('SIGHUP received') && f.restartGenAfter === 2 },
        { id: 'new-children-serve', facts: ['servedByNew', 'newPid'], holds: (f) => f.servedByNew === true },
      ],
    },
  ],
};
