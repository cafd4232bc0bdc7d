// A step that starts its own lab (ownsLabs, the capstone) may declare no lab of the lesson's;
// any other step without a lab is still reported by `lessons --check`.
import { describe, expect, it } from 'vitest';
import { checkLesson } from '../../cli/lesson/check-lesson.ts';
import { parseLessonMarkdown } from '../../cli/lesson/markdown.ts';
import type { LessonDef, StepDef } from '../../lessons/step-types.ts';

const text = parseLessonMarkdown('# T\n\ngoal: g\n\nintro\n\n## one: One\n\nText.\n\n### observe\n{n}\n\n### explain\nWhy.\n');
const step = (over: Partial<StepDef>): StepDef => ({ id: 'one', labs: [], facts: ['n'], hints: 0, run: async () => ({ n: 1 }), claims: [], ...over });

describe('ownsLabs', () => {
  it('lets a step run no lesson lab', () => {
    const def: LessonDef = { labs: {}, steps: [step({ ownsLabs: true })] };
    expect(checkLesson(text, def)).toEqual([]);
  });
  it('without it, a step with no lab is a problem', () => {
    const def: LessonDef = { labs: {}, steps: [step({})] };
    expect(checkLesson(text, def).join('\n')).toMatch(/runs no lab/);
  });
});
