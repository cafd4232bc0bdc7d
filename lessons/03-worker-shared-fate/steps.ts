// Lesson 3: worker, processes x threads, and shared fate. The words are in lesson.md.
import { blockThread, crashThread, sendBurst } from '../../labs/operations/index.ts';
import type { LabEvent } from '../../labs/mpm.ts';
import { readProcess } from '../../labs/proc/index.ts';
import { within } from '../margins.ts';
import { liveChildren, scoreboardGroups, settled } from '../lab-reads.ts';
import type { LabHandle, LessonDef, StepContext } from '../step-types.ts';

const THREADS = 4; // ThreadsPerChild
const CHILDREN = 2; // StartServers
const SLOW_MS = 3000;
const BLOCK_MS = 4000;
const MODULE_REQUESTS = 6;
const IN_FLIGHT = 8;
const PREFORK_CHILDREN = 8;
const MB = 1024 * 1024;

type ExitEvent = Extract<LabEvent, { type: 'exit' }>;

function listen(lab: LabHandle): { events: LabEvent[]; off(): void } {
  const events: LabEvent[] = [];
  const off = lab.mpm.onEvent((e) => events.push(e));
  return { events, off };
}

async function threads(ctx: StepContext) {
  const lab = ctx.lab();
  const [first] = await settled(ctx, lab, CHILDREN);
  // The worker threads name themselves as they start: wait until all four have.
  const info = await ctx.poll(() => {
    const p = readProcess(first!.pid);
    return p && p.threads.filter((t) => /^worker-/.test(t.comm)).length === THREADS ? p : undefined;
  }, 10_000);
  if (!info) throw new Error(`child ${first!.pid} did not show ${THREADS} worker threads`);
  const workers = info.threads.filter((t) => /^worker-/.test(t.comm)).length;
  const listener = info.threads.filter((t) => /^listener-/.test(t.comm) && t.tid === info.pid).length;
  return {
    pid: info.pid,
    threads: info.threads.length,
    workers,
    listener,
    runtime: info.threads.length - workers - listener,
    workerNames: info.threads.filter((t) => /^worker-/.test(t.comm)).map((t) => t.comm).join(', '),
    listenerName: info.comm,
  };
}

async function slow(ctx: StepContext) {
  const lab = ctx.lab();
  const before = await settled(ctx, lab, CHILDREN);
  const { events, off } = listen(lab);
  try {
    const burst = sendBurst({ lab: lab.started, count: IN_FLIGHT, concurrency: IN_FLIGHT, path: `/sleep?ms=${SLOW_MS}` });
    // The moment all 8 are being served: the scoreboard, read then.
    const busy = await ctx.poll(() => {
      const snap = lab.mpm.scoreboard();
      const w = before.map((c) => (snap.slots[c.slot] ?? []).filter((s) => s.status === 'W' && s.pid === c.pid).length);
      return w[0]! + w[1]! === IN_FLIGHT ? { w, groups: scoreboardGroups(snap) } : undefined;
    }, SLOW_MS - 500, 25);
    const result = await burst;
    const spawned = events.filter((e) => e.type === 'spawn').length;
    const w = busy?.w ?? [0, 0];
    return {
      busy: w[0]! + w[1]!,
      busyFirst: w[0]!,
      busySecond: w[1]!,
      firstPid: before[0]!.pid,
      secondPid: before[1]!.pid,
      groups: busy?.groups ?? '',
      ok: result.ok,
      spawned,
      // 1 all in one process, 2 four in each, 3 some other way
      layout: w[0] === IN_FLIGHT || w[1] === IN_FLIGHT ? 1 : w[0] === THREADS && w[1] === THREADS ? 2 : 3,
    };
  } finally {
    off();
  }
}

async function block(ctx: StepContext) {
  const lab = ctx.lab();
  const before = await settled(ctx, lab, CHILDREN);
  const result = await blockThread({ lab: lab.started, ms: BLOCK_MS, waiters: MODULE_REQUESTS });
  const blockedPid = result.block.pid ?? before[0]!.pid;
  const waits = (result.waiters?.requests ?? []).filter((r) => r.ok && r.servedBy);
  const same = waits.filter((r) => r.servedBy!.pid === blockedPid).map((r) => r.latencyMs);
  const other = waits.filter((r) => r.servedBy!.pid !== blockedPid).map((r) => r.latencyMs);
  const sameWaited = same.length > 0 && Math.min(...same) >= BLOCK_MS / 2;
  const otherWaited = other.length > 0 && Math.max(...other) >= BLOCK_MS / 2;
  return {
    blockedPid,
    blockMs: BLOCK_MS,
    moduleRequests: MODULE_REQUESTS,
    answered: waits.length,
    sameCount: same.length,
    sameMinMs: same.length ? Math.round(Math.min(...same)) : -1,
    otherCount: other.length,
    otherMaxMs: other.length ? Math.round(Math.max(...other)) : -1,
    // 1 all wait, 2 only the same process's, 3 none
    outcome: sameWaited && otherWaited ? 1 : sameWaited ? 2 : 3,
  };
}

async function crashIn(ctx: StepContext, lab: LabHandle, children: number) {
  await settled(ctx, lab, children);
  const { events, off } = listen(lab);
  try {
    const result = await crashThread({ lab: lab.started, afterMs: 1000, siblings: IN_FLIGHT - 1, mpm: lab.mpm });
    const crashed = result.crashed;
    const siblings = result.siblings?.requests ?? [];
    const survivors = siblings.filter((r) => r.ok);
    const lost = siblings.length - survivors.length + (result.crash.ok ? 0 : 1);
    const exit = events.find((e): e is ExitEvent => e.type === 'exit' && e.crashed);
    const spawn = exit ? await ctx.poll(() => events.find((e): e is Extract<LabEvent, { type: 'spawn' }> => e.type === 'spawn' && e.time >= exit.time), 5000) : undefined;
    const logged = events.find((e) => e.type === 'log' && e.entry.code === 'AH00052' && crashed !== null && e.entry.text.includes(`pid ${crashed.pid} `));
    return {
      inFlight: siblings.length + 1,
      lost,
      survived: survivors.length,
      crashedPid: crashed?.pid ?? 0,
      survivorsInCrashed: survivors.filter((r) => r.servedBy?.pid === crashed?.pid).length,
      logLine: logged && logged.type === 'log' ? `AH00052: ${logged.entry.text}` : '',
      replacedMs: spawn && exit ? spawn.time - exit.time : -1,
    };
  } finally {
    off();
  }
}

async function crashWorker(ctx: StepContext) {
  const facts = await crashIn(ctx, ctx.lab('worker'), CHILDREN);
  return { ...facts, casualties: facts.lost };
}

async function crashPrefork(ctx: StepContext) {
  const facts = await crashIn(ctx, ctx.lab('prefork'), PREFORK_CHILDREN);
  return { preforkInFlight: facts.inFlight, preforkLost: facts.lost, preforkSurvived: facts.survived, preforkCrashedPid: facts.crashedPid, workerLost: Number(ctx.earlier.lost ?? -1) };
}

async function memory(ctx: StepContext) {
  const worker = ctx.lab('worker');
  const prefork = ctx.lab('prefork');
  const [w] = await settled(ctx, worker, CHILDREN);
  const p = await settled(ctx, prefork, PREFORK_CHILDREN);
  const wInfo = readProcess(w!.pid);
  const pInfos = p.slice(0, THREADS).map((c) => readProcess(c.pid));
  if (!wInfo || pInfos.some((i) => !i)) throw new Error('a process exited while its memory was read; press r to read again');
  const workerRss = wInfo.rssBytes;
  const preforkRss = pInfos.reduce((sum, i) => sum + i!.rssBytes, 0);
  return {
    workerPid: wInfo.pid,
    workerThreads: wInfo.threads.length,
    workerRssMb: workerRss / MB,
    preforkPids: pInfos.map((i) => i!.pid).join(', '),
    preforkRssMb: preforkRss / MB,
    preforkEachMb: preforkRss / THREADS / MB,
    ratio: preforkRss / workerRss,
    // 1 the worker process uses more, 2 about the same (within 20 %), 3 the four prefork processes use more
    heavier: preforkRss > workerRss * 1.2 ? 3 : workerRss > preforkRss * 1.2 ? 1 : 2,
  };
}

const WORKER = ['StartServers=2', 'ServerLimit=4', 'ThreadsPerChild=4', 'MaxRequestWorkers=16', 'MinSpareThreads=4', 'MaxSpareThreads=8', 'KeepAliveTimeout=5'];
// For the comparison: 8 prefork children ready at once, as many as the 8 requests in flight.
const PREFORK = ['StartServers=8', 'MinSpareServers=2', 'MaxSpareServers=8', 'MaxRequestWorkers=8', 'KeepAliveTimeout=5'];

export const lesson: LessonDef = {
  labs: {
    worker: { model: 'worker', sets: WORKER },
    prefork: { model: 'prefork', sets: PREFORK },
  },
  steps: [
    {
      id: 'threads',
      labs: ['worker'],
      facts: ['pid', 'threads', 'workers', 'listener', 'runtime', 'workerNames', 'listenerName'],
      predict: { kind: 'number', fact: 'threads' },
      hints: 2,
      run: threads,
      claims: [
        { id: 'four-workers', facts: ['workers'], holds: (f) => f.workers === THREADS },
        { id: 'listener', facts: ['listener'], holds: (f) => f.listener === 1 },
        { id: 'runtime-threads', facts: ['runtime', 'threads'], holds: (f) => Number(f.runtime) >= 1 && f.threads === THREADS + 1 + Number(f.runtime) },
      ],
    },
    {
      id: 'slow',
      labs: ['worker'],
      facts: ['busy', 'busyFirst', 'busySecond', 'firstPid', 'secondPid', 'groups', 'ok', 'spawned', 'layout'],
      predict: { kind: 'choice', fact: 'layout', choices: 3 },
      hints: 2,
      run: slow,
      claims: [
        { id: 'two-groups', facts: ['busyFirst', 'busySecond'], holds: (f) => f.busyFirst === THREADS && f.busySecond === THREADS },
        { id: 'all-served', facts: ['ok'], holds: (f) => f.ok === IN_FLIGHT },
        { id: 'spare-threads', facts: ['spawned'], holds: (f) => Number(f.spawned) >= 1 },
      ],
    },
    {
      id: 'block',
      labs: ['worker'],
      facts: ['blockedPid', 'blockMs', 'moduleRequests', 'answered', 'sameCount', 'sameMinMs', 'otherCount', 'otherMaxMs', 'outcome'],
      predict: { kind: 'choice', fact: 'outcome', choices: 3 },
      hints: 2,
      run: block,
      claims: [
        { id: 'both-processes', facts: ['sameCount', 'otherCount', 'answered', 'moduleRequests'], holds: (f) => Number(f.sameCount) >= 1 && Number(f.otherCount) >= 1 && f.answered === f.moduleRequests },
        // waited for (most of) the lock: it was held BLOCK_MS from about 100 ms before they came
        { id: 'same-waits', facts: ['sameMinMs', 'blockMs'], holds: (f) => within(f.sameMinMs, Number(f.blockMs) - 1000, Number(f.blockMs) + 3000) },
        { id: 'other-does-not', facts: ['otherMaxMs', 'blockMs'], holds: (f) => within(f.otherMaxMs, 0, Number(f.blockMs) / 2) },
      ],
    },
    {
      id: 'crash',
      labs: ['worker'],
      facts: ['inFlight', 'lost', 'survived', 'crashedPid', 'survivorsInCrashed', 'logLine', 'replacedMs', 'casualties'],
      predict: { kind: 'number', fact: 'casualties' },
      hints: 2,
      run: crashWorker,
      claims: [
        { id: 'whole-process', facts: ['lost'], holds: (f) => f.lost === THREADS },
        { id: 'others-served', facts: ['survived', 'survivorsInCrashed'], holds: (f) => f.survived === IN_FLIGHT - THREADS && f.survivorsInCrashed === 0 },
        { id: 'logged', facts: ['logLine', 'crashedPid'], holds: (f) => typeof f.logLine === 'string' && f.logLine.includes(`pid ${f.crashedPid} `) },
        { id: 'replaced', facts: ['replacedMs'], holds: (f) => within(f.replacedMs, 0, 2500) },
      ],
    },
    {
      id: 'crash-prefork',
      labs: ['prefork', 'worker'],
      facts: ['preforkInFlight', 'preforkLost', 'preforkSurvived', 'preforkCrashedPid', 'workerLost'],
      predict: { kind: 'number', fact: 'preforkLost' },
      hints: 1,
      run: crashPrefork,
      claims: [
        { id: 'one-lost', facts: ['preforkLost'], holds: (f) => f.preforkLost === 1 },
        { id: 'rest-served', facts: ['preforkSurvived', 'preforkInFlight'], holds: (f) => f.preforkSurvived === Number(f.preforkInFlight) - 1 },
      ],
    },
    {
      id: 'memory',
      labs: ['worker', 'prefork'],
      facts: ['workerPid', 'workerThreads', 'workerRssMb', 'preforkPids', 'preforkRssMb', 'preforkEachMb', 'ratio', 'heavier'],
      predict: { kind: 'choice', fact: 'heavier', choices: 3 },
      hints: 1,
      run: memory,
      claims: [{ id: 'threads-share', facts: ['preforkRssMb', 'workerRssMb'], holds: (f) => Number(f.preforkRssMb) > Number(f.workerRssMb) }],
    },
  ],
};
