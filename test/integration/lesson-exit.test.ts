// A lesson is the parent of its labs: killed mid-step (SIGTERM, SIGKILL), it leaves no
// process and no listening port behind.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { listeningPorts, startCli, tempStateHome } from '../support/lesson-cli.ts';
import { childrenOf, isAlive, waitUntil } from '../support/proc.ts';

const state = tempStateHome();
afterAll(() => fs.rmSync(state, { recursive: true, force: true }));

async function midStep() {
  const run = startCli(['lesson', '3', '--plain'], { stateHome: state });
  // Step 2 has 8 slow requests in flight: the labs are busy, not idle.
  expect(await waitUntil(() => /Sending 8 requests of 3 s at once/.test(run.output()), 30_000, 50)).toBe(true);
  const port = Number(/\[lab worker: http:\/\/127\.0\.0\.1:(\d+)\//.exec(run.output())![1]);
  const kids = childrenOf(run.child.pid!);
  expect(kids.length).toBeGreaterThanOrEqual(2);
  expect(listeningPorts().has(port)).toBe(true);
  return { run, port, kids };
}

describe('a lesson that is killed', () => {
  it('by SIGTERM stops its labs: no child left, the port free, exit 143', async () => {
    const { run, port, kids } = await midStep();
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.code).toBe(143);
    expect(await waitUntil(() => kids.every((k) => !isAlive(k)), 5000)).toBe(true);
    expect(listeningPorts().has(port)).toBe(false);
  });

  it('by SIGKILL leaves nothing either: the children see their parent go and exit', async () => {
    const { run, port, kids } = await midStep();
    run.child.kill('SIGKILL');
    await run.done;
    expect(await waitUntil(() => kids.every((k) => !isAlive(k)), 10_000)).toBe(true);
    expect(listeningPorts().has(port)).toBe(false);
  });
});
