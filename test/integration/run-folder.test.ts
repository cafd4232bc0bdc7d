// The run folder holds the fault token and the scoreboard. Planted before the lab starts (by
// another user, or left open), it is refused: exit 2, one line that says what was found and
// how to fix it, and the file a planted link points at is left as it was.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leaveCtlRequest, takeCtlRequest } from '../../labs/run/ctl-request.ts';
import { openNewFile, readOwnFile, replaceFile } from '../../labs/run/new-file.ts';
import { get } from '../support/http.ts';
import { runCli, startLab } from '../support/lab-process.ts';
import { childrenOf, waitUntil } from '../support/proc.ts';

const uid = process.getuid!();
let xdg: string; // the lab's XDG_RUNTIME_DIR: a fresh one per test
let victim: string; // what a planted link points at
let env: NodeJS.ProcessEnv;
let root: string;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeEach(() => {
  xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-xdg-'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-victim-'));
  victim = path.join(outside, 'precious');
  fs.writeFileSync(victim, 'keep me\n');
  env = { ...process.env, XDG_RUNTIME_DIR: xdg };
  root = path.join(xdg, `mpm-lab-${uid}`);
});

afterEach(() => {
  fs.rmSync(xdg, { recursive: true, force: true });
  fs.rmSync(path.dirname(victim), { recursive: true, force: true });
});

/** Starts the lab on `port`; it must refuse, saying `why`, and leave the victim alone. */
async function refused(port: number, why: RegExp): Promise<string> {
  const r = await runCli(['run', 'prefork', '--port', String(port), '--headless', '--set', 'StartServers=1'], { env });
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^mpm-lab: refusing the run folder /);
  expect(lines[0]).toMatch(why);
  expect(lines[0]).toMatch(/XDG_RUNTIME_DIR/);
  expect(r.stdout).not.toMatch(/lab on http/);
  expect(fs.readFileSync(victim, 'utf8')).toBe('keep me\n');
  // Nothing keeps running on the port.
  expect(await get(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 }).then(() => 'answered', () => 'refused')).toBe('refused');
  return lines[0]!;
}

describe('a run folder made before the lab', () => {
  it('a root folder open to everyone (0777) is refused, by run and by ps', async () => {
    fs.mkdirSync(root);
    fs.chmodSync(root, 0o777);
    const line = await refused(await freePort(), /mode is 0777/);
    expect(line).toContain(root);
    expect(line).toMatch(/rm -r/);
    const ps = await runCli(['ps'], { env });
    expect(ps.code).toBe(2);
    expect(ps.stderr).toMatch(/refusing the run folder .*mode is 0777/);
    expect(fs.statSync(root).mode & 0o777).toBe(0o777); // left as found
  });

  it("another user's root folder is refused", async () => {
    fs.mkdirSync(root, { mode: 0o700 });
    fs.chownSync(root, 65534, 65534);
    await refused(await freePort(), new RegExp(`belongs to uid 65534, not to you \\(uid ${uid}\\)`));
  });

  it('a symbolic link as the root folder is refused', async () => {
    const elsewhere = fs.mkdtempSync(path.join(xdg, 'elsewhere-'));
    fs.symlinkSync(elsewhere, root);
    await refused(await freePort(), /symbolic link/);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });

  it("another user's port folder with an open token file and a scoreboard link is refused", async () => {
    const port = await freePort();
    fs.mkdirSync(root, { mode: 0o700 });
    const planted = path.join(root, `port-${port}`);
    fs.mkdirSync(planted);
    fs.chmodSync(planted, 0o777);
    fs.writeFileSync(path.join(planted, 'token'), 'planted\n', { mode: 0o666 });
    fs.symlinkSync(victim, path.join(planted, 'scoreboard'));
    fs.chownSync(planted, 65534, 65534);
    await refused(port, /port-\d+: it belongs to uid 65534/);
    expect(fs.readFileSync(path.join(planted, 'token'), 'utf8')).toBe('planted\n');
    expect(fs.readlinkSync(path.join(planted, 'scoreboard'))).toBe(victim);
  });

  it("this user's stale port folder, even with a scoreboard link, is replaced by a fresh one; the link's target is untouched", async () => {
    const port = await freePort();
    fs.mkdirSync(root, { mode: 0o700 });
    const stale = path.join(root, `port-${port}`);
    fs.mkdirSync(stale, { mode: 0o700 });
    fs.symlinkSync(victim, path.join(stale, 'scoreboard'));
    fs.writeFileSync(path.join(stale, 'token'), 'old\n', { mode: 0o600 });
    const lab = await startLab('prefork', ['--port', String(port), '--set', 'StartServers=1'], { env });
    try {
      expect(await waitUntil(() => childrenOf(lab.pid).length === 1, 15_000)).toBe(true);
      expect((await get(lab.url)).status).toBe(200);
      expect(fs.lstatSync(path.join(stale, 'scoreboard')).isFile()).toBe(true);
      expect(fs.readFileSync(path.join(stale, 'token'), 'utf8')).toBe(`${lab.token}\n`);
      for (const name of ['', 'token', 'scoreboard', 'lab.json']) {
        expect(fs.statSync(path.join(stale, name)).mode & 0o077, name).toBe(0);
      }
      expect(fs.readFileSync(victim, 'utf8')).toBe('keep me\n');
    } finally {
      await lab.stop();
    }
    expect(fs.existsSync(stale)).toBe(false);
  });

  it("a running lab's folder is not taken over by a lab on the same port of the other loopback address", async () => {
    const port = await freePort();
    const lab = await startLab('prefork', ['--port', String(port), '--set', 'StartServers=1'], { env });
    try {
      const folder = path.join(root, `port-${port}`);
      const r = await runCli(['run', 'prefork', '--headless', '--set', `Listen=[::1]:${port}`, '--set', 'StartServers=1'], { env });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`port ${port} is already used by your prefork lab on ${lab.url.replace(/[/.]/g, '\\$&')} \\(pid ${lab.pid}\\)`));
      expect(fs.readFileSync(path.join(folder, 'token'), 'utf8')).toBe(`${lab.token}\n`);
      expect((await get(lab.url)).status).toBe(200);
    } finally {
      await lab.stop();
    }
  });

  it('files in it are only ever new: never opened through a file or link that was there', () => {
    const dir = fs.mkdtempSync(path.join(xdg, 'run-'));
    const link = path.join(dir, 'scoreboard');
    fs.symlinkSync(victim, link);
    expect(() => openNewFile(link)).toThrow(/EEXIST/);
    fs.writeFileSync(path.join(dir, 'token'), 'old');
    expect(() => openNewFile(path.join(dir, 'token'))).toThrow(/EEXIST/);
    expect(readOwnFile(link)).toBeNull(); // not read through a link either
    // Replacing a link replaces the link, not what it points at (ctl's note, lab.json).
    fs.symlinkSync(victim, path.join(dir, 'ctl-request'));
    leaveCtlRequest(dir, 'graceful-stop');
    expect(fs.lstatSync(path.join(dir, 'ctl-request')).isFile()).toBe(true);
    expect(takeCtlRequest(dir)).toBe('graceful-stop');
    expect(takeCtlRequest(dir)).toBeNull(); // taken once
    replaceFile(link, 'fresh');
    expect(fs.readFileSync(link, 'utf8')).toBe('fresh');
    expect(fs.statSync(link).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['scoreboard', 'token']); // no temporary left
  });
});
