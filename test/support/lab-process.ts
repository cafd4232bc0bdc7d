// Starts the real lab (`mpm-lab run ...`) as a separate process for integration tests, on a
// free port, and stops it, however the test ends. MPM_LAB_RUNTIME=bun|deno runs the sources
// under that runtime instead of the compiled JavaScript under Node.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { ROOT, labCommand as commandFor } from '../../bench/lab-process.ts';
import type { Runtime } from '../../bench/lab-process.ts';

export { ROOT };
export type { Runtime };

/** How to run the lab's CLI: under Node (dist/), or MPM_LAB_RUNTIME's Bun or Deno (the sources). */
export function labCommand(runtime: Runtime = (process.env.MPM_LAB_RUNTIME as Runtime) || 'node'): string[] {
  return commandFor(runtime);
}

export interface RunningLab {
  process: ChildProcess;
  pid: number;
  url: string;
  port: number;
  token: string;
  log: string[]; // stderr lines (the parent's error_log)
  stdout: string[];
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});

/** Runs the mpm-lab CLI to completion (for commands that end: config, ps, status, ctl...). */
export function runCli(
  args: string[],
  options: { timeoutMs?: number; runtime?: Runtime; env?: NodeJS.ProcessEnv; wrap?: string[]; command?: string[]; cwd?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [cmd, ...pre] = [...(options.wrap ?? []), ...(options.command ?? labCommand(options.runtime))];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, [...pre, ...args], { cwd: options.cwd ?? ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mpm-lab ${args.join(' ')} took longer than ${options.timeoutMs ?? 30000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 30000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * `env`: the lab's environment (default: the test's); e.g. another XDG_RUNTIME_DIR.
 * `command` and `cwd`: start another copy of the lab (an installed package) instead of this checkout's.
 */
export async function startLab(
  model: string | null, // null: none on the command line (the --config file's LoadModule chooses)
  args: string[] = [],
  options: { runtime?: Runtime; env?: NodeJS.ProcessEnv; command?: string[]; cwd?: string } = {},
): Promise<RunningLab> {
  const [cmd, ...pre] = options.command ?? labCommand(options.runtime);
  const child = spawn(cmd!, [...pre, 'run', ...(model === null ? [] : [model]), '--port', '0', '--headless', ...args], {
    cwd: options.cwd ?? ROOT,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const log: string[] = [];
  const stdout: string[] = [];
  const waiters: { pattern: RegExp; resolve: (l: string) => void }[] = [];
  const lineReader = (into: string[]) => {
    let buf = '';
    return (data: Buffer) => {
      buf += data.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        into.push(line);
        for (const w of [...waiters]) {
          if (w.pattern.test(line)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(line);
          }
        }
      }
    };
  };
  child.stderr!.on('data', lineReader(log));
  child.stdout!.on('data', lineReader(stdout));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );

  const waitFor = (pattern: RegExp, timeoutMs = 20_000): Promise<string> => {
    const seen = [...stdout, ...log].find((l) => pattern.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms.\nstdout:\n${stdout.join('\n')}\nstderr:\n${log.join('\n')}`)),
        timeoutMs,
      );
      waiters.push({ pattern, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the lab exited before printing ${pattern}.\nstdout:\n${stdout.join('\n')}\nstderr:\n${log.join('\n')}`));
      });
    });
  };

  const urlLine = await waitFor(/lab on http:\/\//);
  const url = /(http:\/\/\S+\/)/.exec(urlLine)![1]!;
  const tokenLine = await waitFor(/fault token: /);
  const token = /fault token: (\w+)/.exec(tokenLine)![1]!;
  return {
    process: child,
    pid: child.pid!,
    url,
    port: Number(new URL(url).port),
    token,
    log,
    stdout,
    waitForLog: (pattern, timeoutMs) => waitFor(pattern, timeoutMs),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
