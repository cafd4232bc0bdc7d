// Every process and thread of the lab carries its role's name (README, "Processes and threads
// in ps") from the first moment /proc shows it, on the runtime the lab runs on
// (MPM_LAB_RUNTIME=node|bun|deno): /proc is sampled as fast as the test can while children
// start, and again while a crashed child is replaced.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { get, sleep } from '../support/http.ts';
import type { Runtime } from '../support/lab-process.ts';
import { startLab } from '../support/lab-process.ts';

const RUNTIME = ((process.env.MPM_LAB_RUNTIME as Runtime | undefined) ?? 'node') satisfies Runtime;
const RUNTIME_COMMS = new Set(['node', 'bun', 'bun.exe', 'deno']);

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch {
    return null;
  }
}

/** The parent's children, in one read per thread: each thread lists those it forked. */
function childPids(parent: number): number[] {
  const pids = new Set<number>();
  for (const tid of fs.readdirSync(`/proc/${parent}/task`)) {
    for (const pid of (read(`/proc/${parent}/task/${tid}/children`) ?? '').split(' ')) if (pid) pids.add(Number(pid));
  }
  return [...pids].sort((a, b) => a - b);
}

const commOf = (pid: number, tid: number) => read(`/proc/${pid}/task/${tid}/comm`)?.replace(/\n$/, '') ?? null;
const cmdlineOf = (pid: number) => read(`/proc/${pid}/cmdline`)?.replace(/\0+$/, '').split('\0').join(' ') ?? null;

/** What one task was called, each time it changed: [comm, cmdline (main threads only)]. */
interface Seen {
  pid: number;
  tid: number;
  names: [string, string][];
}

/** Samples the names of the lab's parent, its children and all their threads, fast. */
class NameSampler {
  readonly seen = new Map<string, Seen>();
  samples = 0;

  constructor(private readonly parent: number) {}

  sample(): void {
    this.samples++;
    for (const pid of [this.parent, ...childPids(this.parent)]) {
      let tids: string[];
      try {
        tids = fs.readdirSync(`/proc/${pid}/task`);
      } catch {
        continue; // gone
      }
      const cmdline = cmdlineOf(pid);
      for (const t of tids) {
        const tid = Number(t);
        const comm = commOf(pid, tid);
        if (comm === null || cmdline === null) continue;
        const key = `${pid}/${tid}`;
        const entry = this.seen.get(key) ?? { pid, tid, names: [] };
        const name: [string, string] = [comm, tid === pid ? cmdline : ''];
        const last = entry.names.at(-1);
        if (!last || last[0] !== name[0] || last[1] !== name[1]) entry.names.push(name);
        this.seen.set(key, entry);
      }
    }
  }

  /** Samples until `done` resolves (at most `ms`), yielding to the event loop every 10 ms. */
  async during(done: Promise<unknown>, ms: number): Promise<void> {
    let finished = false;
    void done.finally(() => (finished = true));
    const until = Date.now() + ms;
    while (!finished && Date.now() < until) {
      const slice = Date.now() + 10;
      while (Date.now() < slice) this.sample();
      await new Promise((r) => setImmediate(r));
    }
  }
}

const role = (model: string, slot: number) => (model === 'prefork' ? `prefork-${slot}` : `listener-${slot}`);
const title = (model: string, slot: number) => (model === 'prefork' ? `mpm-lab: prefork child ${slot}` : `mpm-lab: ${model} child ${slot} (listener thread)`);

/** The slot a child process names, from its title or the link it was started through. */
function slotNamed(model: string, comm: string, cmdline: string): number | null {
  const byComm = /^(?:prefork|listener)-(\d+)$/.exec(comm);
  if (!byComm) return null;
  const slot = Number(byComm[1]);
  const argv0 = cmdline.split(' ')[0] ?? '';
  return comm === role(model, slot) && (cmdline === title(model, slot) || argv0.endsWith(`/bin/${comm}`)) ? slot : null;
}

/**
 * The README's rules, checked on every change the sampler saw. Returns what broke them.
 * - the parent: mpm-parent, titled `mpm-lab: MODEL parent`, on every runtime;
 * - a child: a copy of the parent for the moment between fork and exec, then its role (comm)
 *   from exec on, titled by the link it started through and soon by its title; never the
 *   runtime's name;
 * - a thread of a child: never another process's role; a worker-N.T only of its own slot;
 *   before its own first statement a worker thread may carry its listener's name (Node),
 *   Bun's "Worker" or Deno's "worker-K".
 */
function broken(sampler: NameSampler, model: string, parent: number): string[] {
  const problems: string[] = [];
  const parentTitle = `mpm-lab: ${model} parent`;
  const slotOf = new Map<number, number>();
  for (const s of sampler.seen.values()) {
    if (s.pid !== s.tid) continue;
    const history = s.names.map(([c, t]) => `${c} | ${t}`).join(' -> ');
    if (s.pid === parent) {
      if (s.names.some(([c, t]) => c !== 'mpm-parent' || t !== parentTitle)) problems.push(`parent ${s.pid}: ${history}`);
      continue;
    }
    let exec = false;
    for (const [i, [comm, cmdline]] of s.names.entries()) {
      const copyOfParent = comm === 'mpm-parent' && (cmdline === parentTitle || cmdline === '');
      if (copyOfParent && !exec) continue;
      exec = true;
      if (cmdline === '' && i === s.names.length - 1 && slotOf.get(s.pid) !== undefined && comm === role(model, slotOf.get(s.pid)!)) continue; // exited: a zombie has no command line
      if (cmdline === '' && /^(?:prefork|listener)-\d+$/.test(comm)) continue; // the exec instant: named by the kernel, its arguments not readable yet
      // The exec instant again: the sampler read the command line (still the parent's copy) just
      // before the comm that exec had already changed; two reads of /proc are not one.
      if (cmdline === parentTitle && !slotOf.has(s.pid) && /^(?:prefork|listener)-\d+$/.test(comm)) continue;
      const slot = slotNamed(model, comm, cmdline);
      if (slot === null || RUNTIME_COMMS.has(comm) || (slotOf.has(s.pid) && slotOf.get(s.pid) !== slot)) {
        problems.push(`child ${s.pid}: ${history}`);
        break;
      }
      slotOf.set(s.pid, slot);
    }
  }
  for (const s of sampler.seen.values()) {
    if (s.pid === s.tid || s.pid === parent) continue;
    const slot = slotOf.get(s.pid);
    for (const [comm] of s.names) {
      const lab = /^(?:prefork-\d+|listener-\d+|worker-\d+\.\d+|mpm-parent)$/.test(comm);
      const own = comm === role(model, slot ?? -1) || comm.startsWith(`worker-${slot}.`);
      if (lab && !own) problems.push(`thread ${s.tid} of ${s.pid} (slot ${slot}): ${s.names.map(([c]) => c).join(' -> ')}`);
    }
  }
  return problems;
}

/** A child's names now: its main thread's, its worker threads', and how many others share the main's. */
function namesNow(pid: number): { main: string; workers: string[]; sameAsMain: number } {
  const tids = fs.readdirSync(`/proc/${pid}/task`).map(Number);
  const main = commOf(pid, pid) ?? '';
  const others = tids.filter((t) => t !== pid).map((t) => commOf(pid, t) ?? '');
  return { main, workers: others.filter((c) => /^worker-\d+\.\d+$/.test(c)).sort(), sameAsMain: others.filter((c) => c === main).length };
}

/** What a worker thread may be called before its first statement names it (README). */
const EARLY_WORKER_NAME: Record<Runtime, (comm: string) => boolean> = {
  node: () => false, // only its listener's name, which it was created with
  bun: (comm) => comm === 'Worker',
  deno: (comm) => /^worker-\d+$/.test(comm),
};

describe(`process and thread names from the first moment (${RUNTIME})`, () => {
  it('prefork: parent and children, and a child that replaces a crashed one', async () => {
    const lab = await startLab('prefork', ['--config', 'fixtures/prefork-small.conf', '--set', 'StartServers=3', '--set', 'MinSpareServers=3', '--set', 'MaxSpareServers=5']);
    const sampler = new NameSampler(lab.pid);
    try {
      // From the moment the lab says where it listens, while its first children start.
      await sampler.during(lab.waitForLog(/AH00163/).then(() => sleep(2500)), 6000);
      const kids = childPids(lab.pid);
      expect(kids).toHaveLength(3);
      const crash = get(lab.url + 'crash', { headers: { 'X-Lab-Token': lab.token } }).catch(() => null);
      let line = '';
      await sampler.during(
        lab.waitForLog(/AH00052: child pid \d+ exit signal/).then(async (l) => {
          line = l;
          await sleep(2500);
        }),
        8000,
      );
      await crash;
      const victim = Number(/child pid (\d+)/.exec(line)![1]);
      expect(kids).toContain(victim);
      const after = childPids(lab.pid);
      expect(after).not.toContain(victim);
      const replacement = after.filter((p) => !kids.includes(p));
      expect(replacement.length).toBeGreaterThanOrEqual(1);
      expect([...sampler.seen.values()].some((s) => s.pid === replacement[0] && s.tid === s.pid)).toBe(true);
      expect(broken(sampler, 'prefork', lab.pid)).toEqual([]);
      for (const pid of after) {
        const now = namesNow(pid);
        expect(now.main).toMatch(/^prefork-\d+$/);
        expect(now.workers).toEqual([]);
        expect(now.sameAsMain, `${pid}: runtime threads named ${now.main}`).toBe(0); // they got the runtime's name back
        expect(cmdlineOf(pid)).toBe(`mpm-lab: prefork child ${now.main.slice('prefork-'.length)}`);
      }
      expect(cmdlineOf(lab.pid)).toBe('mpm-lab: prefork parent');
      expect(namesNow(lab.pid)).toMatchObject({ main: 'mpm-parent', sameAsMain: 0 });
      expect(sampler.samples).toBeGreaterThan(100);
    } finally {
      await lab.stop();
    }
  });

  it('event: listeners and their worker threads, as they start', async () => {
    const lab = await startLab('event', ['--config', 'fixtures/event-small.conf']);
    const sampler = new NameSampler(lab.pid);
    try {
      const ready = async () => {
        for (let i = 0; i < 100; i++) {
          const kids = childPids(lab.pid);
          if (kids.length === 2 && kids.every((k) => namesNow(k).workers.length === 4)) return;
          await sleep(100);
        }
      };
      await sampler.during(lab.waitForLog(/AH00163/).then(ready).then(() => sleep(500)), 15_000);
      expect(broken(sampler, 'event', lab.pid)).toEqual([]);
      const kids = childPids(lab.pid);
      expect(kids).toHaveLength(2);
      for (const pid of kids) {
        const now = namesNow(pid);
        const slot = Number(now.main.slice('listener-'.length));
        expect(now.main).toMatch(/^listener-\d+$/);
        expect(now.workers).toEqual([0, 1, 2, 3].map((t) => `worker-${slot}.${t}`));
        expect(now.sameAsMain, `${pid}: runtime threads named ${now.main}`).toBe(0);
        expect(cmdlineOf(pid)).toBe(`mpm-lab: event child ${slot} (listener thread)`);
        // Each worker thread was seen under no other lab name than its own or its listener's.
        for (const s of sampler.seen.values()) {
          if (s.pid !== pid || s.tid === pid) continue;
          const final = s.names.at(-1)![0];
          if (!final.startsWith('worker-')) continue;
          for (const [c] of s.names) expect(c === final || c === now.main || EARLY_WORKER_NAME[RUNTIME](c), `${s.tid}: ${s.names.map(([n]) => n).join(' -> ')}`).toBe(true);
        }
      }
      expect(cmdlineOf(lab.pid)).toBe('mpm-lab: event parent');
      expect(namesNow(lab.pid)).toMatchObject({ main: 'mpm-parent', sameAsMain: 0 });
    } finally {
      await lab.stop();
    }
  });
});
