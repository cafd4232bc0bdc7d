// The lab's endpoints: ms validation, the token, X-Served-By, server-status, and files under
// DocumentRoot with every way out of the root refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleRequest } from '../../labs/handlers/handle-request.ts';
import type { HandlerContext } from '../../labs/handlers/types.ts';
import { buildRequest } from '../../labs/http/request.ts';
import type { LabRequest, LabResponse } from '../../labs/http/types.ts';
import type { ScoreboardSnapshot } from '../../labs/scoreboard/types.ts';

const TOKEN = 'tok-3f9a1c';
let tmp: string;
let root: string;

function request(target: string, method = 'GET', headers: Record<string, string> = {}): LabRequest {
  const flat = Object.entries(headers).flat();
  const req = buildRequest({ versionMajor: 1, versionMinor: 1, headers: flat, method, url: target }, '127.0.0.1:40000', Date.now());
  if (!req) throw new Error(`test target rejected by the parser: ${target}`);
  return req;
}

class Crashed extends Error {}

function context(log: string[] = []): HandlerContext {
  const snapshot: ScoreboardSnapshot = {
    model: 'worker',
    serverLimit: 1,
    threadLimit: 1,
    threadsPerChild: 1,
    maxRequestWorkers: 1,
    generation: 0,
    startTime: Date.now() - 5000,
    restartTime: Date.now() - 5000,
    now: Date.now(),
    processes: [{ slot: 0, pid: 4242, generation: 0, quiescing: 0, notAccepting: 0, startedAt: 0, connections: 0, keepAlive: 0, closing: 0, writing: 0, waitIo: 0 }],
    slots: [[{ process: 0, thread: 0, status: 'W', pid: 4242, tid: 4243, generation: 0, accessCount: 1, myAccessCount: 1, connCount: 1, bytesServed: 0, myBytesServed: 0, connBytes: 0, requestStart: 0, requestEnd: 0, lastUsed: 0, durationTotal: 0, client: '127.0.0.1:1', request: 'GET /server-status HTTP/1.1' }]],
  };
  return {
    identity: { pid: 4242, tid: 4243, threadName: 'worker-0.0', processSlot: 0, threadSlot: 0, model: 'worker' },
    sleep: async (ms) => void log.push(`sleep ${ms}`),
    crash: () => {
      log.push('crash');
      throw new Crashed('crashed');
    },
    moduleLock: {
      hold: async (ms) => void log.push(`hold ${ms}`),
      enter: async () => {
        log.push('enter');
        return 120;
      },
    },
    token: TOKEN,
    documentRoot: root,
    status: () => ({ snapshot, info: { serverName: '127.0.0.1', serverVersion: 'mpm-lab/0.1.0', serverBuilt: 'today', mpm: 'worker', configGeneration: 1, mpmGeneration: 0, loadAvg: [0, 0, 0] } }),
  };
}

const bodyText = (res: LabResponse): string => (typeof res.body === 'string' ? res.body : Buffer.from(res.body).toString());

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-handlers-'));
  root = path.join(tmp, 'htdocs');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<p>home</p>');
  fs.writeFileSync(path.join(root, 'a.txt'), 'inside');
  fs.writeFileSync(path.join(root, 'sub', 'index.html'), '<p>sub</p>');
  fs.writeFileSync(path.join(root, '.htaccess'), 'Require all denied');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'SECRET');
  fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'link-out'));
  fs.symlinkSync(tmp, path.join(root, 'dir-out'));
  fs.symlinkSync(path.join(root, 'a.txt'), path.join(root, 'link-in'));
  // a sibling whose name starts with the root's: a prefix test without the separator would pass it
  fs.mkdirSync(`${root}-evil`);
  fs.writeFileSync(path.join(`${root}-evil`, 'x.txt'), 'SECRET');
  fs.symlinkSync(path.join(`${root}-evil`, 'x.txt'), path.join(root, 'link-sibling'));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('files under DocumentRoot', () => {
  it('serves files, index.html for directories, and redirects a directory without its slash', async () => {
    const ctx = context();
    const file = await handleRequest(request('/a.txt'), ctx);
    expect(file.status).toBe(200);
    expect(bodyText(file)).toBe('inside');
    expect(file.headers?.['Content-Type']).toBe('text/plain; charset=utf-8');
    expect(bodyText(await handleRequest(request('/sub/'), ctx))).toBe('<p>sub</p>');
    const redirect = await handleRequest(request('/sub?x=1'), ctx);
    expect(redirect.status).toBe(301);
    expect(redirect.headers?.['Location']).toBe('/sub/?x=1');
    expect(bodyText(await handleRequest(request('/link-in'), ctx))).toBe('inside');
    expect((await handleRequest(request('/missing.html'), ctx)).status).toBe(404);
  });

  it("answers other methods and a file's URL with a trailing slash as httpd's default handler does", async () => {
    const ctx = context();
    // POST gets the file (its body was read and dropped), as in httpd
    const post = await handleRequest(request('/a.txt', 'POST'), ctx);
    expect([post.status, bodyText(post)]).toEqual([200, 'inside']);
    const del = await handleRequest(request('/a.txt', 'DELETE'), ctx);
    expect(del.status).toBe(405);
    expect(del.headers?.['Allow']).toBe('POST,OPTIONS,HEAD,GET');
    // methods other than GET, HEAD and POST look at no file (httpd 2.4.71: 405 for a missing
    // file too, and OPTIONS 200 with Allow whether the file exists or not)
    expect((await handleRequest(request('/missing.html', 'DELETE'), ctx)).status).toBe(405);
    expect((await handleRequest(request('/missing.html', 'PUT'), ctx)).status).toBe(405);
    for (const target of ['/a.txt', '/missing.html']) {
      const options = await handleRequest(request(target, 'OPTIONS'), ctx);
      expect([options.status, options.headers?.['Allow'], bodyText(options)]).toEqual([200, 'POST,OPTIONS,HEAD,GET', '']);
    }
    // the server itself: 200 without Allow
    const star = await handleRequest(request('*', 'OPTIONS'), ctx);
    expect([star.status, star.headers?.['Allow']]).toEqual([200, undefined]);
    // TRACE, as httpd with TraceEnable off: 405 with an empty Allow, on files and endpoints alike
    for (const target of ['/a.txt', '/missing.html', '/sleep']) {
      const trace = await handleRequest(request(target, 'TRACE'), ctx);
      expect([trace.status, trace.headers?.['Allow']]).toEqual([405, '']);
    }
    expect((await handleRequest(request('/a.txt/'), ctx)).status).toBe(404);
    expect((await handleRequest(request('/a.txt/more'), ctx)).status).toBe(404);
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/sub/../../secret.txt',
    '/sub/%2e%2e/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/a.txt%00.html',
    '/link-out',
    '/dir-out/secret.txt',
    '/link-sibling',
    '//etc/passwd',
    `/${'../'.repeat(12)}etc/passwd`,
    'http://127.0.0.1/../secret.txt',
    '/.htaccess',
  ])('never serves anything outside the root: %s', async (target) => {
    const res = await handleRequest(request(target), context());
    expect([400, 403, 404]).toContain(res.status);
    expect(bodyText(res)).not.toContain('SECRET');
    expect(bodyText(res)).not.toContain('root:');
  });
});

describe('/sleep', () => {
  it.each(['/sleep', '/sleep?ms=', '/sleep?ms=abc', '/sleep?ms=-1', '/sleep?ms=1.5', '/sleep?ms=60001', '/sleep?ms=1e3', '/sleep?ms=%201'])(
    'refuses %s with a message that names ms and its range',
    async (target) => {
      const log: string[] = [];
      const res = await handleRequest(request(target), context(log));
      expect(res.status).toBe(400);
      expect(bodyText(res)).toMatch(/ms/);
      expect(bodyText(res)).toContain('0 to 60000');
      expect(log).toEqual([]);
    },
  );

  it('holds the slot through ctx.sleep for 0..60000 ms', async () => {
    const log: string[] = [];
    for (const ms of [0, 250, 60000]) expect((await handleRequest(request(`/sleep?ms=${ms}`), context(log))).status).toBe(200);
    expect(log).toEqual(['sleep 0', 'sleep 250', 'sleep 60000']);
  });
});

describe('the token, /crash, /block and /module', () => {
  it('refuses /crash and /block without the right token, saying where the token is', async () => {
    for (const target of ['/crash', `/crash?token=wrong`, '/block?ms=100', `/block?ms=100&token=${TOKEN}x`]) {
      const log: string[] = [];
      const res = await handleRequest(request(target), context(log));
      expect(res.status).toBe(403);
      expect(bodyText(res)).toContain('printed when the lab starts');
      expect(bodyText(res)).toContain('run folder, readable only by its user');
      expect(bodyText(res)).toContain('mpm-lab commands send it');
      expect(log).toEqual([]);
    }
  });

  it('crashes with the token as a header or a query parameter', async () => {
    for (const req of [request('/crash', 'GET', { 'X-Lab-Token': TOKEN }), request(`/crash?token=${TOKEN}`)]) {
      const log: string[] = [];
      await expect(handleRequest(req, context(log))).rejects.toBeInstanceOf(Crashed);
      expect(log).toEqual(['crash']);
    }
  });

  it('/block holds the lock; /module needs no token and says how long it waited', async () => {
    const log: string[] = [];
    const block = await handleRequest(request(`/block?ms=1500&token=${TOKEN}`), context(log));
    expect(block.status).toBe(200);
    expect(bodyText(block)).toContain('lock is what links the threads of one process');
    const mod = await handleRequest(request('/module'), context(log));
    expect(mod.status).toBe(200);
    expect(bodyText(mod)).toContain('Waited 120 ms');
    expect(bodyText(mod)).toContain('non-thread-safe modules');
    expect(log).toEqual(['hold 1500', 'enter']);
    expect((await handleRequest(request(`/block?ms=99999&token=${TOKEN}`), context())).status).toBe(400);
  });
});

describe('every response', () => {
  it('carries X-Served-By, and the home page shows the same text', async () => {
    const want = 'pid=4242 tid=4243 thread=worker-0.0 slot=0.0';
    for (const target of ['/', '/nope', '/sleep?ms=x', '/crash', '/module', '/server-status?auto', '/a.txt']) {
      expect((await handleRequest(request(target), context())).headers?.['X-Served-By']).toBe(want);
    }
    expect(bodyText(await handleRequest(request('/'), context()))).toContain(want);
    const post = await handleRequest(request('/sleep?ms=1', 'POST'), context());
    expect([post.status, post.headers?.['Allow']]).toEqual([405, 'GET,HEAD,OPTIONS']);
    const options = await handleRequest(request('/sleep', 'OPTIONS'), context());
    expect([options.status, options.headers?.['Allow']]).toEqual([200, 'GET,HEAD,OPTIONS']);
  });

  it('gives 404 with an httpd-like body when there is no DocumentRoot', async () => {
    const res = await handleRequest(request('/nothing'), { ...context(), documentRoot: undefined });
    expect(res.status).toBe(404);
    expect(bodyText(res)).toContain('<h1>Not Found</h1>');
  });
});

describe('/server-status', () => {
  it('answers ?auto as text and the page as HTML, and honours ?refresh', async () => {
    const auto = await handleRequest(request('/server-status?auto'), context());
    expect(auto.headers?.['Content-Type']).toBe('text/plain; charset=ISO-8859-1');
    expect(bodyText(auto)).toMatch(/^127\.0\.0\.1\nServerVersion: mpm-lab\/0\.1\.0\n/);
    expect(bodyText(auto)).toContain('\nBusyWorkers: 1\n');
    const page = await handleRequest(request('/server-status?refresh=3'), context());
    expect(page.headers?.['Content-Type']).toBe('text/html; charset=ISO-8859-1');
    expect(page.headers?.['Refresh']).toBe('3');
    expect(bodyText(page)).toContain('<h1>Apache Server Status for 127.0.0.1');
    expect((await handleRequest(request('/server-status?refresh'), context())).headers?.['Refresh']).toBe('10');
  });
});
