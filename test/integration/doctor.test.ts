// `mpm-lab doctor` run for real: every field is checked against the machine itself (the
// runtime that runs it, /proc, `command -v`, the folders and a lab started for the test).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../cli/plain/doctor-model.ts';
import { ROOT, runCli, startLab } from '../support/lab-process.ts';
import type { Runtime, RunningLab } from '../support/lab-process.ts';

// The runtime the lab runs on in this run of the tests (CI runs them again with bun and deno).
const RUNTIME: Runtime = (process.env.MPM_LAB_RUNTIME as Runtime) || 'node';

/** The version each runtime's own `--version` prints (Node's with its "v"). */
function versionOf(runtime: Runtime): string {
  if (runtime === 'node') return process.version;
  const printed = execFileSync(path.join(ROOT, 'node_modules/.bin', runtime), ['--version'], { encoding: 'utf8' });
  return runtime === 'deno' ? /^deno (\S+)/.exec(printed)![1]! : printed.trim();
}

/** Where `command -v` finds the program, with the sbin folders on PATH as doctor looks there too. */
function commandV(...names: string[]): string | null {
  const env = { ...process.env, PATH: `${process.env.PATH}:/usr/local/sbin:/usr/sbin:/sbin` };
  for (const name of names) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { env, encoding: 'utf8' });
    if (found.status === 0) return found.stdout.trim();
  }
  return null;
}

describe('mpm-lab doctor', () => {
  let base = '';
  let env: NodeJS.ProcessEnv = {};
  let lab: RunningLab | undefined;

  beforeAll(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-doctor-'));
    fs.mkdirSync(path.join(base, 'runtime'), { mode: 0o700 });
    env = { ...process.env, XDG_RUNTIME_DIR: path.join(base, 'runtime'), XDG_STATE_HOME: path.join(base, 'state') };
    lab = await startLab('event', ['--config', 'fixtures/event-small.conf'], { env });
  });

  afterAll(async () => {
    await lab?.stop();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it(`--json reports the runtime (${RUNTIME}), /proc, the tools as command -v finds them, the folders and the running lab`, async () => {
    const result = await runCli(['doctor', '--json'], { env });
    expect(result.code, result.stderr).toBe(0);
    const r = JSON.parse(result.stdout) as DoctorReport;
    expect(r.runtime).toMatchObject({ name: RUNTIME, version: versionOf(RUNTIME) });
    if (RUNTIME === 'node') expect(r.runtime).toEqual({ name: 'node', version: process.version, nodeCompat: process.version, execPath: process.execPath });
    expect(r.system).toMatchObject({ platform: process.platform, arch: process.arch, uid: process.getuid!(), release: os.release() });
    expect(r.proc.available).toBe(fs.existsSync('/proc/self/stat'));
    expect(Object.fromEntries(r.tools.map((t) => [t.name, t.path]))).toEqual({
      tmux: commandV('tmux'),
      curl: commandV('curl'),
      ab: commandV('ab'),
      apache2: commandV('apache2', 'httpd'),
    });
    expect(r.folders.run).toMatchObject({ path: path.join(base, 'runtime', `mpm-lab-${process.getuid!()}`), state: 'ok', mode: '0700', owner: process.getuid!() });
    expect(r.folders.state).toMatchObject({ path: path.join(base, 'state', 'mpm-lab'), state: 'absent' });
    expect(r.labs).toEqual([expect.objectContaining({ model: 'event', pid: lab!.pid, port: lab!.port, url: lab!.url, runtime: RUNTIME })]);
    expect(r.labs[0]!.upMs).toBeGreaterThanOrEqual(0);
    expect(r.labs[0]!.upMs).toBeLessThan(120_000);
    expect(r.problems).toEqual([]);
  });

  it('as text, names what is wrong with a folder others may enter, and how to fix it', async () => {
    const state = path.join(base, 'state', 'mpm-lab');
    fs.mkdirSync(state, { recursive: true });
    fs.chmodSync(state, 0o755);
    try {
      const result = await runCli(['doctor'], { env, runtime: 'node' });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`runtime    node ${process.version} at ${process.execPath}`);
      expect(result.stdout).toContain(`${state} (0755, uid ${process.getuid!()}): others may enter it: refused (chmod 700 it)`);
      expect(result.stdout).toContain(`event on ${lab!.url} (parent pid ${lab!.pid}, ${RUNTIME}, up `);
      expect(result.stdout).toMatch(/Problems\n {2}.*XDG_STATE_HOME/);
    } finally {
      fs.rmSync(state, { recursive: true, force: true });
    }
  });

  for (const runtime of ['node', 'bun', 'deno'] as const) {
    it(`on ${runtime}, reports that runtime, its own version, and the same lab`, async () => {
      const result = await runCli(['doctor', '--json'], { env, runtime });
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as DoctorReport;
      expect(report.runtime).toMatchObject({ name: runtime, version: versionOf(runtime), nodeCompat: expect.stringMatching(/^v\d+\./) });
      expect(report.labs.map((l) => l.pid)).toEqual([lab!.pid]);
    });
  }
});
