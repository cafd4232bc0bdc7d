// Lesson 2: prefork under load. The words are in lesson.md.
import { sendBurst } from '../../labs/operations/index.ts';
import type { LabEvent } from '../../labs/mpm.ts';
import { within } from '../margins.ts';
import { liveChildren, settled } from '../lab-reads.ts';
import type { LabHandle, LessonDef, StepContext } from '../step-types.ts';

const START = 2; // StartServers
const MAX_WORKERS = 8; // MaxRequestWorkers
const MAX_SPARE = 4; // MaxSpareServers
const REQUESTS = 12;
const SLOW_MS = 2000;
const ROUND_GAP_MS = 400; // spawns closer than this came from one maintenance run

type Spawn = Extract<LabEvent, { type: 'spawn' }>;
type Exit = Extract<LabEvent, { type: 'exit' }>;

function record(lab: LabHandle): { events: LabEvent[]; off(): void } {
  const events: LabEvent[] = [];
  return { events, off: lab.mpm.onEvent((e) => events.push(e)) };
}

/** Spawns grouped by the maintenance run that made them: [1, 2, 3]. */
function rounds(spawns: Spawn[]): { size: number; time: number }[] {
  const out: { size: number; time: number }[] = [];
  for (const s of spawns) {
    const last = out[out.length - 1];
    if (last && s.time - last.time < ROUND_GAP_MS) last.size++;
    else out.push({ size: 1, time: s.time });
  }
  return out;
}

async function spawn(ctx: StepContext) {
  const lab = ctx.lab();
  await settled(ctx, lab, START);
  const { events, off } = record(lab);
  try {
    const t0 = Date.now();
    const result = await sendBurst({ lab: lab.started, count: REQUESTS, concurrency: REQUESTS, path: `/sleep?ms=${SLOW_MS}` });
    const spawns = events.filter((e): e is Spawn => e.type === 'spawn');
    const r = rounds(spawns);
    const after = (k: number) => START + r.slice(0, k).reduce((n, x) => n + x.size, 0);
    const gaps = r.slice(1).map((x, i) => x.time - r[i]!.time);
    return {
      ok: result.ok,
      rounds: r.length,
      spawned: r.map((x) => x.size).join(', '),
      firstAt: r[0] ? r[0].time - t0 : -1,
      after1: after(1),
      after2: after(2),
      after3: after(3),
      gapMinMs: gaps.length ? Math.min(...gaps) : -1,
      gapMaxMs: gaps.length ? Math.max(...gaps) : -1,
      peak: after(r.length),
    };
  } finally {
    off();
  }
}

async function late(ctx: StepContext) {
  const lab = ctx.lab('full');
  await settled(ctx, lab, MAX_WORKERS);
  const result = await sendBurst({ lab: lab.started, count: REQUESTS, concurrency: REQUESTS, path: `/sleep?ms=${SLOW_MS}` });
  const ms = result.requests.filter((q) => q.ok).map((q) => Math.round(q.latencyMs)).sort((a, b) => a - b);
  const onTime = ms.filter((m) => m < SLOW_MS * 1.5);
  const waited = ms.filter((m) => m >= SLOW_MS * 1.5);
  return {
    requests: REQUESTS,
    ok: result.ok,
    failed: result.failed,
    onTime: onTime.length,
    waited: waited.length,
    onTimeMaxMs: onTime.length ? onTime[onTime.length - 1]! : -1,
    waitedMinMs: waited.length ? waited[0]! : -1,
    waitedMaxMs: waited.length ? waited[waited.length - 1]! : -1,
    // 1 refused, 2 served late, 3 some lost
    outcome: result.ok === REQUESTS ? 2 : result.ok + result.failed === REQUESTS && result.ok <= MAX_WORKERS ? 1 : 3,
  };
}

async function reap(ctx: StepContext) {
  const lab = ctx.lab();
  await settled(ctx, lab, START);
  const { events, off } = record(lab);
  try {
    await sendBurst({ lab: lab.started, count: REQUESTS, concurrency: REQUESTS, path: `/sleep?ms=${SLOW_MS}` });
    // Then nothing: watch maintenance let the idle children go, one per run, down to MaxSpareServers.
    const final = await settled(ctx, lab, MAX_SPARE, 15_000);
    await ctx.sleep(2500); // and stop there
    // The peak from the parent's own events (the reaping may begin before the last answer).
    let count = START;
    let peak = START;
    let peakAt = 0;
    for (const e of events) {
      if (e.type === 'spawn') count++;
      else if (e.type === 'exit') count--;
      if (e.type === 'spawn' && count > peak) {
        peak = count;
        peakAt = e.time;
      }
    }
    const exits = events.filter((e): e is Exit => e.type === 'exit' && e.time >= peakAt);
    const gaps = exits.slice(1).map((e, i) => e.time - exits[i]!.time);
    return {
      peak,
      final: final.length,
      stillAfter: liveChildren(lab.mpm.scoreboard()).length,
      stopped: exits.length,
      gapMinMs: gaps.length ? Math.min(...gaps) : -1,
      gapMaxMs: gaps.length ? Math.max(...gaps) : -1,
    };
  } finally {
    off();
  }
}

const SETTINGS = ['StartServers=2', 'MinSpareServers=2', 'MaxSpareServers=4', 'MaxRequestWorkers=8', 'KeepAliveTimeout=5'];

export const lesson: LessonDef = {
  labs: {
    prefork: { model: 'prefork', sets: SETTINGS },
    // all of MaxRequestWorkers started and kept: the waiting is then MaxRequestWorkers' alone
    full: { model: 'prefork', sets: ['StartServers=8', 'MinSpareServers=2', 'MaxSpareServers=8', 'MaxRequestWorkers=8', 'KeepAliveTimeout=5'] },
  },
  steps: [
    {
      id: 'spawn',
      labs: ['prefork'],
      fresh: true,
      facts: ['ok', 'rounds', 'spawned', 'firstAt', 'after1', 'after2', 'after3', 'gapMinMs', 'gapMaxMs', 'peak'],
      predict: { kind: 'number', fact: 'after3' },
      hints: 2,
      run: spawn,
      claims: [
        { id: 'doubling', facts: ['after1', 'after2', 'after3'], holds: (f) => f.after1 === 3 && f.after2 === 5 && f.after3 === MAX_WORKERS },
        { id: 'once-a-second', facts: ['gapMinMs', 'gapMaxMs'], holds: (f) => within(f.gapMinMs, 600, 1600) && within(f.gapMaxMs, 600, 1600) },
        { id: 'limit', facts: ['peak'], holds: (f) => f.peak === MAX_WORKERS },
        { id: 'all-served', facts: ['ok'], holds: (f) => f.ok === REQUESTS },
      ],
    },
    {
      id: 'late',
      labs: ['full'],
      facts: ['requests', 'ok', 'failed', 'onTime', 'waited', 'onTimeMaxMs', 'waitedMinMs', 'waitedMaxMs', 'outcome'],
      predict: { kind: 'choice', fact: 'outcome', choices: 3 },
      hints: 2,
      run: late,
      claims: [
        { id: 'none-refused', facts: ['ok', 'failed'], holds: (f) => f.ok === REQUESTS && f.failed === 0 },
        { id: 'eight-at-once', facts: ['onTime'], holds: (f) => f.onTime === MAX_WORKERS },
        { id: 'four-waited', facts: ['waited', 'waitedMinMs'], holds: (f) => f.waited === REQUESTS - MAX_WORKERS && within(f.waitedMinMs, SLOW_MS * 1.5, SLOW_MS * 4) },
      ],
    },
    {
      id: 'reap',
      labs: ['prefork'],
      fresh: true,
      facts: ['peak', 'final', 'stillAfter', 'stopped', 'gapMinMs', 'gapMaxMs'],
      predict: { kind: 'number', fact: 'final' },
      hints: 2,
      run: reap,
      claims: [
        { id: 'down-to-max-spare', facts: ['final', 'stillAfter'], holds: (f) => f.final === MAX_SPARE && f.stillAfter === MAX_SPARE },
        { id: 'one-per-second', facts: ['stopped', 'peak', 'gapMinMs', 'gapMaxMs'], holds: (f) => f.stopped === Number(f.peak) - MAX_SPARE && within(f.gapMinMs, 600, 1600) && within(f.gapMaxMs, 600, 1600) },
      ],
    },
  ],
};
