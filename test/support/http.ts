// A plain HTTP client for tests: one new connection per request unless an agent is given,
// so tests decide exactly how many connections the lab sees.
import http from 'node:http';
import { parseServedBy } from '../../labs/client/served-by.ts';
import type { ServedBy } from '../../labs/client/types.ts';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  servedBy: ServedBy | null;
  ms: number;
}

/** The X-Served-By header, read by the lab's own client parser. */
export function servedByHeader(value: string | string[] | undefined): Reply['servedBy'] {
  return typeof value === 'string' ? (parseServedBy(value) ?? null) : null;
}

export function get(url: string, options: { headers?: Record<string, string>; timeoutMs?: number; agent?: http.Agent | false } = {}): Promise<Reply> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: options.headers, agent: options.agent ?? false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body, servedBy: servedByHeader(res.headers['x-served-by']), ms: Date.now() - start }),
      );
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** Settles every request: ok replies and failures, in order. */
export async function settleAll(requests: Promise<Reply>[]): Promise<{ ok: Reply[]; failed: Error[] }> {
  const results = await Promise.allSettled(requests);
  return {
    ok: results.filter((r): r is PromiseFulfilledResult<Reply> => r.status === 'fulfilled').map((r) => r.value),
    failed: results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
