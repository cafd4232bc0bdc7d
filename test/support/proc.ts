// Small /proc readers for tests, independent of the lab's own (labs/proc), so the tests
// check the lab against the kernel, not against itself.
import fs from 'node:fs';

export function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) kids.push(Number(name));
    } catch {
      // gone
    }
  }
  return kids.sort((a, b) => a - b);
}

export { isAlive } from '../../bench/proc-figures.ts'; // a zombie is not alive

export function threadNames(pid: number): string[] {
  try {
    return fs.readdirSync(`/proc/${pid}/task`).map((tid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      } catch {
        return '';
      }
    });
  } catch {
    return [];
  }
}

export function comm(pid: number): string {
  return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return check();
}

/** How many file descriptors a process holds now (/proc/PID/fd); -1 when it is gone. */
export function fdCount(pid: number): number {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return -1;
  }
}
