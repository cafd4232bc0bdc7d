// Lessons 6 (sizing) and 9 (capstone), `--plain` without a terminal: every experiment runs on a
// live lab and every claim is checked (exit 0 only when all hold).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveLessonSession as Session } from '../../cli/lesson/lesson-session.ts';
import type { LessonEvent } from '../../cli/lesson/session.ts';
import { ROOT } from '../support/lab-process.ts';
import { runLessonCli, tempStateHome } from '../support/lesson-cli.ts';
import { childrenOf, waitUntil } from '../support/proc.ts';

const dist = (file: string) => import(pathToFileURL(path.join(ROOT, 'dist', file)).href);

const state = tempStateHome();
afterAll(() => fs.rmSync(state, { recursive: true, force: true }));

describe('mpm-lab lesson 6 and 9 --plain, unattended', () => {
  it('lesson 6: Debian\'s config, AH00316 (10 becomes 8), the ThreadLimit and ServerLimit caps, 8 cells, memory ratio', async () => {
    const r = await runLessonCli(['lesson', '6', '--plain'], { stateHome: state, timeoutMs: 120_000 });
    expect(r.stderr, r.stdout).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/MaxRequestWorkers 150, ThreadsPerChild 25, so 6\s+child processes at most/);
    expect(r.stdout).toMatch(/AH00316: WARNING: MaxRequestWorkers of 10 is not an integer multiple of ThreadsPerChild of 4, decreasing to nearest multiple 8, for a maximum of 2 servers\./);
    expect(r.stdout).toMatch(/AH00310: WARNING: ThreadsPerChild of 100 exceeds ThreadLimit of 64 threads, decreasing to 64\./);
    expect(r.stdout).toMatch(/AH00318: WARNING: MaxRequestWorkers of 800 would require 32 servers and would exceed ServerLimit of 16, decreasing to 400\./);
    // the scoreboard, read over HTTP from the running lab: 8 cells, one of them the status request itself
    expect(r.stdout).toMatch(/`Scoreboard: [_W.]{8}`: 8 cells/);
    expect(r.stdout).toMatch(/worker process \d+ \(\d+ threads\): [\d.]+ MB\. 8 prefork\s+processes: [\d.]+ MB, [\d.]+ MB each: [\d.]+ times as much/);
    expect(r.stdout.match(/\[checked\]/g)?.length).toBe(10);
    expect(r.stdout).not.toMatch(/FAILED/);
  }, 130_000);

  it('lesson 9: the lesson chooses event 2 x 16 and it holds; worker 2 x 10 does not, held up by keep-alive', async () => {
    const r = await runLessonCli(['lesson', '9', '--plain'], { stateHome: state, timeoutMs: 120_000 });
    expect(r.stderr, r.stdout).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/You run event\. On it the 20 idle keep-alive clients hold 0 workers,\s+so 20 connections/);
    expect(r.stdout).toMatch(/event, 2 processes x 16 threads: MaxRequestWorkers 32\s+for the 20 connections that need a worker at once\. 16 of the 16 page\s+clients were answered; 0 took longer than 2\.5 s/);
    expect(r.stdout).toMatch(/worker, 2 x 10 threads: MaxRequestWorkers 20 for 40\s+connections that need a worker\. (1[0-6]|[1-9]) of 16 page clients took longer than\s+2\.5 s/);
    expect(r.stdout).toMatch(/This run's answer: 2\) no\./);
    // the model and the size are the learner's decisions (here the lesson's), not predictions
    expect(r.stdout).toMatch(/Your choice: Which model will you run this workload on\?/);
    expect(r.stdout).toMatch(/No choice given, so the lesson chose: 3\) event\./);
    // the labs the steps start themselves are shown as the others are
    expect(r.stdout).toMatch(/\[lab event-16: http:\/\/127\.0\.0\.1:\d+\/ \(parent pid \d+, this process\)\][\s\S]*\[lab event-16 stopped\]/);
    expect(r.stdout).toMatch(/\[lab worker-10: http:\/\/127\.0\.0\.1:\d+\/ /);
    expect(r.stdout.match(/\[checked\]/g)?.length).toBe(5);
    expect(r.stdout).not.toMatch(/FAILED/);
  }, 130_000);
});

describe('lesson 9 with typed answers', () => {
  it("runs the learner's own choice (worker, 4 threads a process) for real: too few workers, it does not hold, and the claims still hold", async () => {
    const { LiveLessonSession } = await dist('cli/lesson/lesson-session.js');
    const { parseLessonMarkdown } = await dist('cli/lesson/markdown.js');
    const { emptyProgress } = await dist('cli/lesson/progress-model.js');
    const { lesson } = await dist('lessons/09-capstone/steps.js');
    const text = parseLessonMarkdown(fs.readFileSync(path.join(ROOT, 'lessons/09-capstone/lesson.md'), 'utf8'));
    let saved = emptyProgress();
    const session: Session = new LiveLessonSession({ entry: { number: 9 }, text, def: lesson, progress: { load: () => saved, save: (p: typeof saved) => (saved = p) } });
    const observed: Extract<LessonEvent, { type: 'observed' }>[] = [];
    const shown: string[] = [];
    const choices: string[] = [];
    session.onEvent((e) => {
      if (e.type === 'observed') observed.push(e);
      if (e.type === 'lab-started') shown.push(`${e.lab.name} ${e.lab.model} ${session.labs().some((l) => l.started.pid === e.lab.pid)}`);
      if (e.type === 'prediction') choices.push(e.result.text);
    });
    try {
      await session.start();
      session.answer('2'); // worker
      await session.run();
      await session.next();
      session.answer('4'); // ThreadsPerChild 4: MaxRequestWorkers 8
      await session.run();
    } finally {
      await session.close();
    }
    expect(observed[0]!.facts).toMatchObject({ model: 2, modelName: 'worker', modelByLesson: false, keepAliveWorkers: 20, need: 40 });
    expect(observed[1]!.facts).toMatchObject({ model: 'worker', threads: 4, maxRequestWorkers: 8, need: 40, enough: false, held: false, byLesson: false, chosenThreads: 4 });
    expect(Number(observed[1]!.facts.late)).toBeGreaterThan(0);
    expect(session.claimResults().every((c) => c.ok)).toBe(true);
    expect(shown).toEqual(['worker-4 worker true']); // the view had it to draw while it ran
    expect(session.labs()).toEqual([]);
    expect(choices).toEqual(['It ran your choice: 2) worker.', 'It ran your choice: 4.']);
    expect(await waitUntil(() => childrenOf(process.pid).length === 0, 5000)).toBe(true);
  }, 60_000);
});
