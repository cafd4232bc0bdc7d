// Another user of the same machine, for the security tests: commands run as `nobody`
// through setpriv (the tests run as root), and a /proc poller running as that user.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lab-process.ts';

export const NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--'];

/** True when this test process may switch to nobody (it runs as root, as CI does). */
export function canBecomeNobody(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0 && spawnSync('setpriv', ['--version']).status === 0;
}

/** True when nobody can read this checkout (to run the lab as nobody); else says why once. */
export function nobodyCanRunLab(): boolean {
  if (!canBecomeNobody()) return false;
  const ok = asNobody(['test', '-r', path.join(ROOT, 'bin/mpm-lab.js')]).status === 0;
  if (!ok) process.stderr.write(`mpm-lab tests: nobody cannot read ${ROOT}, so the tests that run the lab as nobody are skipped\n`);
  return ok;
}

/** Runs a command as nobody; its exit status and output. */
export function asNobody(command: string[], env: NodeJS.ProcessEnv = { PATH: process.env.PATH }): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(NOBODY[0]!, [...NOBODY.slice(1), ...command], { env, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh folder that nobody owns and can use as HOME and XDG_RUNTIME_DIR (0700, as a real one). */
export function nobodyHome(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-nobody-'));
  fs.chownSync(dir, 65534, 65534);
  fs.chmodSync(dir, 0o700);
  return dir;
}

export interface PollerReport {
  uid: number;
  loops: number;
  processes: Record<string, { ppid: number; cmdlines: string[]; environ: string }>;
}

/**
 * Starts test/support/proc-poller.mjs as nobody (from a copy nobody can read, wherever the
 * checkout is); `stop()` ends it and returns what it saw.
 */
export async function startPoller(): Promise<{ stop(): Promise<PollerReport> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-poller-'));
  fs.chmodSync(dir, 0o755);
  const script = path.join(dir, 'proc-poller.mjs');
  fs.copyFileSync(path.join(ROOT, 'test/support/proc-poller.mjs'), script);
  fs.chmodSync(script, 0o644);
  const child = spawn(NOBODY[0]!, [...NOBODY.slice(1), process.execPath, script], {
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the /proc poller did not start within 10 s'));
    }, 10_000);
    const check = () => (out.startsWith('polling\n') ? (clearTimeout(timer), resolve()) : setTimeout(check, 10));
    check();
  });
  return {
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
      return JSON.parse(out.slice('polling\n'.length)) as PollerReport;
    },
  };
}
