// Lesson 8: slow clients hold workers on every model; RequestReadTimeout frees them. The words
// are in lesson.md.
import { PATHS, sendBurst, startSlowClients } from '../../labs/operations/index.ts';
import type { SlowClients } from '../../labs/operations/index.ts';
import type { LabEvent } from '../../labs/mpm.ts';
import { countSlots } from '../../labs/status/index.ts';
import { within } from '../margins.ts';
import { scoreboardGroups, serverStatusAuto, settled } from '../lab-reads.ts';
import type { LabHandle, LessonDef, StepContext } from '../step-types.ts';

const CHILDREN = 2; // StartServers
const SLOW = 3; // slow clients in the event steps
const LINE_MS = 1000; // one header line a second
const HOLD_MS = 6000; // how long the first step watches them trickle
const PREFORK_SLOTS = 8; // prefork's MaxRequestWorkers
const PREFORK_LINES = 7; // the prefork step's slow clients finish their requests after 7 s
const HEADER_TIMEOUT_S = 5; // RequestReadTimeout header=5
const TIMEOUT_LINES = 12; // they would take 12 s to send their headers

function readers(lab: LabHandle): number {
  return countSlots(lab.mpm.scoreboard()).byStatus.R;
}

/** Closes the slow clients however the step ends. */
async function withSlow<T>(slow: SlowClients, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    slow.release();
  }
}

async function trickle(ctx: StepContext) {
  const lab = ctx.lab('event');
  await settled(ctx, lab, CHILDREN);
  const slow = startSlowClients({ lab: lab.started, count: SLOW, lines: 30, everyMs: LINE_MS });
  return withSlow(slow, async () => {
    const t0 = Date.now();
    const seen = await ctx.poll(() => (readers(lab) === SLOW ? scoreboardGroups(lab.mpm.scoreboard()) : undefined), 3500, 25);
    // As mod_status prints it: the status request is served too, by a free thread.
    const status = await serverStatusAuto(lab);
    await ctx.sleep(Math.max(0, t0 + HOLD_MS - Date.now()));
    const heldMs = Date.now() - Math.min(...slow.clients.map((c) => c.openedAt));
    const stillR = readers(lab);
    const open = slow.open();
    const answered = slow.clients.filter((c) => c.status !== null).length;
    const lines = Math.min(...slow.clients.map((c) => c.linesSent));
    slow.release();
    const freed = await ctx.poll(() => (readers(lab) === 0 ? Date.now() : undefined), 5000, 25);
    const r = seen ? seen.replace(/[^R]/g, '').length : 0;
    return {
      slow: SLOW,
      groups: seen ?? '',
      readers: r,
      board: status.scoreboard,
      heldS: Math.round(heldMs / 1000),
      linesSent: lines,
      stillR,
      stillOpen: open,
      answered,
      freedR: freed !== undefined ? 0 : readers(lab),
      // 1 nothing (the listener waits), 2 a worker thread each, in R, 3 a whole process each
      holder: r === SLOW ? 2 : r === 0 ? 1 : 3,
    };
  });
}

async function noService(ctx: StepContext) {
  const lab = ctx.lab('prefork');
  await settled(ctx, lab, CHILDREN);
  const logs: string[] = [];
  const off = lab.mpm.onEvent((e: LabEvent) => {
    if (e.type === 'log' && e.entry.code === 'AH00161') logs.push(`AH00161: ${e.entry.text}`);
  });
  const slow = startSlowClients({ lab: lab.started, count: PREFORK_SLOTS, lines: PREFORK_LINES, everyMs: LINE_MS });
  try {
    return await withSlow(slow, async () => {
      // The parent starts children as in lesson 2 until MaxRequestWorkers: all of them in R.
      const full = await ctx.poll(() => (readers(lab) === PREFORK_SLOTS ? { groups: scoreboardGroups(lab.mpm.scoreboard()), at: Date.now() } : undefined), 8000, 25);
      const sentAt = Date.now();
      const fresh = (await sendBurst({ lab: lab.started, count: 1, concurrency: 1, path: PATHS.home, timeoutMs: 30_000 })).requests[0]!;
      const answeredAt = fresh.startedAt + fresh.latencyMs;
      const finished = slow.clients.map((c) => c.finishedAt).filter((t): t is number => t !== null);
      const firstDone = finished.length ? Math.min(...finished) : 0;
      await ctx.poll(() => (slow.open() === 0 ? true : undefined), 10_000, 50);
      const slowOk = slow.clients.filter((c) => c.status === 200).length;
      return {
        slots: PREFORK_SLOTS,
        fullGroups: full?.groups ?? '',
        fullReaders: full ? PREFORK_SLOTS : readers(lab),
        fullAfterMs: full ? full.at - Math.min(...slow.clients.map((c) => c.openedAt)) : -1,
        freshOk: fresh.ok,
        freshWaitMs: Math.round(fresh.latencyMs),
        freshWaitS: Math.round(fresh.latencyMs / 100) / 10,
        sentAfterFullMs: full ? sentAt - full.at : -1,
        // the ordinary request was answered only once a slow client had its request complete
        answeredAfterSlowMs: firstDone ? Math.round(answeredAt - firstDone) : -99_999,
        slowOk,
        limitLog: logs[0] ?? '',
        // 1 answered at once, 2 waited for a slow client to finish, 3 refused
        freshOutcome: !fresh.ok ? 3 : fresh.latencyMs < 1000 ? 1 : 2,
      };
    });
  } finally {
    off();
  }
}

async function reqTimeout(ctx: StepContext) {
  const lab = ctx.lab('event-reqtimeout');
  await settled(ctx, lab, CHILDREN);
  const logged: number[] = [];
  const off = lab.mpm.onEvent((e: LabEvent) => {
    if (e.type === 'log' && e.entry.code === 'AH01382') logged.push(e.entry.time ?? Date.now());
  });
  const slow = startSlowClients({ lab: lab.started, count: SLOW, lines: TIMEOUT_LINES, everyMs: LINE_MS });
  try {
    return await withSlow(slow, async () => {
      const seen = await ctx.poll(() => (readers(lab) === SLOW ? scoreboardGroups(lab.mpm.scoreboard()) : undefined), 3500, 25);
      await ctx.poll(() => (slow.open() === 0 ? true : undefined), TIMEOUT_LINES * LINE_MS + 5000, 50);
      const after = slow.clients.map((c) => (c.closedAt ?? Date.now()) - c.openedAt);
      const freed = await ctx.poll(() => (readers(lab) === 0 ? true : undefined), 3000, 25);
      const lines = Math.min(...slow.clients.map((c) => c.linesSent));
      return {
        slow: SLOW,
        headerTimeoutS: HEADER_TIMEOUT_S,
        groupsBefore: seen ?? '',
        readersBefore: seen ? SLOW : readers(lab),
        statuses: slow.clients.map((c) => c.status ?? 'none').join(', '),
        got408: slow.clients.filter((c) => c.status === 408).length,
        cutMinMs: Math.round(Math.min(...after)),
        cutMaxMs: Math.round(Math.max(...after)),
        cutS: Math.round(Math.max(...after) / 100) / 10,
        linesBeforeCut: lines,
        linesWanted: TIMEOUT_LINES,
        logged: logged.length,
        freed: freed === true,
        groupsAfter: scoreboardGroups(lab.mpm.scoreboard()),
        trickleS: Number(ctx.earlier.heldS ?? -1),
      };
    });
  } finally {
    off();
  }
}

const THREADED = ['StartServers=2', 'ServerLimit=4', 'ThreadsPerChild=4', 'MaxRequestWorkers=16', 'MinSpareThreads=4', 'MaxSpareThreads=8', 'KeepAliveTimeout=5'];
const PREFORK = ['StartServers=2', 'MinSpareServers=2', 'MaxSpareServers=4', 'MaxRequestWorkers=8', 'KeepAliveTimeout=5'];

export const lesson: LessonDef = {
  labs: {
    event: { model: 'event', sets: THREADED },
    prefork: { model: 'prefork', sets: PREFORK },
    'event-reqtimeout': { model: 'event', sets: [...THREADED, `RequestReadTimeout=header=${HEADER_TIMEOUT_S}`] },
  },
  steps: [
    {
      id: 'trickle',
      labs: ['event'],
      fresh: true,
      prepares: ['port'],
      prepare: async (ctx) => ({ port: ctx.lab('event').started.port }),
      facts: ['slow', 'groups', 'readers', 'board', 'heldS', 'linesSent', 'stillR', 'stillOpen', 'answered', 'freedR', 'holder'],
      predict: { kind: 'choice', fact: 'holder', choices: 3 },
      hints: 2,
      run: trickle,
      claims: [
        { id: 'three-r', facts: ['readers', 'slow'], holds: (f) => f.readers === f.slow },
        { id: 'status-shows-r', facts: ['board'], holds: (f) => String(f.board).replace(/[^R]/g, '').length === SLOW },
        // Timeout 60 is per read: a line a second never trips it
        { id: 'held-on', facts: ['heldS', 'stillR', 'stillOpen', 'answered'], holds: (f) => Number(f.heldS) >= 5 && f.stillR === SLOW && f.stillOpen === SLOW && f.answered === 0 },
        { id: 'freed', facts: ['freedR'], holds: (f) => f.freedR === 0 },
      ],
    },
    {
      id: 'no-service',
      labs: ['prefork'],
      fresh: true,
      facts: ['slots', 'fullGroups', 'fullReaders', 'fullAfterMs', 'freshOk', 'freshWaitMs', 'freshWaitS', 'sentAfterFullMs', 'answeredAfterSlowMs', 'slowOk', 'limitLog', 'freshOutcome'],
      predict: { kind: 'choice', fact: 'freshOutcome', choices: 3 },
      hints: 2,
      run: noService,
      claims: [
        { id: 'all-r', facts: ['fullReaders', 'slots'], holds: (f) => f.fullReaders === f.slots },
        // it waited for a slow client to finish (about 7 s after they began), not for anything else
        { id: 'fresh-waits', facts: ['freshOk', 'freshWaitMs', 'answeredAfterSlowMs'], holds: (f) => f.freshOk === true && Number(f.freshWaitMs) >= 1500 && within(f.answeredAfterSlowMs, 0, 3000) },
        { id: 'slow-served', facts: ['slowOk', 'slots'], holds: (f) => f.slowOk === f.slots },
      ],
    },
    {
      id: 'reqtimeout',
      labs: ['event-reqtimeout'],
      fresh: true,
      facts: ['slow', 'headerTimeoutS', 'groupsBefore', 'readersBefore', 'statuses', 'got408', 'cutMinMs', 'cutMaxMs', 'cutS', 'linesBeforeCut', 'linesWanted', 'logged', 'freed', 'groupsAfter', 'trickleS'],
      predict: { kind: 'number', fact: 'cutS', tolerance: 1 },
      hints: 2,
      run: reqTimeout,
      claims: [
        { id: 'held-first', facts: ['readersBefore', 'slow'], holds: (f) => f.readersBefore === f.slow },
        { id: 'got-408', facts: ['got408', 'slow'], holds: (f) => f.got408 === f.slow },
        { id: 'about-five', facts: ['cutMinMs', 'cutMaxMs'], holds: (f) => within(f.cutMinMs, HEADER_TIMEOUT_S * 1000 - 200, HEADER_TIMEOUT_S * 1000 + 2500) && within(f.cutMaxMs, HEADER_TIMEOUT_S * 1000 - 200, HEADER_TIMEOUT_S * 1000 + 2500) },
        { id: 'logged', facts: ['logged', 'slow'], holds: (f) => f.logged === f.slow },
        { id: 'slots-back', facts: ['freed', 'groupsAfter'], holds: (f) => f.freed === true && !String(f.groupsAfter).includes('R') },
      ],
    },
  ],
};
