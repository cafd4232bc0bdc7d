// httpd's signals through `mpm-lab ctl`: graceful restart lets children finish (prefork's and
// event's slots show G, worker's busy threads keep their state) and reads the config file again; a config that does not read leaves the lab serving;
// MaxConnectionsPerChild retires a child; PidFile and stop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseStatusAuto } from '../../labs/status/parse-auto.ts';
import { get, settleAll, sleep } from '../support/http.ts';
import { runCli, startLab } from '../support/lab-process.ts';
import { childrenOf, isAlive, threadNames, waitUntil } from '../support/proc.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, startServers: number, extra = ''): string {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    `LoadModule mpm_prefork_module modules/mod_mpm_prefork.so\nPidFile ${name}.pid\n<IfModule mpm_prefork_module>\n  StartServers ${startServers}\n  MinSpareServers 1\n  MaxSpareServers 10\n  MaxRequestWorkers 10\n</IfModule>\n${extra}`,
  );
  return file;
}

describe('ctl and the config file', () => {
  it('graceful: in-flight requests finish on their old children (G), new children read the new file', async () => {
    const file = writeConfig('graceful.conf', 2);
    const lab = await startLab('prefork', ['--config', file]);
    try {
      expect(fs.readFileSync(path.join(dir, 'graceful.conf.pid'), 'utf8').trim()).toBe(String(lab.pid));
      expect(await waitUntil(() => childrenOf(lab.pid).length === 2, 10_000)).toBe(true);
      const old = childrenOf(lab.pid);
      const slow = [get(lab.url + 'sleep?ms=2500'), get(lab.url + 'sleep?ms=2500')];
      await sleep(300);
      writeConfig('graceful.conf', 3); // the admin edits the file...
      const ctl = await runCli(['ctl', 'graceful', '--port', String(lab.port)]); // ...and applies it
      expect(ctl.code).toBe(0);
      await lab.waitForLog(/AH00171: Graceful restart requested, doing restart/);
      // The old children are still finishing: their slots show G; new children answer.
      expect(await waitUntil(async () => (await get(lab.url + 'server-status?auto')).body.includes('G'), 2000)).toBe(true);
      const status = parseStatusAuto((await get(lab.url + 'server-status?auto')).body);
      expect(status.fields.ParentServerMPMGeneration).toBe('1');
      expect(status.scoreboard.split('').filter((c) => c === 'G')).toHaveLength(2);
      const { ok, failed } = await settleAll(slow);
      expect(failed).toEqual([]);
      expect(ok.map((r) => r.servedBy!.pid).sort()).toEqual(old);
      // Then they leave, and StartServers 3 from the edited file is what runs.
      expect(await waitUntil(() => old.every((p) => !isAlive(p)), 5000)).toBe(true);
      expect(await waitUntil(() => childrenOf(lab.pid).length === 3, 5000)).toBe(true);
    } finally {
      await lab.stop();
    }
    expect(fs.existsSync(path.join(dir, 'graceful.conf.pid'))).toBe(false);
  });

  it('graceful on worker: busy threads keep showing W (as httpd worker) and finish; their process then leaves', async () => {
    const lab = await startLab('worker', ['--config', 'fixtures/worker-small.conf']);
    try {
      const ready = () => childrenOf(lab.pid).length === 2 && childrenOf(lab.pid).every((k) => threadNames(k).filter((n) => n.startsWith('worker-')).length === 4);
      expect(await waitUntil(ready, 10_000)).toBe(true);
      const slow = Array.from({ length: 3 }, () => get(lab.url + 'sleep?ms=2500'));
      // The 3 slow requests on their threads (W, and the status request's own W) before the
      // restart: on a loaded machine one still on its way would go to the new generation.
      const onThreads = async () => (/Scoreboard: (\S+)/.exec((await get(lab.url + 'server-status?auto')).body)![1]!.match(/W/g) ?? []).length >= 4;
      expect(await waitUntil(onThreads, 2000)).toBe(true);
      const holder = childrenOf(lab.pid);
      process.kill(lab.pid, 'SIGUSR1'); // what `mpm-lab ctl graceful` sends
      await lab.waitForLog(/AH00171/);
      let board = '';
      // The old children's idle threads leave at once (.); their 3 busy ones stay W, never G.
      const leaving = await waitUntil(async () => {
        board = /Scoreboard: (\S+)/.exec((await get(lab.url + 'server-status?auto')).body)![1]!;
        const old = board.slice(0, 8);
        return (old.match(/W/g) ?? []).length === 3 && (old.match(/\./g) ?? []).length === 5;
      }, 2000);
      const { ok, failed } = await settleAll(slow);
      expect(leaving, board).toBe(true);
      expect(board).not.toContain('G');
      expect(failed).toEqual([]);
      expect(ok.every((r) => holder.includes(r.servedBy!.pid))).toBe(true);
      expect(await waitUntil(() => holder.every((p) => !isAlive(p)), 5000)).toBe(true);
      expect((await get(lab.url)).status).toBe(200);
    } finally {
      await lab.stop();
    }
  });

  it('graceful with a broken file: ctl refuses, as apachectl configtest would, and the lab keeps serving', async () => {
    const file = writeConfig('broken.conf', 2);
    const lab = await startLab('prefork', ['--config', file]);
    try {
      await waitUntil(() => childrenOf(lab.pid).length === 2, 10_000);
      const before = childrenOf(lab.pid);
      writeConfig('broken.conf', 2, 'MaxSpareServer 4\n');
      const ctl = await runCli(['ctl', 'graceful', '--port', String(lab.port)]);
      expect(ctl.code).toBe(2);
      expect(ctl.stderr).toMatch(/Invalid command 'MaxSpareServer'/);
      // A SIGUSR1 sent by hand reads the broken file too: the lab says so and keeps serving.
      process.kill(lab.pid, 'SIGUSR1');
      await lab.waitForLog(/still serving with the running one/);
      expect((await get(lab.url)).status).toBe(200);
      expect(childrenOf(lab.pid)).toEqual(before);
    } finally {
      await lab.stop();
    }
  });

  it('MaxConnectionsPerChild retires a child after N connections, and a new one takes its place', async () => {
    const lab = await startLab('prefork', ['--set', 'StartServers=1', '--set', 'MinSpareServers=1', '--set', 'MaxSpareServers=1', '--set', 'MaxConnectionsPerChild=3']);
    try {
      await waitUntil(() => childrenOf(lab.pid).length === 1, 10_000);
      const pids: number[] = [];
      for (let i = 0; i < 3; i++) pids.push((await get(lab.url)).servedBy!.pid);
      expect(new Set(pids).size).toBe(1);
      expect(await waitUntil(() => !isAlive(pids[0]!), 5000)).toBe(true);
      const next = await get(lab.url, { timeoutMs: 10_000 });
      expect(next.status).toBe(200);
      expect(next.servedBy!.pid).not.toBe(pids[0]);
    } finally {
      await lab.stop();
    }
  });

  it('ctl stop ends the lab and its children', async () => {
    const lab = await startLab('worker', ['--config', 'fixtures/worker-small.conf']);
    await waitUntil(() => childrenOf(lab.pid).length === 2, 10_000);
    const kids = childrenOf(lab.pid);
    const ctl = await runCli(['ctl', 'stop', '--port', String(lab.port)]);
    expect(ctl.code).toBe(0);
    expect(ctl.stdout).toMatch(new RegExp(`pid ${lab.pid} has exited`));
    expect(kids.every((k) => !isAlive(k))).toBe(true);
    await lab.stop();
  });
});
