// The lesson pane's pure parts: the session's events folded into the current step, its lines
// (Markdown wrapped, scrolled, the answer line), what each key does by phase, and what typing
// does to the answer.
import { describe, expect, it } from 'vitest';
import type { LessonEvent, StepView } from '../../cli/lesson/session.ts';
import { STRINGS as LS } from '../../cli/lesson/strings.ts';
import { LESSON_BAR, LESSON_KEYS, RUN_KEYS, helpLines, keyBarLines } from '../../cli/tui/keys.ts';
import { lessonCall, typeInto } from '../../cli/tui/lesson-keys.ts';
import { LessonTranscript, lessonLines, markdownLines } from '../../cli/tui/lesson-model.ts';
import { lineText } from '../../cli/tui/line.ts';

const step = (index: number, extra: Partial<StepView> = {}): StepView => ({
  index,
  id: `s${index}`,
  title: `Step title ${index}`,
  text: 'The parent reads the configuration,\nopens the listening socket, and starts StartServers children.',
  question: { text: 'How many processes?', kind: 'number', choices: [] },
  tryText: null,
  byHand: false,
  hints: 2,
  labs: ['prefork'],
  ...extra,
});

function play(events: LessonEvent[]): LessonTranscript {
  const t = new LessonTranscript();
  for (const e of events) t.apply(e);
  return t;
}

const LESSON: LessonEvent = { type: 'lesson', time: 0, number: 1, title: 'Processes, and who answers', goal: 'only the children serve', intro: '', steps: [] };

describe('lesson transcript', () => {
  it('a step: its heading, text, question; then the answer, the run, what was measured, the claims', () => {
    const t = play([
      LESSON,
      { type: 'step', time: 0, step: step(0), of: 3, phase: 'question' },
      { type: 'answered', time: 0, index: 0, given: '2' },
      { type: 'running', time: 0, index: 0, byHand: false, text: 'Running the experiment...' },
      { type: 'observed', time: 0, index: 0, facts: {}, text: '3 processes: the parent and 2 children.' },
      { type: 'prediction', time: 0, index: 0, result: { given: '2', actual: '3', matched: false, text: 'You said 2; the lab did 3.' } },
      { type: 'claim', time: 0, index: 0, result: { id: 'c', ok: false, text: 'two children', measured: 'children=1' } },
    ]);
    expect(t.phase).toBe('observed');
    const text = lessonLines(t, { text: '', active: false }, 60, 40, 0).lines.map(lineText).map((l) => l.trimEnd());
    expect(text[0]).toContain('Lesson 1: Processes, and who answers');
    expect(text).toContain(LS.stepHeading(1, 3, 'Step title 0'));
    // the Markdown's line break inside a paragraph is not kept: the paragraph wraps to the pane
    expect(text).toContain('The parent reads the configuration, opens the listening');
    expect(text).toContain(`${LS.question}:`);
    expect(text).toContain(`${LS.yourAnswer}: 2`);
    expect(text).toContain('You said 2; the lab did 3.');
    expect(text).toContain(`[${LS.claimFailed}] two children`);
    expect(text).toContain(LS.claimMeasured('children=1'));
    expect(text[text.length - 1]).toMatch(/Enter: next step/);
    for (const l of text) expect(l.length).toBeLessThanOrEqual(60);
  });

  it('a new step starts over; the answer line shows what is typed', () => {
    const t = play([LESSON, { type: 'step', time: 0, step: step(0), of: 3, phase: 'question' }, { type: 'hint', time: 0, index: 0, tier: 1, of: 2, text: 'count the parent' }]);
    expect(lessonLines(t, { text: '', active: true }, 60, 30, 0).lines.map(lineText).join('\n')).toContain(LS.hint(1, 2));
    t.apply({ type: 'step', time: 0, step: step(1, { question: null }), of: 3, phase: 'ready' });
    const lines = lessonLines(t, { text: '3', active: true }, 60, 30, 0).lines.map(lineText);
    expect(lines.join('\n')).not.toContain(LS.hint(1, 2));
    expect(lines.join('\n')).toContain(LS.stepHeading(2, 3, 'Step title 1'));
    expect(lines[lines.length - 1]).toMatch(/^Your answer: 3_/);
  });

  it('a pane shorter than the step says what is below and above, and scrolls', () => {
    const long = step(0, { text: Array.from({ length: 30 }, (_, i) => `Paragraph ${i}.`).join('\n\n') });
    const t = play([LESSON, { type: 'step', time: 0, step: long, of: 3, phase: 'ready' }]);
    const top = lessonLines(t, { text: '', active: false }, 40, 8, 0);
    expect(top.lines).toHaveLength(8);
    expect(lineText(top.lines[6]!)).toMatch(/more lines \(PgDn\)/);
    const end = lessonLines(t, { text: '', active: false }, 40, 8, null);
    expect(end.scroll).toBe(end.maxScroll);
    expect(end.lines.map(lineText).find((l) => /above \(PgUp\)/.test(l))).toBeDefined();
  });

  it('code blocks keep their lines; list items hang', () => {
    const lines = markdownLines('Try:\n\n```\nps -L -o pid,tid,comm -p 1234\n```\n- first item that is long enough to wrap around the pane width', 40).map(lineText);
    expect(lines).toContain('  ps -L -o pid,tid,comm -p 1234');
    const item = lines.findIndex((l) => l.startsWith('- first'));
    expect(lines[item + 1]).toMatch(/^ {2}\S/);
  });
});

describe('lesson keys', () => {
  it('Enter goes on: answer, run, next; r runs again; nothing once closed', () => {
    expect(lessonCall('lesson-go', 'question', false)).toBe('answer');
    expect(lessonCall('lesson-go', 'ready', false)).toBe('run');
    expect(lessonCall('lesson-go', 'running', true)).toBe('run'); // the lab does it instead of the learner
    expect(lessonCall('lesson-go', 'running', false)).toBeNull();
    expect(lessonCall('lesson-go', 'observed', false)).toBe('next');
    expect(lessonCall('lesson-run', 'observed', false)).toBe('run');
    expect(lessonCall('lesson-back', 'ready', false)).toBe('back');
    expect(lessonCall('lesson-reset', 'finished', false)).toBe('reset');
    expect(lessonCall('lesson-next', 'closed', false)).toBeNull();
  });

  it('a number question takes digits and leaves letters to their keys; free text takes all', () => {
    const q = { text: 'How many?', kind: 'number' as const, choices: [] };
    expect(typeInto('', '4', { name: '4' }, q)).toBe('4');
    expect(typeInto('4', '2', { name: '2' }, q)).toBe('42');
    expect(typeInto('42', undefined, { name: 'backspace' }, q)).toBe('4');
    expect(typeInto('4', 'f', { name: 'f' }, q)).toBeNull(); // f is still a fast burst
    expect(typeInto('4', '\r', { name: 'enter' }, q)).toBeNull(); // Enter sends
    expect(typeInto('4', '5', { name: '5' }, null)).toBeNull(); // no question: not typing
    const free = { text: 'Which?', kind: 'text' as unknown as 'number', choices: [] };
    expect(typeInto('ab', 'c', { name: 'c' }, free)).toBe('abc');
    expect(typeInto('a', 'c', { name: 'c', ctrl: true }, free)).toBeNull();
  });

  it('b is back in a lesson, the lab\'s block is B; the bar fits 80 columns in one line; the help says so', () => {
    const byAction = (action: string) => LESSON_KEYS.find((k) => k.action === action)!;
    expect(byAction('lesson-back').keys).toEqual(['b']);
    expect(byAction('block').keys).toEqual(['S-b']);
    expect(byAction('lesson-reset').keys).toEqual(['S-r']);
    const bound = LESSON_KEYS.flatMap((k) => k.keys);
    expect(new Set(bound).size).toBe(bound.length); // no key does two things
    for (const k of RUN_KEYS) if (k.action !== 'block') expect(LESSON_KEYS.some((l) => l.action === k.action && l.keys.join() === k.keys.join())).toBe(true);
    expect(keyBarLines(LESSON_BAR, 80)).toHaveLength(1);
    expect(lineText(keyBarLines(LESSON_BAR, 120)[0]!)).toContain('B x g lab');
    const help = helpLines(LESSON_KEYS, 'intro', 78).map(lineText).join('\n');
    expect(help).toMatch(/\n {2}B {9}block a thread/);
    expect(help).toMatch(/\n {2}b {9}the step before/);
  });
});
