// Lessons 4 and 5 run unattended (`--plain`, no terminal): every experiment against a live lab,
// every claim checked. With MPM_LAB_RUNTIME=bun|deno the lessons run on that runtime.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runLessonCli, tempStateHome } from '../support/lesson-cli.ts';

const state = tempStateHome();
afterAll(() => fs.rmSync(state, { recursive: true, force: true }));

/** A number the transcript printed after `before` (the text wraps, so any whitespace between). */
function measured(stdout: string, before: RegExp): number {
  const m = new RegExp(before.source + String.raw`\s+(\d+)`).exec(stdout);
  if (!m) throw new Error(`the transcript has no ${before.source}:\n${stdout}`);
  return Number(m[1]);
}

describe('mpm-lab lesson 4 and 5 --plain, unattended', () => {
  it('lesson 4: 16 idle keep-alive clients hold all 16 worker threads; a fresh request waits for KeepAliveTimeout, and less with a shorter one', async () => {
    const r = await runLessonCli(['lesson', '4', '--plain'], { stateHome: state, timeoutMs: 90_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Lesson 4: Keep-alive eats worker threads/);
    expect(r.stdout).toMatch(/the scoreboard read `KKKK KKKK KKKK KKKK`: 16\s+threads in K, 0 idle/);
    expect(r.stdout).toMatch(/started 2 more processes \(4 in all/);
    const firstClose = measured(r.stdout, /connections itself, the first/);
    expect(firstClose).toBeGreaterThanOrEqual(4500);
    expect(firstClose).toBeLessThanOrEqual(7500);
    const wait = measured(r.stdout, /The fresh request waited/);
    expect(wait).toBeGreaterThanOrEqual(2000);
    expect(wait).toBeLessThanOrEqual(7000);
    expect(r.stdout).toMatch(/This run's answer: 2\) `K`/);
    expect(r.stdout).toMatch(/This run's answer: \d\.\d\./);
    // KeepAliveTimeout 2: the wait follows it
    const short = measured(r.stdout, /With KeepAliveTimeout 2 the fresh request waited/);
    expect(short).toBeGreaterThanOrEqual(500);
    expect(short).toBeLessThan(wait - 1500);
    expect(r.stdout.match(/\[checked\]/g)?.length).toBe(10);
    expect(r.stdout).not.toMatch(/FAILED/);
  });

  it('lesson 5: event parks them in the listeners, answers a fresh request at once, and one process takes 4 + 2 x 4', async () => {
    const r = await runLessonCli(['lesson', '5', '--plain'], { stateHome: state, timeoutMs: 90_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Lesson 5: event/);
    expect(r.stdout).toMatch(/scoreboard reads `____ ____`: 0 threads in K, 0 busy, 8 waiting/);
    expect(r.stdout).toMatch(/server-status counts 16 open connections, 16 of them idle\s+keep-alive connections \(ConnsAsyncKeepAlive\)/);
    expect(measured(r.stdout, /The fresh request was answered in/)).toBeLessThan(1000);
    expect(r.stdout).toMatch(/afterwards 16 of them\s+were still open/);
    expect(r.stdout).toMatch(/Process \d+ took 12 connections and process \d+ took 4/);
    expect(r.stdout).toMatch(/4 \+ 2 x 4 = 12/);
    expect(r.stdout.match(/\[checked\]/g)?.length).toBe(9);
    expect(r.stdout).not.toMatch(/FAILED/);
  });
});
