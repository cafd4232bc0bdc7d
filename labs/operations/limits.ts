// The bounds every operation keeps, whoever calls it: a lab runs on a shared machine, so no
// key press or lesson step can start an unbounded load. Everything stops by itself.
export const LIMITS = {
  maxRequests: 10_000, // per burst
  maxConcurrency: 1000, // connections at once, as `mpm-lab load -c`
  maxHeld: 1000, // idle keep-alive clients held at once
  maxHoldMs: 120_000, // how long they are held at most
  maxMs: 60_000, // /sleep, /block, /crash?after: the lab's own limit (labs/handlers/ms-param.ts)
  maxDurationMs: 120_000, // any operation's whole run
  timeoutMs: 70_000, // per request: longer than the longest sleep the lab allows
} as const;

export function checkWhole(operation: string, name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${operation}: ${name} must be a whole number from ${min} to ${max}; got ${value}`);
  }
}
