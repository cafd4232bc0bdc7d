// The plain transcript's layout of lesson events: the words come from the events.
import { describe, expect, it } from 'vitest';
import { renderEvent } from '../../cli/lesson/plain-render.ts';
import type { LessonEvent } from '../../cli/lesson/session.ts';

const state = () => ({ running: false });

describe('renderEvent', () => {
  it('lays out a step with its question, choices and what to try', () => {
    const event: LessonEvent = {
      type: 'step',
      time: 0,
      of: 3,
      phase: 'question',
      step: { index: 1, id: 'who', title: 'Who answers', text: 'Text.', question: { text: 'Which?', kind: 'choice', choices: ['the parent', 'the children'] }, tryText: 'curl -i URL', byHand: true, hints: 2, labs: ['prefork'] },
    };
    expect(renderEvent(event, state()).join('\n')).toBe('\nStep 2/3: Who answers\n\nText.\n\nPredict: Which?\n  1) the parent\n  2) the children\n\nTry it yourself, in another terminal:\n  curl -i URL');
  });

  it('marks a failed claim and says what was measured', () => {
    const lines = renderEvent({ type: 'claim', time: 0, index: 0, result: { id: 'x', ok: false, text: 'Two children.', measured: 'children=3' } }, state());
    expect(lines).toEqual(['  [FAILED] Two children.', '      measured: children=3']);
  });

  it("shows the lab's log lines only while an experiment runs", () => {
    const s = state();
    const log: LessonEvent = { type: 'lab-event', time: 0, name: 'worker', event: { type: 'log', entry: { time: 0, module: 'core', level: 'notice', pid: 1, code: 'AH00052', text: 'child pid 2 exit signal Aborted (6)' } } };
    expect(renderEvent(log, s)).toEqual([]);
    renderEvent({ type: 'running', time: 0, index: 0, byHand: false, text: 'Running' }, s);
    expect(renderEvent(log, s)[0]).toMatch(/\| \[.*\] \[core:notice\] \[pid 1\] AH00052: child pid 2 exit signal Aborted \(6\)$/);
    renderEvent({ type: 'observed', time: 0, index: 0, facts: {}, text: 'seen' }, s);
    expect(renderEvent(log, s)).toEqual([]);
  });
});
