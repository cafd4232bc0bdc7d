// A sparkline: one column per value, eight heights of block characters. Pure.
const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * `values` scaled to the largest (or to `max` when given): 0 is a blank (nothing happened),
 * any value above 0 at least the lowest bar, so that one request is visible.
 */
export function sparkline(values: readonly number[], max?: number): string {
  const top = max ?? Math.max(0, ...values);
  return values
    .map((v) => {
      if (!(v > 0) || !(top > 0)) return ' ';
      const i = Math.min(BARS.length - 1, Math.max(0, Math.ceil((v / top) * BARS.length) - 1));
      return BARS[i]!;
    })
    .join('');
}
