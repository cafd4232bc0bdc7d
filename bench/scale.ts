// Scale: the lab's event holding many idle keep-alive connections still answers a fresh
// request at once; worker, whose threads each hold one connection, makes it wait; Debian's
// httpd event with the same settings, side by side. Prints p50/p99 of the fresh requests
// while the connections are held, and the memory of the whole server at that moment.
//
//   npm run bench:scale -- --connections 10000 [--fresh 200] [--servers event,worker,httpd-event]
//
// Both servers run StartServers 3, ServerLimit 3, ThreadsPerChild 25 (75 workers),
// KeepAliveTimeout 600 (the bench closes the connections itself) and AsyncRequestWorkerFactor
// raised so that event's limit per process (ThreadsPerChild + factor x idle workers) takes
// its share of the connections. The open-file limit is raised for this command (it restarts
// itself under prlimit) and the servers inherit it. Bounded: the connections are opened
// within --open-seconds, the fresh requests stop after 3 time-outs; everything closes at the end.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summarizeLatency } from '../labs/client/percentiles.ts';
import { runLoad } from '../labs/client/run-load.ts';
import { httpdMissing, httpdVersion, startHttpd } from './httpd-process.ts';
import { RUNTIMES, startLabProcess } from './lab-process.ts';
import type { Runtime } from './lab-process.ts';
import { childrenOf, mb, treeRss } from './proc-figures.ts';
import { readStatus, waitForReadySlots } from './server-status.ts';

type Server = 'event' | 'worker' | 'httpd-event';
const SERVERS: readonly Server[] = ['event', 'worker', 'httpd-event'];

const PROCESSES = 3;
const THREADS = 25;
const GOAL_P99_MS = 50;
const FRESH_TIMEOUT_MS = 5000;
/**
 * Connections being opened (their first request in flight) at the same time: fewer than one
 * process's threads, so that event never finds all the workers of a process busy, which
 * would make it close its idle keep-alive connections ("kill'em all", as httpd does).
 */
const OPEN_AT_ONCE = 20;
const ANSWER_WAIT_MS = 1000; // for the first answer on a new connection before the next one opens
const RESPONSE_WAIT_MS = 5000; // after the last connect, for the answers still missing
const CONNECT_WAIT_MS = 5000;

/**
 * A whole factor with which each process could take half as many again as its share of the
 * connections: httpd's processes accept in competition, not in turn, and with a factor just
 * above the even share (136 for 10,000), in one of two runs httpd stopped accepting before the
 * last connections and answered no fresh request.
 */
export function factorFor(connections: number): number {
  return Math.ceil((1.5 * connections) / PROCESSES / THREADS) + 1;
}

function settings(connections: number, model: 'event' | 'worker'): Record<string, string | number> {
  return {
    StartServers: PROCESSES,
    ServerLimit: PROCESSES,
    ThreadsPerChild: THREADS,
    MaxRequestWorkers: PROCESSES * THREADS,
    MinSpareThreads: THREADS,
    MaxSpareThreads: PROCESSES * THREADS, // every thread idle must not stop a child
    KeepAliveTimeout: 600,
    MaxKeepAliveRequests: 0,
    ...(model === 'event' ? { AsyncRequestWorkerFactor: factorFor(connections) } : {}),
  };
}

interface Held {
  opened: number; // connected
  answered: number; // their first request answered
  statuses: Record<string, number>; // of those answers
  closedByServer: number;
  failedToOpen: number;
  close(): void;
}

/**
 * Opens `n` connections, OPEN_AT_ONCE at a time, sends one keep-alive GET / on each and waits
 * for its answer up to ANSWER_WAIT_MS. When many answers do not come (worker: every thread
 * holds an idle connection), it stops waiting and only opens the rest.
 */
async function holdConnections(port: number, n: number, openWithinMs: number): Promise<Held> {
  const sockets: net.Socket[] = [];
  let closing = false;
  let patient = true;
  let unanswered = 0;
  const held: Held = {
    opened: 0,
    answered: 0,
    statuses: {},
    closedByServer: 0,
    failedToOpen: 0,
    close() {
      closing = true;
      for (const s of sockets) s.destroy();
    },
  };
  const request = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: mpm-lab-scale\r\n\r\n`;
  const openOne = () =>
    new Promise<void>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      let connected = false;
      let answered = false;
      // A connect the server's backlog leaves unanswered (its SYN dropped) must not hold a lane.
      let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(resolve, CONNECT_WAIT_MS);
      s.once('connect', () => {
        clearTimeout(timer);
        connected = true;
        held.opened++;
        s.write(request);
        if (!patient) return resolve();
        timer = setTimeout(() => {
          if (++unanswered >= 2 * OPEN_AT_ONCE) patient = false;
          resolve();
        }, ANSWER_WAIT_MS);
      });
      // The answer's first bytes are enough: the connection then sits idle in keep-alive.
      s.on('data', (chunk: Buffer) => {
        if (answered) return;
        answered = true;
        held.answered++;
        const status = /^HTTP\/1\.\d (\d{3})/.exec(chunk.toString('latin1', 0, 16))?.[1] ?? '?';
        held.statuses[status] = (held.statuses[status] ?? 0) + 1;
        clearTimeout(timer);
        resolve();
      });
      s.on('error', () => {}); // counted on close
      s.on('close', () => {
        if (!connected) held.failedToOpen++;
        else if (!closing) held.closedByServer++;
        clearTimeout(timer);
        resolve();
      });
      sockets.push(s);
    });
  const until = performance.now() + openWithinMs;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(OPEN_AT_ONCE, n) }, async () => {
      while (next < n && performance.now() < until) {
        next++;
        await openOne();
      }
    }),
  );
  const answeredBy = performance.now() + RESPONSE_WAIT_MS;
  while (held.answered < held.opened && performance.now() < answeredBy) await new Promise((r) => setTimeout(r, 100));
  return held;
}

interface FreshResult {
  sent: number;
  answered: number;
  timedOut: number;
  p50: number;
  p99: number;
  max: number;
}

/** One new connection at a time, one request each; stops after 3 time-outs. */
async function freshRequests(url: string, count: number): Promise<FreshResult> {
  const latencies: number[] = [];
  let sent = 0;
  let timedOut = 0;
  while (sent < count && timedOut < 3) {
    sent++;
    const r = await runLoad({ url, concurrency: 1, requests: 1, keepAlive: false, timeoutMs: FRESH_TIMEOUT_MS, maxDurationMs: FRESH_TIMEOUT_MS + 5000 });
    const o = r.requests[0];
    if (o?.ok) latencies.push(o.latencyMs);
    else timedOut++;
  }
  const s = summarizeLatency(latencies);
  return { sent, answered: latencies.length, timedOut, p50: s.p50, p99: s.p99, max: s.max };
}

interface ScaleRow {
  server: Server;
  held: Omit<Held, 'close'>;
  fresh: FreshResult;
  idleRssBytes: number; // the server's whole process tree, ready, before the connections
  rssBytes: number; // the same while the connections are held
  processes: number;
  scoreboard: string; // a summary of the states, while held
  errorLog: string[]; // httpd's last warnings, if any
}

function scoreboardSummary(board: string): string {
  const counts: Record<string, number> = {};
  for (const c of board) if (c !== '.') counts[c] = (counts[c] ?? 0) + 1;
  return Object.entries(counts).map(([c, n]) => `${n} ${c}`).join(', ');
}

async function measure(server: Server, connections: number, fresh: number, openWithinMs: number, runtime: Runtime): Promise<ScaleRow> {
  const model = server === 'worker' ? 'worker' : 'event';
  const set = settings(connections, model);
  const target =
    server === 'httpd-event'
      ? await startHttpd('event', Object.entries(set).map(([k, v]) => `${k} ${v}`))
      : await startLabProcess(model, Object.entries(set).map(([k, v]) => `${k}=${v}`), { runtime });
  try {
    if ((await waitForReadySlots(target.url, PROCESSES * THREADS, 60_000)) === null) {
      throw new Error(`${server} did not have its ${PROCESSES * THREADS} threads ready within 60 s`);
    }
    const idleRss = treeRss(target.pid);
    const held = await holdConnections(Number(new URL(target.url).port), connections, openWithinMs);
    try {
      // With the connections held: the fresh requests, then the memory and the scoreboard.
      const result = await freshRequests(target.url, fresh);
      const status = result.timedOut ? null : await readStatus(target.url, FRESH_TIMEOUT_MS);
      const errorLog = 'errorLog' in target ? target.errorLog().split('\n').filter((l) => /:(warn|error|crit|alert|emerg)\]/.test(l)).slice(-3) : [];
      return {
        server,
        held: { opened: held.opened, answered: held.answered, statuses: held.statuses, closedByServer: held.closedByServer, failedToOpen: held.failedToOpen },
        fresh: result,
        idleRssBytes: idleRss,
        rssBytes: treeRss(target.pid),
        processes: 1 + childrenOf(target.pid).length,
        scoreboard: status ? scoreboardSummary(status.scoreboard) : 'not read: the server does not answer',
        errorLog,
      };
    } finally {
      held.close();
    }
  } finally {
    await target.stop();
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

function report(row: ScaleRow, connections: number): string {
  const f = row.fresh;
  const fresh = f.answered
    ? `fresh requests: ${f.answered} of ${f.sent} answered, p50 ${ms(f.p50)}, p99 ${ms(f.p99)}, max ${ms(f.max)}${f.timedOut ? `, ${f.timedOut} got no answer within ${FRESH_TIMEOUT_MS / 1000} s` : ''}`
    : `fresh requests: none of ${f.sent} answered within ${FRESH_TIMEOUT_MS / 1000} s each`;
  const goal =
    row.server === 'worker'
      ? 'expected: the wait (each thread holds one idle connection until KeepAliveTimeout)'
      : `goal: p99 < ${GOAL_P99_MS} ms: ${f.answered === f.sent && f.p99 < GOAL_P99_MS ? 'met' : 'NOT MET'}`;
  return [
    `${row.server}: ${row.held.opened} of ${connections} connections opened, ${row.held.answered} answered their first request (${Object.entries(row.held.statuses).map(([k, v]) => `${v} HTTP ${k}`).join(', ') || 'none'}), ${row.held.closedByServer} closed by the server${row.held.failedToOpen ? `, ${row.held.failedToOpen} failed to connect` : ''}`,
    `  ${fresh}   ${goal}`,
    `  memory of the whole server (${row.processes} processes): ${mb(row.rssBytes)} with the connections held, ${mb(row.idleRssBytes)} before; scoreboard while held: ${row.scoreboard}`,
    ...row.errorLog.map((l) => `  error_log: ${l}`),
  ].join('\n');
}

function openFileLimit(): number {
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
  return !m || m[1] === 'unlimited' ? Infinity : Number(m[1]);
}

function usage(message: string): never {
  console.error(`scale: ${message}\n  Usage: scale [--connections N] [--fresh N] [--servers event,worker,httpd-event] [--open-seconds S] [--runtime node|bun|deno]`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        connections: { type: 'string', default: '10000' },
        fresh: { type: 'string', default: '200' },
        servers: { type: 'string', default: SERVERS.join(',') },
        'open-seconds': { type: 'string', default: '120' },
        runtime: { type: 'string', default: 'node' },
      },
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  const whole = (name: string, min: number, max: number) => {
    const n = /^\d+$/.test(values[name] ?? '') ? Number(values[name]) : NaN;
    if (!(n >= min && n <= max)) usage(`--${name} takes a whole number from ${min} to ${max}; got "${values[name]}".`);
    return n;
  };
  const connections = whole('connections', 1, 20000);
  const fresh = whole('fresh', 1, 10000);
  const openSeconds = whole('open-seconds', 1, 600);
  const runtime = values.runtime as Runtime;
  if (!RUNTIMES.includes(runtime)) usage(`--runtime takes node, bun or deno; got "${values.runtime}".`);
  const servers = values.servers!.split(',').map((s) => s.trim());
  for (const s of servers) if (!SERVERS.includes(s as Server)) usage(`--servers takes a list of ${SERVERS.join(', ')}; got "${s}".`);

  // Every held connection is an fd here and in the server: raise the limit, or restart under prlimit.
  const need = connections + 2048;
  if (openFileLimit() < need) {
    if (process.env.MPM_LAB_SCALE_RAISED) usage(`the open-file limit is ${openFileLimit()}, and ${need} are needed for --connections ${connections}; lower --connections or raise the hard limit (ulimit -Hn).`);
    const r = spawnSync('prlimit', [`--nofile=${need}:${need}`, '--', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, MPM_LAB_SCALE_RAISED: '1' },
    });
    if (r.error) usage(`could not raise the open-file limit with prlimit (${r.error.message}); run it under \`bash -c 'ulimit -n ${need}; exec ...'\`.`);
    process.exit(r.status ?? 1);
  }

  const missing = servers.includes('httpd-event') ? httpdMissing() : null;
  if (missing) console.log(`note: ${missing}`);
  console.log(
    `scale: ${connections} idle keep-alive connections held, then ${fresh} fresh requests (one new connection each, one at a time); ${os.cpus().length} cores, ` +
      `${runtime === 'node' ? `Node ${process.version}` : runtime}, httpd ${missing ? '-' : httpdVersion()}, open-file limit ${openFileLimit()}`,
  );
  console.log(`settings: ${Object.entries(settings(connections, 'event')).map(([k, v]) => `${k} ${v}`).join(', ')} (worker: the same without the factor)\n`);
  for (const server of servers as Server[]) {
    if (server === 'httpd-event' && missing) continue;
    console.log(report(await measure(server, connections, fresh, openSeconds * 1000, runtime), connections));
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main().catch((error: Error) => {
    console.error(`scale: ${error.message}`); // a server that did not start or answer: said once, no stack
    process.exit(1);
  });
}
