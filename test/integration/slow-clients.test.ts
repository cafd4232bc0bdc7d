// Slow clients, as httpd 2.4 treats them. A worker (prefork child, worker or event thread)
// reads the request itself, so a client slow to send its headers holds a slot in R, on all
// three models: measured on httpd 2.4.71 event, 2 x 4 threads, three clients sending one header
// line a second, `Scoreboard: RRR__W__` (W is the server-status request). Timeout is per read,
// so such clients keep their slots while they trickle; RequestReadTimeout (mod_reqtimeout)
// bounds the whole header block: 408, the slot freed, AH01382 in the error log.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseStatusAuto } from '../../labs/status/parse-auto.ts';
import { get, sleep } from '../support/http.ts';
import { runCli, startLab } from '../support/lab-process.ts';
import type { RunningLab } from '../support/lab-process.ts';
import { waitUntil } from '../support/proc.ts';

const LAYOUT: Record<string, string[]> = {
  prefork: ['StartServers=8', 'MinSpareServers=1', 'MaxSpareServers=8', 'MaxRequestWorkers=8'],
  worker: ['StartServers=2', 'ServerLimit=2', 'ThreadsPerChild=4', 'MaxRequestWorkers=8', 'MinSpareThreads=1', 'MaxSpareThreads=8'],
  event: ['StartServers=2', 'ServerLimit=2', 'ThreadsPerChild=4', 'MaxRequestWorkers=8', 'MinSpareThreads=1', 'MaxSpareThreads=8'],
};

async function startSmall(model: string, extra: string[] = []): Promise<RunningLab> {
  const lab = await startLab(model, [...LAYOUT[model]!, ...extra].flatMap((s) => ['--set', s]));
  expect(await waitUntil(async () => (await scoreboard(lab)).replace(/[^_]/g, '').length === 8, 15_000, 200)).toBe(true);
  return lab;
}

/** The scoreboard as the lab's file holds it (`mpm-lab status`: no request of ours in it). */
async function scoreboard(lab: RunningLab): Promise<string> {
  const r = await runCli(['status', '--port', String(lab.port), '--json']);
  if (r.code !== 0) return '';
  return (JSON.parse(r.stdout) as { scoreboard: string }).scoreboard;
}

const count = (board: string, letter: string) => board.split('').filter((c) => c === letter).length;

/** A client that sends its request line, then one header line every `everyMs`, `lines` times, then stops. */
class Trickler {
  readonly socket: net.Socket;
  received = '';
  closedAt = 0;
  readonly openedAt = Date.now();
  private stopped = false;
  readonly done: Promise<void>;

  constructor(port: number, lines: number, everyMs: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setEncoding('latin1');
    this.socket.on('data', (d: string) => (this.received += d));
    this.socket.on('error', () => {});
    this.socket.on('close', () => (this.closedAt ||= Date.now()));
    this.done = this.run(lines, everyMs);
  }

  private async run(lines: number, everyMs: number): Promise<void> {
    this.socket.write('GET /file.txt HTTP/1.1\r\n');
    for (let i = 0; i < lines && !this.stopped && !this.closedAt; i++) {
      await sleep(everyMs);
      if (!this.stopped && !this.closedAt) this.socket.write(i === 0 ? 'Host: x\r\n' : `X-Line-${i}: ${i}\r\n`);
    }
  }

  get status(): number | undefined {
    const m = /^HTTP\/1\.1 (\d{3}) /.exec(this.received);
    return m ? Number(m[1]) : undefined;
  }

  stop(): void {
    this.stopped = true;
    this.socket.destroy();
  }
}

for (const model of ['event', 'worker', 'prefork'] as const) {
  describe(`${model}: three clients sending one header line a second`, () => {
    it('hold three slots in R while they send, and free them when they go', async () => {
      const lab = await startSmall(model);
      const slow = [0, 1, 2].map(() => new Trickler(lab.port, 4, 1000));
      try {
        let board = '';
        const seen = await waitUntil(async () => count((board = await scoreboard(lab)), 'R') === 3, 3500, 100);
        expect(seen, `scoreboard ${board}`).toBe(true);
        expect(count(board, '_')).toBe(5);
        if (model !== 'prefork') {
          // what httpd's mod_status shows: three R, and W for the server-status request itself
          const status = parseStatusAuto((await get(lab.url + 'server-status?auto')).body);
          expect([count(status.scoreboard, 'R'), count(status.scoreboard, 'W')]).toEqual([3, 1]);
        }
        expect(slow.every((c) => c.closedAt === 0 && c.received === '')).toBe(true);
        slow.forEach((c) => c.stop());
        expect(await waitUntil(async () => count((board = await scoreboard(lab)), 'R') === 0, 5000, 100), `scoreboard ${board}`).toBe(true);
      } finally {
        slow.forEach((c) => c.stop());
        await lab.stop();
      }
    });
  });
}

for (const model of ['event', 'prefork'] as const) {
  describe(`${model}: RequestReadTimeout header=2`, () => {
    it('answers a client still sending its headers after 2 s with 408, frees its slot, and logs AH01382', async () => {
      const lab = await startSmall(model, ['RequestReadTimeout=header=2']);
      const slow = new Trickler(lab.port, 10, 500); // would take 5 s
      try {
        expect(await waitUntil(async () => count(await scoreboard(lab), 'R') === 1, 1500, 50)).toBe(true);
        await waitUntil(() => slow.closedAt > 0, 8000);
        expect(slow.status).toBe(408);
        const after = slow.closedAt - slow.openedAt;
        expect(after).toBeGreaterThanOrEqual(1900);
        expect(after).toBeLessThan(4500);
        const line = await lab.waitForLog(/AH01382/, 5000);
        expect(line).toMatch(/\[reqtimeout:info\] \[pid \d+\] AH01382: Request header read timeout$/);
        let board = '';
        expect(await waitUntil(async () => count((board = await scoreboard(lab)), 'R') === 0 && count(board, '_') === 8, 4000, 100), `scoreboard ${board}`).toBe(true);
      } finally {
        slow.stop();
        await lab.stop();
      }
    });

    it('without the directive, a client that trickles keeps its slot past 2 s (Timeout is per read)', async () => {
      const lab = await startSmall(model);
      const slow = new Trickler(lab.port, 8, 500);
      try {
        await sleep(3000);
        expect(slow.closedAt).toBe(0);
        expect(slow.received).toBe('');
        expect(count(await scoreboard(lab), 'R')).toBe(1);
        expect(lab.log.some((l) => l.includes('AH01382'))).toBe(false);
      } finally {
        slow.stop();
        await lab.stop();
      }
    });
  });
}

// The next request on a kept-alive connection, sent slowly. prefork and worker read it in
// httpd's sync loop (http_core.c), which shows R once per connection: the slot stays K until
// W. event's worker reads it as a new read (R). Measured on httpd 2.4.71 (1 request answered,
// then "GET /a.txt HTTP/1.1\r\n" only, the board read by another connection): prefork `_KW`,
// worker `_K_W`, event `W__R` (W is the server-status request).
for (const [model, letter] of [['prefork', 'K'], ['worker', 'K'], ['event', 'R']] as const) {
  describe(`${model}: a kept-alive request still being sent`, () => {
    it(`shows ${letter}, as httpd's ${model} does`, async () => {
      const lab = await startSmall(model);
      const socket = net.connect(lab.port, '127.0.0.1');
      let received = '';
      socket.setEncoding('latin1');
      socket.on('data', (d: string) => (received += d));
      socket.on('error', () => {});
      try {
        socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
        expect(await waitUntil(() => /\r\n\r\n/.test(received), 5000, 20)).toBe(true);
        let board = '';
        expect(await waitUntil(async () => (model === 'event' ? count((board = await scoreboard(lab)), '_') === 8 : count((board = await scoreboard(lab)), 'K') === 1), 3000, 50), `scoreboard ${board}`).toBe(true);
        socket.write('GET / HTTP/1.1\r\n');
        if (letter === 'R') await waitUntil(async () => count((board = await scoreboard(lab)), 'R') === 1, 3000, 50);
        else await sleep(400); // a turn of the child's loop would have shown R by now
        board = await scoreboard(lab);
        expect([count(board, letter), count(board, 'W'), count(board, '_')], `scoreboard ${board}`).toEqual([1, 0, 7]);
      } finally {
        socket.destroy();
        await lab.stop();
      }
    });
  });
}
