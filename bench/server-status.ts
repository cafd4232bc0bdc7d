// Reads `/server-status?auto` (the lab's or httpd's: the same fields) and the scoreboard in it.
import http from 'node:http';

export interface StatusAuto {
  fields: Record<string, string>;
  scoreboard: string; // one character per slot, as mod_status prints it
}

export function readStatus(baseUrl: string, timeoutMs = 2000): Promise<StatusAuto | null> {
  return new Promise((resolve) => {
    const req = http.get(new URL('server-status?auto', baseUrl), { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        const fields: Record<string, string> = {};
        for (const line of body.split('\n')) {
          const i = line.indexOf(': ');
          if (i > 0) fields[line.slice(0, i)] = line.slice(i + 2).trim();
        }
        resolve(res.statusCode === 200 ? { fields, scoreboard: fields.Scoreboard ?? '' } : null);
      });
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/**
 * Slots ready to serve: those waiting for a connection ('_'), plus the one that serves this
 * very status request (httpd shows it W, the lab R or W; nothing else is sent while a bench
 * waits for a server to be ready).
 */
export function readySlots(s: StatusAuto | null): number {
  if (!s) return 0;
  const cells = [...s.scoreboard];
  return cells.filter((c) => c === '_').length + (cells.some((c) => c === 'R' || c === 'W') ? 1 : 0);
}

/** Until `want` slots are ready; the ms it took, or null at the deadline. */
export async function waitForReadySlots(baseUrl: string, want: number, withinMs: number, stepMs = 20): Promise<number | null> {
  const t0 = performance.now();
  while (performance.now() - t0 < withinMs) {
    if (readySlots(await readStatus(baseUrl)) >= want) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return null;
}
