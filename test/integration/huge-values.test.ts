// A huge directive value never reaches a command line: the children get the config over
// their IPC channel, so the kernel's argv limits (E2BIG) cannot bite. The lab either serves
// or refuses the value with one clear line and exit 2; it never fails with E2BIG.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { get } from '../support/http.ts';
import { runCli, startLab } from '../support/lab-process.ts';
import { childrenOf, waitUntil } from '../support/proc.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-huge-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Either the lab serves (from a child) with the value, or it refuses it cleanly, naming `what`. */
async function servesOrRefuses(args: string[], what: RegExp): Promise<void> {
  const lab = await startLab('prefork', ['--set', 'StartServers=1', '--set', 'MinSpareServers=1', ...args]).catch((error: Error) => error);
  if (lab instanceof Error) {
    // Refused: rerun to read the whole output, and check it is a clean refusal.
    const r = await runCli(['run', 'prefork', '--port', '0', '--headless', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/E2BIG|\n\s+at \S+ \(/);
    expect(r.stderr).toMatch(what);
    return;
  }
  try {
    expect(await waitUntil(() => childrenOf(lab.pid).length === 1, 15_000)).toBe(true);
    const reply = await get(lab.url);
    expect(reply.status).toBe(200);
    expect(reply.servedBy?.pid).toBe(childrenOf(lab.pid)[0]);
    expect(lab.log.join('\n')).not.toMatch(/E2BIG/);
  } finally {
    await lab.stop();
  }
}

describe('huge directive values', () => {
  it('a 5 MB ServerName in a config file', async () => {
    const file = path.join(dir, 'huge.conf');
    fs.writeFileSync(file, `ServerName ${'a'.repeat(5_000_000)}\n`);
    await servesOrRefuses(['--config', file], /huge\.conf|ServerName/);
  });

  it('a 900 KB ServerName in a config file (far over the 128 KiB a single argument may have)', async () => {
    const file = path.join(dir, 'large.conf');
    fs.writeFileSync(file, `ServerName ${'a'.repeat(900_000)}\n`);
    await servesOrRefuses(['--config', file], /large\.conf|ServerName/);
  });

  it('a --set value just under the kernel limit for one argument (128 KiB)', async () => {
    // It fits the lab's own command line; a child's JSON options around it would not.
    await servesOrRefuses(['--set', `ServerName=${'b'.repeat(131_000)}`], /ServerName/);
  });
});
