// Soak: tens of thousands of mixed requests (fast, slow, keep-alive) on each model with no
// fault injected. Every request must be answered, the open fds of the parent and of the
// children must come back to what they were before the load, no child may be replaced, and
// on a long run the resident memory of the last minute must be that of the first minute.
//
//   npm run bench:soak -- --model all --requests 30000 --seconds 180 [--runtime node|bun|deno]
//
// The lab runs as a process of its own (`mpm-lab run MODEL --headless`), so that its fds and
// memory are not mixed with the load client's. The requests are spread over --seconds (a
// soak is about time, not speed); everything is bounded in count and time and stops by itself.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runLoad } from '../labs/client/run-load.ts';
import type { RequestOutcome } from '../labs/client/types.ts';
import { compareSettings } from '../labs/compare/settings.ts';
import { RUNTIMES, startLabProcess } from './lab-process.ts';
import type { Runtime } from './lab-process.ts';
import { childrenOf, fdCount, mb, rssBytes } from './proc-figures.ts';
import { waitForReadySlots } from './server-status.ts';

export type SoakModel = 'prefork' | 'worker' | 'event';

export interface SoakOptions {
  model: SoakModel;
  runtime?: Runtime; // default node
  requests: number; // in all, over the whole run
  seconds: number; // spread the requests over at least this long; 0: as fast as they go
  maxRequestWorkers?: number; // sizes the three models as `mpm-lab compare` does; default 16
  sampleMs?: number; // default 1000
  signal?: AbortSignal;
}

/** The lab's processes as the kernel sees them at one moment. */
export interface LabSample {
  atMs: number; // since the load started
  parentFds: number;
  parentRss: number; // bytes
  childPids: number[];
  childFds: number; // all children together
  childRss: number; // bytes, all children together
}

export interface SoakResult {
  model: SoakModel;
  runtime: Runtime;
  planned: number;
  sent: number;
  ok: number; // answered 2xx/3xx
  unanswered: Record<string, number>; // by the client's reason and the lane it ran in
  otherStatus: Record<string, number>; // answered with another status
  mix: { fast: number; slow: number; keepAlive: number; keepAliveReused: number; retried: number };
  durationMs: number;
  before: LabSample; // idle, after the warm-up round
  after: LabSample; // idle again, after the load (once the fds came back, or after SETTLE_WITHIN_MS)
  during: LabSample[]; // every sampleMs while the load ran
  rss: { firstWindow: { parent: number; children: number }; lastWindow: { parent: number; children: number }; windowMs: number } | null;
  replacedChildren: number; // children of `before` gone by `after`
  errorLogLines: string[]; // the parent's error_log lines at level error or worse
  checks: { answered: boolean; parentFds: boolean; childFds: boolean; sameChildren: boolean; rss: boolean | null };
}

const ROUND = 500; // requests per round: the three kinds run side by side all through the run
const WARM_UP_REQUESTS = 200; // a first round before `before` is read: lazily opened fds opened
/**
 * A run long enough to be judged on memory first warms up for this long, unpaced: each of the
 * runtime's isolates (a worker thread each) grows its heaps and compiles its code the first few
 * thousand requests it serves. Measured on event (4 x 4 threads), Node 20: the children's RSS
 * climbs 394 -> 466 MB in the first 25 s of an unpaced run and then stays within a GC's swing;
 * paced at 170 requests a second the same climb took 20 minutes, which the first-minute /
 * last-minute comparison read as growth.
 */
const WARM_UP_MS = 30_000;
/**
 * Idle before vs idle after, each process group: exact. A Node, Bun or Deno process opens no
 * fd of its own accord once it has served a first round (measured: equal on every run of the
 * three models); a leak of one fd per connection shows as hundreds.
 */
export const FD_SLACK = 0;
const SETTLE_WITHIN_MS = 10_000; // closing what the client closed takes milliseconds; a leak never settles
const RSS_WINDOW_MS = 60_000; // the first minute after the warm-up against the last minute
/** Memory moves with each garbage collection: the medians of the two minutes, within this. */
export const RSS_SLACK = { ratio: 0.1, bytes: 8 * 1048576 };
const READY_WITHIN_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function sampleLab(parentPid: number, t0: number): LabSample {
  const childPids = childrenOf(parentPid);
  let childFds = 0;
  let childRss = 0;
  for (const pid of childPids) {
    childFds += fdCount(pid) ?? 0;
    childRss += rssBytes(pid) ?? 0;
  }
  return { atMs: Math.round(performance.now() - t0), parentFds: fdCount(parentPid) ?? 0, parentRss: rssBytes(parentPid) ?? 0, childPids, childFds, childRss };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
}

/** Lanes (connections at once) of each kind: 5/8 of the workers, so none is ever short of one. */
function lanes(maxRequestWorkers: number) {
  return { fast: Math.max(1, Math.floor(maxRequestWorkers / 4)), slow: Math.max(1, Math.floor(maxRequestWorkers / 4)), keepAlive: Math.max(1, Math.floor(maxRequestWorkers / 8)) };
}

/** Memory is judged on runs of 2.5 windows or more, paced over --seconds. */
function judgesMemory(seconds: number): boolean {
  return seconds * 1000 >= 2.5 * RSS_WINDOW_MS;
}

export async function soak(options: SoakOptions): Promise<SoakResult> {
  const runtime = options.runtime ?? 'node';
  const sampleMs = options.sampleMs ?? 1000;
  const settings = compareSettings(options.maxRequestWorkers ? [`MaxRequestWorkers=${options.maxRequestWorkers}`] : []);
  const lab = await startLabProcess(options.model, settings.sets[options.model], { runtime });
  try {
    // Every slot (prefork: process; worker, event: thread) of every StartServers child ready.
    if ((await waitForReadySlots(lab.url, settings.maxRequestWorkers, READY_WITHIN_MS)) === null) {
      throw new Error(`the ${options.model} lab did not have its ${settings.maxRequestWorkers} workers ready within ${READY_WITHIN_MS / 1000} s; the machine may be busy, run it again`);
    }
    const lane = lanes(settings.maxRequestWorkers);
    const home = new URL('/', lab.url).href;
    const slowUrl = new URL('/sleep?ms=50', lab.url).href;
    const capMs = (options.seconds > 0 ? options.seconds * 1.5 + 30 : 60) * 1000; // the load's hard stop
    const round = async (n: number, untilMs: number) => {
      const slow = Math.round(n / 10);
      const keepAlive = Math.round(n / 10);
      const fast = n - slow - keepAlive; // exactly n in all
      // Each round may run past the cap by one request timeout: rounds end by themselves.
      const common = { timeoutMs: 10_000, maxDurationMs: Math.max(1000, untilMs - performance.now()) + 20_000, ...(options.signal ? { signal: options.signal } : {}) };
      const [f, s, k] = await Promise.all([
        fast > 0 ? runLoad({ url: home, concurrency: lane.fast, requests: fast, keepAlive: false, ...common }) : null,
        slow > 0 ? runLoad({ url: slowUrl, concurrency: lane.slow, requests: slow, keepAlive: false, ...common }) : null,
        keepAlive > 0 ? runLoad({ url: home, concurrency: lane.keepAlive, requests: keepAlive, keepAlive: true, ...common }) : null,
      ]);
      // A kept-alive connection the lab closed as the request crossed it (event does so when
      // the process has no idle worker, as httpd's "kill'em all"): sent again once on a new
      // connection, as HTTP clients do for an idempotent request (RFC 9112 9.3.1).
      const keepAliveDone = k?.requests ?? [];
      for (const [i, o] of keepAliveDone.entries()) {
        if (o.ok || !o.reused || !o.closedBeforeResponse) continue;
        const again = await runLoad({ url: home, concurrency: 1, requests: 1, keepAlive: false, timeoutMs: 10_000, maxDurationMs: 20_000 });
        keepAliveDone[i] = { ...again.requests[0]!, index: o.index, retried: true } as RequestOutcome & { retried: true };
      }
      return { fast: f?.requests ?? [], slow: s?.requests ?? [], keepAlive: keepAliveDone };
    };

    await round(WARM_UP_REQUESTS, performance.now() + 30_000);
    if (judgesMemory(options.seconds)) {
      const until = performance.now() + WARM_UP_MS;
      while (performance.now() < until && !options.signal?.aborted) await round(ROUND, until);
    }
    const settle = async (base: LabSample | null, t0: number): Promise<LabSample> => {
      const until = performance.now() + (base ? SETTLE_WITHIN_MS : 1000);
      let s = sampleLab(lab.pid, t0);
      while (performance.now() < until) {
        await sleep(200);
        const next = sampleLab(lab.pid, t0);
        // Settled: two reads alike, and (after the load) no more than before.
        const same = next.parentFds === s.parentFds && next.childFds === s.childFds;
        s = next;
        if (same && (!base || (s.parentFds <= base.parentFds + FD_SLACK && s.childFds <= base.childFds + FD_SLACK))) break;
      }
      return s;
    };
    const before = await settle(null, performance.now());

    const outcomes = { fast: [] as RequestOutcome[], slow: [] as RequestOutcome[], keepAlive: [] as RequestOutcome[] };
    const during: LabSample[] = [];
    const t0 = performance.now();
    const timer = setInterval(() => during.push(sampleLab(lab.pid, t0)), sampleMs);
    let sent = 0;
    try {
      while (sent < options.requests && !options.signal?.aborted && performance.now() - t0 < capMs) {
        const r = await round(Math.min(ROUND, options.requests - sent), t0 + capMs);
        outcomes.fast.push(...r.fast);
        outcomes.slow.push(...r.slow);
        outcomes.keepAlive.push(...r.keepAlive);
        sent += r.fast.length + r.slow.length + r.keepAlive.length;
        // Paced: no faster than `requests` over `seconds`.
        const due = t0 + (sent / options.requests) * options.seconds * 1000;
        while (performance.now() < Math.min(due, t0 + capMs) && !options.signal?.aborted) await sleep(Math.min(250, due - performance.now()));
      }
    } finally {
      clearInterval(timer);
    }
    const durationMs = performance.now() - t0;
    const after = await settle(before, t0);

    const unanswered: Record<string, number> = {};
    const otherStatus: Record<string, number> = {};
    let ok = 0;
    for (const [name, list] of Object.entries(outcomes)) {
      for (const o of list) {
        if (o.ok) ok++;
        else if (o.status !== undefined) otherStatus[`HTTP ${o.status} on ${name}`] = (otherStatus[`HTTP ${o.status} on ${name}`] ?? 0) + 1;
        else {
          // A reused keep-alive connection closed before any byte of the answer is told apart.
          const why = `${o.error ?? 'unknown'} on ${name}${o.reused ? (o.closedBeforeResponse ? ' (reused connection closed before the response)' : ' (reused connection)') : ''}`;
          unanswered[why] = (unanswered[why] ?? 0) + 1;
        }
      }
    }
    const total = outcomes.fast.length + outcomes.slow.length + outcomes.keepAlive.length;

    // Memory: the first minute after the warm-up against the last one, each by its median.
    let rss: SoakResult['rss'] = null;
    const windowMs = Math.min(RSS_WINDOW_MS, durationMs / 3);
    if (durationMs >= 2.5 * RSS_WINDOW_MS) {
      const first = during.filter((s) => s.atMs <= windowMs);
      const last = during.filter((s) => s.atMs >= durationMs - windowMs);
      rss = {
        windowMs,
        firstWindow: { parent: median(first.map((s) => s.parentRss)), children: median(first.map((s) => s.childRss)) },
        lastWindow: { parent: median(last.map((s) => s.parentRss)), children: median(last.map((s) => s.childRss)) },
      };
    }
    const within = (a: number, b: number) => b <= a * (1 + RSS_SLACK.ratio) + RSS_SLACK.bytes;
    const gone = before.childPids.filter((pid) => !after.childPids.includes(pid)).length;
    return {
      model: options.model,
      runtime,
      planned: options.requests,
      sent: total,
      ok,
      unanswered,
      otherStatus,
      mix: { fast: outcomes.fast.length, slow: outcomes.slow.length, keepAlive: outcomes.keepAlive.length, keepAliveReused: outcomes.keepAlive.filter((o) => o.reused).length, retried: outcomes.keepAlive.filter((o) => 'retried' in o).length },
      durationMs: Math.round(durationMs),
      before,
      after,
      during,
      rss,
      replacedChildren: gone,
      errorLogLines: lab.log.filter((l) => /:(error|crit|alert|emerg)\]/.test(l)),
      checks: {
        answered: total === options.requests && ok === total,
        parentFds: after.parentFds <= before.parentFds + FD_SLACK,
        childFds: after.childFds <= before.childFds + FD_SLACK,
        sameChildren: gone === 0 && after.childPids.length === before.childPids.length,
        rss: rss ? within(rss.firstWindow.parent, rss.lastWindow.parent) && within(rss.firstWindow.children, rss.lastWindow.children) : null,
      },
    };
  } finally {
    await lab.stop();
  }
}

const verdict = (pass: boolean | null) => (pass === null ? 'not judged: run under 150 s' : pass ? 'met' : 'NOT MET');

/** A few lines per model: each figure with its goal next to it. */
export function soakReport(r: SoakResult): string {
  const reasons = Object.entries({ ...r.unanswered, ...r.otherStatus }).map(([k, v]) => `${v} ${k}`).join(', ');
  const peak = r.during.reduce((m, s) => ({ parentFds: Math.max(m.parentFds, s.parentFds), childFds: Math.max(m.childFds, s.childFds) }), { parentFds: 0, childFds: 0 });
  const firstLoad = r.during[0];
  const lastLoad = r.during.at(-1);
  const lines = [
    `${r.model} (${r.runtime}), ${(r.durationMs / 1000).toFixed(1)} s, ${r.before.childPids.length} children`,
    `  requests: ${r.ok} answered of ${r.sent} sent (${r.planned} planned; ${r.mix.fast} fast, ${r.mix.slow} slow, ${r.mix.keepAlive} keep-alive of which ${r.mix.keepAliveReused} on a reused connection; ${r.mix.retried} sent again after the lab closed their kept-alive connection as they crossed)${reasons ? `; ${reasons}` : ''}   goal: all answered: ${verdict(r.checks.answered)}`,
    `  parent fds: idle ${r.before.parentFds} before, ${r.after.parentFds} after (under load ${firstLoad?.parentFds ?? '-'} first, ${lastLoad?.parentFds ?? '-'} last, ${peak.parentFds} most)   goal: after = before${FD_SLACK ? ` + ${FD_SLACK}` : ''}: ${verdict(r.checks.parentFds)}`,
    `  children's fds: idle ${r.before.childFds} before, ${r.after.childFds} after (under load ${firstLoad?.childFds ?? '-'} first, ${lastLoad?.childFds ?? '-'} last, ${peak.childFds} most)   goal: after = before${FD_SLACK ? ` + ${FD_SLACK}` : ''}: ${verdict(r.checks.childFds)}`,
    `  children replaced: ${r.replacedChildren}   goal: 0: ${verdict(r.checks.sameChildren)}`,
    r.rss
      ? `  RSS, median of the first and of the last ${Math.round(r.rss.windowMs / 1000)} s: parent ${mb(r.rss.firstWindow.parent)} -> ${mb(r.rss.lastWindow.parent)}, children ${mb(r.rss.firstWindow.children)} -> ${mb(r.rss.lastWindow.children)}   goal: flat (+${RSS_SLACK.ratio * 100}% + ${mb(RSS_SLACK.bytes, 0)}): ${verdict(r.checks.rss)}`
      : `  RSS: parent ${mb(r.before.parentRss)} idle before, ${mb(r.after.parentRss)} after; children ${mb(r.before.childRss)} -> ${mb(r.after.childRss)}   goal: flat from the first minute to the last: ${verdict(null)}`,
  ];
  if (r.errorLogLines.length) lines.push(`  error_log: ${r.errorLogLines.length} lines at level error or worse, first: ${r.errorLogLines[0]}`);
  return lines.join('\n');
}

export const soakPassed = (r: SoakResult) => r.checks.answered && r.checks.parentFds && r.checks.childFds && r.checks.sameChildren && r.checks.rss !== false;

function usage(message: string): never {
  console.error(`soak: ${message}\n  Usage: soak [--model prefork|worker|event|all] [--requests N] [--seconds S] [--runtime node|bun|deno] [--json NEW-FILE]`);
  process.exit(2);
}

function wholeOption(name: string, text: string | undefined, min: number, max: number, what: string): number {
  const n = /^\d+$/.test(text ?? '') ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) usage(`--${name} takes ${what}, a whole number from ${min} to ${max}; got "${text}".`);
  return n;
}

async function main(): Promise<void> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: { model: { type: 'string', default: 'all' }, requests: { type: 'string', default: '30000' }, seconds: { type: 'string', default: '180' }, runtime: { type: 'string', default: 'node' }, json: { type: 'string' } },
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  const model = values.model!;
  if (!['prefork', 'worker', 'event', 'all'].includes(model)) usage(`--model takes prefork, worker, event or all; got "${model}".`);
  const runtime = values.runtime as Runtime;
  if (!RUNTIMES.includes(runtime)) usage(`--runtime takes node, bun or deno; got "${values.runtime}".`);
  const requests = wholeOption('requests', values.requests, 1, 1_000_000, 'the requests per model');
  const seconds = wholeOption('seconds', values.seconds, 0, 3600, 'the seconds to spread them over per model (0: as fast as they go)');

  if (values.json && fs.existsSync(values.json)) usage(`--json ${values.json}: the file exists; name a new one (the samples are written there at the end).`);
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  const models: SoakModel[] = model === 'all' ? ['prefork', 'worker', 'event'] : [model as SoakModel];
  console.log(`soak: ${requests} requests per model (80% GET /, 10% /sleep?ms=50, 10% GET / on keep-alive connections), spread over ${seconds} s${judgesMemory(seconds) ? ` after ${WARM_UP_MS / 1000} s of warm-up at full speed` : ''}, no fault injected; ${runtime} ${runtime === 'node' ? process.version : ''}`);
  let passed = true;
  const results: SoakResult[] = [];
  for (const m of models) {
    if (stop.signal.aborted) break;
    const r = await soak({ model: m, runtime, requests, seconds, signal: stop.signal });
    console.log(soakReport(r));
    results.push(r);
    passed &&= soakPassed(r);
  }
  // Every sample, for a closer look at the memory: a new file, readable only by you.
  if (values.json) fs.writeFileSync(values.json, JSON.stringify(results, null, 1), { mode: 0o600, flag: 'wx' });
  process.exitCode = passed ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main().catch((error: Error) => {
    console.error(`soak: ${error.message}`); // a server that did not start or answer: said once, no stack
    process.exit(1);
  });
}
