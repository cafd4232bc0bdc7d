// One short name per way a request can fail, so a run's errors can be counted by kind.

/** Thrown by an exchange; `code` is the kind (ECONNRESET, timeout, socket hang up...). */
export class ExchangeError extends Error {
  constructor(
    readonly code: string,
    message = code,
  ) {
    super(message);
    this.name = 'ExchangeError';
  }
}

export function errorKind(error: unknown): string {
  if (error instanceof ExchangeError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code) return code === 'ETIMEDOUT' ? 'timeout' : code;
  return error instanceof Error ? error.message : String(error);
}
