// Opens n connections, sends one keep-alive GET on each, reads the response, then leaves them
// idle and notes when the server closes each one: KeepAliveTimeout, MaxKeepAliveRequests and
// event's early closing under load become visible.
import { Connection } from './connection.ts';
import { errorKind } from './error-kind.ts';
import { NotListeningError } from './errors.ts';
import { requestText } from './request-text.ts';
import { parseServedBy } from './served-by.ts';
import { parseTarget } from './target.ts';
import type { HoldResponse, KeepAliveHold } from './types.ts';

export async function holdKeepAlive(url: string, n: number, options: { timeoutMs?: number } = {}): Promise<KeepAliveHold> {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`holdKeepAlive: n must be a whole number >= 1; got ${n}`);
  const target = parseTarget(url);
  const text = requestText(target, 'GET', true);
  const closedAt: (number | null)[] = new Array<number | null>(n).fill(null);
  const responses: (HoldResponse | null)[] = new Array<HoldResponse | null>(n).fill(null);
  const errors: (string | null)[] = new Array<string | null>(n).fill(null);
  const conns = Array.from({ length: n }, (_, i) => new Connection(target, (at) => (closedAt[i] = at)));

  await Promise.all(
    conns.map(async (conn, i) => {
      try {
        const res = await conn.exchange(text, { timeoutMs: options.timeoutMs ?? 30_000 });
        const servedBy = parseServedBy(res.headers['x-served-by']);
        responses[i] = { status: res.status, ...(servedBy ? { servedBy } : {}) };
      } catch (error) {
        errors[i] = errorKind(error);
        if (errors[i] === 'timeout') conn.close();
      }
    }),
  );
  if (errors.every((e) => e === 'ECONNREFUSED')) throw new NotListeningError(target.url);

  return {
    connections: n,
    open: () => conns.filter((c) => c.open).length,
    close: () => conns.forEach((c) => c.close()),
    closedAt,
    responses,
    errors,
  };
}
