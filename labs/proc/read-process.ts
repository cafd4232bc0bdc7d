// Reads one process from /proc. A process or thread that exits while it is read is skipped:
// on a live lab children come and go between two reads.
import fs from 'node:fs';
import path from 'node:path';
import { TICKS_PER_SECOND, parseCmdline, parseComm, parseStat, parseStatmRss, parseVmRss } from './parse.ts';
import type { ProcInfo, ThreadInfo } from './types.ts';

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null; // gone (ENOENT, ESRCH) or not ours to read
  }
}

export function readThreads(pid: number, root = '/proc'): ThreadInfo[] {
  let tids: string[];
  try {
    tids = fs.readdirSync(path.join(root, String(pid), 'task'));
  } catch {
    return [];
  }
  const threads: ThreadInfo[] = [];
  for (const name of tids) {
    const stat = parseStat(read(path.join(root, String(pid), 'task', name, 'stat')) ?? '');
    if (stat) threads.push({ tid: stat.pid, comm: stat.comm, state: stat.state });
  }
  return threads.sort((a, b) => a.tid - b.tid);
}

export function readProcess(pid: number, root = '/proc'): ProcInfo | null {
  const dir = path.join(root, String(pid));
  const stat = parseStat(read(path.join(dir, 'stat')) ?? '');
  if (!stat) return null;
  const comm = parseComm(read(path.join(dir, 'comm')) ?? stat.comm);
  const status = read(path.join(dir, 'status'));
  const rss = (status !== null ? parseVmRss(status) : null) ?? parseStatmRss(read(path.join(dir, 'statm')) ?? '') ?? 0;
  const cmdline = parseCmdline(read(path.join(dir, 'cmdline')) ?? '');
  return {
    pid: stat.pid,
    ppid: stat.ppid,
    comm,
    title: cmdline || `[${comm}]`,
    state: stat.state,
    rssBytes: rss,
    threads: readThreads(pid, root),
    startTime: (stat.startTicks * 1000) / TICKS_PER_SECOND,
  };
}
