import { describe, expect, it } from 'vitest';
import { RevalidatedCache } from '../../labs/handlers/static-file-cache.ts';

describe('RevalidatedCache', () => {
  it('trusts an entry for less than maxAgeMs after it was checked, then not', () => {
    const c = new RevalidatedCache<string>(1000, 4);
    c.set('/a', 'A', 10_000);
    expect(c.fresh('/a', 10_000)).toBe('A');
    expect(c.fresh('/a', 10_999)).toBe('A');
    expect(c.fresh('/a', 11_000)).toBeUndefined();
    expect(c.stale('/a')).toBe('A'); // still there to revalidate against
    c.set('/a', 'A', 11_000);
    expect(c.fresh('/a', 11_500)).toBe('A');
  });

  it('does not trust an entry when the clock went backwards', () => {
    const c = new RevalidatedCache<string>(1000, 4);
    c.set('/a', 'A', 10_000);
    expect(c.fresh('/a', 9_999)).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the one set longest ago', () => {
    const c = new RevalidatedCache<number>(1000, 2);
    c.set('a', 1, 0);
    c.set('b', 2, 0);
    c.set('a', 3, 1); // a is now the newest
    c.set('c', 4, 2);
    expect(c.size).toBe(2);
    expect(c.stale('b')).toBeUndefined();
    expect(c.fresh('a', 2)).toBe(3);
    expect(c.fresh('c', 2)).toBe(4);
    c.delete('a');
    expect(c.stale('a')).toBeUndefined();
  });

  it('keeps at most maxBytes in all, dropping the oldest first; an entry larger than that alone is not kept', () => {
    const c = new RevalidatedCache<string>(1000, 100, 10, (v) => v.length);
    c.set('a', 'xxxx', 0);
    c.set('b', 'xxxx', 0);
    expect(c.bytes).toBe(8);
    c.set('c', 'xxxx', 1); // 12 > 10: a goes
    expect(c.stale('a')).toBeUndefined();
    expect(c.bytes).toBe(8);
    c.set('b', 'xxxxxx', 2); // b replaced by a larger value, the newest: 4 + 6
    expect(c.bytes).toBe(10);
    expect(c.stale('c')).toBe('xxxx');
    c.set('d', 'xxxxxxxxxxx', 3); // 11 bytes alone: not kept, the others stay
    expect(c.stale('d')).toBeUndefined();
    expect(c.size).toBe(2);
    c.delete('b');
    expect(c.bytes).toBe(4);
  });
});
