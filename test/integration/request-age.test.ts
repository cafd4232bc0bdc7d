// AGE in `mpm-lab ps` (and the live view, which uses the same model) is the age of the request
// a slot serves now, not of the one it served before: a slot that answered a request a few
// seconds ago and now serves a slow one shows the slow one's age.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { PsDocument } from '../../cli/plain/ps-model.ts';
import { get, sleep } from '../support/http.ts';
import { runCli, startLab } from '../support/lab-process.ts';
import type { RunningLab } from '../support/lab-process.ts';

const GAP_MS = 5000; // between the first request's end and the slow one's start
const SLOW_MS = 10_000; // long enough to be still in progress when ps reads, on a loaded machine

let lab: RunningLab | undefined;
afterEach(async () => {
  await lab?.stop();
  lab = undefined;
});

async function slowRequestAge(model: string, sets: string[]): Promise<void> {
  lab = await startLab(model, [...sets, '--set', 'KeepAliveTimeout=30']);
  // One keep-alive connection: both requests go to the same slot (prefork: the same child;
  // worker: the same thread, which keeps its connection).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let slow: Promise<unknown> | undefined;
  try {
    const first = await get(lab.url, { agent });
    expect(first.status).toBe(200);
    await sleep(GAP_MS);
    const sent = Date.now();
    slow = get(`${lab.url}sleep?ms=${SLOW_MS}`, { agent, timeoutMs: SLOW_MS + 20_000 });
    await sleep(1000);
    const ps = await runCli(['ps', '--port', String(lab.port), '--json']);
    const read = Date.now();
    expect(ps.code, ps.stderr).toBe(0);
    const doc = JSON.parse(ps.stdout) as PsDocument;
    const slots = doc.processes.flatMap((p) => p.slots).filter((s) => s.request.includes(`/sleep?ms=${SLOW_MS}`));
    expect(slots).toHaveLength(1);
    const slot = slots[0]!;
    expect(slot.accessCount).toBeGreaterThanOrEqual(1); // the slot did serve the first request
    expect(slot.inProgress).toBe(true);
    // The request started after `sent` and ps read before `read`: its age is at most that.
    // Counted from the first request's end it would be more than GAP_MS.
    expect(slot.ageMs).not.toBeNull();
    expect(slot.ageMs!).toBeGreaterThanOrEqual(0);
    expect(slot.ageMs!).toBeLessThanOrEqual(read - sent + 50);
    expect(slot.ageMs!).toBeLessThan(GAP_MS);
    // The text form prints the same age.
    const text = await runCli(['ps', '--port', String(lab.port)]);
    const line = text.stdout.split('\n').find((l) => l.includes(`/sleep?ms=${SLOW_MS}`));
    expect(line, text.stdout).toBeDefined();
    const age = /(\d+(?:\.\d+)?)\s*s\s*$/.exec(line!);
    expect(age, line).not.toBeNull();
    expect(Number(age![1])).toBeLessThan(GAP_MS / 1000);
  } finally {
    agent.destroy(); // the slow request has told what it had to; it is not waited for
  }
  await slow?.catch(() => undefined);
}

describe('AGE counts from the start of the request in progress', () => {
  it('prefork: a slow request after a fast one on the same child', async () => {
    await slowRequestAge('prefork', ['--set', 'StartServers=1', '--set', 'MinSpareServers=1', '--set', 'MaxSpareServers=2', '--set', 'MaxRequestWorkers=4']);
  }, 60_000);

  it('worker: a slow request after a fast one on the same thread', async () => {
    await slowRequestAge('worker', ['--config', 'fixtures/worker-small.conf']);
  }, 60_000);
});
