import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCmdline, parseComm, parseStat, parseStatmRss, parseVmRss } from '../../labs/proc/parse.ts';
import { readProcess } from '../../labs/proc/read-process.ts';
import { readTree } from '../../labs/proc/read-tree.ts';

// Fields 3..22 after comm; starttime (field 22) = 123456 ticks.
const tail = 'S 41 7 7 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 11 0 123456 1000000 2000 18446744073709551615';
const stat = (pid: number, comm: string, state = 'S', ppid = 41) => `${pid} (${comm}) ${tail.replace(/^S 41/, `${state} ${ppid}`)}\n`;

describe('/proc/PID/stat', () => {
  it('reads pid, comm, state, ppid and start time', () => {
    expect(parseStat(stat(42, 'prefork-0'))).toEqual({ pid: 42, comm: 'prefork-0', state: 'S', ppid: 41, startTicks: 123456 });
  });

  it('keeps spaces and parentheses in comm: it ends at the last ")"', () => {
    expect(parseStat(stat(5, 'V8 Worker'))?.comm).toBe('V8 Worker');
    expect(parseStat(stat(5, 'a) b (c'))).toMatchObject({ comm: 'a) b (c', state: 'S', ppid: 41 });
    expect(parseStat(stat(5, ')) R 1 ('))).toMatchObject({ comm: ')) R 1 (', state: 'S', ppid: 41, startTicks: 123456 });
    expect(parseStat(stat(5, ''))).toMatchObject({ comm: '', ppid: 41 });
    expect(parseStat(stat(9, 'sd-pam', 'Z', 1))).toMatchObject({ comm: 'sd-pam', state: 'Z', ppid: 1 });
  });

  it('answers null for text that is not a stat line', () => {
    expect(parseStat('')).toBeNull();
    expect(parseStat('12 no parens S 1')).toBeNull();
    expect(parseStat('12 (x) S')).toBeNull();
  });
});

describe('other /proc files', () => {
  it('reads RSS from status (kB) and statm (pages)', () => {
    expect(parseVmRss('Name:\tnode\nVmPeak:\t  9000 kB\nVmRSS:\t   55296 kB\nThreads:\t11\n')).toBe(55296 * 1024);
    expect(parseVmRss('Name:\tkthreadd\nThreads:\t1\n')).toBeNull();
    expect(parseStatmRss('300000 13500 2000 10 0 50000 0\n')).toBe(13500 * 4096);
  });

  it('joins cmdline arguments with spaces, as ps -ef', () => {
    expect(parseCmdline('node\0/x/bin/mpm-lab.js\0run\0prefork\0')).toBe('node /x/bin/mpm-lab.js run prefork');
    expect(parseCmdline('mpm-lab: prefork child 0\0\0\0\0')).toBe('mpm-lab: prefork child 0');
    expect(parseCmdline('mpm-lab: worker child 1      ')).toBe('mpm-lab: worker child 1');
    expect(parseCmdline('')).toBe('');
    expect(parseComm('prefork-1\n')).toBe('prefork-1');
    expect(parseComm('name with space \n')).toBe('name with space ');
  });
});

describe('reading a /proc tree', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mpm-lab-proc-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const fake = (pid: number, ppid: number, comm: string, threads: [number, string][] = []) => {
    const dir = path.join(root, String(pid));
    fs.mkdirSync(path.join(dir, 'task'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stat'), stat(pid, comm, 'S', ppid));
    fs.writeFileSync(path.join(dir, 'comm'), `${comm}\n`);
    fs.writeFileSync(path.join(dir, 'cmdline'), `mpm-lab: ${comm}\0`);
    fs.writeFileSync(path.join(dir, 'status'), `Name:\t${comm}\nVmRSS:\t 1000 kB\n`);
    for (const [tid, name] of [[pid, comm] as [number, string], ...threads]) {
      fs.mkdirSync(path.join(dir, 'task', String(tid)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'task', String(tid), 'stat'), stat(tid, name, 'S', ppid));
    }
  };
  fake(100, 1, 'mpm-parent', [[103, 'V8 Worker']]);
  fake(110, 100, 'prefork-1');
  fake(105, 100, 'a) b', [[120, 'worker-0.1'], [107, '(odd) one']]);
  fake(130, 105, 'grandchild');
  fake(200, 1, 'unrelated');
  fs.mkdirSync(path.join(root, '150')); // a process that exited mid-scan: no stat file
  fs.writeFileSync(path.join(root, 'uptime'), '1.0 1.0\n');

  it('reads one process with its threads', () => {
    expect(readProcess(105, root)).toEqual({
      pid: 105,
      ppid: 100,
      comm: 'a) b',
      title: 'mpm-lab: a) b',
      state: 'S',
      rssBytes: 1000 * 1024,
      threads: [
        { tid: 105, comm: 'a) b', state: 'S' },
        { tid: 107, comm: '(odd) one', state: 'S' },
        { tid: 120, comm: 'worker-0.1', state: 'S' },
      ],
      startTime: 1234560, // 123456 ticks at 100 per second
    });
    expect(readProcess(150, root)).toBeNull();
    expect(readProcess(999, root)).toBeNull();
  });

  it('walks the root and its descendants, parents first, skipping vanished ones', () => {
    expect(readTree(100, root).map((p) => [p.pid, p.comm])).toEqual([
      [100, 'mpm-parent'],
      [105, 'a) b'],
      [130, 'grandchild'],
      [110, 'prefork-1'],
    ]);
    expect(readTree(999, root)).toEqual([]);
  });

  it.runIf(fs.existsSync('/proc/self/stat'))('reads this very process from the real /proc', () => {
    const me = readProcess(process.pid);
    expect(me).not.toBeNull();
    expect(me!.ppid).toBe(process.ppid);
    expect(me!.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(me!.threads.map((t) => t.tid)).toContain(process.pid);
    expect(readTree(process.pid)[0]!.pid).toBe(process.pid);
  });
});
