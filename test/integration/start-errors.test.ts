// A lab that cannot start says why on one line and exits 2, and takes back everything it had
// made: no run folder (token included), no pid file, no child process.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/lab-process.ts';
import { NOBODY, nobodyCanRunLab, nobodyHome } from '../support/other-user.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Processes whose environment carries `mark`: what a lab started with it left running. */
function processesMarked(mark: string): number[] {
  const found: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/environ`, 'latin1').includes(mark)) found.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

function oneCleanLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
  return lines[0]!;
}

describe('start errors', () => {
  it.skipIf(!nobodyCanRunLab())('port 80 as a user who may not bind it: AH00072, exit 2, nothing left', async () => {
    const home = nobodyHome();
    made.push(home);
    const mark = `MPM_LAB_TEST_MARK=${crypto.randomBytes(8).toString('hex')}`;
    const env = { PATH: process.env.PATH, HOME: home, XDG_RUNTIME_DIR: home, [mark.split('=')[0]!]: mark.split('=')[1]! };
    const r = await runCli(['run', 'prefork', '--port', '80', '--headless', '--set', 'StartServers=2'], { env, wrap: NOBODY });
    expect(r.code).toBe(2);
    const line = oneCleanLine(r.stderr);
    expect(line).toMatch(/^mpm-lab: AH00072: make_sock: could not bind to address 127\.0\.0\.1:80 \(permission denied.*--port 8080/);
    expect(r.stdout).not.toMatch(/lab on http|fault token/);
    expect(fs.readdirSync(home).filter((n) => n.startsWith('mpm-lab-'))).toEqual([]);
    expect(processesMarked(mark)).toEqual([]);
  });

  it('an ErrorLog that opens but takes no line (/proc/self/mem): AH00091, exit 2, children and run folder gone', async () => {
    const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-xdg-'));
    made.push(xdg);
    const mark = `MPM_LAB_TEST_MARK=${crypto.randomBytes(8).toString('hex')}`;
    const env = { ...process.env, XDG_RUNTIME_DIR: xdg, [mark.split('=')[0]!]: mark.split('=')[1]! };
    const pidFile = path.join(xdg, 'httpd.pid');
    const r = await runCli(['run', 'prefork', '--port', '0', '--headless', '--set', 'StartServers=3', '--set', 'ErrorLog=/proc/self/mem', '--set', `PidFile=${pidFile}`], { env });
    expect(r.code).toBe(2);
    const line = oneCleanLine(r.stderr);
    expect(line).toMatch(/^mpm-lab: AH00091: could not write to error log file \/proc\/self\/mem \(.*\); point ErrorLog at a file you can write\.$/);
    const root = path.join(xdg, `mpm-lab-${process.getuid!()}`);
    expect(fs.existsSync(root) ? fs.readdirSync(root) : []).toEqual([]); // no port folder, so no token file
    expect(fs.existsSync(pidFile)).toBe(false);
    expect(processesMarked(mark)).toEqual([]);
  });
});
