// What the kernel says of a process, for the benches: open fds, resident memory, threads,
// children. Read from /proc directly, so the figures are the kernel's, not the lab's account.
import fs from 'node:fs';

/** Open file descriptors; null when the process is gone. */
export function fdCount(pid: number): number | null {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

/** VmRSS in bytes; null when the process is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s*kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function threadCount(pid: number): number {
  try {
    return fs.readdirSync(`/proc/${pid}/task`).length;
  } catch {
    return 0;
  }
}

function ppidOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

export function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const name of fs.readdirSync('/proc')) if (/^\d+$/.test(name) && ppidOf(Number(name)) === pid && isAlive(Number(name))) kids.push(Number(name));
  return kids.sort((a, b) => a - b);
}

/** Resident memory of a process and all its descendants, in bytes. */
export function treeRss(pid: number): number {
  return (rssBytes(pid) ?? 0) + childrenOf(pid).reduce((sum, kid) => sum + treeRss(kid), 0);
}

export const mb = (bytes: number, digits = 1) => `${(bytes / 1048576).toFixed(digits)} MB`;

/** CPU time (user + system, every thread) a process has used, in seconds; 0 when gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime: fields 14 and 15, at USER_HZ = 100
  } catch {
    return 0;
  }
}

/** The same for a process and all its descendants still running. */
export function treeCpuSeconds(pid: number): number {
  return cpuSeconds(pid) + childrenOf(pid).reduce((sum, kid) => sum + treeCpuSeconds(kid), 0);
}
