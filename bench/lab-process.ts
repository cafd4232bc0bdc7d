// Starts the real lab (`mpm-lab run MODEL --headless`) as a process of its own for the
// benches, so that what /proc says of its parent and children is the lab's alone (not the
// load client's), under Node (the compiled dist/), Bun or Deno (the sources), and stops it
// and every child it started. Binds 127.0.0.1 on a free port.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childrenOf, isAlive } from './proc-figures.ts';

/** The checkout: bench/ runs as bench/*.ts (Bun, Deno, vitest) or as dist/bench/*.js (Node). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), import.meta.url.includes('/dist/bench/') ? '../..' : '..');

export type Runtime = 'node' | 'bun' | 'deno';
export const RUNTIMES: readonly Runtime[] = ['node', 'bun', 'deno'];

/** As test/support/lab-process.ts: Bun and Deno run the sources from node_modules/.bin. */
export function labCommand(runtime: Runtime): string[] {
  switch (runtime) {
    case 'bun':
      return [path.join(ROOT, 'node_modules/.bin/bun'), path.join(ROOT, 'cli/main.ts')];
    case 'deno':
      return [path.join(ROOT, 'node_modules/.bin/deno'), 'run', '-A', '--unsafe-proto', path.join(ROOT, 'cli/main.ts')];
    default:
      return [process.execPath, path.join(ROOT, 'bin/mpm-lab.js')];
  }
}

export interface BenchLab {
  pid: number; // the lab's parent
  port: number;
  url: string; // http://127.0.0.1:PORT/
  spawnedAt: number; // performance.now() when the command was started
  listeningAt: number; // performance.now() when it printed its URL
  log: string[]; // stderr lines: the parent's error_log
  /** SIGTERM, then SIGKILL to whatever is left after 15 s, children included. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of live) p.kill('SIGKILL'); // nothing outlives the bench
});

export async function startLabProcess(model: string, sets: readonly string[], options: { runtime?: Runtime; startWithinMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<BenchLab> {
  const [cmd, ...pre] = labCommand(options.runtime ?? 'node');
  const spawnedAt = performance.now();
  const child = spawn(cmd!, [...pre, 'run', model, '--headless', '--port', '0', ...sets.flatMap((s) => ['--set', s])], {
    cwd: ROOT,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (live.delete(child), resolve())));
  const log: string[] = [];
  const out: string[] = [];
  const lines = (into: string[]) => {
    let buf = '';
    return (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop()!;
      into.push(...parts);
    };
  };
  child.stderr!.on('data', lines(log));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${model} lab printed no URL within ${(options.startWithinMs ?? 30_000) / 1000} s:\n${[...out, ...log].join('\n')}`)), options.startWithinMs ?? 30_000);
    const read = lines(out);
    child.stdout!.on('data', (d: Buffer) => {
      read(d);
      const found = out.map((l) => /lab on (http:\/\/\S+\/)/.exec(l)?.[1]).find(Boolean);
      if (found) (clearTimeout(timer), resolve(found));
    });
    void exited.then(() => (clearTimeout(timer), reject(new Error(`the ${model} lab exited before it listened:\n${[...out, ...log].join('\n')}`))));
  });
  const listeningAt = performance.now();
  const pid = child.pid!;
  return {
    pid,
    port: Number(new URL(url).port),
    url,
    spawnedAt,
    listeningAt,
    log,
    async stop() {
      const kids = childrenOf(pid);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      // Children leave when their IPC channel closes; give them a moment, then make sure.
      const until = Date.now() + 5000;
      while (kids.some(isAlive) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      for (const k of kids.filter(isAlive)) process.kill(k, 'SIGKILL');
    },
  };
}
