// httpd's corrections of the MPM settings: every warning with its AH number and exact text, the
// order httpd prints them in, and the silent adjustments of *_run with the lab's notes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyCorrections, resolveConfig } from '../../labs/config/index.ts';
import type { MpmSettings, ResolvedConfig } from '../../labs/config/index.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-corr-'));
let n = 0;
function resolveText(text: string, model?: 'prefork' | 'worker' | 'event', sets?: string[]): ResolvedConfig {
  const file = path.join(dir, `c${++n}.conf`);
  fs.writeFileSync(file, `Listen 127.0.0.1:8080\n${text}\n`);
  return resolveConfig({ file, env: {}, ...(model ? { model } : {}), ...(sets ? { sets } : {}) });
}
const lines = (r: ResolvedConfig) => r.warnings.map((w) => `${w.code}: ${w.text}`);

const PREFORK: MpmSettings = {
  StartServers: 5, MinSpareServers: 5, MaxSpareServers: 10, MinSpareThreads: 0, MaxSpareThreads: 0,
  MaxRequestWorkers: 256, ServerLimit: 256, ThreadsPerChild: 1, ThreadLimit: 1,
};
const THREADED: MpmSettings = {
  StartServers: 3, MinSpareServers: 0, MaxSpareServers: 0, MinSpareThreads: 75, MaxSpareThreads: 250,
  MaxRequestWorkers: 400, ServerLimit: 16, ThreadsPerChild: 25, ThreadLimit: 64,
};

describe('defaults', () => {
  it('prefork: 5/5/10, 256 workers, ServerLimit 256, one thread per child', () => {
    const c = resolveText('', 'prefork').config;
    expect([c.StartServers, c.MinSpareServers, c.MaxSpareServers, c.MaxRequestWorkers, c.ServerLimit]).toEqual([5, 5, 10, 256, 256]);
    expect([c.ThreadsPerChild, c.ThreadLimit]).toEqual([1, 1]);
    expect(resolveText('', 'prefork').warnings).toEqual([]);
  });
  it.each(['worker', 'event'] as const)('%s: 3 servers, 75/250 spare threads, 25 per child, 400 workers, limits 16 and 64', (model) => {
    const r = resolveText('', model);
    const c = r.config;
    expect([c.StartServers, c.MinSpareThreads, c.MaxSpareThreads, c.ThreadsPerChild, c.MaxRequestWorkers, c.ServerLimit, c.ThreadLimit])
      .toEqual([3, 75, 250, 25, 400, 16, 64]);
    expect(c.AsyncRequestWorkerFactor).toBe(2);
    expect(r.warnings).toEqual([]);
  });
  it('common: KeepAlive On, 5 s, 100 requests, Timeout 60 s, backlog 511, no recycling', () => {
    const c = resolveText('', 'event').config;
    expect([c.KeepAlive, c.KeepAliveTimeout, c.MaxKeepAliveRequests, c.Timeout, c.ListenBacklog, c.MaxConnectionsPerChild])
      .toEqual([true, 5000, 100, 60000, 511, 0]);
  });
});

describe('worker and event: worker_check_config / event_check_config', () => {
  it('AH00316: MaxRequestWorkers not a multiple of ThreadsPerChild (worker)', () => {
    const r = resolveText('ThreadsPerChild 4\nMaxRequestWorkers 10', 'worker');
    expect(lines(r)).toEqual([
      'AH00316: WARNING: MaxRequestWorkers of 10 is not an integer multiple of ThreadsPerChild of 4, decreasing to nearest multiple 8, for a maximum of 2 servers.',
    ]);
    expect(r.config.MaxRequestWorkers).toBe(8);
    const source = r.sources.MaxRequestWorkers;
    expect(source.kind === 'derived' && source.from).toMatch(/^MaxRequestWorkers 10 \(.*:3\), corrected by httpd \(AH00316\)$/);
  });
  it('AH00513: the same in event', () => {
    const r = resolveText('ThreadsPerChild 4\nMaxRequestWorkers 10', 'event');
    expect(r.warnings[0]).toEqual({
      code: 'AH00513',
      directive: 'MaxRequestWorkers',
      text: 'WARNING: MaxRequestWorkers of 10 is not an integer multiple of ThreadsPerChild of 4, decreasing to nearest multiple 8, for a maximum of 2 servers.',
    });
  });
  it('AH00314 / AH00511: MaxRequestWorkers below ThreadsPerChild is raised', () => {
    expect(lines(resolveText('MaxRequestWorkers 10', 'worker'))).toEqual([
      'AH00314: WARNING: MaxRequestWorkers of 10 is less than ThreadsPerChild of 25, increasing to 25. MaxRequestWorkers must be at least as large as the number of threads in a single server.',
    ]);
    const r = resolveText('MaxRequestWorkers 10', 'event');
    expect(r.warnings.map((w) => w.code)).toEqual(['AH00511']);
    expect(r.config.MaxRequestWorkers).toBe(25);
  });
  it('AH00318 / AH00515: more processes than ServerLimit; the lab shows what httpd really runs', () => {
    const r = resolveText('ServerLimit 2\nThreadsPerChild 4\nMaxRequestWorkers 20', 'worker');
    expect(lines(r)).toEqual([
      'AH00318: WARNING: MaxRequestWorkers of 20 would require 5 servers and would exceed ServerLimit of 2, decreasing to 8. To increase, please see the ServerLimit directive.',
    ]);
    expect(r.config.MaxRequestWorkers).toBe(8);
    expect(r.notes.map((x) => x.text)).toContain(
      'httpd keeps MaxRequestWorkers at 20 internally but starts no more processes than ServerLimit allows, so at most 8 requests run at once; the lab shows 8.',
    );
    expect(resolveText('ServerLimit 2\nThreadsPerChild 4\nMaxRequestWorkers 20', 'event').warnings[0]!.code).toBe('AH00515');
  });
  it('AH00310 / AH00507: ThreadsPerChild above ThreadLimit', () => {
    expect(lines(resolveText('ThreadLimit 8\nThreadsPerChild 10\nMaxRequestWorkers 16\nMinSpareThreads 8\nMaxSpareThreads 20', 'worker'))).toEqual([
      'AH00310: WARNING: ThreadsPerChild of 10 exceeds ThreadLimit of 8 threads, decreasing to 8. To increase, please see the ThreadLimit directive.',
    ]);
    expect(resolveText('ThreadLimit 8\nThreadsPerChild 10\nMaxRequestWorkers 16', 'event').warnings[0]!.code).toBe('AH00507');
  });
  it('AH00312 / AH00509: ThreadsPerChild below 1', () => {
    const r = resolveText('ThreadsPerChild 0\nMaxRequestWorkers 4', 'worker');
    expect(lines(r)[0]).toBe('AH00312: WARNING: ThreadsPerChild of 0 not allowed, increasing to 1.');
    expect(r.config.ThreadsPerChild).toBe(1);
    expect(resolveText('ThreadsPerChild -3\nMaxRequestWorkers 4', 'event').warnings[0]!.code).toBe('AH00509');
  });
  it('AH00300 / AH00302 / AH00497 / AH00499: ServerLimit out of range', () => {
    expect(lines(resolveText('ServerLimit 30000', 'worker'))[0]).toBe(
      'AH00300: WARNING: ServerLimit of 30000 exceeds compile-time limit of 20000 servers, decreasing to 20000.',
    );
    expect(lines(resolveText('ServerLimit 0', 'worker'))[0]).toBe('AH00302: WARNING: ServerLimit of 0 not allowed, increasing to 1.');
    expect(resolveText('ServerLimit 30000', 'event').warnings[0]!.code).toBe('AH00497');
    expect(resolveText('ServerLimit -1', 'event').warnings[0]!.code).toBe('AH00499');
  });
  it('AH00305 / AH00307 / AH00502 / AH00504: ThreadLimit out of range (event allows 100000)', () => {
    expect(lines(resolveText('ThreadLimit 25000', 'worker'))[0]).toBe(
      'AH00305: WARNING: ThreadLimit of 25000 exceeds compile-time limit of 20000 threads, decreasing to 20000.',
    );
    expect(resolveText('ThreadLimit 25000', 'event').warnings).toEqual([]);
    expect(lines(resolveText('ThreadLimit 200000', 'event'))[0]).toBe(
      'AH00502: WARNING: ThreadLimit of 200000 exceeds compile-time limit of 100000 threads, decreasing to 100000.',
    );
    expect(lines(resolveText('ThreadLimit 0\nThreadsPerChild 1\nMaxRequestWorkers 16', 'worker'))[0]).toBe(
      'AH00307: WARNING: ThreadLimit of 0 not allowed, increasing to 1.',
    );
    expect(resolveText('ThreadLimit 0\nThreadsPerChild 1\nMaxRequestWorkers 16', 'event').warnings[0]!.code).toBe('AH00504');
  });
  it('AH00320 / AH00517: StartServers below 1', () => {
    expect(lines(resolveText('StartServers 0', 'worker'))).toEqual(['AH00320: WARNING: StartServers of 0 not allowed, increasing to 1.']);
    const r = resolveText('StartServers -2', 'event');
    expect(lines(r)).toEqual(['AH00517: WARNING: StartServers of -2 not allowed, increasing to 1.']);
    expect(r.config.StartServers).toBe(1);
  });
  it('AH00322 / AH00519: MinSpareThreads below 1, then MaxSpareThreads raised silently', () => {
    const r = resolveText('MinSpareThreads 0\nMaxSpareThreads 10', 'worker');
    expect(lines(r)).toEqual([
      'AH00322: WARNING: MinSpareThreads of 0 not allowed, increasing to 1 to avoid almost certain server failure. Please read the documentation.',
    ]);
    expect(r.config.MinSpareThreads).toBe(1);
    expect(r.config.MaxSpareThreads).toBe(27);
    expect(resolveText('MinSpareThreads 0', 'event').warnings[0]!.code).toBe('AH00519');
  });
  it('the order of httpd: limits, threads, workers, start, spares', () => {
    const r = resolveText('ServerLimit 0\nThreadLimit 0\nThreadsPerChild 5\nMaxRequestWorkers 3\nStartServers 0\nMinSpareThreads 0', 'event');
    expect(r.warnings.map((w) => w.code)).toEqual(['AH00499', 'AH00504', 'AH00507', 'AH00515', 'AH00517', 'AH00519']);
    expect(r.config.ThreadLimit).toBe(1);
    expect(r.config.ThreadsPerChild).toBe(1);
    expect(r.config.MaxRequestWorkers).toBe(1);
  });
  it('MaxSpareThreads below MinSpareThreads + ThreadsPerChild + 1 is raised without a warning, with a note', () => {
    const r = resolveText('ThreadsPerChild 4\nThreadLimit 4\nServerLimit 4\nMaxRequestWorkers 16\nMinSpareThreads 4\nMaxSpareThreads 8', 'worker');
    expect(r.warnings).toEqual([]);
    expect(r.config.MaxSpareThreads).toBe(9);
    expect(r.sources.MaxSpareThreads).toMatchObject({ kind: 'derived' });
    expect(r.notes.find((x) => x.directive === 'MaxSpareThreads')!.text).toBe(
      'MaxSpareThreads 8 leaves no room for a whole child: httpd silently uses 9 (MinSpareThreads + ThreadsPerChild + 1), or it would stop and fork children all the time.',
    );
  });
  it('StartServers above the process limit is capped silently, with a note', () => {
    const r = resolveText('ThreadsPerChild 4\nMaxRequestWorkers 8\nStartServers 5\nMinSpareThreads 1\nMaxSpareThreads 10', 'event');
    expect(r.warnings).toEqual([]);
    expect(r.config.StartServers).toBe(2);
    expect(r.notes.find((x) => x.directive === 'StartServers')!.text).toContain('httpd starts 2 without a warning');
  });
  it('prefork fields are 0 for worker and event, as httpd\'s mpm_query answers', () => {
    const r = resolveText('', 'worker');
    expect([r.config.MinSpareServers, r.config.MaxSpareServers]).toEqual([0, 0]);
    expect(r.sources.MinSpareServers).toEqual({ kind: 'derived', from: 'not used by worker (httpd reports 0)' });
  });
});

describe('prefork: prefork_check_config and prefork_run', () => {
  it('AH00180: MaxRequestWorkers above ServerLimit', () => {
    const r = resolveText('ServerLimit 8\nMaxRequestWorkers 20', 'prefork');
    expect(lines(r)).toEqual([
      'AH00180: WARNING: MaxRequestWorkers of 20 exceeds ServerLimit value of 8 servers, decreasing MaxRequestWorkers to 8. To increase, please see the ServerLimit directive.',
    ]);
    expect(r.config.MaxRequestWorkers).toBe(8);
  });
  it('AH00182: MaxRequestWorkers below 1', () => {
    expect(lines(resolveText('MaxRequestWorkers 0', 'prefork'))).toEqual(['AH00182: WARNING: MaxRequestWorkers of 0 not allowed, increasing to 1.']);
  });
  it('AH00175 / AH00177: ServerLimit out of range (prefork allows 200000)', () => {
    expect(lines(resolveText('ServerLimit 300000', 'prefork'))[0]).toBe(
      'AH00175: WARNING: ServerLimit of 300000 exceeds compile-time limit of 200000 servers, decreasing to 200000.',
    );
    expect(lines(resolveText('ServerLimit 0', 'prefork'))[0]).toBe('AH00177: WARNING: ServerLimit of 0 not allowed, increasing to 1.');
  });
  it('AH00184: StartServers below 1', () => {
    expect(lines(resolveText('StartServers 0', 'prefork'))).toEqual(['AH00184: WARNING: StartServers of 0 not allowed, increasing to 1.']);
  });
  it('AH00186: MinSpareServers below 1', () => {
    const r = resolveText('MinSpareServers 0', 'prefork');
    expect(lines(r)).toEqual([
      'AH00186: WARNING: MinSpareServers of 0 not allowed, increasing to 1 to avoid almost certain server failure. Please read the documentation.',
    ]);
    expect(r.config.MinSpareServers).toBe(1);
  });
  it('MaxSpareServers not above MinSpareServers: raised to MinSpareServers + 1 silently, with a note', () => {
    const r = resolveText('MinSpareServers 6\nMaxSpareServers 3', 'prefork');
    expect(r.warnings).toEqual([]);
    expect(r.config.MaxSpareServers).toBe(7);
    expect(r.notes.map((x) => x.text)).toContain(
      'MaxSpareServers 3 is not above MinSpareServers: httpd silently uses 7 (MinSpareServers + 1), or it would stop and fork children all the time.',
    );
  });
  it('StartServers above MaxRequestWorkers: capped silently, with a note', () => {
    const r = resolveText('StartServers 20\nMaxRequestWorkers 4', 'prefork');
    expect(r.warnings).toEqual([]);
    expect(r.config.StartServers).toBe(4);
    expect(r.notes.find((x) => x.directive === 'StartServers')!.text).toBe(
      'StartServers 20 is more than the 4 child processes MaxRequestWorkers allows: httpd starts 4 without a warning (prefork_run/worker_run/event_run cap it silently).',
    );
  });
  it('the order of httpd: ServerLimit, MaxRequestWorkers, StartServers, MinSpareServers', () => {
    const r = resolveText('ServerLimit 0\nMaxRequestWorkers 5\nStartServers 0\nMinSpareServers 0', 'prefork');
    expect(r.warnings.map((w) => w.code)).toEqual(['AH00177', 'AH00180', 'AH00184', 'AH00186']);
    expect(r.config).toMatchObject({ ServerLimit: 1, MaxRequestWorkers: 1, StartServers: 1, MinSpareServers: 1, MaxSpareServers: 10 });
  });
  it('thread fields: one thread per child, no spare threads', () => {
    const r = resolveText('', 'prefork');
    expect(r.sources.ThreadsPerChild).toEqual({ kind: 'derived', from: 'prefork runs one thread per child process' });
    expect([r.config.MinSpareThreads, r.config.MaxSpareThreads]).toEqual([0, 0]);
  });
});

describe('applyCorrections (pure)', () => {
  it('leaves httpd\'s defaults alone', () => {
    expect(applyCorrections('prefork', PREFORK).changes).toEqual([]);
    expect(applyCorrections('event', THREADED).changes).toEqual([]);
  });
  it('reports each change with its AH code, or none when httpd is silent', () => {
    const r = applyCorrections('worker', { ...THREADED, StartServers: 1, ThreadsPerChild: 4, MaxRequestWorkers: 10, MinSpareThreads: 4, MaxSpareThreads: 8 });
    expect(r.changes).toEqual([
      { directive: 'MaxRequestWorkers', from: 10, to: 8, code: 'AH00316' },
      { directive: 'MaxSpareThreads', from: 8, to: 9 },
    ]);
  });
});

describe('values read with atoi() are then corrected', () => {
  it('"abc" becomes 0 and then 1, with the atoi note and httpd\'s warning', () => {
    const r = resolveText('StartServers abc', 'prefork');
    expect(lines(r)).toEqual(['AH00184: WARNING: StartServers of 0 not allowed, increasing to 1.']);
    expect(r.config.StartServers).toBe(1);
    expect(r.notes.map((x) => x.text)).toContain(
      'httpd reads "StartServers abc" with C\'s atoi(), which keeps the leading digits and gives 0; no error is printed. httpd\'s corrections then apply to 0.',
    );
  });
  it('"12abc" becomes 12, "2.5" becomes 2', () => {
    const r = resolveText('MaxRequestWorkers 12abc\nStartServers 2.5', 'prefork');
    expect(r.config.MaxRequestWorkers).toBe(12);
    expect(r.config.StartServers).toBe(2);
    expect(r.warnings).toEqual([]);
  });
  it('a number too big for a C int wraps like atoi', () => {
    const r = resolveText('MaxRequestWorkers 4294967297', 'prefork');
    expect(r.config.MaxRequestWorkers).toBe(1);
    expect(r.notes.map((x) => x.text)).toContain('"4294967297" does not fit in a C int: httpd\'s atoi() turns it into 1.');
  });
});
