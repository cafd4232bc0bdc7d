// Lesson 5: event parks idle keep-alive connections in the listener. The words are in lesson.md.
import { holdKeepAliveClients, sendBurst } from '../../labs/operations/index.ts';
import type { HeldClients } from '../../labs/operations/index.ts';
import type { KeepAliveHold } from '../../labs/client/types.ts';
import type { LabEvent } from '../../labs/mpm.ts';
import { asyncCounts, countSlots } from '../../labs/status/index.ts';
import { within } from '../margins.ts';
import { holdUntilLearnerRequest, liveChildren, scoreboardGroups, settled } from '../lab-reads.ts';
import type { LabHandle, LessonDef, StepContext } from '../step-types.ts';

const CHILDREN = 2; // StartServers
const THREADS = 4; // ThreadsPerChild
const FACTOR = 2; // AsyncRequestWorkerFactor (httpd's default)
const HELD = 16; // as many as lesson 4: MaxRequestWorkers
const HOLD_MS = 30_000; // the held clients let go by themselves after this, whatever happens

/**
 * 16 idle keep-alive clients, one after another: each connects when the one before has its
 * answer. (All at once, every worker would be busy for a moment, and event then closes its
 * idle keep-alive connections early: a behaviour of its own, not this lesson's.)
 */
async function holdOneByOne(lab: LabHandle): Promise<HeldClients> {
  const parts: HeldClients[] = [];
  try {
    for (let i = 0; i < HELD; i++) parts.push(await holdKeepAliveClients({ lab: lab.started, count: 1, holdMs: HOLD_MS }));
  } catch (error) {
    for (const p of parts) p.release();
    throw error;
  }
  const open = () => parts.reduce((n, p) => n + p.open(), 0);
  const release = () => parts.forEach((p) => p.release());
  const hold: KeepAliveHold = {
    connections: parts.length,
    open,
    close: release,
    get closedAt() {
      return parts.flatMap((p) => p.hold.closedAt);
    },
    responses: parts.flatMap((p) => p.hold.responses),
    errors: parts.flatMap((p) => p.hold.errors),
  };
  return { hold, open, release, closed: Promise.all(parts.map((p) => p.closed)).then(() => undefined) };
}

/**
 * The scoreboard once every worker thread is back to `_` and every open connection is parked
 * (the last answer has gone out, and its process has counted the connection as idle).
 */
async function quiet(ctx: StepContext, lab: LabHandle) {
  const snap = await ctx.poll(() => {
    const s = lab.mpm.scoreboard();
    const conns = asyncCounts(s);
    return countSlots(s).busy === 0 && conns.keepAlive === conns.connsTotal ? s : undefined;
  }, 3000, 20);
  return snap ?? lab.mpm.scoreboard();
}

async function parked(ctx: StepContext) {
  const lab = ctx.lab();
  await settled(ctx, lab, CHILDREN);
  const spawned: LabEvent[] = [];
  const off = lab.mpm.onEvent((e) => {
    if (e.type === 'spawn') spawned.push(e);
  });
  let held: HeldClients | undefined;
  try {
    held = await holdOneByOne(lab);
    const snap = await quiet(ctx, lab);
    const counts = countSlots(snap);
    const conns = asyncCounts(snap);
    return {
      held: HELD,
      answered: held.hold.responses.filter((r) => r?.status === 200).length,
      open: held.open(),
      groups: scoreboardGroups(snap),
      kept: counts.byStatus.K,
      busy: counts.busy,
      idle: counts.idle,
      threadsHeld: counts.busy, // K counts as busy, as mod_status counts it
      parked: conns.keepAlive,
      connsTotal: conns.connsTotal,
      processes: liveChildren(snap).length,
      spawned: spawned.length,
    };
  } finally {
    off();
    held?.release();
  }
}

async function fresh(ctx: StepContext) {
  const lab = ctx.lab();
  await settled(ctx, lab, CHILDREN);
  // By hand: 16 clients are held (anew each time KeepAliveTimeout lets them go) until the
  // learner's own request has been served; then the step measures one of its own.
  const yours = ctx.byHand ? await holdUntilLearnerRequest(ctx, lab, holdOneByOne, 600_000) : null;
  if (ctx.byHand && !yours) throw new Error('no request of yours reached the lab');
  await settled(ctx, lab, CHILDREN);
  let held: HeldClients | undefined;
  try {
    held = await holdOneByOne(lab);
    const before = await quiet(ctx, lab);
    const result = await sendBurst({ lab: lab.started, count: 1, concurrency: 1, path: '/', timeoutMs: 30_000 });
    const r = result.requests[0]!;
    const waitMs = Math.round(r.latencyMs);
    return {
      waitMs,
      waitS: waitMs / 1000,
      freshOk: r.ok,
      freshPid: r.servedBy?.pid ?? 0,
      groups: scoreboardGroups(before),
      parked: asyncCounts(before).keepAlive,
      stillOpen: held.open(),
    };
  } finally {
    held?.release();
  }
}

async function limit(ctx: StepContext) {
  const lab = ctx.lab();
  const children = await settled(ctx, lab, CHILDREN);
  let held: HeldClients | undefined;
  try {
    held = await holdOneByOne(lab);
    const snap = await quiet(ctx, lab);
    // Each process's open connections, from the scoreboard (server-status' Connections column)
    const per = children.map((c) => snap.processes[c.slot]?.connections ?? 0);
    const idle = countSlots(snap).perProcess[children[0]!.slot]?.idle ?? -1;
    const byPid = children.map((c) => held!.hold.responses.filter((r) => r?.servedBy?.pid === c.pid).length);
    return {
      firstPid: children[0]!.pid,
      secondPid: children[1]!.pid,
      firstTook: per[0]!,
      secondTook: per[1]!,
      firstServed: byPid[0]!,
      secondServed: byPid[1]!,
      firstIdle: idle,
      limit: THREADS + FACTOR * idle,
    };
  } finally {
    held?.release();
  }
}

const EVENT = ['StartServers=2', 'ServerLimit=4', 'ThreadsPerChild=4', 'MaxRequestWorkers=16', 'MinSpareThreads=4', 'MaxSpareThreads=8', 'KeepAliveTimeout=5'];

export const lesson: LessonDef = {
  labs: {
    event: { model: 'event', sets: EVENT },
  },
  steps: [
    {
      id: 'parked',
      labs: ['event'],
      fresh: true, // two idle processes to begin with
      facts: ['held', 'answered', 'open', 'groups', 'kept', 'busy', 'idle', 'threadsHeld', 'parked', 'connsTotal', 'processes', 'spawned'],
      predict: { kind: 'number', fact: 'threadsHeld' },
      hints: 2,
      run: parked,
      claims: [
        { id: 'no-thread', facts: ['kept', 'busy', 'idle'], holds: (f) => f.kept === 0 && f.busy === 0 && f.idle === CHILDREN * THREADS },
        { id: 'parked', facts: ['parked', 'connsTotal', 'open', 'held'], holds: (f) => f.parked === HELD && f.connsTotal === HELD && f.open === HELD },
        { id: 'no-new-process', facts: ['processes', 'spawned'], holds: (f) => f.processes === CHILDREN && f.spawned === 0 },
      ],
    },
    {
      id: 'fresh',
      labs: ['event'],
      prepares: ['url'],
      prepare: async (ctx) => ({ url: ctx.lab().started.url }),
      facts: ['waitMs', 'waitS', 'freshOk', 'freshPid', 'groups', 'parked', 'stillOpen'],
      predict: { kind: 'number', fact: 'waitS', tolerance: 0.5 },
      hints: 1,
      byHand: true,
      run: fresh,
      claims: [
        { id: 'answered', facts: ['freshOk'], holds: (f) => f.freshOk === true },
        { id: 'at-once', facts: ['waitMs'], holds: (f) => within(f.waitMs, 0, 999) },
        { id: 'still-parked', facts: ['parked', 'stillOpen'], holds: (f) => f.parked === HELD && f.stillOpen === HELD },
      ],
    },
    {
      id: 'limit',
      labs: ['event'],
      facts: ['firstPid', 'secondPid', 'firstTook', 'secondTook', 'firstServed', 'secondServed', 'firstIdle', 'limit'],
      predict: { kind: 'number', fact: 'firstTook' },
      hints: 2,
      run: limit,
      claims: [
        { id: 'limit', facts: ['firstTook', 'firstIdle', 'limit'], holds: (f) => f.firstIdle === THREADS && f.limit === THREADS + FACTOR * THREADS && f.firstTook === f.limit },
        { id: 'rest', facts: ['secondTook', 'firstTook'], holds: (f) => f.secondTook === HELD - Number(f.firstTook) },
        { id: 'served-by', facts: ['firstServed', 'firstTook', 'secondServed', 'secondTook'], holds: (f) => f.firstServed === f.firstTook && f.secondServed === f.secondTook },
      ],
    },
  ],
};
