// `mpm-lab lessons --check`: the manifest's lessons are well-formed, and a lesson whose text
// and steps disagree is refused with what is wrong.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLessons } from '../../cli/lesson/check-all.ts';
import { checkLesson } from '../../cli/lesson/check-lesson.ts';
import { readLessonMarkdown } from '../../cli/lesson/lesson-files.ts';
import { packageRoot } from '../../lessons/package-root.ts';
import { parseLessonMarkdown } from '../../cli/lesson/markdown.ts';
import { LESSONS } from '../../lessons/manifest.ts';
import type { LessonDef } from '../../lessons/step-types.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BROKEN_ROOT = path.join(HERE, '../fixtures/lesson-broken');

describe('the manifest', () => {
  it('lists lessons in order, each once, each with its folder', () => {
    const numbers = LESSONS.map((l) => l.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toContain(1);
    expect(numbers).toContain(3);
    for (const entry of LESSONS) expect(readLessonMarkdown(entry)).toMatch(/^# /);
  });

  it('finds the package root from the sources', () => {
    expect(packageRoot()).toBe(path.resolve(HERE, '../..'));
  });

  it('every lesson is well-formed', async () => {
    const lines: string[] = [];
    const ok = await checkLessons(LESSONS, (l) => lines.push(l));
    expect(lines.join('\n')).not.toMatch(/FAIL/);
    expect(ok).toBe(true);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(LESSONS.length);
  });
});

describe('checkLesson', () => {
  it('refuses the broken fixture, saying each thing that is wrong', async () => {
    const lines: string[] = [];
    const entry = { number: 99, folder: '99-broken', load: async () => (await import('../fixtures/lesson-broken/lessons/99-broken/steps.ts')).lesson };
    const ok = await checkLessons([entry], (l) => lines.push(l), BROKEN_ROOT);
    expect(ok).toBe(false);
    const out = lines.join('\n');
    expect(out).toMatch(/FAIL lesson 99/);
    expect(out).toMatch(/step "missing-text" is in steps.ts but has no "## missing-text: Title"/);
    expect(out).toMatch(/lesson.md has "## orphan" but steps.ts has no step "orphan"/);
    expect(out).toMatch(/\{notAFact\}/);
    expect(out).toMatch(/hint tiers in lesson.md are \[1, 3\], steps.ts says 2/);
    expect(out).toMatch(/claim "in-code-only" has no "### claim in-code-only" text/);
    expect(out).toMatch(/"### claim in-text-only" but steps.ts has no such claim/);
  });

  const text = (md: string) => parseLessonMarkdown(md);
  const base = (over: Partial<LessonDef['steps'][number]> = {}): LessonDef => ({
    labs: { lab: { model: 'prefork', sets: [] } },
    steps: [{ id: 's', labs: ['lab'], facts: ['n'], hints: 0, run: async () => ({ n: 1 }), claims: [], ...over }],
  });
  const MD = '# T\n\ngoal: g\n\n## s: S\n\ntext\n\n### observe\n{n}\n\n### explain\nwhy\n';

  it('accepts a minimal lesson', () => {
    expect(checkLesson(text(MD), base())).toEqual([]);
  });

  it('refuses a choice question whose choices do not match', () => {
    const md = MD + '\n### question\nWhich?\n\n1) a\n2) b\n\n### answer\na\n';
    expect(checkLesson(text(md), base({ predict: { kind: 'choice', fact: 'n', choices: 3 } })).join()).toMatch(/2 numbered choices/);
    expect(checkLesson(text(md), base({ predict: { kind: 'choice', fact: 'n', choices: 2 } }))).toEqual([]);
  });

  it('refuses a prediction of a fact the step does not return', () => {
    const md = MD + '\n### question\nHow many?\n\n### answer\n1\n';
    expect(checkLesson(text(md), base({ predict: { kind: 'number', fact: 'm' } })).join()).toMatch(/predicts fact "m"/);
  });

  it('refuses a measured fact in text shown before the run', () => {
    const md = MD.replace('text\n', 'text {n}\n');
    expect(checkLesson(text(md), base()).join()).toMatch(/its text uses \{n\}, which is not a fact read before the run/);
  });

  it('refuses a step that watches for the learner without "### try"', () => {
    expect(checkLesson(text(MD), base({ byHand: true })).join()).toMatch(/no "### try"/);
  });

  it('refuses a claim reading a fact the step does not return', () => {
    const md = MD + '\n### claim c\nc\n';
    expect(checkLesson(text(md), base({ claims: [{ id: 'c', facts: ['zz'], holds: () => true }] })).join()).toMatch(/claim "c" reads "zz"/);
  });
});
