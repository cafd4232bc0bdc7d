// Claims and predictions against a fake fact set: a false claim fails, a wrong prediction
// never does.
import { describe, expect, it } from 'vitest';
import { checkClaims } from '../../cli/lesson/claims.ts';
import { within } from '../../lessons/margins.ts';
import { comparePrediction, readAnswer } from '../../cli/lesson/prediction.ts';
import type { ClaimDef } from '../../lessons/step-types.ts';

const CLAIMS: ClaimDef[] = [
  { id: 'whole-process', facts: ['lost'], holds: (f) => f.lost === 4 },
  { id: 'fast', facts: ['ms'], holds: (f) => within(f.ms, 0, 2500) },
];
const TEXTS = new Map([
  ['claim whole-process', 'The crash cost 4 (measured: {lost}).'],
  ['claim fast', 'Within 2.5 s ({ms} ms).'],
]);

describe('checkClaims', () => {
  it('passes claims the facts keep, with their text filled in', () => {
    const results = checkClaims(CLAIMS, { lost: 4, ms: 600 }, TEXTS);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(results[0]!.text).toBe('The crash cost 4 (measured: 4).');
  });

  it('fails a claim the facts break, and says what was measured', () => {
    const [lost, fast] = checkClaims(CLAIMS, { lost: 8, ms: 4000 }, TEXTS);
    expect(lost).toMatchObject({ id: 'whole-process', ok: false, measured: 'lost=8' });
    expect(fast).toMatchObject({ id: 'fast', ok: false, measured: 'ms=4000' });
  });

  it('fails a claim whose fact is missing or whose check throws', () => {
    expect(checkClaims(CLAIMS, { ms: 1 }, TEXTS)[0]).toMatchObject({ ok: false, measured: 'lost=(missing)' });
    const throwing: ClaimDef = { id: 'x', facts: [], holds: () => { throw new Error('boom'); } };
    expect(checkClaims([throwing], {}, new Map())[0]!.ok).toBe(false);
  });

  it('within() compares with margins and refuses non-numbers', () => {
    expect(within(1, 0, 2)).toBe(true);
    expect(within(3, 0, 2)).toBe(false);
    expect(within('1', 0, 2)).toBe(false);
    expect(within(NaN, 0, 2)).toBe(false);
  });
});

describe('comparePrediction', () => {
  it('compares a number with what this run measured', () => {
    const r = comparePrediction({ kind: 'number', fact: 'lost' }, '4', { lost: 4 }, []);
    expect(r).toMatchObject({ matched: true, given: '4', actual: '4' });
  });

  it('shows a wrong prediction next to the measured value, without failing', () => {
    const r = comparePrediction({ kind: 'number', fact: 'lost' }, '1', { lost: 4 }, []);
    expect(r.matched).toBe(false);
    expect(r.text).toContain('You said 1');
    expect(r.text).toContain('4');
  });

  it('names the choice that happened', () => {
    const r = comparePrediction({ kind: 'choice', fact: 'who', choices: 3 }, '1', { who: 2 }, ['the parent', 'the children', 'both']);
    expect(r).toMatchObject({ matched: false, given: '1) the parent', actual: '2) the children' });
  });

  it('with no answer gives this run\'s answer', () => {
    const r = comparePrediction({ kind: 'number', fact: 'n', tolerance: 1 }, '', { n: 15 }, []);
    expect(r.matched).toBeNull();
    expect(r.text).toContain('15');
    expect(comparePrediction({ kind: 'number', fact: 'n', tolerance: 1 }, '14', { n: 15 }, []).matched).toBe(true);
  });

  it('a decision (decides) is shown as the choice that ran, never compared', () => {
    const models = ['prefork', 'worker', 'event'];
    const mine = comparePrediction({ kind: 'choice', fact: 'model', choices: 3, decides: true }, '2', { model: 2 }, models);
    expect(mine).toMatchObject({ matched: null, given: '2) worker', actual: '2) worker', text: 'It ran your choice: 2) worker.' });
    const none = comparePrediction({ kind: 'choice', fact: 'model', choices: 3, decides: true }, '', { model: 3 }, models);
    expect(none).toMatchObject({ matched: null, text: 'No choice given, so the lesson chose: 3) event.' });
    const bad = comparePrediction({ kind: 'number', fact: 'threads', decides: true }, 'lots', { threads: 16 }, []);
    expect(bad).toMatchObject({ matched: null, text: 'lots is not a choice this step can run, so the lesson chose: 16.' });
  });

  it('reads answers: numbers, and choices in range only', () => {
    expect(readAnswer({ kind: 'choice', fact: 'x', choices: 3 }, ' 2 ')).toBe(2);
    expect(readAnswer({ kind: 'choice', fact: 'x', choices: 3 }, '4')).toBeNull();
    expect(readAnswer({ kind: 'number', fact: 'x' }, 'four')).toBeNull();
  });
});
