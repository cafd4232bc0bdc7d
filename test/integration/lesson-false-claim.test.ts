// A lesson whose claim the lab does not keep fails: lesson 1's first step run against the
// live lab (in this process, from the compiled dist/ as Node runs it) with its claim made
// false, and with an experiment that throws. The labs stop afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LiveLessonSession as Session } from '../../cli/lesson/lesson-session.ts';
import type { LessonDef } from '../../lessons/step-types.ts';
import { ROOT } from '../support/lab-process.ts';
import { childrenOf, waitUntil } from '../support/proc.ts';

const dist = (file: string) => import(pathToFileURL(path.join(ROOT, 'dist', file)).href);

async function runFirstStep(change: (def: LessonDef) => LessonDef) {
  const { LiveLessonSession } = await dist('cli/lesson/lesson-session.js');
  const { parseLessonMarkdown } = await dist('cli/lesson/markdown.js');
  const { runUnattended } = await dist('cli/lesson/plain-driver.js');
  const { emptyProgress } = await dist('cli/lesson/progress-model.js');
  const { lesson } = await dist('lessons/01-who-answers/steps.js');
  const text = parseLessonMarkdown(fs.readFileSync(path.join(ROOT, 'lessons/01-who-answers/lesson.md'), 'utf8'));
  text.steps = text.steps.slice(0, 1);
  let saved = emptyProgress();
  const session: Session = new LiveLessonSession({
    entry: { number: 1 },
    text,
    def: change({ ...lesson, steps: lesson.steps.slice(0, 1) }),
    progress: { load: () => saved, save: (p: typeof saved) => (saved = p) },
  });
  const events: string[] = [];
  session.onEvent((e) => events.push(e.type));
  try {
    const result = await runUnattended(session);
    return { result, claims: session.claimResults(), events, progress: saved };
  } finally {
    await session.close();
  }
}

describe('a claim the lab does not keep', () => {
  it('fails the lesson and says what was measured', async () => {
    const { result, claims, events } = await runFirstStep((def) => ({
      ...def,
      steps: [{ ...def.steps[0]!, claims: [{ id: 'start-servers', facts: ['children'], holds: (f) => f.children === 3 }] }],
    }));
    expect(result.ok).toBe(false);
    expect(claims).toEqual([expect.objectContaining({ id: 'start-servers', ok: false, measured: 'children=2' })]);
    expect(events).toContain('lab-started');
    expect(events).toContain('lab-stopped');
    expect(await waitUntil(() => childrenOf(process.pid).length === 0, 5000)).toBe(true);
  });

  it('the same step, unchanged, passes (the check can pass as well as fail)', async () => {
    const { result, claims, progress } = await runFirstStep((def) => def);
    expect(result.ok).toBe(true);
    expect(claims.map((c) => c.ok)).toEqual([true, true]);
    expect(progress.lessons['1']).toMatchObject({ done: true, step: 1, steps: 1 });
  });

  it('an experiment that throws is a failure too, with its message', async () => {
    const { result, claims } = await runFirstStep((def) => ({
      ...def,
      steps: [{ ...def.steps[0]!, run: async () => { throw new Error('the scoreboard moved'); } }],
    }));
    expect(result.ok).toBe(false);
    expect(claims).toEqual([expect.objectContaining({ id: 'idle:experiment', ok: false, text: expect.stringContaining('the scoreboard moved') })]);
  });
});
