// Errors a person caused (a wrong option, a value out of range, no lab on that port): main.ts
// prints the message without a stack trace and exits with the code.
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Reads a whole number option, or says which option, what was given and the accepted range. */
export function parseWholeNumber(option: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${option} takes a whole number from ${min} to ${max}; got "${value}".`);
  }
  return n;
}

/** The port a lab is to listen on: 0 lets the system pick one. */
export function parsePort(value: string): number {
  return parseWholeNumber('--port', value, 0, 65535);
}

/** The port of a running lab, to find it by. */
export function parseLabPort(value: string): number {
  return parseWholeNumber('--port', value, 1, 65535);
}
