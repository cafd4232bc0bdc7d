// `mpm-lab compare` run for real: the figures of its table against what the test itself saw
// of the three labs in /proc while it ran, the crash's losses as each model must have them,
// nothing left running afterwards (Ctrl-C included), and a wrong --workload refused.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CompareReport } from '../../labs/compare/types.ts';
import { labCommand, runCli, ROOT } from '../support/lab-process.ts';
import { childrenOf, isAlive, threadNames, waitUntil } from '../support/proc.ts';

type Model = 'prefork' | 'worker' | 'event';

/** What the test sees of the command's children, read from /proc every 50 ms while it runs. */
interface Seen {
  pids: Set<number>;
  byModel: Record<Model, { pids: Set<number>; mostAtOnce: number; mostWorkerThreads: number }>;
}

function modelOf(pid: number): Model | null {
  try {
    // the title once it is set ("mpm-lab: worker child 0 (listener thread)"), the arguments before ("… worker 0")
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return (/ (prefork|worker|event) /.exec(` ${cmdline} `)?.[1] as Model | undefined) ?? null;
  } catch {
    return null;
  }
}

function watchChildren(pid: number): { seen: Seen; stop(): void } {
  const seen: Seen = {
    pids: new Set(),
    byModel: {
      prefork: { pids: new Set(), mostAtOnce: 0, mostWorkerThreads: 0 },
      worker: { pids: new Set(), mostAtOnce: 0, mostWorkerThreads: 0 },
      event: { pids: new Set(), mostAtOnce: 0, mostWorkerThreads: 0 },
    },
  };
  const timer = setInterval(() => {
    const now: Record<Model, number[]> = { prefork: [], worker: [], event: [] };
    for (const kid of childrenOf(pid)) {
      const model = modelOf(kid);
      if (!model || !isAlive(kid)) continue;
      seen.pids.add(kid);
      seen.byModel[model].pids.add(kid);
      now[model].push(kid);
    }
    for (const model of ['prefork', 'worker', 'event'] as const) {
      const m = seen.byModel[model];
      m.mostAtOnce = Math.max(m.mostAtOnce, now[model].length);
      // each name once: a thread the runtime starts from a worker thread inherits its name (Bun)
      const workers = now[model].reduce((n, kid) => n + new Set(threadNames(kid).filter((t) => /^worker-\d+\.\d+$/.test(t))).size, 0);
      m.mostWorkerThreads = Math.max(m.mostWorkerThreads, workers);
    }
  }, 50);
  return { seen, stop: () => clearInterval(timer) };
}

function startCompare(args: string[]) {
  const [cmd, ...pre] = labCommand();
  const child = spawn(cmd!, [...pre, 'compare', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const watch = watchChildren(child.pid!);
  const kill = setTimeout(() => child.kill('SIGKILL'), 60_000); // a bound of its own, whatever happens
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(kill);
      watch.stop();
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, seen: watch.seen, done };
}

const gone = (pids: Iterable<number>) => () => [...pids].every((p) => !isAlive(p));

describe('mpm-lab compare', () => {
  it('--workload crash --json: prefork loses 1, worker and event every request in flight in the crashed process; the counts are the ones /proc showed', { timeout: 60_000 }, async () => {
    const run = startCompare(['--workload', 'crash', '--set', 'MaxRequestWorkers=8', '--json']);
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as CompareReport;
    expect(report.workload).toBe('crash');
    expect(report.maxRequestWorkers).toBe(8);
    expect(report.runs.map((x) => x.model)).toEqual(['prefork', 'worker', 'event']);
    for (const s of report.settings) expect({ model: s.model, mrw: s.values.MaxRequestWorkers, warnings: s.warnings }).toEqual({ model: s.model, mrw: 8, warnings: [] });
    const byModel = Object.fromEntries(report.runs.map((x) => [x.model, x])) as Record<Model, CompareReport['runs'][number]>;

    // 6 requests in flight: the crashing one on one child, 5 siblings after it
    for (const x of report.runs) {
      expect(x.crash!.inFlight).toBe(6);
      expect(x.requests.sent).toBe(6);
      expect(x.requests.ok + x.requests.failed).toBe(6);
      expect(Object.values(x.requests.errors).reduce((a, b) => a + b, 0)).toBe(x.requests.failed);
      for (const kind of Object.keys(x.requests.errors)) expect(['ECONNRESET', 'socket hang up']).toContain(kind);
      // the process that died was one of this model's children, and the parent's log says so
      expect(run.seen.byModel[x.model].pids.has(x.crash!.crashedPid)).toBe(true);
      expect(x.log.some((l) => l.includes(`AH00052: child pid ${x.crash!.crashedPid} exit signal Aborted (6)`))).toBe(true);
    }
    expect(byModel.prefork.crash).toMatchObject({ lost: 1, busyInCrashed: 1, parentCountedLost: 1 });
    // worker and event: 2 processes x 4 threads; the crashing request's process had 4 in flight
    for (const model of ['worker', 'event'] as const) {
      expect(byModel[model].crash).toMatchObject({ lost: 4, busyInCrashed: 4, parentCountedLost: 4 });
      expect(byModel[model].requests.ok).toBe(2);
    }

    // processes and serving threads: the settings', and what the test saw in /proc
    expect(byModel.prefork.footprint).toMatchObject({ processes: 8, servingThreads: 8 });
    expect(byModel.worker.footprint).toMatchObject({ processes: 2, servingThreads: 8 });
    expect(byModel.event.footprint).toMatchObject({ processes: 2, servingThreads: 8 });
    for (const model of ['prefork', 'worker', 'event'] as const) {
      expect(run.seen.byModel[model].mostAtOnce).toBe(byModel[model].footprint.processes);
      if (model !== 'prefork') expect(run.seen.byModel[model].mostWorkerThreads).toBe(8);
      const f = byModel[model].footprint;
      expect(f.threads).toBeGreaterThan(f.servingThreads); // the runtime's own threads are counted too
      expect(f.rssBytes).toBeGreaterThan(f.processes * 10 * 1024 * 1024);
    }
    // threads share a process's memory: 8 prefork processes weigh more than 2 threaded ones
    expect(byModel.prefork.footprint.rssBytes).toBeGreaterThan(byModel.worker.footprint.rssBytes);
    expect(await waitUntil(gone(run.seen.pids), 5000)).toBe(true);
  });

  it('the table: settings above it, one column per model; a fast workload answers every request', { timeout: 60_000 }, async () => {
    const run = startCompare(['--workload', 'fast', '--set', 'MaxRequestWorkers=4', '--set', 'MinSpareServers=1']);
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('mpm-lab compare, workload fast: 160 GET / on new connections, 3 at a time');
    expect(r.stdout).toMatch(/^ {2}prefork {2}StartServers 4, MinSpareServers 1, MaxSpareServers 4, ServerLimit 4, MaxRequestWorkers 4$/m);
    expect(r.stdout).toMatch(/^ {2}worker {3}StartServers 1, ServerLimit 1, ThreadsPerChild 4, .*MaxRequestWorkers 4$/m);
    expect(r.stdout).toMatch(/^ {2}--set MinSpareServers=1: prefork only/m);
    const header = lines.findIndex((l) => /^\s+prefork\s+worker\s+event$/.test(l));
    expect(header).toBeGreaterThan(lines.findIndex((l) => l.startsWith('Settings')));
    const row = (label: string) => lines.find((l) => l.startsWith(label))!.slice(label.length).trim().split(/\s{2,}/);
    expect(row('requests ok / sent')).toEqual(['160 / 160', '160 / 160', '160 / 160']);
    expect(row('failed')).toEqual(['0', '0', '0']);
    expect(row('processes')).toEqual(['4', '1', '1']);
    for (const rps of row('requests per second')) expect(Number(rps)).toBeGreaterThan(0);
    for (const p99 of row('latency p99')) expect(p99).toMatch(/^\d+(\.\d)? ms$/);
    expect(run.seen.byModel.prefork.mostAtOnce).toBe(4);
    expect(run.seen.byModel.event.mostAtOnce).toBe(1);
    expect(await waitUntil(gone(run.seen.pids), 5000)).toBe(true);
  });

  it('Ctrl-C in the middle: the lab running then stops, nothing is left, exit 130', { timeout: 30_000 }, async () => {
    const run = startCompare(['--workload', 'slow', '--set', 'MaxRequestWorkers=4']);
    expect(await waitUntil(() => run.seen.pids.size >= 4, 20_000)).toBe(true);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/compare interrupted; the lab it was running is stopped/);
    expect(r.stdout).not.toMatch(/requests ok \/ sent/);
    expect(await waitUntil(gone(run.seen.pids), 5000)).toBe(true);
  });

  it('a wrong --workload: the accepted values, the nearest one, exit 2, no lab started; help compare works as for every command', async () => {
    const r = await runCli(['compare', '--workload', 'crsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'mpm-lab: --workload takes one of fast, slow, keepalive, slow-clients, crash; got "crsh". Did you mean crash?\n' +
        '  e.g. `mpm-lab compare --workload crash`; `mpm-lab compare --help` says what each one shows.\n',
    );
    expect(r.stdout).toBe('');
    const set = await runCli(['compare', '--set', 'MaxRequestWorkers=500']);
    expect(set.code).toBe(2);
    expect(set.stderr).toMatch(/--set MaxRequestWorkers=500: compare takes MaxRequestWorkers as a whole number from 1 to 64; got "500"/);
    const help = await runCli(['help', 'compare']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: mpm-lab compare \[options\]/);
    expect(help.stdout).toMatch(/-w, --workload <name>/);
    expect(help.stdout).toMatch(/-s, --set <Directive=value>/);
    expect(help.stdout).toMatch(/Examples:\n {2}\$ mpm-lab compare/);
  });
});
