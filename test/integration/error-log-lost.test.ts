// An ErrorLog that stops taking lines while the lab serves (a full disk, a FIFO whose reader
// left): httpd drops the lines and goes on; so does the lab, and it says so once, with no
// stack trace, and stops cleanly later.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { get } from '../support/http.ts';
import { startLab } from '../support/lab-process.ts';
import { childrenOf, waitUntil } from '../support/proc.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-errorlog-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('an ErrorLog that fails after the start', () => {
  it('a FIFO whose reader leaves: the lab says so once and keeps serving; no stack trace; exit 0 at stop', async () => {
    const fifo = path.join(dir, 'error.log');
    execFileSync('mkfifo', ['-m', '600', fifo]);
    // The reader (cat, a process of its own: a blocking read on a FIFO would hold a thread of
    // this one): there before the lab opens the FIFO, and drained, so that the lab's writes
    // never block; killed later, so that the lab's next write fails (EPIPE).
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    const received: string[] = [];
    reader.stdout.on('data', (d) => received.push(d.toString()));
    const lab = await startLab('prefork', ['--set', 'StartServers=2', '--set', 'MinSpareServers=1', '--set', `ErrorLog=${fifo}`]);
    try {
      expect(await waitUntil(() => received.join('').includes('AH00163'), 10_000)).toBe(true);
      expect(await waitUntil(() => childrenOf(lab.pid).length >= 2, 10_000)).toBe(true);
      reader.kill();
      await new Promise((resolve) => reader.once('exit', resolve));
      // A crash makes the parent log AH00052: that write finds no reader.
      await get(lab.url + 'crash', { headers: { 'X-Lab-Token': lab.token } }).catch(() => null);
      const said = await lab.waitForLog(/could not write to error log file/, 10_000);
      expect(said).toContain(fifo);
      expect(said).toMatch(/\(EPIPE\)/);
      expect(said).toMatch(/goes on serving/);
      // Still serving, and still logging to the terminal.
      const reply = await get(lab.url);
      expect(reply.status).toBe(200);
      await get(lab.url + 'crash', { headers: { 'X-Lab-Token': lab.token } }).catch(() => null);
      expect(await waitUntil(() => lab.log.filter((l) => /AH00052/.test(l)).length >= 2, 10_000)).toBe(true);
      expect(lab.log.filter((l) => /could not write to error log file/.test(l))).toHaveLength(1);
      expect(lab.log.join('\n')).not.toMatch(/\n\s+at |internal error/);
    } finally {
      reader.kill();
      const exit = await lab.stop();
      expect(exit.code).toBe(0);
    }
  });
});
