// Lesson 4: keep-alive eats worker threads (worker). The words are in lesson.md.
import { holdKeepAliveClients, sendBurst } from '../../labs/operations/index.ts';
import type { HeldClients } from '../../labs/operations/index.ts';
import type { LabEvent } from '../../labs/mpm.ts';
import { countSlots } from '../../labs/status/index.ts';
import { within } from '../margins.ts';
import { holdUntilLearnerRequest, liveChildren, scoreboardGroups, settled } from '../lab-reads.ts';
import type { LabHandle, LessonDef, StepContext } from '../step-types.ts';

const CHILDREN = 2; // StartServers
const SERVER_LIMIT = 4;
const HELD = 16; // MaxRequestWorkers: one idle keep-alive client per worker thread
const KEEP_ALIVE_MS = 5000; // KeepAliveTimeout 5
const HOLD_MS = 30_000; // the held clients let go by themselves after this, whatever happens
const SHORT_KEEP_ALIVE_MS = 2000; // the last step's lab: KeepAliveTimeout 2
const FRESH_AFTER_MS = 500; // the fresh request comes this long after the 16 connected

/** 16 idle keep-alive clients, all at once, as 16 browsers that loaded a page and went quiet. */
function holdAll(lab: LabHandle): Promise<HeldClients> {
  return holdKeepAliveClients({ lab: lab.started, count: HELD, holdMs: HOLD_MS });
}

/** The scoreboard once all 16 threads show K (their clients answered and idle). */
function allKept(ctx: StepContext, lab: LabHandle, timeoutMs: number) {
  return ctx.poll(() => {
    const snap = lab.mpm.scoreboard();
    const counts = countSlots(snap);
    return counts.byStatus.K === HELD ? { groups: scoreboardGroups(snap), idle: counts.idle, processes: liveChildren(snap).length, at: Date.now() } : undefined;
  }, timeoutMs, 25);
}

function firstClose(held: HeldClients): number | null {
  const times = held.hold.closedAt.filter((t): t is number => t !== null);
  return times.length > 0 ? Math.min(...times) : null;
}

async function hold(ctx: StepContext) {
  const lab = ctx.lab();
  await settled(ctx, lab, CHILDREN);
  const spawned: LabEvent[] = [];
  const off = lab.mpm.onEvent((e) => {
    if (e.type === 'spawn') spawned.push(e);
  });
  const t0 = Date.now();
  const pending = holdAll(lab);
  let held: HeldClients | undefined;
  try {
    // The 8 threads of the first two processes take 8 clients; the other 8 wait until the
    // parent's maintenance has started two more processes.
    const kept = await allKept(ctx, lab, 15_000);
    held = await pending;
    const answered = held.hold.responses.filter((r) => r?.status === 200).length;
    // Then nobody says anything until KeepAliveTimeout ends each connection.
    await ctx.poll(() => (held!.open() === 0 ? true : undefined), KEEP_ALIVE_MS + 10_000, 50);
    const closes = held.hold.closedAt.filter((t): t is number => t !== null);
    const afterClose = countSlots(lab.mpm.scoreboard());
    const k = kept?.groups.replace(/[^K]/g, '').length ?? 0;
    return {
      held: HELD,
      answered,
      groups: kept?.groups ?? '',
      kept: k,
      idleWhileKept: kept?.idle ?? -1,
      processes: kept?.processes ?? 0,
      spawned: spawned.length,
      allKeptMs: kept ? kept.at - t0 : -1,
      closedByServer: closes.length,
      firstCloseMs: closes.length ? Math.min(...closes) - t0 : -1,
      lastCloseMs: closes.length ? Math.max(...closes) - t0 : -1,
      idleAfter: afterClose.idle,
      // 1 "_": free; 2 "K": each held by its idle client; 3 "W": sending
      letter: k === HELD ? 2 : (kept?.idle ?? 0) >= HELD / 2 ? 1 : 3,
    };
  } finally {
    off();
    (held ?? (await pending.catch(() => undefined)))?.release();
  }
}

async function fresh(ctx: StepContext) {
  const lab = ctx.lab();
  await settled(ctx, lab, { min: CHILDREN, max: SERVER_LIMIT });
  // By hand: 16 clients are held (anew each time KeepAliveTimeout lets them go) until the
  // learner's own request has been served; then the step measures one of its own.
  const yours = ctx.byHand ? await holdUntilLearnerRequest(ctx, lab, holdAll, 600_000) : null;
  if (ctx.byHand && !yours) throw new Error('no request of yours reached the lab');
  await settled(ctx, lab, CHILDREN);
  const t0 = Date.now();
  const pending = holdAll(lab);
  let held: HeldClients | undefined;
  try {
    // As in httpd's test: the fresh request comes half a second after the 16, and queues
    // behind those that wait for the new processes.
    await ctx.sleep(FRESH_AFTER_MS);
    const sentAt = Date.now();
    const request = sendBurst({ lab: lab.started, count: 1, concurrency: 1, path: '/', timeoutMs: 30_000 });
    const kept = await allKept(ctx, lab, 15_000);
    const result = await request;
    const answeredAt = Date.now();
    held = await pending;
    const r = result.requests[0]!;
    const closed = firstClose(held);
    const waitMs = Math.round(r.latencyMs);
    return {
      waitMs,
      waitS: waitMs / 1000,
      freshOk: r.ok,
      freshPid: r.servedBy?.pid ?? 0,
      groups: kept?.groups ?? '',
      kept: kept?.groups.replace(/[^K]/g, '').length ?? 0,
      sentAfterMs: sentAt - t0,
      // when KeepAliveTimeout closed the first idle connection, and when the fresh one was answered
      firstCloseMs: closed === null ? -1 : closed - t0,
      answeredMs: answeredAt - t0,
      answeredAfterCloseMs: closed === null ? -99_999 : Math.round(r.startedAt + r.latencyMs - closed),
      stillOpen: held.open(),
    };
  } finally {
    (held ?? (await pending.catch(() => undefined)))?.release();
  }
}

/** The same test on a lab with KeepAliveTimeout 2: the wait follows the timeout. */
async function shorter(ctx: StepContext) {
  const lab = ctx.lab('short');
  await settled(ctx, lab, CHILDREN);
  const pending = holdAll(lab);
  let held: HeldClients | undefined;
  try {
    await ctx.sleep(FRESH_AFTER_MS);
    const result = await sendBurst({ lab: lab.started, count: 1, concurrency: 1, path: '/', timeoutMs: 30_000 });
    held = await pending;
    const r = result.requests[0]!;
    const shortWaitMs = Math.round(r.latencyMs);
    return {
      shortWaitMs,
      shortWaitS: shortWaitMs / 1000,
      shortOk: r.ok,
      longWaitMs: Number(ctx.earlier.waitMs ?? -1),
    };
  } finally {
    (held ?? (await pending.catch(() => undefined)))?.release();
  }
}

const WORKER = ['StartServers=2', 'ServerLimit=4', 'ThreadsPerChild=4', 'MaxRequestWorkers=16', 'MinSpareThreads=4', 'MaxSpareThreads=8', 'KeepAliveTimeout=5'];

export const lesson: LessonDef = {
  labs: {
    worker: { model: 'worker', sets: WORKER },
    short: { model: 'worker', sets: [...WORKER.filter((d) => !d.startsWith('KeepAliveTimeout=')), `KeepAliveTimeout=${SHORT_KEEP_ALIVE_MS / 1000}`] },
  },
  steps: [
    {
      id: 'hold',
      labs: ['worker'],
      fresh: true, // two idle processes to begin with
      facts: ['held', 'answered', 'groups', 'kept', 'idleWhileKept', 'processes', 'spawned', 'allKeptMs', 'closedByServer', 'firstCloseMs', 'lastCloseMs', 'idleAfter', 'letter'],
      predict: { kind: 'choice', fact: 'letter', choices: 3 },
      hints: 2,
      run: hold,
      claims: [
        { id: 'all-kept', facts: ['kept', 'idleWhileKept', 'answered'], holds: (f) => f.kept === HELD && f.idleWhileKept === 0 && f.answered === HELD },
        { id: 'four-processes', facts: ['processes', 'spawned'], holds: (f) => f.processes === SERVER_LIMIT && Number(f.spawned) >= SERVER_LIMIT - CHILDREN },
        // the first 8 went idle at once; the server closed them KeepAliveTimeout later
        { id: 'timeout-closes', facts: ['closedByServer', 'firstCloseMs'], holds: (f) => f.closedByServer === HELD && within(f.firstCloseMs, KEEP_ALIVE_MS - 500, KEEP_ALIVE_MS + 2500) },
      ],
    },
    {
      id: 'fresh',
      labs: ['worker'],
      prepares: ['url'],
      prepare: async (ctx) => ({ url: ctx.lab().started.url }),
      facts: ['waitMs', 'waitS', 'freshOk', 'freshPid', 'groups', 'kept', 'sentAfterMs', 'firstCloseMs', 'answeredMs', 'answeredAfterCloseMs', 'stillOpen'],
      predict: { kind: 'number', fact: 'waitS', tolerance: 1 },
      hints: 2,
      byHand: true,
      run: fresh,
      claims: [
        { id: 'answered', facts: ['freshOk'], holds: (f) => f.freshOk === true },
        { id: 'all-kept', facts: ['kept'], holds: (f) => f.kept === HELD },
        { id: 'waited', facts: ['waitMs'], holds: (f) => within(f.waitMs, 2000, KEEP_ALIVE_MS + 2000) },
        // it got the thread that KeepAliveTimeout freed, not one of its own
        { id: 'after-timeout', facts: ['answeredAfterCloseMs'], holds: (f) => within(f.answeredAfterCloseMs, -250, 1500) },
      ],
    },
    {
      id: 'shorter',
      labs: ['short'],
      fresh: true,
      facts: ['shortWaitMs', 'shortWaitS', 'shortOk', 'longWaitMs'],
      predict: { kind: 'number', fact: 'shortWaitS', tolerance: 0.5 },
      hints: 1,
      run: shorter,
      claims: [
        { id: 'answered', facts: ['shortOk'], holds: (f) => f.shortOk === true },
        { id: 'follows', facts: ['shortWaitMs'], holds: (f) => within(f.shortWaitMs, 500, SHORT_KEEP_ALIVE_MS + 1500) },
        // shorter than with KeepAliveTimeout 5 by about the 3 s between them (when that step ran)
        { id: 'shorter', facts: ['shortWaitMs', 'longWaitMs'], holds: (f) => Number(f.longWaitMs) < 0 || Number(f.shortWaitMs) < Number(f.longWaitMs) - 1500 },
      ],
    },
  ],
};
