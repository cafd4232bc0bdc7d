// Runs `mpm-lab lesson ...` and friends as a learner (or CI) would, with a private
// XDG_STATE_HOME so that progress never touches the real one.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, labCommand } from './lab-process.ts';
import type { Runtime } from './lab-process.ts';

export function tempStateHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-state-'));
}

export interface CliRun {
  child: ChildProcess;
  output(): string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

const started = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of started) c.kill('SIGKILL');
});

export function startCli(args: string[], options: { stateHome: string; runtime?: Runtime; timeoutMs?: number }): CliRun {
  const [cmd, ...pre] = labCommand(options.runtime);
  const child = spawn(cmd!, [...pre, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'], // no terminal: the lesson runs unattended
    env: { ...process.env, XDG_STATE_HOME: options.stateHome },
  });
  started.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      started.delete(child);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, output: () => stdout + stderr, done };
}

export function runLessonCli(args: string[], options: { stateHome: string; runtime?: Runtime; timeoutMs?: number }) {
  return startCli(args, options).done;
}

/** Ports in LISTEN state on 127.0.0.1 (from /proc/net/tcp, as `ss -ltn` reads them). */
export function listeningPorts(): Set<number> {
  const ports = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 3 && f[3] === '0A') ports.add(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}
