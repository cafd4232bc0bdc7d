// Small readings of a running lab that several lessons' steps make, through the Mpm
// interface (its scoreboard) and labs/proc only.
import type { HeldClients } from '../labs/operations/index.ts';
import { labUrl } from '../labs/operations/index.ts';
import { parseStatusAuto } from '../labs/status/index.ts';
import type { ParsedStatus } from '../labs/status/index.ts';
import { fetchText } from '../labs/watch/index.ts';
import type { ScoreboardSnapshot } from '../labs/scoreboard/types.ts';
import type { LabHandle, StepContext } from './step-types.ts';

export interface LiveChild {
  slot: number;
  pid: number;
  states: string; // the slots' letters, "____" or "WW__"
}

/** The child processes the scoreboard has now, by slot. */
export function liveChildren(snapshot: ScoreboardSnapshot): LiveChild[] {
  return snapshot.processes
    .filter((p) => p.pid > 0)
    .map((p) => ({ slot: p.slot, pid: p.pid, states: (snapshot.slots[p.slot] ?? []).map((s) => s.status).join('') }));
}

/** mod_status' letters of the live processes, one group per process: "WWWW WWWW ____". */
export function scoreboardGroups(snapshot: ScoreboardSnapshot): string {
  return liveChildren(snapshot)
    .map((c) => c.states)
    .join(' ');
}

/**
 * Waits until the lab is quiet: `children` processes (a number, or a range such as
 * MinSpareServers..MaxSpareServers, where maintenance leaves an idle prefork lab), every slot
 * waiting for a connection ('_'). Throws, saying what it saw, if that takes longer.
 */
export async function settled(ctx: StepContext, lab: LabHandle, children: number | { min: number; max: number }, timeoutMs = 20_000): Promise<LiveChild[]> {
  const { min, max } = typeof children === 'number' ? { min: children, max: children } : children;
  let last: LiveChild[] = [];
  const found = await ctx.poll(() => {
    last = liveChildren(lab.mpm.scoreboard());
    return last.length >= min && last.length <= max && last.every((c) => /^_+$/.test(c.states)) ? last : undefined;
  }, timeoutMs, 100);
  if (!found) {
    const want = min === max ? String(min) : `${min} to ${max}`;
    throw new Error(`the ${lab.name} lab did not settle to ${want} idle children within ${timeoutMs / 1000} s (scoreboard: ${last.map((c) => `${c.pid}:${c.states}`).join(' ') || 'no children'})`);
  }
  return found;
}

/** Total requests the lab's slots have served (mod_status' Total Accesses). */
export function totalAccesses(snapshot: ScoreboardSnapshot): number {
  let n = 0;
  for (const row of snapshot.slots) for (const slot of row) n += slot.accessCount;
  return n;
}

/**
 * For a step the learner does by hand while idle clients hold the lab: holds them with `hold`,
 * anew each time the server lets them all go (KeepAliveTimeout is shorter than a person
 * needs to switch terminals), until the lab has served a request that is not theirs (the
 * learner's curl). True when seen, false when the time is up.
 */
export async function holdUntilLearnerRequest(ctx: StepContext, lab: LabHandle, hold: (lab: LabHandle) => Promise<HeldClients>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  const base = totalAccesses(lab.mpm.scoreboard());
  let ours = 0;
  while (Date.now() < until && !ctx.signal.aborted) {
    const held = await hold(lab);
    try {
      ours += held.hold.responses.filter((r) => r !== null).length;
      const seen = await ctx.poll(() => (totalAccesses(lab.mpm.scoreboard()) > base + ours ? true : held.open() === 0 ? false : undefined), Math.max(0, until - Date.now()), 100);
      if (seen) return true;
    } finally {
      held.release();
    }
  }
  return false;
}

/**
 * The lab's /server-status?auto, read over HTTP as a monitoring tool reads httpd's (one small
 * request, which a child serves: its own slot shows W). ParentServerConfigGeneration is there.
 */
export async function serverStatusAuto(lab: LabHandle, timeoutMs = 10_000): Promise<ParsedStatus> {
  return parseStatusAuto(await fetchText(labUrl(lab.started, '/server-status?auto'), { timeoutMs }));
}
