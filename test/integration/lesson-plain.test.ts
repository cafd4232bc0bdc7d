// `mpm-lab lesson N --plain` without a terminal: every experiment runs against a live lab,
// the transcript shows what was measured, and every claim is checked (exit 0 when all hold).
// With MPM_LAB_RUNTIME=bun|deno the lessons run on that runtime.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LESSONS } from '../../lessons/manifest.ts';
import { runLessonCli, tempStateHome } from '../support/lesson-cli.ts';

const state = tempStateHome();
afterAll(() => fs.rmSync(state, { recursive: true, force: true }));

describe('mpm-lab lesson --plain, unattended', () => {
  it('lesson 1 runs, prints what it measured, and every claim holds', async () => {
    const r = await runLessonCli(['lesson', '1', '--plain'], { stateHome: state });
    expect(r.stderr, r.stdout).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Lesson 1: Processes, and who answers/);
    // the measured facts, filled into the text
    expect(r.stdout).toMatch(/3 processes: the parent \(pid \d+\) and 2 children \(pids \d+, \d+\)/);
    expect(r.stdout).toMatch(/10 of 10 requests were answered; 10 named the process that served them/);
    expect(r.stdout).toMatch(/Served by the parent: 0\./);
    expect(r.stdout).toMatch(/The parent started child \d+\n?\s*\d+ ms later/);
    // each question with the answer this run gave
    expect(r.stdout).toMatch(/This run's answer: 3\./);
    expect(r.stdout).toMatch(/This run's answer: 2\) the children, never the parent/);
    expect(r.stdout.match(/\[checked\]/g)?.length).toBe(8);
    expect(r.stdout).not.toMatch(/FAILED/);
    expect(r.stdout).toMatch(/Next: mpm-lab lesson 2/);
  });

  it('lesson 2 runs: children 3, 5, 8 a second apart, 4 requests served late, idle ones stopped down to 4', async () => {
    const r = await runLessonCli(['lesson', '2', '--plain'], { stateHome: state, timeoutMs: 120_000 });
    expect(r.stderr, r.stdout).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Children after the\s+first run: 3; after the second: 5; after the third: 8\./);
    expect(r.stdout).toMatch(/12 of 12 were answered, 0 failed\. 8 were served at once/);
    expect(r.stdout).toMatch(/4 waited, and took \d{4} to \d{4} ms/);
    expect(r.stdout).toMatch(/AH00161: server reached MaxRequestWorkers setting/);
    expect(r.stdout).toMatch(/peaked at 8 children, then the parent stopped 4/);
    expect(r.stdout).not.toMatch(/FAILED/);
  });

  it('lesson 3 runs: threads, 4 + 4 busy, the module lock, 4 lost on worker and 1 on prefork, memory', async () => {
    const r = await runLessonCli(['lesson', '3', '--plain'], { stateHome: state, timeoutMs: 120_000 });
    expect(r.stderr, r.stdout).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/has \d+ threads: 4 worker threads \(worker-\d\.0, worker-\d\.1, worker-\d\.2, worker-\d\.3\), 1\s+listener thread/);
    expect(r.stdout).toMatch(/the scoreboard read `WWWW WWWW`/);
    expect(r.stdout).toMatch(/Its 3 module requests waited\s+at least \d{4} ms/);
    expect(r.stdout).toMatch(/4 of 8 failed; 4 were answered/);
    expect(r.stdout).toMatch(/AH00052: child pid \d+ exit signal Abort/);
    expect(r.stdout).toMatch(/prefork: 1 of 8 failed/);
    expect(r.stdout).toMatch(/worker process \d+ \(\d+ threads\): [\d.]+ MB\. Prefork processes/);
    expect(r.stdout).not.toMatch(/FAILED/);
  });

  it('kept the progress, readable by a later process (progress --json)', async () => {
    const file = path.join(state, 'mpm-lab', 'progress.json');
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const r = await runLessonCli(['progress', '--json'], { stateHome: state });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.file).toBe(file);
    const taken = [1, 2, 3]; // the lessons this file ran
    const numbers = LESSONS.map((l) => l.number);
    expect(doc.next).toBe(numbers.find((n) => !taken.includes(n)) ?? null);
    expect(doc.lessons.map((l: { number: number }) => l.number)).toEqual(numbers);
    for (const l of doc.lessons.filter((x: { number: number }) => taken.includes(x.number))) {
      expect(l).toMatchObject({ status: 'done' });
      expect(l.step).toBe(l.steps);
      expect(typeof l.title).toBe('string');
      expect(Date.parse(l.finishedAt)).toBeGreaterThan(0);
    }
  });
});
