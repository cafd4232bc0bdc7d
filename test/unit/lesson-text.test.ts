// The lessons' Markdown reader and placeholders: pure text in, sections and filled text out.
import { describe, expect, it } from 'vitest';
import { claimIds, hintTiers, parseLessonMarkdown, splitChoices } from '../../cli/lesson/markdown.ts';
import { MissingFactError, fillPlaceholders, formatFact, placeholdersIn } from '../../cli/lesson/placeholders.ts';

const SAMPLE = `# A title

goal: say one thing

An introduction.

## one: First step

The step's text.

### question
Which?

1) this
2) that

### hint 1
H1

### hint 2
H2

### claim two-children
{children} children.

\`\`\`
## not-a-step: inside a fence
\`\`\`

## end: Close

Bye.
`;

describe('parseLessonMarkdown', () => {
  const text = parseLessonMarkdown(SAMPLE);

  it('reads the title, the goal and the introduction', () => {
    expect(text.title).toBe('A title');
    expect(text.goal).toBe('say one thing');
    expect(text.intro).toBe('An introduction.');
    expect(text.problems).toEqual([]);
  });

  it('reads steps with their sections, and keeps headings inside fences as text', () => {
    expect(text.steps.map((s) => s.id)).toEqual(['one']);
    const step = text.steps[0]!;
    expect(step.title).toBe('First step');
    expect(step.text).toBe("The step's text.");
    expect([...step.sections.keys()]).toEqual(['question', 'hint 1', 'hint 2', 'claim two-children']);
    expect(step.sections.get('claim two-children')).toContain('## not-a-step: inside a fence');
    expect(hintTiers(step)).toEqual([1, 2]);
    expect(claimIds(step)).toEqual(['two-children']);
  });

  it('keeps the closing section apart from the steps', () => {
    expect(text.end?.text).toBe('Bye.');
  });

  it('reports what it cannot read', () => {
    const bad = parseLessonMarkdown('## NoId\n\n### question\nq\n## a: A\n### colour\nx\n## a: again\n');
    expect(bad.problems.join('\n')).toMatch(/"## NoId" should be "## step-id: Title"/);
    expect(bad.problems.join('\n')).toMatch(/"### question" outside a step/);
    expect(bad.problems.join('\n')).toMatch(/unknown section "### colour"/);
    expect(bad.problems.join('\n')).toMatch(/step "a" appears twice/);
    expect(bad.problems.join('\n')).toMatch(/no "# Title"/);
  });

  it('splits numbered choices from the question', () => {
    expect(splitChoices('Which?\n\n1) this\n2) that')).toEqual({ text: 'Which?', choices: ['this', 'that'] });
    expect(splitChoices('How many?').choices).toEqual([]);
  });
});

describe('placeholders', () => {
  it('lists each name once, in order', () => {
    expect(placeholdersIn('{a} and {b} and {a}; not { c } nor {1x}')).toEqual(['a', 'b']);
  });

  it('fills from facts, whole numbers as they are and others to one decimal', () => {
    expect(fillPlaceholders('{n} of {m}: {x} MB, {ok}', { n: 4, m: 8, x: 93.44, ok: true })).toBe('4 of 8: 93.4 MB, true');
    expect(formatFact(2.25)).toBe('2.3');
  });

  it('refuses a placeholder with no fact, naming it', () => {
    expect(() => fillPlaceholders('{lost} of {inFlight}', { lost: 4 })).toThrow(MissingFactError);
    expect(() => fillPlaceholders('{lost} of {inFlight}', { lost: 4 })).toThrow(/\{inFlight\}/);
  });
});
