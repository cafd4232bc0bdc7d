// Lesson 1: processes, and who answers (prefork). The words are in lesson.md.
import { sendBurst } from '../../labs/operations/index.ts';
import type { LabEvent } from '../../labs/mpm.ts';
import { readProcess, readTree } from '../../labs/proc/index.ts';
import { within } from '../margins.ts';
import { liveChildren, settled, totalAccesses } from '../lab-reads.ts';
import type { LessonDef, StepContext } from '../step-types.ts';

const CHILDREN = 2; // StartServers, and MinSpareServers
// An idle prefork lab has MinSpareServers to MaxSpareServers children: a burst may leave a third.
const IDLE = { min: 2, max: 4 };
const REQUESTS = 10;

async function idle(ctx: StepContext) {
  const lab = ctx.lab();
  const children = await settled(ctx, lab, CHILDREN);
  const parentPid = lab.started.pid;
  const ours = new Set(children.map((c) => c.pid));
  // What ps shows: the parent and, under it, this lab's children.
  const tree = readTree(parentPid).filter((p) => p.pid === parentPid || ours.has(p.pid));
  const kids = tree.filter((p) => p.pid !== parentPid);
  return {
    processes: tree.length,
    children: kids.length,
    parentPid,
    childPids: kids.map((p) => p.pid).join(', '),
    childrenOfParent: kids.filter((p) => p.ppid === parentPid).length,
    childName: kids[0]?.title ?? '',
  };
}

async function whoAnswers(ctx: StepContext) {
  const lab = ctx.lab();
  const children = await settled(ctx, lab, IDLE);
  if (ctx.byHand) {
    // The learner's curl: seen as one more request served on the scoreboard.
    const before = totalAccesses(lab.mpm.scoreboard());
    const seen = await ctx.poll(() => (totalAccesses(lab.mpm.scoreboard()) > before ? true : undefined), 600_000, 200);
    if (!seen) throw new Error('no request reached the lab');
  }
  const result = await sendBurst({ lab: lab.started, count: REQUESTS, concurrency: 2, path: '/' });
  const parentPid = lab.started.pid;
  const childPids = new Set(children.map((c) => c.pid));
  const named = result.requests.filter((r) => r.servedBy !== undefined);
  const byParent = named.filter((r) => r.servedBy!.pid === parentPid).length;
  const byChildren = named.filter((r) => childPids.has(r.servedBy!.pid)).length;
  const pids = Object.entries(result.byPid)
    .map(([pid, n]) => `${pid} (${n})`)
    .join(', ');
  return {
    requests: REQUESTS,
    ok: result.ok,
    named: named.length,
    byParent,
    byChildren,
    pids,
    distinctPids: Object.keys(result.byPid).length,
    // 1 the parent, 2 the children only, 3 both
    whoAnswered: byParent > 0 ? (byChildren > 0 ? 3 : 1) : 2,
  };
}

async function victim(ctx: StepContext) {
  const lab = ctx.lab();
  const children = await settled(ctx, lab, CHILDREN);
  return { victimPid: children[0]!.pid, url: lab.started.url };
}

async function killChild(ctx: StepContext, prepared: Record<string, unknown>) {
  const lab = ctx.lab();
  const victimPid = Number(prepared.victimPid);
  const events: LabEvent[] = [];
  const off = lab.mpm.onEvent((e) => events.push(e));
  try {
    const victimInfo = readProcess(victimPid);
    if (!victimInfo) throw new Error(`child ${victimPid} is gone already; press r to run the step again`);
    if (!ctx.byHand) ctx.signalChild(lab, victimPid, 'SIGTERM');
    const exit = await ctx.poll(() => events.find((e): e is Extract<LabEvent, { type: 'exit' }> => e.type === 'exit' && e.pid === victimPid), ctx.byHand ? 600_000 : 10_000);
    if (!exit) throw new Error(`child ${victimPid} did not exit`);
    const spawn = await ctx.poll(() => events.find((e): e is Extract<LabEvent, { type: 'spawn' }> => e.type === 'spawn' && e.time >= exit.time), 10_000);
    const after = await settled(ctx, lab, CHILDREN, 10_000);
    return {
      victimPid,
      exitStatus: exit.signal ?? exit.code ?? -1, // a signal's name, or the exit code
      replaced: spawn !== undefined,
      newPid: spawn?.pid ?? 0,
      replaceMs: spawn ? spawn.time - exit.time : -1,
      childrenAfter: after.length,
      victimGone: readProcess(victimPid) === null || !liveChildren(lab.mpm.scoreboard()).some((c) => c.pid === victimPid),
      // 1 nothing, 2 a new child in its place, 3 the lab stopped
      whatParentDid: lab.mpm.query().state !== 'running' ? 3 : spawn ? 2 : 1,
    };
  } finally {
    off();
  }
}

export const lesson: LessonDef = {
  labs: {
    prefork: { model: 'prefork', sets: ['StartServers=2', 'MinSpareServers=2', 'MaxSpareServers=4', 'MaxRequestWorkers=8', 'KeepAliveTimeout=5'] },
  },
  steps: [
    {
      id: 'idle',
      labs: ['prefork'],
      facts: ['processes', 'children', 'parentPid', 'childPids', 'childrenOfParent', 'childName'],
      predict: { kind: 'number', fact: 'processes' },
      hints: 2,
      run: idle,
      claims: [
        { id: 'start-servers', facts: ['children'], holds: (f) => f.children === CHILDREN },
        { id: 'one-parent', facts: ['childrenOfParent', 'children'], holds: (f) => f.childrenOfParent === f.children },
      ],
    },
    {
      id: 'who-answers',
      labs: ['prefork'],
      prepares: ['url'],
      prepare: async (ctx) => ({ url: ctx.lab().started.url }),
      facts: ['requests', 'ok', 'named', 'byParent', 'byChildren', 'pids', 'distinctPids', 'whoAnswered'],
      predict: { kind: 'choice', fact: 'whoAnswered', choices: 3 },
      hints: 2,
      byHand: true,
      run: whoAnswers,
      claims: [
        { id: 'all-served', facts: ['ok', 'requests'], holds: (f) => f.ok === f.requests },
        { id: 'named', facts: ['named', 'requests'], holds: (f) => f.named === f.requests },
        { id: 'parent-never', facts: ['byParent', 'byChildren', 'requests'], holds: (f) => f.byParent === 0 && f.byChildren === f.requests },
      ],
    },
    {
      id: 'kill-child',
      labs: ['prefork'],
      fresh: true, // exactly MinSpareServers idle children, so that one fewer is too few
      prepares: ['victimPid', 'url'],
      prepare: victim,
      facts: ['victimPid', 'exitStatus', 'replaced', 'newPid', 'replaceMs', 'childrenAfter', 'victimGone', 'whatParentDid'],
      predict: { kind: 'choice', fact: 'whatParentDid', choices: 3 },
      hints: 2,
      byHand: true,
      run: killChild,
      claims: [
        { id: 'replaced', facts: ['replaced', 'newPid', 'victimPid'], holds: (f) => f.replaced === true && f.newPid !== f.victimPid },
        // httpd replaces it at once or at the next maintenance run (about once a second)
        { id: 'replaced-soon', facts: ['replaceMs'], holds: (f) => within(f.replaceMs, 0, 2500) },
        { id: 'back-to-two', facts: ['childrenAfter', 'victimGone'], holds: (f) => f.childrenAfter === CHILDREN && f.victimGone === true },
      ],
    },
  ],
};
