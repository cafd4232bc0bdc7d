// Footprint and start-up: the resident memory of an idle child process and of each worker
// thread, on Node, Bun and Deno, against Debian's httpd; and how long after the command every
// StartServers child (and its threads) is ready to serve. Each figure with its goal next to it.
//
//   npm run bench:footprint -- [--servers node,bun,deno,httpd] [--runs 1]
//
// Per thread: an event child with ThreadsPerChild 25 against one with ThreadsPerChild 1 (each
// the median of StartServers 3 children, idle, SETTLE_MS after every slot was ready), divided
// by the 24 threads between them. Start-up: from the command's start to the moment
// /server-status shows every slot of every StartServers child waiting for a connection, and
// the CPU time the whole server used until then (which the machine's load does not change).
// `node+lite-mode` (not in the default list) runs the lab's children with V8's --lite-mode
// through MPM_LAB_CHILD_ARGV, to measure that lever without changing the lab.
// Each runtime's floor beside it (bench/bare-threads.ts): 25 threads that run no lab code,
// their memory per thread and the CPU time their start costs, so that a goal below what the
// runtime itself needs shows as such.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { httpdMissing, httpdVersion, startHttpd } from './httpd-process.ts';
import { ROOT, startLabProcess } from './lab-process.ts';
import type { Runtime } from './lab-process.ts';
import type { BareThreads } from './bare-threads.ts';
import { childrenOf, mb, rssBytes, threadCount, treeCpuSeconds, treeRss } from './proc-figures.ts';
import { waitForReadySlots } from './server-status.ts';

type Server = 'node' | 'bun' | 'deno' | 'httpd' | 'node+lite-mode';
const SERVERS: readonly Server[] = ['node', 'bun', 'deno', 'httpd', 'node+lite-mode'];
const DEFAULT_SERVERS: readonly Server[] = ['node', 'bun', 'deno', 'httpd'];

const GOAL_PER_THREAD = 5 * 1048576;
const GOAL_START_MS = 1000;
const SETTLE_MS = 3000; // after every slot is ready: the children's start-up garbage collected
const READY_WITHIN_MS = 60_000;

interface Config {
  name: string;
  model: 'prefork' | 'worker' | 'event';
  sets: Record<string, number>; // on top of the model's defaults (the same for the lab and httpd)
  slots: number; // every slot of every StartServers child
}

// The defaults: event and worker StartServers 3 x ThreadsPerChild 25, prefork StartServers 5.
const EVENT_25: Config = { name: 'event 3x25', model: 'event', sets: {}, slots: 75 };
const EVENT_1: Config = { name: 'event 3x1', model: 'event', sets: { StartServers: 3, ServerLimit: 3, ThreadsPerChild: 1, MaxRequestWorkers: 3, MinSpareThreads: 1, MaxSpareThreads: 10 }, slots: 3 };
const WORKER_25: Config = { name: 'worker 3x25', model: 'worker', sets: {}, slots: 75 };
const PREFORK_5: Config = { name: 'prefork 5', model: 'prefork', sets: {}, slots: 5 };
const CONFIGS = [EVENT_25, EVENT_1, WORKER_25, PREFORK_5];

interface Measured {
  readyMs: number | null; // command to every slot ready; null: not within READY_WITHIN_MS
  startCpuSeconds: number; // CPU time the whole server used until then: what the machine's load does not change
  childRss: number; // median of the children, idle
  childThreads: number; // median of the children's OS threads (all of them: the runtime's too)
  wholeRss: number; // parent and children
  processes: number; // parent and children (maintenance may have started more than StartServers)
  listeningMs: number | null; // command to the parent's URL (the lab only)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
}

async function measure(server: Server, config: Config): Promise<Measured> {
  const target =
    server === 'httpd'
      ? await startHttpd(config.model, Object.entries(config.sets).map(([k, v]) => `${k} ${v}`))
      : await startLabProcess(config.model, Object.entries(config.sets).map(([k, v]) => `${k}=${v}`), {
          runtime: (server === 'node+lite-mode' ? 'node' : server) as Runtime,
          env: server === 'node+lite-mode' ? { ...process.env, MPM_LAB_CHILD_ARGV: '--lite-mode' } : process.env,
        });
  try {
    const waited = await waitForReadySlots(target.url, config.slots, READY_WITHIN_MS);
    const readyMs = waited === null ? null : performance.now() - target.spawnedAt;
    const startCpuSeconds = treeCpuSeconds(target.pid);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const kids = childrenOf(target.pid);
    return {
      readyMs,
      startCpuSeconds,
      listeningMs: 'listeningAt' in target ? target.listeningAt - target.spawnedAt : null,
      processes: 1 + kids.length,
      childRss: median(kids.map((k) => rssBytes(k) ?? 0)),
      childThreads: median(kids.map(threadCount)),
      wholeRss: treeRss(target.pid),
    };
  } finally {
    await target.stop();
  }
}

const BARE_THREADS = 25;
const STARTED_THREADS = 75; // event's StartServers 3 x ThreadsPerChild 25

/** The runtime's floor: bench/bare-threads under the server's runtime (httpd has none). */
function bareThreads(server: Server): BareThreads | null {
  const command: Record<Exclude<Server, 'httpd'>, string[]> = {
    node: [process.execPath, path.join(ROOT, 'dist/bench/bare-threads.js')],
    'node+lite-mode': [process.execPath, '--lite-mode', path.join(ROOT, 'dist/bench/bare-threads.js')],
    bun: [path.join(ROOT, 'node_modules/.bin/bun'), path.join(ROOT, 'bench/bare-threads.ts')],
    deno: [path.join(ROOT, 'node_modules/.bin/deno'), 'run', '-A', path.join(ROOT, 'bench/bare-threads.ts')],
  };
  if (server === 'httpd') return null;
  const [cmd, ...args] = command[server];
  const r = spawnSync(cmd!, [...args, String(BARE_THREADS)], { encoding: 'utf8', timeout: 60_000 });
  const line = r.stdout?.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`bare-threads on ${server} failed (exit ${r.status ?? r.signal}): ${(r.stderr ?? '').trim().split('\n')[0] ?? ''}`);
  return JSON.parse(line) as BareThreads;
}

function version(server: Server): string {
  switch (server) {
    case 'httpd':
      return `httpd ${httpdVersion()}`;
    case 'bun':
      return `Bun ${spawnSync(path.join(ROOT, 'node_modules/.bin/bun'), ['--version'], { encoding: 'utf8' }).stdout.trim()}`;
    case 'deno':
      return `Deno ${/deno (\S+)/.exec(spawnSync(path.join(ROOT, 'node_modules/.bin/deno'), ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?'}`;
    default:
      return `Node ${process.version}${server === 'node+lite-mode' ? ', children with --lite-mode' : ''}`;
  }
}

interface Row {
  server: Server;
  version: string;
  perThread: number;
  event25: Measured;
  event1: Measured;
  worker25: Measured;
  prefork: Measured;
  bare: BareThreads | null; // the runtime's floor (median of the runs); null for httpd
}

const secs = (m: Measured) => (m.readyMs === null ? `>${READY_WITHIN_MS / 1000} s` : `${(m.readyMs / 1000).toFixed(2)} s`);
/** MB, or KB under one MB (httpd's threads). */
const size = (bytes: number) => (Math.abs(bytes) < 1048576 ? `${Math.round(bytes / 1024)} KB` : mb(bytes));
const pad = (text: string, n: number) => text.padEnd(n);

function table(rows: Row[]): string {
  const head = ['', 'per worker thread', 'a bare thread (no lab code)', 'event child, 25 threads', 'event child, 1 thread', 'prefork child', 'whole event server', 'start-up: event, worker, prefork', 'CPU to start event'];
  const lines = rows.map((r) => [
    r.version,
    size(r.perThread),
    r.bare ? `${mb(r.bare.rssPerThread)}, ${Math.round(r.bare.startCpuMs / r.bare.threads)} ms CPU to start` : '',
    `${mb(r.event25.childRss)} (${r.event25.childThreads} OS threads)`,
    mb(r.event1.childRss),
    mb(r.prefork.childRss),
    `${mb(r.event25.wholeRss)} (${r.event25.processes} processes)`,
    `${secs(r.event25)}, ${secs(r.worker25)}, ${secs(r.prefork)}${r.event25.listeningMs !== null ? ` (listening: ${(r.event25.listeningMs / 1000).toFixed(2)} s)` : ''}`,
    `${r.event25.startCpuSeconds.toFixed(2)} s`,
  ]);
  const goal = ['goal', `<= ${mb(GOAL_PER_THREAD, 0)} (Node)`, '', '', '', '', '', `<= ${GOAL_START_MS / 1000} s each`, ''];
  const all = [head, ...lines, goal];
  const widths = head.map((_, i) => Math.max(...all.map((l) => l[i]!.length)));
  return all.map((l) => l.map((c, i) => pad(c, widths[i]!)).join('  ').trimEnd()).join('\n');
}

function verdicts(rows: Row[]): string[] {
  const httpd = rows.find((r) => r.server === 'httpd');
  return rows
    .filter((r) => r.server !== 'httpd')
    .map((r) => {
      const started = [r.event25, r.worker25, r.prefork].every((m) => m.readyMs !== null && m.readyMs <= GOAL_START_MS);
      const ratio = httpd && httpd.perThread > 0 ? `, ${(r.perThread / httpd.perThread).toFixed(0)}x httpd's ${size(httpd.perThread)}` : '';
      const child = httpd ? `; an idle event child is ${(r.event25.childRss / httpd.event25.childRss).toFixed(0)}x httpd's, a prefork child ${(r.prefork.childRss / httpd.prefork.childRss).toFixed(0)}x` : '';
      const floor = r.bare ? ` (a bare thread of this runtime, no lab code: ${mb(r.bare.rssPerThread)})` : '';
      // The CPU time 75 bare threads need, and that spread over every core: no lab could start sooner.
      const cores = os.cpus().length;
      const floorCpuSeconds = r.bare ? ((r.bare.startCpuMs / r.bare.threads) * STARTED_THREADS) / 1000 : null;
      const startFloor = floorCpuSeconds === null ? '' : ` (${STARTED_THREADS} bare threads alone: ${floorCpuSeconds.toFixed(1)} s of CPU, at least ${(floorCpuSeconds / cores).toFixed(1)} s on ${cores} cores)`;
      return `${r.version}: ${mb(r.perThread)} a thread${ratio}: goal <= ${mb(GOAL_PER_THREAD, 0)}: ${r.perThread <= GOAL_PER_THREAD ? 'met' : 'NOT MET'}${floor}${child}; start-up within ${GOAL_START_MS / 1000} s: ${started ? 'met' : 'NOT MET'}${startFloor}`;
    });
}

function usage(message: string): never {
  console.error(`footprint: ${message}\n  Usage: footprint [--servers ${SERVERS.join(',')}] [--runs N]`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({ options: { servers: { type: 'string', default: DEFAULT_SERVERS.join(',') }, runs: { type: 'string', default: '1' } } }));
  } catch (error) {
    usage((error as Error).message);
  }
  const servers = values.servers!.split(',').map((s) => s.trim()) as Server[];
  for (const s of servers) if (!SERVERS.includes(s)) usage(`--servers takes a list of ${SERVERS.join(', ')}; got "${s}".`);
  const runs = /^\d+$/.test(values.runs ?? '') ? Number(values.runs) : NaN;
  if (!(runs >= 1 && runs <= 9)) usage(`--runs takes a whole number from 1 to 9 (each run starts every configuration again; the medians are printed); got "${values.runs}".`);
  const missing = servers.includes('httpd') ? httpdMissing() : null;
  if (missing) console.log(`note: ${missing}`);

  console.log(`footprint and start-up, idle, ${os.cpus().length} cores, ${runs} run(s), medians; event and worker: StartServers 3 x ThreadsPerChild 25 (the defaults), prefork: StartServers 5 (the default)`);
  const rows: Row[] = [];
  for (const server of servers) {
    if (server === 'httpd' && missing) continue;
    const per: Record<string, Measured[]> = {};
    const bares: BareThreads[] = [];
    for (let i = 0; i < runs; i++) {
      for (const c of CONFIGS) (per[c.name] ??= []).push(await measure(server, c));
      const bare = bareThreads(server);
      if (bare) bares.push(bare);
    }
    const pick = (c: Config): Measured => {
      const m = per[c.name]!;
      const ready = m.map((x) => x.readyMs);
      return {
        readyMs: ready.includes(null) ? null : median(ready as number[]),
        startCpuSeconds: median(m.map((x) => x.startCpuSeconds)),
        childRss: median(m.map((x) => x.childRss)),
        childThreads: median(m.map((x) => x.childThreads)),
        wholeRss: median(m.map((x) => x.wholeRss)),
        processes: median(m.map((x) => x.processes)),
        listeningMs: m[0]!.listeningMs === null ? null : median(m.map((x) => x.listeningMs!)),
      };
    };
    const event25 = pick(EVENT_25);
    const event1 = pick(EVENT_1);
    const bare = bares.length ? { threads: BARE_THREADS, startCpuMs: median(bares.map((b) => b.startCpuMs)), startWallMs: median(bares.map((b) => b.startWallMs)), rssPerThread: median(bares.map((b) => b.rssPerThread)) } : null;
    rows.push({ server, version: version(server), perThread: (event25.childRss - event1.childRss) / 24, event25, event1, worker25: pick(WORKER_25), prefork: pick(PREFORK_5), bare });
  }
  console.log(`\n${table(rows)}\n`);
  for (const line of verdicts(rows)) console.log(line);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main().catch((error: Error) => {
    console.error(`footprint: ${error.message}`); // a server that did not start or answer: said once, no stack
    process.exit(1);
  });
}
