// Lesson 1 in plain mode on each runtime (Node runs dist/, Bun and Deno the sources): the
// lesson starts its lab, runs every step, every claim holds, and nothing is left running.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../support/lab-process.ts';
import { startCli, tempStateHome } from '../support/lesson-cli.ts';
import { childrenOf, isAlive, waitUntil } from '../support/proc.ts';

const state = tempStateHome();
afterAll(() => fs.rmSync(state, { recursive: true, force: true }));

describe('smoke: mpm-lab lesson 1 --plain', () => {
  for (const runtime of ['node', 'bun', 'deno'] as Runtime[]) {
    it(`on ${runtime}`, async () => {
      const run = startCli(['lesson', '1', '--plain', '--reset'], { stateHome: state, runtime });
      const seen = new Set<number>();
      const watch = setInterval(() => {
        for (const pid of run.child.pid ? childrenOf(run.child.pid) : []) seen.add(pid);
      }, 100);
      const r = await run.done;
      clearInterval(watch);
      expect(r.stderr, r.stdout).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/3 processes: the parent \(pid \d+\) and 2 children/);
      expect(r.stdout.match(/\[checked\]/g)?.length).toBe(8);
      expect(seen.size).toBeGreaterThanOrEqual(2);
      expect(await waitUntil(() => [...seen].every((pid) => !isAlive(pid)), 5000)).toBe(true);
    });
  }
});
