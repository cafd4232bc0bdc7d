// One request on its own connection, for lessons and checks that need the body.
import { Connection } from './connection.ts';
import { errorKind } from './error-kind.ts';
import { NotListeningError } from './errors.ts';
import { requestText } from './request-text.ts';
import { parseTarget } from './target.ts';
import type { RequestOptions, SingleResponse } from './types.ts';

export async function request(url: string, options: RequestOptions = {}): Promise<SingleResponse> {
  const target = parseTarget(url);
  const method = (options.method ?? 'GET').toUpperCase();
  const text = requestText(target, method, false, options.headers);
  const conn = new Connection(target);
  const t0 = performance.now();
  try {
    const res = await conn.exchange(text, { timeoutMs: options.timeoutMs ?? 30_000, head: method === 'HEAD', keepBody: true });
    return { status: res.status, headers: res.headers, body: res.body, latencyMs: performance.now() - t0 };
  } catch (error) {
    const kind = errorKind(error);
    if (kind === 'ECONNREFUSED') throw new NotListeningError(target.url);
    throw new Error(`${method} ${target.url} failed: ${kind}`, { cause: error });
  } finally {
    conn.close();
  }
}
