// How a lesson's claims compare what the live lab measured: with margins, never exact timings.

/** Whether `value` is within [low, high]. */
export function within(value: unknown, low: number, high: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= low && value <= high;
}
