// One short name per way a request can fail, so a run's errors can be counted by kind.
import { LAB_CLOSED_HEADER } from '../server/connection-words.ts';

const LAB_CLOSED = LAB_CLOSED_HEADER.toLowerCase();
const CLOSED_BY_LAB = 'closed by the lab: ';

/** Thrown by an exchange; `code` is the kind (ECONNRESET, timeout, socket hang up...). */
export class ExchangeError extends Error {
  /** No byte of the response had arrived: the request may never have reached the server. */
  beforeResponse = false;
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

/**
 * A request sent on a kept-alive connection that closed before any byte of the response: the
 * server closed the idle connection just as the request went out (event does that when all its
 * workers are busy), or the process holding it died. Browsers send such an idempotent request
 * again (RFC 9112, 9.3.1); the lab does not, so that every lost request is counted, and says
 * which failures were of this kind.
 */
export function isKeepAliveRace(error: unknown, reused: boolean): boolean {
  return reused && error instanceof ExchangeError && error.beforeResponse && ['socket hang up', 'ECONNRESET', 'EPIPE'].includes(error.code);
}

/**
 * A response the lab wrote only to say why it closed the connection (its backlog was full):
 * the kind names it, e.g. "closed by the lab: backlog full (ListenBacklog 8)"; null otherwise.
 */
export function closedByLabKind(headers: Record<string, string>): string | null {
  const reason = headers[LAB_CLOSED];
  return reason ? CLOSED_BY_LAB + reason : null;
}

export function isClosedByLab(kind: string): boolean {
  return kind.startsWith(CLOSED_BY_LAB);
}
