// The progress model: pure, with the time given.
import { describe, expect, it } from 'vitest';
import { emptyProgress, nextLesson, recordDone, recordStep, resetLesson, sanitizeProgress, statusOf } from '../../cli/lesson/progress-model.ts';

const T0 = new Date('2026-12-01T10:00:00Z');
const T1 = new Date('2026-12-01T10:05:00Z');

describe('progress', () => {
  it('goes from not started to started at step k to done', () => {
    let p = emptyProgress();
    expect(statusOf(p, 3)).toEqual({ kind: 'new' });
    p = recordStep(p, 3, 2, 6, T0);
    expect(statusOf(p, 3)).toEqual({ kind: 'started', step: 2, of: 6 });
    p = recordDone(p, 3, 6, T1);
    expect(statusOf(p, 3)).toEqual({ kind: 'done' });
    expect(p.lessons['3']).toMatchObject({ startedAt: T0.toISOString(), finishedAt: T1.toISOString(), done: true });
  });

  it('going back to a step of a lesson that is done keeps it done', () => {
    const p = recordStep(recordDone(emptyProgress(), 1, 3, T0), 1, 1, 3, T1);
    expect(statusOf(p, 1)).toEqual({ kind: 'done' });
  });

  it('reset forgets one lesson only', () => {
    const p = resetLesson(recordStep(recordStep(emptyProgress(), 1, 2, 3, T0), 3, 1, 6, T0), 1);
    expect(statusOf(p, 1)).toEqual({ kind: 'new' });
    expect(statusOf(p, 3).kind).toBe('started');
  });

  it('the next lesson is the first not done, in the manifest order', () => {
    const p = recordDone(emptyProgress(), 1, 3, T0);
    expect(nextLesson(p, [1, 3])).toBe(3);
    expect(nextLesson(recordDone(p, 3, 6, T0), [1, 3])).toBeNull();
    expect(nextLesson(emptyProgress(), [1, 3])).toBe(1);
  });

  it('reads a saved file, dropping what is not well-formed', () => {
    const p = sanitizeProgress({ version: 1, lessons: { '1': { step: 2, steps: 3, done: false, startedAt: 'a', updatedAt: 'b' }, x: {}, '3': { step: 'two' } } });
    expect(Object.keys(p!.lessons)).toEqual(['1']);
    expect(sanitizeProgress('nonsense')).toBeNull();
    expect(sanitizeProgress({ lessons: null })).toBeNull();
  });
});
